import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { ListenerDeps } from '../listeners.ts';

/** A user changed their profile (often their time zone): keep our copy fresh. */
export function userChangeEvent({ services, clock, logger }: ListenerDeps) {
  const log = logger.child('events:user_change');
  return async ({ event, body }: SlackEventMiddlewareArgs<'user_change'> & AllMiddlewareArgs) => {
    const user = event.user;
    const workspaceId = body.team_id ?? user.team_id;
    if (!workspaceId) return;
    try {
      await services.workspaces.ensureWorkspace(workspaceId);
      await services.workspaces.upsertUser({
        workspaceId,
        userId: user.id,
        name: user.real_name || user.profile?.real_name || user.profile?.display_name || user.name,
        tz: user.tz ?? null,
        isAdmin: Boolean(user.is_admin || user.is_owner),
        isBot: Boolean(user.is_bot),
        deleted: Boolean(user.deleted),
        refreshedAt: clock.now(),
      });
      log.debug({ workspaceId, userId: user.id, tz: user.tz }, 'user refreshed');
    } catch (err) {
      log.error({ err, workspaceId, userId: user.id }, 'could not store a changed user');
    }
  };
}
