/**
 * `npx coordinator <command>`: operations from the shell.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { formatConfigProblems, loadConfig, loadDatabaseConfig } from './config/config.ts';
import type { Connection } from './db/connect.ts';
import { createOffsetClock, systemClock } from './shared/clock.ts';
import { chooseLogFormat, createLogger } from './shared/logger.ts';
import { redactSecrets } from './shared/redact.ts';

// The database driver, Bolt and the chart renderer load only for the command that needs them:
// `--help` and a mistyped argument answer at once.

const usage = `Usage: coordinator <command> [options]

Commands:
  migrate                 apply database migrations (DATABASE_URL, or embedded PGlite in DATA_DIR)
  tick [--now ISO-8601]   run one scheduler pass as of that instant (default: now)
  demo                    play a scripted fortnight on a simulated Slack and the embedded database
  rotate-key              re-encrypt every stored token and calendar address under COORDINATOR_ENCRYPTION_KEY (the old key
                          stays readable from COORDINATOR_ENCRYPTION_KEY_PREVIOUS until this has run)
  help                    this text

Environment: see README.md (SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET, SLACK_APP_TOKEN, PORT,
SLACK_API_URL, DATABASE_URL, DATA_DIR; OAuth install: SLACK_CLIENT_ID, SLACK_CLIENT_SECRET,
SLACK_STATE_SECRET, COORDINATOR_ENCRYPTION_KEY).`;

type Io = { out: (s: string) => void; err: (s: string) => void };

async function withDatabase<T>(env: Record<string, string | undefined>, io: Io, fn: (c: Connection) => Promise<T>): Promise<T | number> {
  const database = loadDatabaseConfig(env);
  if ('problems' in database) {
    io.err(database.problems.join('\n'));
    return 1;
  }
  const { connect, DataDirInUseError } = await import('./db/connect.ts');
  let connection: Connection | undefined;
  try {
    connection = await connect(database);
  } catch (err) {
    io.err(err instanceof DataDirInUseError ? err.message : `Cannot reach the database: ${(err as Error).message}`);
    return 1;
  }
  try {
    return await fn(connection);
  } finally {
    await connection.close();
  }
}

export async function runCli(argv: string[], env: Record<string, string | undefined>, io: Io): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      io.out(usage);
      return command === undefined ? 1 : 0;

    case 'migrate': {
      if (rest.includes('--help')) {
        io.out('Usage: coordinator migrate\nApplies the committed migrations in drizzle/; running it again is a no-op.');
        return 0;
      }
      return withDatabase(env, io, async (c) => {
        await c.migrate();
        io.out(`migrations applied (${c.kind === 'postgres' ? 'PostgreSQL' : `embedded PGlite in ${env.DATA_DIR || './data'}`})`);
        return 0;
      });
    }

    case 'tick': {
      let values;
      try {
        ({ values } = parseArgs({ args: rest, options: { now: { type: 'string' }, help: { type: 'boolean' } }, strict: true }));
      } catch (err) {
        io.err(`${(err as Error).message}\nExample: coordinator tick --now 2026-12-01T09:30:00Z`);
        return 2;
      }
      if (values.help) {
        io.out('Usage: coordinator tick [--now ISO-8601]\nRuns one scheduler pass as of that instant, e.g. --now 2026-12-01T09:30:00Z.');
        return 0;
      }
      const now = values.now ? new Date(values.now) : new Date();
      if (Number.isNaN(now.getTime())) {
        io.err(`--now: expected an ISO-8601 instant such as 2026-12-01T09:30:00Z (got "${values.now}")`);
        return 2;
      }
      // The pass records how far it has planned; an instant centuries away would stop planning for good.
      if (now.getUTCFullYear() < 2000 || now.getUTCFullYear() > 2100) {
        io.err(`--now: ${values.now} is outside the years 2000–2100. Example: coordinator tick --now 2026-12-01T09:30:00Z`);
        return 2;
      }
      const loaded = loadConfig(env);
      if (!loaded.ok) {
        io.err(formatConfigProblems(loaded.problems));
        return 1;
      }
      // Logs on stderr (readable on a terminal), so stdout carries only the command's result.
      const logger = createLogger({
        level: loaded.config.logLevel,
        format: chooseLogFormat({ format: loaded.config.logFormat, isTTY: process.stderr.isTTY }),
        destination: process.stderr,
      });
      return withDatabase(env, io, async (c) => {
        await c.migrate();
        const [{ createWebClient }, { createServices, distributedDeps, slackPaceOf }, { createTick }] = await Promise.all([import('./slack/gateway.ts'), import('./services.ts'), import('./tick/tick.ts')]);
        const { config } = loaded;
        const distributed = config.distributed ? distributedDeps(config.distributed, { apiUrl: config.slack.apiUrl, logger }) : undefined;
        const web = distributed ? distributed.app : createWebClient({ botToken: config.slack.botToken, apiUrl: config.slack.apiUrl, logger });
        // As of --now for everything the pass looks at (deadlines, leases), moving on in real time.
        const clock = values.now ? createOffsetClock(now) : systemClock;
        const services = createServices({ db: c.db, clock, logger, web, calendar: { allowInsecure: config.calendarAllowInsecure }, pace: slackPaceOf(config), keyring: config.keyring, ...(distributed ? { distributed } : {}) });
        const summary = await createTick(services)(now);
        io.out(`tick ${now.toISOString()}: ${JSON.stringify(summary)}`);
        return 0;
      });
    }

    case 'rotate-key': {
      if (rest.includes('--help')) {
        io.out(
          'Usage: coordinator rotate-key\nRe-encrypts every stored token under COORDINATOR_ENCRYPTION_KEY. Put the old key in\nCOORDINATOR_ENCRYPTION_KEY_PREVIOUS first (the server reads with either), run this, then drop the old key.',
        );
        return 0;
      }
      const { parseKeyring } = await import('./installations/token-crypto.models.ts');
      if (!env.COORDINATOR_ENCRYPTION_KEY?.trim()) {
        io.err('COORDINATOR_ENCRYPTION_KEY: missing — the new key (32 random bytes in base64, e.g. `openssl rand -base64 32`); the old one goes in COORDINATOR_ENCRYPTION_KEY_PREVIOUS');
        return 1;
      }
      const ring = parseKeyring(env.COORDINATOR_ENCRYPTION_KEY, env.COORDINATOR_ENCRYPTION_KEY_PREVIOUS);
      if (!ring.ok) {
        io.err(`${ring.problem.startsWith('previous') ? 'COORDINATOR_ENCRYPTION_KEY_PREVIOUS' : 'COORDINATOR_ENCRYPTION_KEY'}: ${ring.problem}`);
        return 1;
      }
      return withDatabase(env, io, async (c) => {
        await c.migrate();
        const { createInstallationsRepository } = await import('./installations/installations.repository.ts');
        const { createAvailabilityRepository } = await import('./availability/availability.repository.ts');
        try {
          const [result, feeds] = await c.db.transaction(async (tx) => [
            await createInstallationsRepository({ db: tx, keyring: ring.keyring }).reseal(),
            // Calendar feed addresses are sealed with the same key.
            await createAvailabilityRepository({ db: tx, keyring: ring.keyring }).sealAddresses(),
          ] as const);
          io.out(`rotate-key: ${result.rows} of ${result.total} installations re-encrypted under key ${ring.keyring.current.id}; COORDINATOR_ENCRYPTION_KEY_PREVIOUS can now be removed`);
          io.out(`rotate-key: ${feeds.sealed} of ${feeds.total} calendar feed addresses sealed under key ${ring.keyring.current.id}${feeds.unreadable ? `; ${feeds.unreadable} sealed with a key not given cannot be opened (their owners must connect again)` : ''}`);
          return 0;
        } catch (err) {
          // Nothing was changed (one transaction): a token sealed with a key we were not given.
          io.err(`rotate-key: nothing changed — ${(err as Error).message}`);
          return 1;
        }
      });
    }

    case 'demo': {
      const { runDemo } = await import('./demo/demo.ts');
      return runDemo({ env, io });
    }

    default:
      io.err(`Unknown command "${command}".\n\n${usage}`);
      return 2;
  }
}

const isMain = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === resolve(process.argv[1]);
if (isMain) {
  runCli(process.argv.slice(2), process.env, {
    out: (s) => process.stdout.write(`${s}\n`),
    err: (s) => process.stderr.write(`${redactSecrets(s)}\n`),
  }).then(
    (code) => process.exit(code),
    (err) => {
      process.stderr.write(`coordinator: ${redactSecrets((err as Error).message)}\n`);
      process.exit(1);
    },
  );
}
