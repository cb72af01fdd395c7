import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { ListenerDeps } from '../listeners.ts';

/** A person opened the app's Home tab: publish it fresh (the Messages tab needs nothing). */
export function appHomeOpenedEvent({ services, logger }: ListenerDeps) {
  const log = logger.child('events:app_home_opened');
  return async ({ event, body }: SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs) => {
    // The workspace the event was delivered for (the gate checked it is installed), never one named in the event.
    const workspaceId = body.team_id;
    if (!workspaceId || typeof event.user !== 'string' || event.tab !== 'home') return;
    try {
      await services.home.opened(workspaceId, event.user);
    } catch (err) {
      // The row stays in the outbox: the next pass publishes it.
      log.warn({ err, workspaceId, userId: event.user }, 'could not publish the Home now; the outbox retries');
    }
  };
}
