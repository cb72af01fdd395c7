import { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, type Authorize, type LogLevel } from '@slack/bolt';
import type { WebClientOptions } from '@slack/web-api';
import type { Logger } from '../shared/logger.ts';
import { keepConnections, opsRoutes, startOpsServer } from '../ops/http.ts';
import type { Metrics } from '../ops/metrics.ts';
import { createReadiness, type Probe, type Readiness } from '../ops/readiness.ts';
import { createCapacityGuard, maxCommandsInFlight, type CapacityGuard } from './capacity.ts';
import { listenerClientOptions } from './gateway.ts';
import { commands } from './ids.ts';
import { createWorkTracker, instrumentRegistrar, receivedAtKey, type WorkTracker } from './instrument.ts';
import { createRouter, registerListeners, type ListenerDeps } from './listeners.ts';
import { gateRequests } from './request-gate.ts';
import { ForeignWorkspaceError, judgeWorkspace, type InstalledWorkspaces } from './workspace-gate.ts';
import { createOAuthRoutes, type OAuthOptions } from './oauth.ts';
import { WorkspaceNotServedError } from '../installations/installations.usecases.ts';

export type SlackAppOptions = {
  /** Single-workspace mode: the one bot token. Unset in distributed mode (`oauth`). */
  botToken?: string | undefined;
  signingSecret?: string | undefined;
  appToken?: string | undefined;
  apiUrl?: string | undefined;
  logger: Logger;
  deps: ListenerDeps;
  /**
   * Who the bot is, from auth.test at start-up. Bolt needs these ids for every request;
   * without them it calls auth.test again on each one, before the listener can ack.
   */
  bot?: { userId: string; botId: string } | undefined;
  /**
   * Distributed mode: "Add to Slack" routes, and every request acts with its own workspace's
   * token from the installation store (services.installations).
   */
  oauth?: Omit<OAuthOptions, 'clientOptions'> | undefined;
  /** The workspaces this app serves; a request from any other is acknowledged and ignored. */
  workspaces: InstalledWorkspaces;
  /** Extra options for the Web API client listeners get (it already has a short timeout and no retries). */
  clientOptions?: WebClientOptions;
  /** Whether the database answers, for `GET /readyz`. */
  databaseReady?: () => Promise<void>;
  /** More readiness checks by name (`migrations`, `slack`), each resolving when healthy. */
  readinessProbes?: Record<string, Probe>;
  /** Where counts and latencies go; by default the services' own registry. */
  metrics?: Metrics;
  /** Wall-clock seconds, for the signature's freshness; tests never need to change it. */
  nowSeconds?: () => number;
};

export type SlackApp = {
  app: App;
  mode: 'socket' | 'http';
  /**
   * Starts listening; returns the bound port: the Slack endpoint and ops routes in HTTP
   * mode, the ops routes (/healthz, /readyz, /metrics) in Socket Mode.
   */
  start(port: number): Promise<{ port: number | undefined }>;
  /** Stops taking Slack requests (closes the HTTP listener / the Socket Mode connection). */
  stopIntake(): Promise<void>;
  /** Closes the ops server (Socket Mode; nothing to do in HTTP mode). */
  stopOps(): Promise<void>;
  /** Both. */
  stop(): Promise<void>;
  /** Commands being worked on in this process, and the limit. */
  capacity: CapacityGuard;
  /** Listener work accepted and not finished (after its ack), for the shutdown drain. */
  work: WorkTracker;
  readiness: Readiness;
  metrics: Metrics;
};

const ourCommands: ReadonlySet<string> = new Set(Object.values(commands));

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
  const metrics = opts.metrics ?? opts.deps.services.metrics;
  const work = createWorkTracker();
  const readiness = createReadiness({
    probes: {
      ...(opts.databaseReady ? { database: opts.databaseReady } : {}),
      ...opts.readinessProbes,
    },
    capacity,
  });
  metrics.sources.inFlight(() => ({ commands: capacity.inFlight, limit: capacity.current, work: work.count }));
  const installations = opts.deps.services.installations;
  if (opts.oauth && !installations) throw new Error('createSlackApp: OAuth install needs the services built with `distributed`');
  if (!opts.oauth && (!opts.botToken || !opts.bot)) throw new Error('createSlackApp: single-workspace mode needs botToken and bot');
  const routes = [
    ...opsRoutes({ readiness, metrics, logger: opts.logger }),
    ...(opts.oauth && installations ? createOAuthRoutes({ ...opts.oauth, clientOptions: { ...(opts.apiUrl ? { slackApiUrl: opts.apiUrl } : {}), ...opts.clientOptions, retryConfig: { retries: 0 }, timeout: 10_000 }, installations, logger: opts.logger }) : []),
  ];
  let opsServer: Awaited<ReturnType<typeof startOpsServer>> | undefined;

  // Bolt's authorize runs before any middleware or listener, in HTTP and Socket Mode alike.
  // We know the token and the bot's ids (from start-up; Bolt would otherwise call auth.test
  // on every request): what it decides here is whether the workspace is one we serve.
  // In distributed mode each request acts with its own workspace's token (refreshed when due);
  // a workspace uninstalled or disabled since is refused like one never installed.
  const authorize: Authorize<boolean> = async (source, body) => {
    const verdict = await judgeWorkspace(body, opts.workspaces);
    if (!verdict.serve) throw new ForeignWorkspaceError(verdict.teamIds);
    const teamId = source.teamId ?? verdict.teamId;
    const enterprise = source.enterpriseId ? { enterpriseId: source.enterpriseId } : {};
    if (!installations || opts.oauth === undefined) {
      return { botToken: opts.botToken!, botId: opts.bot!.botId, botUserId: opts.bot!.userId, teamId, ...enterprise };
    }
    try {
      const i = await installations.installationFor(verdict.teamId);
      return { botToken: i.botToken, ...(i.botId ? { botId: i.botId } : {}), botUserId: i.botUserId, teamId, ...enterprise };
    } catch (err) {
      if (err instanceof WorkspaceNotServedError) throw new ForeignWorkspaceError([verdict.teamId]);
      throw err;
    }
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
          customRoutes: routes,
          // When the request reached us, for the ack and answer latencies (see instrument.ts).
          customPropertiesExtractor: (req) => ({ [receivedAtKey]: (req as { [receivedAtKey]?: number })[receivedAtKey] ?? performance.now() }),
        })
      : undefined;
  if (receiver) {
    const gated = gateRequests({
      next: receiver.requestListener,
      path: '/slack/events',
      signingSecret: opts.signingSecret ?? '',
      nowSeconds: opts.nowSeconds ?? (() => Math.floor(Date.now() / 1000)),
      workspaces: opts.workspaces,
      logger: log.child('door'),
      // A flood past the capacity guard's limit is refused at the door, counted as the guard would.
      shedCommand: (req, command) => {
        if (!capacity.shedding || !ourCommands.has(command)) return false;
        const stamped = (req as { [receivedAtKey]?: number })[receivedAtKey];
        const seconds = typeof stamped === 'number' ? (performance.now() - stamped) / 1000 : 0;
        metrics.ackSeconds('command', command, seconds);
        metrics.answerSeconds('command', command, seconds);
        metrics.request('command', command, 'busy');
        return true;
      },
    });
    receiver.requestListener = (req, res) => {
      (req as { [receivedAtKey]?: number })[receivedAtKey] = performance.now();
      return gated(req, res);
    };
  }

  const app = new App({
    authorize,
    logger: log,
    logLevel: log.getLevel() as LogLevel,
    clientOptions,
    // Bolt checks the token with auth.test on start; we do it ourselves so a bad token is one clear line.
    tokenVerificationEnabled: false,
    // No conversation store: nothing here reads context.conversation, and Bolt's default in-memory
    // one builds and throws away an Error ("Conversation not found") on every request before the ack.
    convoStore: false,
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

  // Every request that passed signature verification is logged once, before any listener;
  // an event Slack sends again (same event_id, X-Slack-Retry-Num) is acknowledged and dropped.
  // (One global middleware: Bolt spends an async step and a copy of the arguments on each.)
  app.use(async ({ body, context, next }) => {
    // Socket Mode has no receiver stamp: the first middleware is the earliest point.
    if (typeof context[receivedAtKey] !== 'number') context[receivedAtKey] = performance.now();
    const b = body as { type?: string; command?: string; event?: { type?: string }; event_id?: string };
    if (log.getLevel() === 'debug') log.debug({ type: b.type ?? 'command', command: b.command, event: b.event?.type }, 'request received');
    // Our authorize judged the workspace and gave a token. Bolt skips authorize for a few events
    // (app_uninstalled, tokens_revoked): no token then, and the rule is applied here instead.
    if (context.botToken === undefined) {
      const workspace = await judgeWorkspace(body, opts.workspaces);
      if (!workspace.serve) {
        log.info({ teamIds: workspace.teamIds, event: b.event?.type }, `request ignored: ${workspace.reason}`);
        return;
      }
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

  // Bolt would run every registered listener's middleware chain on every request; the router
  // gives it one listener per kind, which picks ours by id (listeners.ts).
  const router = createRouter();
  registerListeners(instrumentRegistrar(router, { metrics, work }), deps);
  router.mount(app);

  const stopOps = async () => {
    const s = opsServer;
    opsServer = undefined;
    await s?.close();
  };
  const stopIntake = async () => {
    await app.stop();
  };

  return {
    app,
    mode,
    capacity,
    work,
    readiness,
    metrics,
    async start(port: number) {
      if (mode === 'socket') {
        // Bolt's Socket Mode receiver can serve custom routes too, but it neither reports the
        // bound port nor a failure to bind; a server of our own does both.
        opsServer = await startOpsServer(routes, port);
        try {
          await app.start();
        } catch (err) {
          await stopOps();
          throw err;
        }
        return { port: opsServer.port };
      }
      const server = (await app.start(port)) as unknown;
      if (server instanceof Server) keepConnections(server);
      const address =
        server && typeof server === 'object' && 'address' in server
          ? ((server as { address(): AddressInfo | string | null }).address() as AddressInfo | null)
          : null;
      return { port: address && typeof address === 'object' ? address.port : undefined };
    },
    stopIntake,
    stopOps,
    async stop() {
      try {
        await stopIntake();
      } finally {
        await stopOps();
      }
    },
  };
}
