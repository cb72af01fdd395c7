/**
 * `npm start`: the only place real implementations are wired together.
 */
import { formatConfigProblems, loadConfig } from './config/config.ts';
import { connect, DataDirInUseError } from './db/connect.ts';
import { createServices } from './services.ts';
import { systemClock } from './shared/clock.ts';
import { createLogger } from './shared/logger.ts';
import { createSlackApp } from './slack/app.ts';
import { startScheduler } from './tick/scheduler.ts';
import { createTick } from './tick/tick.ts';
import { createWebClient } from './slack/gateway.ts';
import { singleWorkspace } from './slack/workspace-gate.ts';
import { sql } from 'drizzle-orm';

export async function main(env: Record<string, string | undefined>): Promise<number> {
  const loaded = loadConfig(env);
  if (!loaded.ok) {
    process.stderr.write(`${formatConfigProblems(loaded.problems)}\n`);
    return 1;
  }
  const { config } = loaded;
  const logger = createLogger({ level: config.logLevel });
  const log = logger.child('main');

  let connection;
  try {
    connection = await connect(config.database);
    await connection.migrate();
  } catch (err) {
    if (err instanceof DataDirInUseError) {
      process.stderr.write(`${err.message}\n`);
    } else {
      process.stderr.write(`Coordinator cannot reach its database: ${(err as Error).message}\n`);
    }
    await connection?.close().catch(() => {});
    return 1;
  }

  const clock = systemClock;
  const web = createWebClient({ botToken: config.slack.botToken, apiUrl: config.slack.apiUrl, logger });
  let bot: { userId: string; botId: string };
  let installed: { teamId: string; enterpriseId?: string | undefined };
  try {
    const auth = await web.auth.test();
    if (!auth.user_id || !auth.bot_id) throw new Error('the token is not a bot token (no bot_id)');
    if (!auth.team_id) throw new Error('auth.test named no workspace (team_id)');
    bot = { userId: auth.user_id, botId: auth.bot_id };
    installed = { teamId: auth.team_id, enterpriseId: auth.enterprise_id || undefined };
    log.info({ team: auth.team, bot: auth.user }, 'connected to Slack');
  } catch (err) {
    process.stderr.write(`Slack rejected SLACK_BOT_TOKEN (auth.test: ${(err as Error).message}). Check the token, or run \`npm run demo\`.\n`);
    await connection.close();
    return 1;
  }

  const services = createServices({ db: connection.db, clock, logger, web });
  const slack = createSlackApp({
    botToken: config.slack.botToken,
    signingSecret: config.slack.signingSecret,
    appToken: config.slack.appToken,
    apiUrl: config.slack.apiUrl,
    logger,
    deps: { services, clock, logger },
    bot,
    workspaces: singleWorkspace(installed),
    databaseReady: async () => {
      await connection.db.execute(sql`select 1`);
    },
  });
  const { port } = await slack.start(config.port);
  const scheduler = startScheduler({ tick: createTick(services), logger, now: () => clock.now() });
  log.info(
    { mode: slack.mode, port, database: connection.kind },
    slack.mode === 'http' ? `listening on :${port} (POST /slack/events, GET /healthz, GET /readyz)` : 'connected over Socket Mode',
  );

  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  log.info({}, 'shutting down');
  await scheduler.stop();
  await slack.stop().catch(() => {});
  // Work that runs after an ack (answers through response_url, posting) gets a moment to finish.
  await new Promise((resolve) => setTimeout(resolve, 2000));
  await connection.close();
  return 0;
}

process.on('unhandledRejection', (reason) => {
  process.stderr.write(`unhandled rejection: ${String((reason as Error)?.stack ?? reason)}\n`);
});

main(process.env).then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`Coordinator stopped: ${(err as Error).message}\n`);
    process.exit(1);
  },
);
