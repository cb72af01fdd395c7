import type { ServerResponse } from 'node:http';
import { InstallProvider, type Installation as SlackInstallation, type InstallationStore } from '@slack/oauth';
import type { WebClientOptions } from '@slack/web-api';
import type { Logger } from '../shared/logger.ts';
import type { Installation } from '../installations/installations.models.ts';
import type { InstallationUseCases } from '../installations/installations.usecases.ts';
import type { OpsRoute } from '../ops/http.ts';

/**
 * "Add to Slack" for many workspaces, with Bolt's installer (@slack/oauth InstallProvider):
 *
 *   GET /slack/install         a small page with the button; the state is signed with
 *                              SLACK_STATE_SECRET and pinned to the browser by a cookie
 *   GET /slack/oauth_redirect  Slack sends the person back here with a code: the installer checks
 *                              the state, exchanges the code (oauth.v2.access), and our store keeps
 *                              the installation, its tokens sealed (installations.repository.ts)
 *
 * Org-wide Enterprise Grid installs are refused with a page saying how to install instead
 * (per workspace): everything here is keyed by workspace, and an org install has none.
 */
/** The bot scopes an install asks for: manifest.json's oauth_config.scopes.bot (test/manifest.test.ts keeps them equal). */
export const botScopes = ['commands', 'chat:write', 'chat:write.public', 'im:write', 'im:history', 'channels:history', 'groups:history', 'users:read', 'channels:read', 'groups:read', 'files:write', 'channels:join'];

export const installPath = '/slack/install';
export const redirectPath = '/slack/oauth_redirect';

export type OAuthOptions = {
  clientId: string;
  clientSecret: string;
  stateSecret: string;
  /** Default: botScopes. */
  scopes?: string[] | undefined;
  /** The redirect URL registered in the app's manifest (oauth_config.redirect_urls); Slack's default when unset. */
  redirectUri?: string | undefined;
  /** Where Slack's consent page is (tests: the fake's). */
  authorizationUrl?: string | undefined;
  clientOptions: WebClientOptions;
};

/** The Slack installation the installer built, as the product's installation (tokens in clear, memory only). */
export function fromSlackInstallation(i: SlackInstallation): Installation & { isEnterpriseInstall: boolean } {
  return {
    workspaceId: i.team?.id ?? '',
    enterpriseId: i.enterprise?.id,
    teamName: i.team?.name,
    appId: i.appId,
    botUserId: i.bot?.userId ?? '',
    botId: i.bot?.id,
    scopes: i.bot?.scopes ?? [],
    installerUserId: i.user.id,
    botToken: i.bot?.token ?? '',
    botRefreshToken: i.bot?.refreshToken,
    botTokenExpiresAt: i.bot?.expiresAt ? new Date(i.bot.expiresAt * 1000) : undefined,
    isEnterpriseInstall: Boolean(i.isEnterpriseInstall),
  };
}

const refusals = {
  enterprise:
    'Coordinator is installed per workspace. An organisation-wide (Enterprise Grid) install is not supported: ask an org admin to add it to each workspace that wants it, or install it from inside one workspace.',
  no_team: 'Slack did not say which workspace this install is for. Please start again from the install page.',
  no_bot: 'Slack did not give Coordinator a bot user. Please start again from the install page and keep the bot permissions.',
} as const;

export function createOAuthRoutes(opts: OAuthOptions & { installations: InstallationUseCases; logger: Logger }): OpsRoute[] {
  const log = opts.logger.child('oauth');
  // Our store: the installer hands over what oauth.v2.access returned; fetching is done by our own
  // authorize (installations.usecases.ts), which also refreshes rotating tokens on its clock.
  const installationStore: InstallationStore = {
    async storeInstallation(installation) {
      const result = await opts.installations.install(fromSlackInstallation(installation as SlackInstallation));
      if (!result.ok) throw Object.assign(new Error(refusals[result.reason]), { code: `coordinator_refused_${result.reason}` });
    },
    async fetchInstallation() {
      throw new Error('installations are read through Coordinator’s own authorize');
    },
  };
  const installer = new InstallProvider({
    clientId: opts.clientId,
    clientSecret: opts.clientSecret,
    stateSecret: opts.stateSecret,
    installationStore,
    installUrlOptions: { scopes: opts.scopes ?? botScopes, ...(opts.redirectUri ? { redirectUri: opts.redirectUri } : {}) },
    renderHtmlForInstallPath: installPage,
    ...(opts.authorizationUrl ? { authorizationUrl: opts.authorizationUrl } : {}),
    logger: log,
    clientOptions: opts.clientOptions,
  });
  return [
    {
      path: installPath,
      method: ['GET'],
      handler: (req, res) => {
        installer.handleInstallPath(req, res).catch((err: unknown) => {
          log.error({ err }, 'install page failed');
          page(res, 500, 'Something went wrong', 'The install page could not be prepared. Please try again in a minute.');
        });
      },
    },
    {
      path: redirectPath,
      method: ['GET'],
      handler: (req, res) => {
        installer
          .handleCallback(req, res, {
            async afterInstallation(installation, _options, _req, callbackRes) {
              if (!installation.isEnterpriseInstall) return true;
              log.info({ enterpriseId: installation.enterprise?.id }, 'org-wide install refused');
              page(callbackRes, 400, 'Install Coordinator per workspace', refusals.enterprise);
              return false;
            },
            success(installation, _options, _req, callbackRes) {
              const team = installation.team?.name ?? installation.team?.id ?? 'your workspace';
              page(callbackRes, 200, 'Coordinator is installed', `Coordinator is now in ${team}. Invite it to your team's channel and run /standup setup there.`);
            },
            failure(error, _options, _req, callbackRes) {
              const refused = typeof error.code === 'string' && error.code.startsWith('coordinator_refused_');
              log.warn({ code: error.code, message: error.message }, 'install did not complete');
              page(callbackRes, 400, 'Coordinator was not installed', refused ? error.message : explainFailure(error.code, error.message));
            },
          })
          .catch((err: unknown) => {
            log.error({ err }, 'install callback failed');
            page(res, 500, 'Coordinator was not installed', 'Something went wrong on our side. Please start again from the install page.');
          });
      },
    },
  ];
}

function explainFailure(code: string | undefined, message: string): string {
  if (/cancelled/i.test(message)) return 'The install was cancelled on Slack’s page. Nothing was changed. You can start again from the install page.';
  if (code === 'slack_oauth_invalid_state' || code === 'slack_oauth_missing_state') return 'This install link has expired or was opened in another browser. Please start again from the install page, in the same browser.';
  if (code === 'slack_oauth_missing_code') return 'Slack did not send an authorisation code. Please start again from the install page.';
  return 'Slack did not accept the install (the code may have expired). Please start again from the install page.';
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function page(res: ServerResponse, status: number, title: string, text: string): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(`<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body style="font-family:sans-serif;max-width:36em;margin:3em auto"><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p></body></html>`);
}

function installPage(url: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>Add Coordinator to Slack</title></head><body style="font-family:sans-serif;max-width:36em;margin:3em auto;text-align:center"><h1>Coordinator</h1><p>Async standups, blockers, workload and weekly digests for your team.</p><p><a id="add-to-slack" href="${escapeHtml(url)}"><img alt="Add to Slack" height="40" width="139" src="https://platform.slack-edge.com/img/add_to_slack.png"></a></p></body></html>`;
}

