/**
 * Rules of the distributed mode, given `now`: when a token is refreshed, when an uninstalled
 * workspace's data goes, what an OAuth answer means. Pure.
 */

/** An installation as the product uses it: tokens in clear, only in memory. */
export type Installation = {
  workspaceId: string;
  enterpriseId: string | undefined;
  teamName: string | undefined;
  appId: string | undefined;
  botUserId: string;
  botId: string | undefined;
  scopes: string[];
  installerUserId: string | undefined;
  botToken: string;
  botRefreshToken: string | undefined;
  botTokenExpiresAt: Date | undefined;
};

/** Refresh this long before a rotating token expires (Slack's own tooling uses two hours; tokens live twelve). */
export const refreshAheadMs = 2 * 60 * 60_000;

/** Whether a rotating token should be refreshed now. A token without expiry never is. */
export function needsRefresh(i: Pick<Installation, 'botRefreshToken' | 'botTokenExpiresAt'>, now: Date): boolean {
  return Boolean(i.botRefreshToken && i.botTokenExpiresAt && i.botTokenExpiresAt.getTime() - now.getTime() <= refreshAheadMs);
}

export const defaultUninstallGraceDays = 30;

/** When an uninstalled workspace's data is deleted, unless it installs again before then. */
export function purgeAfter(uninstalledAt: Date, graceDays: number): Date {
  return new Date(uninstalledAt.getTime() + graceDays * 24 * 60 * 60_000);
}

/** Errors from oauth.v2.access (refresh) after which retrying can never succeed: the workspace is disabled. */
const fatalRefreshErrors = new Set(['invalid_grant', 'invalid_refresh_token', 'token_revoked', 'account_inactive', 'app_uninstalled', 'invalid_client_id', 'bad_client_secret']);

export function refreshFailureIsFatal(slackError: string | undefined): boolean {
  return slackError !== undefined && fatalRefreshErrors.has(slackError);
}

/** What an incoming installation is: a workspace install we keep, or one we refuse and why. */
export function judgeInstallation(i: { isEnterpriseInstall?: boolean | undefined; teamId: string | undefined; botToken: string | undefined; botUserId: string | undefined }):
  | { ok: true }
  | { ok: false; reason: 'enterprise' | 'no_team' | 'no_bot' } {
  if (i.isEnterpriseInstall) return { ok: false, reason: 'enterprise' };
  if (!i.teamId) return { ok: false, reason: 'no_team' };
  if (!i.botToken || !i.botUserId) return { ok: false, reason: 'no_bot' };
  return { ok: true };
}
