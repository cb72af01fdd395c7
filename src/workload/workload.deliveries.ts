import { handle, type RegisteredHandler } from '../outbox/dispatcher.ts';
import { kinds } from '../outbox/kinds.ts';
import { overloadMessage } from '../slack/blocks/workload.blocks.ts';
import type { SlackGateway } from '../slack/gateway.ts';

/** What the workload feature sends: overload warnings to managers, rendered from their data when sent. */
export function workloadDeliveries(deps: { slack: SlackGateway }): RegisteredHandler[] {
  return [
    handle(kinds.overloadWarning, async (p, d, { recovering }) => {
      const posted = await deps.slack.postDmOnce(d.workspaceId, { userId: p.to, key: d.key, recovering, message: overloadMessage(p) });
      return { status: 'sent', result: { channel: posted.channel, ts: posted.ts } };
    }),
  ];
}
