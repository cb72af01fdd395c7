import { z } from 'zod';
import { describeConfigValue } from '../shared/redact.ts';
import { parseKeyring, type Keyring } from '../installations/token-crypto.models.ts';
import { defaultUninstallGraceDays } from '../installations/installations.models.ts';

/**
 * The environment, as documented in README.md. Parsed once by `loadConfig(env)`,
 * which takes the environment as an argument so tests never touch `process.env`.
 */

const envSchema = z
  .object({
    SLACK_BOT_TOKEN: z.string().regex(/^xoxb-/, 'expected a bot token starting with "xoxb-"').optional(),
    SLACK_SIGNING_SECRET: z.string().optional(),
    SLACK_APP_TOKEN: z.string().regex(/^xapp-/, 'expected an app-level token starting with "xapp-"').optional(),
    PORT: z.coerce
      .number({ error: 'expected a port number such as 3000' })
      .int('expected a port number such as 3000')
      .min(0, 'expected a port between 0 and 65535')
      .max(65535, 'expected a port between 0 and 65535')
      .default(3000),
    SLACK_API_URL: z
      .url({ error: 'expected a URL such as https://slack.com/api/' })
      .transform((u) => (u.endsWith('/') ? u : `${u}/`))
      .optional(),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'expected a URL such as postgres://user:pass@host:5432/coordinator')
      .optional(),
    DATA_DIR: z.string().default('./data'),
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error'], { error: 'expected one of debug, info, warn, error' }).default('info'),
    LOG_FORMAT: z.enum(['json', 'pretty'], { error: 'expected json or pretty' }).optional(),
    NODE_ENV: z.string().optional(),
    SLACK_CLIENT_ID: z.string().optional(),
    SLACK_CLIENT_SECRET: z.string().optional(),
    SLACK_STATE_SECRET: z.string().min(16, 'expected at least 16 random characters, e.g. `openssl rand -hex 32`').optional(),
    SLACK_REDIRECT_URI: z.url({ error: 'expected the https URL of /slack/oauth_redirect, e.g. https://coordinator.example.com/slack/oauth_redirect' }).optional(),
    COORDINATOR_ENCRYPTION_KEY: z.string().optional(),
    COORDINATOR_ENCRYPTION_KEY_PREVIOUS: z.string().optional(),
    UNINSTALL_GRACE_DAYS: z.coerce
      .number({ error: 'expected a number of days such as 30' })
      .int('expected whole days such as 30')
      .min(0, 'expected days between 0 and 3650')
      .max(3650, 'expected days between 0 and 3650')
      .default(defaultUninstallGraceDays),
    SHUTDOWN_TIMEOUT_MS: z.coerce
      .number({ error: 'expected milliseconds such as 10000' })
      .int('expected whole milliseconds such as 10000')
      .min(0, 'expected milliseconds between 0 and 600000')
      .max(600_000, 'expected milliseconds between 0 and 600000')
      .default(10_000),
    CALENDAR_ALLOW_INSECURE: z.enum(['0', '1', 'true', 'false'], { error: 'expected 1 or 0' }).optional(),
    SLACK_PACE: z.enum(['slack', 'off'], { error: 'expected slack (keep to Slack\'s documented rate limits) or off (only honour Retry-After)' }).optional(),
    SLACK_HISTORY_PACE: z
      .enum(['limited', 'tier3'], { error: 'expected limited (1 read a minute: an app outside the Marketplace) or tier3 (a Marketplace or internal app)' })
      .optional(),
  })
  .superRefine((env, ctx) => {
    const oauth = (['SLACK_CLIENT_ID', 'SLACK_CLIENT_SECRET', 'SLACK_STATE_SECRET'] as const).filter((n) => env[n]);
    if (oauth.length > 0) {
      // Distributed mode: every workspace installs with "Add to Slack"; tokens live encrypted in the database.
      for (const name of ['SLACK_CLIENT_ID', 'SLACK_CLIENT_SECRET', 'SLACK_STATE_SECRET'] as const) {
        if (!env[name]) ctx.addIssue({ code: 'custom', path: [name], message: `missing — OAuth install needs SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET together (${oauth.join(', ')} set)` });
      }
      if (env.SLACK_BOT_TOKEN) {
        ctx.addIssue({ code: 'custom', path: ['SLACK_BOT_TOKEN'], message: 'set either SLACK_BOT_TOKEN (one workspace) or the OAuth variables (many workspaces), not both; unset SLACK_BOT_TOKEN' });
      }
      if (!env.COORDINATOR_ENCRYPTION_KEY) {
        ctx.addIssue({ code: 'custom', path: ['COORDINATOR_ENCRYPTION_KEY'], message: 'missing — OAuth install stores tokens encrypted: 32 random bytes in base64, e.g. `openssl rand -base64 32`' });
      }
    } else if (!env.SLACK_BOT_TOKEN) {
      ctx.addIssue({ code: 'custom', path: ['SLACK_BOT_TOKEN'], message: 'missing — the bot token (xoxb-…) from "OAuth & Permissions"' });
    }
    if (env.COORDINATOR_ENCRYPTION_KEY) {
      const ring = parseKeyring(env.COORDINATOR_ENCRYPTION_KEY, env.COORDINATOR_ENCRYPTION_KEY_PREVIOUS);
      if (!ring.ok) {
        const previous = ring.problem.startsWith('previous key');
        ctx.addIssue({ code: 'custom', path: [previous ? 'COORDINATOR_ENCRYPTION_KEY_PREVIOUS' : 'COORDINATOR_ENCRYPTION_KEY'], message: ring.problem });
      }
    }
    if (!env.SLACK_APP_TOKEN && !env.SLACK_SIGNING_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['SLACK_SIGNING_SECRET'],
        message: 'missing — the signing secret from "Basic Information" (HTTP mode), or set SLACK_APP_TOKEN for Socket Mode',
      });
    }
  });

/** Blank values count as unset, as they do in most .env tooling. */
function clean(env: Record<string, string | undefined>): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const name of configVariables) {
    const v = env[name]?.trim();
    out[name] = v === '' ? undefined : v;
  }
  return out;
}

export type Config = {
  slack: {
    /** Single-workspace mode; undefined in distributed mode. */
    botToken: string | undefined;
    signingSecret: string | undefined;
    appToken: string | undefined;
    apiUrl: string | undefined;
  };
  mode: 'socket' | 'http';
  port: number;
  database: { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string };
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** LOG_FORMAT, else `pretty` when NODE_ENV=development; unset: main.ts picks pretty on a terminal, JSON otherwise. */
  logFormat: 'json' | 'pretty' | undefined;
  /** On SIGTERM, how long in-flight work may take before the pool is closed anyway. */
  shutdownTimeoutMs: number;
  /** CALENDAR_ALLOW_INSECURE=1: calendar feeds over http and on loopback (tests and the demo only). */
  calendarAllowInsecure: boolean;
  /**
   * SLACK_PACE: `slack` keeps the outbox inside Slack's documented per-method limits; `off` only
   * honours Retry-After. Default `slack`, and `off` when SLACK_API_URL is on this machine (a fake:
   * 127.0.0.1, ::1, localhost); a proxy or another Slack (GovSlack) keeps the pace.
   */
  slackPace: 'slack' | 'off';
  /**
   * COORDINATOR_ENCRYPTION_KEY (and _PREVIOUS): seals secrets stored in the database — installation
   * tokens (distributed mode, where it is required) and calendar feed addresses (any mode, when set).
   */
  keyring: Keyring | undefined;
  /**
   * SLACK_HISTORY_PACE: how often `conversations.history` / `.replies` may be read per workspace.
   * `limited`: 1 a minute, 15 messages a page, Slack's limit since May 2025 for apps distributed
   * outside the Marketplace — the default in distributed mode (OAuth installs); `tier3`: internal
   * (a workspace's own, single-workspace install) and Marketplace apps, 50 a minute — the default
   * with a single bot token.
   */
  slackHistoryPace: 'limited' | 'tier3';
  /** Distributed mode (OAuth install for many workspaces); undefined in single-workspace mode. */
  distributed: { clientId: string; clientSecret: string; stateSecret: string; redirectUri: string | undefined; keyring: Keyring; uninstallGraceDays: number } | undefined;
};

export type ConfigResult = { ok: true; config: Config } | { ok: false; problems: string[] };

export const configVariables = [
  'SLACK_BOT_TOKEN',
  'SLACK_SIGNING_SECRET',
  'SLACK_APP_TOKEN',
  'PORT',
  'SLACK_API_URL',
  'DATABASE_URL',
  'DATA_DIR',
  'LOG_LEVEL',
  'LOG_FORMAT',
  'NODE_ENV',
  'SHUTDOWN_TIMEOUT_MS',
  'CALENDAR_ALLOW_INSECURE',
  'SLACK_PACE',
  'SLACK_HISTORY_PACE',
  'SLACK_CLIENT_ID',
  'SLACK_CLIENT_SECRET',
  'SLACK_STATE_SECRET',
  'SLACK_REDIRECT_URI',
  'COORDINATOR_ENCRYPTION_KEY',
  'COORDINATOR_ENCRYPTION_KEY_PREVIOUS',
  'UNINSTALL_GRACE_DAYS',
] as const;

/** Whether a URL's host is this machine (a local fake Slack), not a proxy or another Slack such as GovSlack. */
export function isLoopbackUrl(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return false;
  }
  return host === 'localhost' || host.endsWith('.localhost') || host === '[::1]' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

/** Pure: environment in, config or one readable line per problem out. */
export function loadConfig(env: Record<string, string | undefined>): ConfigResult {
  const parsed = envSchema.safeParse(clean(env));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? 'environment');
      const raw = env[name];
      // Never the raw value: a secret is described, anything else quoted and cut short.
      // Keys are never described at all, not even their length.
      const secretKey = name.startsWith('COORDINATOR_ENCRYPTION_KEY');
      const message = issue.message.startsWith('missing') || secretKey ? issue.message : `${issue.message}${raw ? ` (${describeConfigValue(name, raw.trim())})` : ''}`;
      return `${name}: ${message}`;
    });
    return { ok: false, problems: [...new Set(problems)] };
  }
  const e = parsed.data;
  return {
    ok: true,
    config: {
      slack: {
        botToken: e.SLACK_BOT_TOKEN,
        signingSecret: e.SLACK_SIGNING_SECRET,
        appToken: e.SLACK_APP_TOKEN,
        apiUrl: e.SLACK_API_URL,
      },
      mode: e.SLACK_APP_TOKEN ? 'socket' : 'http',
      port: e.PORT,
      database: e.DATABASE_URL ? { kind: 'postgres', url: e.DATABASE_URL } : { kind: 'pglite', dataDir: e.DATA_DIR },
      logLevel: e.LOG_LEVEL,
      logFormat: e.LOG_FORMAT ?? (e.NODE_ENV === 'development' ? 'pretty' : undefined),
      shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
      calendarAllowInsecure: e.CALENDAR_ALLOW_INSECURE === '1' || e.CALENDAR_ALLOW_INSECURE === 'true',
      slackPace: e.SLACK_PACE ?? (e.SLACK_API_URL && isLoopbackUrl(e.SLACK_API_URL) ? 'off' : 'slack'),
      keyring: e.COORDINATOR_ENCRYPTION_KEY ? (parseKeyring(e.COORDINATOR_ENCRYPTION_KEY, e.COORDINATOR_ENCRYPTION_KEY_PREVIOUS) as { ok: true; keyring: Keyring }).keyring : undefined,
      // Slack: internal customer-built apps keep Tier 3; commercially distributed apps outside the Marketplace read 1 a minute.
      slackHistoryPace: e.SLACK_HISTORY_PACE ?? (e.SLACK_CLIENT_ID && e.SLACK_CLIENT_SECRET && e.SLACK_STATE_SECRET ? 'limited' : 'tier3'),
      distributed:
        e.SLACK_CLIENT_ID && e.SLACK_CLIENT_SECRET && e.SLACK_STATE_SECRET
          ? {
              clientId: e.SLACK_CLIENT_ID,
              clientSecret: e.SLACK_CLIENT_SECRET,
              stateSecret: e.SLACK_STATE_SECRET,
              redirectUri: e.SLACK_REDIRECT_URI,
              keyring: (parseKeyring(e.COORDINATOR_ENCRYPTION_KEY!, e.COORDINATOR_ENCRYPTION_KEY_PREVIOUS) as { ok: true; keyring: Keyring }).keyring,
              uninstallGraceDays: e.UNINSTALL_GRACE_DAYS,
            }
          : undefined,
    },
  };
}

/** Database settings alone, for the CLI commands that need no Slack credentials. */
export function loadDatabaseConfig(env: Record<string, string | undefined>): Config['database'] | { problems: string[] } {
  const url = env.DATABASE_URL?.trim();
  if (url) {
    if (!/^postgres(ql)?:\/\//.test(url)) {
      return { problems: [`DATABASE_URL: expected a URL such as postgres://user:pass@host:5432/coordinator (${describeConfigValue('DATABASE_URL', url)})`] };
    }
    return { kind: 'postgres', url };
  }
  return { kind: 'pglite', dataDir: env.DATA_DIR?.trim() || './data' };
}

export function formatConfigProblems(problems: string[]): string {
  return [
    'Coordinator cannot start; the environment needs attention:',
    ...problems.map((p) => `  • ${p}`),
    '',
    'Create the Slack app from manifest.json (api.slack.com/apps → Create New App → From a manifest),',
    'install it to your workspace, then copy the tokens into .env (see .env.example and README.md).',
    'No Slack workspace at hand? `npm run demo` shows the whole product on a simulated Slack.',
  ].join('\n');
}
