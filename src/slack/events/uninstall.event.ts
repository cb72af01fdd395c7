import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { ListenerDeps } from '../listeners.ts';

/**
 * app_uninstalled, or tokens_revoked for the bot: the workspace stops at once — its pending
 * deliveries are cancelled and its tokens deleted — and its data waits out the grace period
 * (installations.usecases.ts). The two events come in either order; the second changes nothing.
 * In single-workspace mode there is no installation store: the operator removes SLACK_BOT_TOKEN.
 */
export function uninstallEvent({ services, logger }: ListenerDeps, type: 'app_uninstalled' | 'tokens_revoked') {
  const log = logger.child(`events:${type}`);
  return async ({ event, body }: (SlackEventMiddlewareArgs<'app_uninstalled'> | SlackEventMiddlewareArgs<'tokens_revoked'>) & AllMiddlewareArgs) => {
    const workspaceId = body.team_id;
    if (!workspaceId) return;
    if (event.type === 'tokens_revoked' && !(event.tokens?.bot?.length ?? 0)) {
      log.info({ workspaceId }, 'user tokens revoked; Coordinator holds none');
      return;
    }
    if (!services.installations) {
      log.warn({ workspaceId }, `${type}: single-workspace mode; remove SLACK_BOT_TOKEN to stop Coordinator`);
      return;
    }
    try {
      await services.installations.uninstall(workspaceId, type === 'app_uninstalled' ? 'uninstalled' : 'tokens revoked');
    } catch (err) {
      // Acknowledged already, so Slack will not send it again; the revoked tokens fail every call
      // anyway (a permanent error for each delivery), and the operator sees this line.
      log.error({ err, workspaceId }, 'could not record the uninstall');
    }
  };
}
