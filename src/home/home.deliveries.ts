import { handle, type RegisteredHandler } from '../outbox/dispatcher.ts';
import { kinds } from '../outbox/kinds.ts';
import { homeView } from '../slack/blocks/home.blocks.ts';
import type { SlackGateway } from '../slack/gateway.ts';
import type { HomeData } from './home.models.ts';

/**
 * The App Home: a person's Home tab, read and rendered when the row is worked (so it shows
 * the data as of the publish, not as of the change that asked for it) and published through
 * the gateway. A failed `views.publish` is retried by the dispatcher like any delivery.
 */
export function homeDeliveries(deps: { slack: SlackGateway; view: (workspaceId: string, userId: string) => Promise<HomeData> }): RegisteredHandler[] {
  return [
    handle(kinds.homePublish, async (p, d) => {
      // The row's own workspace, never the payload's alone: a hand-written row cannot publish across workspaces.
      if (p.workspaceId !== d.workspaceId) return { status: 'cancelled', reason: 'payload workspace differs from the row' };
      await deps.slack.publishHome(d.workspaceId, p.userId, homeView(await deps.view(d.workspaceId, p.userId)));
      return { status: 'sent' };
    }),
  ];
}
