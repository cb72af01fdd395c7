/**
 * `npm start`: the only place real implementations are wired together.
 */
import { formatConfigProblems, loadConfig } from './config/config.ts';
import { connect, DataDirInUseError, migrationsFolder } from './db/connect.ts';
import { createServices, distributedDeps, slackPaceOf } from './services.ts';
import { createInstallationsRepository } from './installations/installations.repository.ts';
import { systemClock } from './shared/clock.ts';
import { chooseLogFormat, createLogger } from './shared/logger.ts';
import { redactSecrets } from './shared/redact.ts';
import { createSlackApp } from './slack/app.ts';
import { startScheduler } from './tick/scheduler.ts';
import { createTick } from './tick/tick.ts';
import { createWebClient } from './slack/gateway.ts';
import { installedWorkspaces, singleWorkspace } from './slack/workspace-gate.ts';
import { createMetrics } from './ops/metrics.ts';
import { migrationsProbe, readMigrationJournal } from './ops/migrations.ts';
import { shutdownApp } from './ops/shutdown.ts';
import { watchEventLoop } from './ops/event-loop.ts';
import { createSlackAuthCheck } from './ops/slack-auth.ts';
import { sql } from 'drizzle-orm';

/** Every start-up problem goes to stderr as one line, with anything secret-looking masked. */
const fail = (line: string) => process.stderr.write(`${redactSecrets(line)}\n`);

export async function main(env: Record<string, string | undefined>): Promise<number> {
  const loaded = loadConfig(env);
  if (!loaded.ok) {
    fail(formatConfigProblems(loaded.problems));
    return 1;
  }
  const { config } = loaded;
  const logger = createLogger({ level: config.logLevel, format: chooseLogFormat({ format: config.logFormat, isTTY: process.stdout.isTTY }) });
  const log = logger.child('main');

  let connection;
  try {
    connection = await connect(config.database);
    await connection.migrate();
  } catch (err) {
    if (err instanceof DataDirInUseError) {
      fail(err.message);
    } else {
      fail(`Coordinator cannot reach its database: ${(err as Error).message}`);
    }
    await connection?.close().catch(() => {});
    return 1;
  }

  const clock = systemClock;
  const distributed = config.distributed ? distributedDeps(config.distributed, { apiUrl: config.slack.apiUrl, logger }) : undefined;
  const web = distributed ? distributed.app : createWebClient({ botToken: config.slack.botToken, apiUrl: config.slack.apiUrl, logger });
  let bot: { userId: string; botId: string } | undefined;
  let installed: { teamId: string; enterpriseId?: string | undefined } | undefined;
  if (config.distributed) {
    // Every stored token must open with the keys given: a wrong key is one line now, not a failure per request later.
    const ring = config.distributed.keyring;
    const known = new Set([ring.current.id, ...ring.previous.map((k) => k.id)]);
    const unknown = (await createInstallationsRepository({ db: connection.db, keyring: ring }).sealedKeyIds()).filter((id) => !known.has(id));
    if (unknown.length > 0) {
      fail(
        `COORDINATOR_ENCRYPTION_KEY: stored tokens were sealed with key ${unknown.join(', ')}, which is neither this key (${ring.current.id}) nor one in COORDINATOR_ENCRYPTION_KEY_PREVIOUS. Set the key they were sealed with.`,
      );
      await connection.close();
      return 1;
    }
    log.info({ keyId: ring.current.id, previousKeys: ring.previous.length }, 'distributed mode: workspaces install with /slack/install');
  } else {
    try {
      const auth = await web.auth.test();
      if (!auth.user_id || !auth.bot_id) throw new Error('the token is not a bot token (no bot_id)');
      if (!auth.team_id) throw new Error('auth.test named no workspace (team_id)');
      bot = { userId: auth.user_id, botId: auth.bot_id };
      installed = { teamId: auth.team_id, enterpriseId: auth.enterprise_id || undefined };
      log.info({ team: auth.team, bot: auth.user }, 'connected to Slack');
    } catch (err) {
      fail(`Slack rejected SLACK_BOT_TOKEN (auth.test: ${(err as Error).message}). Check the token, or run \`npm run demo\`.`);
      await connection.close();
      return 1;
    }
  }

  const metrics = createMetrics({ defaultMetrics: true });
  const db = connection.db;
  if (connection.poolStats) metrics.sources.pool(connection.poolStats);
  const services = createServices({ db, clock, logger, web, metrics, calendar: { allowInsecure: config.calendarAllowInsecure }, pace: slackPaceOf(config), keyring: config.keyring, ...(distributed ? { distributed } : {}) });
  // Calendar feed addresses are secrets: sealed under the key (those stored plain before it was set, or
  // under a previous key, are sealed now); without a key they stay as given, and we say so once.
  const feeds = await services.availability.sealAddresses();
  if (feeds.sealed > 0) log.info({ keyId: feeds.keyId, sealed: feeds.sealed, total: feeds.total }, 'calendar feed addresses sealed under COORDINATOR_ENCRYPTION_KEY');
  if (feeds.plain > 0) log.warn({ feeds: feeds.plain }, 'COORDINATOR_ENCRYPTION_KEY is not set: calendar feed addresses are stored unencrypted; set it to seal them');
  if (feeds.unreadable > 0) log.error({ feeds: feeds.unreadable, keyId: feeds.keyId }, 'calendar feed addresses sealed with a key this server was not given cannot be read; their owners are told to connect again');
  // Single-workspace mode re-checks its one token; in distributed mode each workspace's token is checked as it is used.
  const slackAuth = distributed ? undefined : createSlackAuthCheck({ authTest: () => web.auth.test(), logger, intervalMs: 5 * 60_000 });
  const slack = createSlackApp({
    botToken: config.slack.botToken,
    signingSecret: config.slack.signingSecret,
    appToken: config.slack.appToken,
    apiUrl: config.slack.apiUrl,
    logger,
    deps: { services, clock, logger },
    bot,
    workspaces: services.installations ? installedWorkspaces(services.installations) : singleWorkspace(installed!),
    ...(config.distributed
      ? { oauth: { clientId: config.distributed.clientId, clientSecret: config.distributed.clientSecret, stateSecret: config.distributed.stateSecret, redirectUri: config.distributed.redirectUri } }
      : {}),
    databaseReady: async () => {
      await db.execute(sql`select 1`);
    },
    readinessProbes: {
      migrations: migrationsProbe(db, readMigrationJournal(migrationsFolder)),
      ...(slackAuth ? { slack: slackAuth.probe } : {}),
    },
    metrics,
  });
  const { port } = await slack.start(config.port);
  // Commands worked at once follow the event loop's lag, so acks stay quick under a flood (capacity.ts).
  const loop = watchEventLoop({ onSample: (sample) => slack.capacity.adapt(sample) });
  const scheduler = startScheduler({ tick: metrics.timeTick(createTick(services)), logger, now: () => clock.now(), flush: (now) => services.home.flush(now) });
  log.info(
    { mode: slack.mode, port, database: connection.kind },
    slack.mode === 'http'
      ? `listening on :${port} (POST /slack/events, ${config.distributed ? 'GET /slack/install, GET /slack/oauth_redirect, ' : ''}GET /healthz, GET /readyz, GET /metrics)`
      : `connected over Socket Mode; GET /healthz, /readyz, /metrics on :${port}`,
  );

  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  // A second signal while draining means "now".
  const again = () => {
    fail('Coordinator: second signal while draining; stopping now.');
    process.exit(1);
  };
  process.once('SIGINT', again);
  process.once('SIGTERM', again);
  log.info({ signal }, 'signal received');
  const conn = connection;
  const result = await shutdownApp({
    slack,
    scheduler,
    closePool: () => conn.close(),
    deadlineMs: config.shutdownTimeoutMs,
    logger,
    // A tick's drain stops taking rows and stops waiting for rows coming due (it may follow a paced fan-out for 50 s).
    alsoStop: [() => slackAuth?.stop(), () => services.dispatcher.stop(), () => loop.stop()],
  });
  return result.drained ? 0 : 1;
}

process.on('unhandledRejection', (reason) => {
  fail(`unhandled rejection: ${String((reason as Error)?.stack ?? reason)}`);
});

main(process.env).then(
  (code) => process.exit(code),
  (err) => {
    fail(`Coordinator stopped: ${(err as Error).message}`);
    process.exit(1);
  },
);
