import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, type Authorize, type LogLevel } from '@slack/bolt';
import type { WebClientOptions } from '@slack/web-api';
import type { Logger } from '../shared/logger.ts';
import { createCapacityGuard, maxCommandsInFlight, type CapacityGuard } from './capacity.ts';
import { listenerClientOptions } from './gateway.ts';
import { registerListeners, type ListenerDeps } from './listeners.ts';
import { gateRequests } from './request-gate.ts';
import { ForeignWorkspaceError, judgeWorkspace, type InstalledWorkspaces } from './workspace-gate.ts';

export type SlackAppOptions = {
  botToken: string;
  signingSecret?: string | undefined;
  appToken?: string | undefined;
  apiUrl?: string | undefined;
  logger: Logger;
  deps: ListenerDeps;
  /**
   * Who the bot is, from auth.test at start-up. Bolt needs these ids for every request;
   * without them it calls auth.test again on each one, before the listener can ack.
   */
  bot: { userId: string; botId: string };
  /** The workspaces this app serves; a request from any other is acknowledged and ignored. */
  workspaces: InstalledWorkspaces;
  /** Extra options for the Web API client listeners get (it already has a short timeout and no retries). */
  clientOptions?: WebClientOptions;
  /** Whether the database answers, for `GET /readyz`. */
  databaseReady?: () => Promise<void>;
  /** Wall-clock seconds, for the signature's freshness; tests never need to change it. */
  nowSeconds?: () => number;
};

export type SlackApp = {
  app: App;
  mode: 'socket' | 'http';
  /** Starts listening; returns the bound port in HTTP mode. */
  start(port: number): Promise<{ port: number | undefined }>;
  stop(): Promise<void>;
  /** Commands being worked on in this process, and the limit. */
  capacity: CapacityGuard;
};

/** Builds the real Bolt app from what it is given; reads no environment. */
export function createSlackApp(opts: SlackAppOptions): SlackApp {
  const log = opts.logger.child('slack');
  const mode = opts.appToken ? 'socket' : 'http';
  const clientOptions: WebClientOptions = {
    ...listenerClientOptions(),
    ...(opts.apiUrl ? { slackApiUrl: opts.apiUrl } : {}),
    ...opts.clientOptions,
  };
  const capacity = opts.deps.capacity ?? createCapacityGuard(maxCommandsInFlight, log);
  const deps: ListenerDeps = { ...opts.deps, capacity };

  // Bolt's authorize runs before any middleware or listener, in HTTP and Socket Mode alike.
  // We know the token and the bot's ids (from start-up; Bolt would otherwise call auth.test
  // on every request): what it decides here is whether the workspace is one we serve.
  const authorize: Authorize<boolean> = async (source, body) => {
    const verdict = judgeWorkspace(body, opts.workspaces);
    if (!verdict.serve) throw new ForeignWorkspaceError(verdict.teamIds);
    return {
      botToken: opts.botToken,
      botId: opts.bot.botId,
      botUserId: opts.bot.userId,
      teamId: source.teamId ?? verdict.teamId,
      ...(source.enterpriseId ? { enterpriseId: source.enterpriseId } : {}),
    };
  };

  const receiver =
    mode === 'http'
      ? new HTTPReceiver({
          signingSecret: opts.signingSecret ?? '',
          endpoints: '/slack/events',
          logger: log,
          logLevel: log.getLevel() as LogLevel,
          // Ack goes back the moment a listener calls ack(); the work continues after.
          processBeforeResponse: false,
          customRoutes: [
            { path: '/healthz', method: ['GET'], handler: (_req, res) => json(res, 200, { ok: true }) },
            {
              path: '/readyz',
              method: ['GET'],
              handler: (_req, res) => {
                readiness().then(
                  (r) => json(res, r.ok ? 200 : 503, r),
                  (err: unknown) => json(res, 503, { ok: false, error: String(err) }),
                );
              },
            },
          ],
        })
      : undefined;
  if (receiver) {
    receiver.requestListener = gateRequests({
      next: receiver.requestListener,
      path: '/slack/events',
      signingSecret: opts.signingSecret ?? '',
      nowSeconds: opts.nowSeconds ?? (() => Math.floor(Date.now() / 1000)),
      workspaces: opts.workspaces,
      logger: log.child('door'),
    });
  }

  const app = new App({
    authorize,
    logger: log,
    logLevel: log.getLevel() as LogLevel,
    clientOptions,
    // Bolt checks the token with auth.test on start; we do it ourselves so a bad token is one clear line.
    tokenVerificationEnabled: false,
    ...(receiver
      ? { receiver }
      : // The Socket Mode client opens its connection through the same Web API (SLACK_API_URL).
        { socketMode: true, appToken: opts.appToken, installerOptions: { clientOptions } }),
  });

  app.error(async (error) => {
    const original = (error as { original?: unknown }).original;
    // Bolt has already logged the refusal in one line; it is not an error of ours.
    if (original instanceof ForeignWorkspaceError) return;
    log.error({ err: error, code: (error as { code?: string }).code }, 'unhandled error in a listener');
  });

  /** Ready = the database answers within 2 s and this process is not shedding commands. */
  async function readiness() {
    const checks: Record<string, string> = {};
    if (opts.databaseReady) {
      checks.database = await withDeadline(opts.databaseReady(), 2000).then(
        () => 'ok',
        (err: unknown) => `unreachable: ${(err as Error).message}`.slice(0, 200),
      );
    }
    checks.commands = capacity.saturated ? `saturated (${capacity.inFlight}/${capacity.limit} in flight)` : `ok (${capacity.inFlight}/${capacity.limit} in flight)`;
    const ok = (checks.database === undefined || checks.database === 'ok') && !capacity.saturated;
    return { ok, checks };
  }

  // Every request that passed signature verification is logged once, before any listener;
  // an event Slack sends again (same event_id, X-Slack-Retry-Num) is acknowledged and dropped.
  app.use(async ({ body, next }) => {
    const b = body as { type?: string; command?: string; event?: { type?: string }; event_id?: string };
    log.debug({ type: b.type ?? 'command', command: b.command, event: b.event?.type }, 'request received');
    // Bolt skips authorize for a few events (app_uninstalled, tokens_revoked); the rule holds for them too.
    const workspace = judgeWorkspace(body, opts.workspaces);
    if (!workspace.serve) {
      log.info({ teamIds: workspace.teamIds, event: b.event?.type }, `request ignored: ${workspace.reason}`);
      return;
    }
    if (b.type === 'event_callback' && b.event_id) {
      const first = await opts.deps.services.users.firstEvent(b.event_id).catch((err) => {
        log.warn({ err }, 'could not record the event id; handling it anyway');
        return true;
      });
      if (!first) {
        log.info({ eventId: b.event_id }, 'event already handled; Slack retried it');
        return;
      }
    }
    await next();
  });

  registerListeners(app, deps);

  return {
    app,
    mode,
    capacity,
    async start(port: number) {
      const server = (await app.start(port)) as unknown;
      const address =
        server && typeof server === 'object' && 'address' in server
          ? ((server as { address(): AddressInfo | string | null }).address() as AddressInfo | null)
          : null;
      return { port: address && typeof address === 'object' ? address.port : undefined };
    },
    async stop() {
      await app.stop();
    },
  };
}

function json(res: import('node:http').ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function withDeadline<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([p, deadline]).finally(() => clearTimeout(timer));
}
