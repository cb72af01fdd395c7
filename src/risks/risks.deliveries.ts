import { handle, type RegisteredHandler } from '../outbox/dispatcher.ts';
import { kinds } from '../outbox/kinds.ts';
import { riskReviewMessage } from '../slack/blocks/milestone.blocks.ts';
import type { SlackGateway } from '../slack/gateway.ts';
import type { RiskWithMilestone } from './risks.repository.ts';

/** What the risk register sends: the weekly review nudge, listing the owner's open risks as they are when it goes out. */
export function riskDeliveries(deps: { slack: SlackGateway; ownedBy: (workspaceId: string, userId: string) => Promise<RiskWithMilestone[]> }): RegisteredHandler[] {
  return [
    handle(kinds.riskReview, async (p, d, { recovering }) => {
      const risks = await deps.ownedBy(d.workspaceId, p.userId);
      // Closed or handed over since it was planned: nothing to review this week.
      if (!risks.length) return { status: 'cancelled', reason: 'no open risks owned any more' };
      const posted = await deps.slack.postDmOnce(d.workspaceId, { userId: p.userId, key: d.key, recovering, message: riskReviewMessage({ risks }) });
      return { status: 'sent', result: { channel: posted.channel, ts: posted.ts } };
    }),
  ];
}
