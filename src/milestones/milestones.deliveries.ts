import { handle, type RegisteredHandler } from '../outbox/dispatcher.ts';
import { kinds } from '../outbox/kinds.ts';
import { milestoneWarningMessage } from '../slack/blocks/milestone.blocks.ts';
import type { SlackGateway } from '../slack/gateway.ts';

/** What the milestones feature sends: a warning to each manager when a milestone's forecast gets worse. */
export function milestoneDeliveries(deps: { slack: SlackGateway }): RegisteredHandler[] {
  return [
    handle(kinds.milestoneWarning, async (p, d, { recovering }) => {
      const posted = await deps.slack.postDmOnce(d.workspaceId, { userId: p.to, key: d.key, recovering, message: milestoneWarningMessage(p) });
      return { status: 'sent', result: { channel: posted.channel, ts: posted.ts } };
    }),
  ];
}
