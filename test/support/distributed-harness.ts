import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { createServices, distributedDeps, type Services } from '../../src/services.ts';
import { createTestClock } from '../../src/shared/clock.ts';
import { createRecordingLogger } from '../../src/shared/logger.ts';
import { createSlackApp, type SlackApp } from '../../src/slack/app.ts';
import { installPath, redirectPath } from '../../src/slack/oauth.ts';
import { installedWorkspaces } from '../../src/slack/workspace-gate.ts';
import { createTick } from '../../src/tick/tick.ts';
import { parseKeyring, type Keyring } from '../../src/installations/token-crypto.models.ts';
import { startFakeSlackOrg, type FakeSlackOrg, type FakeWorkspaceInput } from '../../src/simulator/fake-slack-org.ts';
import type { FakeSlack } from '../../src/simulator/fake-slack.ts';
import { createTestDatabase, type TestDatabase } from './db.ts';
import { createSlackSender, startResponseCatcher, type ResponseCatcher, type SlackSender } from './signer.ts';

export const signingSecret = 'test-signing-secret';
export const stateSecret = 'test-state-secret-0123456789abcdef';

export function newKey(): string {
  return randomBytes(32).toString('base64');
}

export function keyringOf(current: string, previous?: string): Keyring {
  const r = parseKeyring(current, previous);
  if (!r.ok) throw new Error(r.problem);
  return r.keyring;
}

/** One workspace as a test drives it: its fake Slack, a sender that signs requests from it. */
export type WorkspaceHandle = {
  teamId: string;
  fake: FakeSlack;
  sender: SlackSender;
  catcher: ResponseCatcher;
  /** The app's listeners have finished what they accepted (the one app serves every workspace). */
  idle(): Promise<void>;
};

export type DistributedHarness = Awaited<ReturnType<typeof startDistributedHarness>>;

/**
 * The distributed mode as it runs in production: the real Bolt app in HTTP mode with the OAuth
 * routes, the installation store on a real database, and several fake workspaces behind one
 * Web API URL (fake-slack-org.ts). Workspaces are installed through GET /slack/install and
 * /slack/oauth_redirect, as a person pressing "Add to Slack" would.
 */
export async function startDistributedHarness(opts: {
  now: string;
  workspaces: FakeWorkspaceInput[];
  graceDays?: number;
  key?: string;
  db?: TestDatabase;
  /** The outbox's Web API timeout: a bound for a fake told to hang, never for speed (a busy machine makes the fake slow). */
  webTimeoutMs?: number;
}) {
  const org: FakeSlackOrg = await startFakeSlackOrg(opts.workspaces);
  const catcher = await startResponseCatcher();
  const db = opts.db ?? (await createTestDatabase());
  const clock = createTestClock(opts.now);
  const { logger, entries: logs } = createRecordingLogger('debug');
  const keyring = keyringOf(opts.key ?? newKey());
  const distributed = distributedDeps(
    { clientId: org.clientId, clientSecret: org.clientSecret, keyring, uninstallGraceDays: opts.graceDays ?? 30 },
    { apiUrl: org.url, logger, clientOptions: { timeout: opts.webTimeoutMs ?? 30_000 } },
  );
  const services: Services = createServices({ db: db.db, clock, logger, web: distributed.app, distributed });
  const slack: SlackApp = createSlackApp({
    signingSecret,
    apiUrl: org.url,
    logger,
    deps: { services, clock, logger },
    workspaces: installedWorkspaces(services.installations!),
    oauth: { clientId: org.clientId, clientSecret: org.clientSecret, stateSecret, authorizationUrl: 'https://slack.example/oauth/v2/authorize' },
    databaseReady: async () => {
      await db.db.execute(sql`select 1`);
    },
  });
  const { port } = await slack.start(0);
  const baseUrl = `http://127.0.0.1:${port}`;
  const tick = createTick(services);
  const handles = new Map<string, WorkspaceHandle>();
  const catchers: ResponseCatcher[] = [];
  for (const w of opts.workspaces) {
    const fake = org.workspace(w.teamId);
    // One catcher each: response_url ids are counted per sender.
    const own = await startResponseCatcher();
    catchers.push(own);
    handles.set(w.teamId, {
      teamId: w.teamId,
      fake,
      catcher: own,
      idle: () => slack.work.idle(),
      sender: createSlackSender({ baseUrl, signingSecret, teamId: w.teamId, botUserId: fake.botUserId, apiAppId: fake.appId, responseUrl: own.url, now: () => Math.floor(Date.now() / 1000) }),
    });
  }
  return {
    org,
    db,
    clock,
    logs,
    services,
    slack,
    baseUrl,
    keyring,
    catcher,
    ws(teamId: string): WorkspaceHandle {
      const h = handles.get(teamId);
      if (!h) throw new Error(`no workspace ${teamId}`);
      return h;
    },
    /** A sender for a workspace that never installed the app (same signing secret: any workspace's request is signed alike). */
    stranger(teamId: string): SlackSender {
      return createSlackSender({ baseUrl, signingSecret, teamId, responseUrl: catcher.url, now: () => Math.floor(Date.now() / 1000) });
    },
    /**
     * "Add to Slack": opens the install page, follows its link to Slack's consent page (the fake
     * says "Allow" for `teamId`), and comes back to the redirect with the code and the state cookie.
     */
    async install(teamId: string, how: { rotating?: boolean; expiresIn?: number; enterprise?: boolean } = {}) {
      const page = await fetch(`${baseUrl}${installPath}`);
      const html = await page.text();
      const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0]!;
      const link = /href="([^"]+)"/.exec(html)?.[1]?.replace(/&amp;/g, '&');
      if (page.status !== 200 || !link || !cookie) throw new Error(`install page: ${page.status} ${html.slice(0, 200)}`);
      const state = new URL(link).searchParams.get('state')!;
      const code = org.authorize(teamId, how);
      const back = await fetch(`${baseUrl}${redirectPath}?code=${encodeURIComponent(code)}&state=${encodeURIComponent(state)}`, { headers: { cookie } });
      return { status: back.status, html: await back.text(), installPage: html, link };
    },
    /** Resolves when no listener work accepted so far is still running (its Slack calls made). */
    idle: () => slack.work.idle(),
    /** Sets the clock and runs one scheduler pass. */
    async tickAt(iso: string) {
      clock.set(iso);
      return tick(new Date(iso));
    },
    async close() {
      await slack.stop().catch(() => {});
      await catcher.close();
      for (const c of catchers) await c.close();
      await org.close();
      await db.close();
    },
  };
}
