import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { ListenerDeps } from '../listeners.ts';

/** A user changed their profile (often their time zone): keep our copy fresh. */
export function userChangeEvent({ services, logger }: ListenerDeps) {
  const log = logger.child('events:user_change');
  return async ({ event, body }: SlackEventMiddlewareArgs<'user_change'> & AllMiddlewareArgs) => {
    const user = event.user;
    // The workspace the event was delivered for (the gate has checked it is ours), never the user's own.
    const workspaceId = body.team_id;
    if (!workspaceId || typeof user?.id !== 'string') return;
    try {
      await services.users.profileChanged(workspaceId, user);
      log.debug({ workspaceId, userId: user.id, tz: user.tz }, 'user refreshed');
    } catch (err) {
      log.error({ err, workspaceId, userId: user.id }, 'could not store a changed user');
    }
  };
}
