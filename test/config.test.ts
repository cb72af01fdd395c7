import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { configVariables, formatConfigProblems, loadConfig, loadDatabaseConfig } from '../src/config/config.ts';

const base = { SLACK_BOT_TOKEN: 'xoxb-1-2-3', SLACK_SIGNING_SECRET: 'shh' };

describe('loadConfig', () => {
  it('takes HTTP mode with defaults from the two required values', () => {
    const r = loadConfig(base);
    expect(r).toEqual({
      ok: true,
      config: {
        slack: { botToken: 'xoxb-1-2-3', signingSecret: 'shh', appToken: undefined, apiUrl: undefined },
        mode: 'http',
        port: 3000,
        database: { kind: 'pglite', dataDir: './data' },
        logLevel: 'info',
        logFormat: undefined,
        shutdownTimeoutMs: 10_000,
        calendarAllowInsecure: false,
        slackPace: 'slack',
        slackHistoryPace: 'tier3',
      },
    });
  });

  it('keeps to Slack\'s pace against Slack itself, not against another API URL unless asked, and refuses a value it cannot read', () => {
    expect(loadConfig({ ...base, SLACK_API_URL: 'http://127.0.0.1:9/api' })).toMatchObject({ ok: true, config: { slackPace: 'off' } });
    // Only a fake on this machine turns the pace off by default; a proxy or GovSlack keeps it.
    for (const url of ['http://localhost:3000/api/', 'http://[::1]:9/api/', 'http://127.1.2.3/api/']) expect(loadConfig({ ...base, SLACK_API_URL: url })).toMatchObject({ ok: true, config: { slackPace: 'off' } });
    for (const url of ['https://slack.example-proxy.internal/api/', 'https://slack-gov.com/api/', 'http://10.0.0.5:8080/api/', 'http://127.0.0.1.example.com/api/'])
      expect(loadConfig({ ...base, SLACK_API_URL: url })).toMatchObject({ ok: true, config: { slackPace: 'slack' } });
    expect(loadConfig({ ...base, SLACK_API_URL: 'http://127.0.0.1:9/api', SLACK_PACE: 'slack' })).toMatchObject({ ok: true, config: { slackPace: 'slack' } });
    expect(loadConfig({ ...base, SLACK_PACE: 'off' })).toMatchObject({ ok: true, config: { slackPace: 'off' } });
    expect(loadConfig({ ...base, SLACK_PACE: 'fast' })).toMatchObject({ ok: false, problems: [expect.stringMatching(/^SLACK_PACE: expected slack .* or off/)] });
  });

  it('reads channel history at Tier 3 as an internal app (one bot token) and at 1 a minute as an app distributed by OAuth, unless told; refuses a value it cannot read', () => {
    expect(loadConfig({ ...base, SLACK_HISTORY_PACE: 'limited' })).toMatchObject({ ok: true, config: { slackHistoryPace: 'limited' } });
    const oauth = { SLACK_CLIENT_ID: '1111.2222', SLACK_CLIENT_SECRET: 'cs', SLACK_STATE_SECRET: 'state-secret-0123456789', SLACK_SIGNING_SECRET: 'shh', COORDINATOR_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64') };
    expect(loadConfig(oauth)).toMatchObject({ ok: true, config: { slackHistoryPace: 'limited' } });
    expect(loadConfig({ ...oauth, SLACK_HISTORY_PACE: 'tier3' })).toMatchObject({ ok: true, config: { slackHistoryPace: 'tier3' } });
    expect(loadConfig({ ...base, SLACK_HISTORY_PACE: 'fast' })).toMatchObject({ ok: false, problems: [expect.stringMatching(/^SLACK_HISTORY_PACE: expected limited .* or tier3/)] });
  });

  it('allows insecure calendar feeds only when asked, and refuses a value it cannot read', () => {
    expect(loadConfig({ ...base, CALENDAR_ALLOW_INSECURE: '1' })).toMatchObject({ ok: true, config: { calendarAllowInsecure: true } });
    expect(loadConfig({ ...base, CALENDAR_ALLOW_INSECURE: 'yes please' })).toMatchObject({ ok: false, problems: [expect.stringMatching(/^CALENDAR_ALLOW_INSECURE: expected 1 or 0/)] });
  });

  it('takes Socket Mode when SLACK_APP_TOKEN is set, without a signing secret', () => {
    const r = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1-A' });
    expect(r.ok && r.config.mode).toBe('socket');
  });

  it('uses Postgres when DATABASE_URL is set, and normalises SLACK_API_URL', () => {
    const r = loadConfig({ ...base, DATABASE_URL: 'postgres://u@h/db', SLACK_API_URL: 'http://127.0.0.1:9/api', PORT: '8080' });
    expect(r.ok && r.config.database).toEqual({ kind: 'postgres', url: 'postgres://u@h/db' });
    expect(r.ok && r.config.slack.apiUrl).toBe('http://127.0.0.1:9/api/');
    expect(r.ok && r.config.port).toBe(8080);
  });

  it('names each missing variable once, on its own line', () => {
    const r = loadConfig({});
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toHaveLength(2);
    expect(r.problems[0]).toMatch(/^SLACK_BOT_TOKEN: missing/);
    expect(r.problems[1]).toMatch(/^SLACK_SIGNING_SECRET: missing .*SLACK_APP_TOKEN/);
  });

  it.each([
    ['PORT', 'eighty', /^PORT: expected a port number/],
    ['PORT', '70000', /^PORT: expected a port between 0 and 65535 \(got "70000"\)/],
    ['SLACK_BOT_TOKEN', 'xoxp-user', /^SLACK_BOT_TOKEN: expected a bot token starting with "xoxb-"/],
    ['SLACK_APP_TOKEN', 'nope', /^SLACK_APP_TOKEN: expected an app-level token/],
    ['SLACK_API_URL', 'not a url', /^SLACK_API_URL: expected a URL/],
    ['DATABASE_URL', 'mysql://x', /^DATABASE_URL: expected a URL such as postgres:/],
    ['LOG_LEVEL', 'loud', /^LOG_LEVEL: expected one of/],
  ])('%s=%s is one readable problem', (name, value, pattern) => {
    const r = loadConfig({ ...base, [name]: value });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problems.filter((p) => p.startsWith(`${name}:`))).toHaveLength(1);
      expect(r.problems.find((p) => p.startsWith(`${name}:`))).toMatch(pattern);
    }
  });

  it('never echoes a secret: a bad token is described by its kind and length', () => {
    const token = 'xoxp-1234567890-1234567890-abcdefabcdefabcdef';
    const secret = 'whsec_but-not-really-a-signing-secret';
    const r = loadConfig({ SLACK_BOT_TOKEN: token, SLACK_APP_TOKEN: `x${secret}`, DATABASE_URL: 'mysql://root:pa55word@db/x' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const text = formatConfigProblems(r.problems);
    expect(text).toContain(`SLACK_BOT_TOKEN: expected a bot token starting with "xoxb-" (a ${token.length}-character value starting with "xoxp-", not shown)`);
    expect(text).not.toContain('1234567890');
    expect(text).not.toContain(secret);
    expect(text).not.toContain('pa55word');
    const db = loadDatabaseConfig({ DATABASE_URL: 'mysql://root:pa55word@db/x' });
    expect(JSON.stringify(db)).not.toContain('pa55word');
  });

  it('reads LOG_FORMAT (pretty by default with NODE_ENV=development) and SHUTDOWN_TIMEOUT_MS', () => {
    const r = loadConfig({ ...base, LOG_FORMAT: 'pretty', SHUTDOWN_TIMEOUT_MS: '25000' });
    expect(r.ok && [r.config.logFormat, r.config.shutdownTimeoutMs]).toEqual(['pretty', 25_000]);
    const dev = loadConfig({ ...base, NODE_ENV: 'development' });
    expect(dev.ok && dev.config.logFormat).toBe('pretty');
    const prod = loadConfig({ ...base, NODE_ENV: 'development', LOG_FORMAT: 'json' });
    expect(prod.ok && prod.config.logFormat).toBe('json');
    const bad = loadConfig({ ...base, LOG_FORMAT: 'xml', SHUTDOWN_TIMEOUT_MS: 'soon' });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.problems).toEqual([expect.stringMatching(/^LOG_FORMAT: expected json or pretty \(got "xml"\)$/), expect.stringMatching(/^SHUTDOWN_TIMEOUT_MS: expected milliseconds/)]);
  });

  it('treats blank values as unset', () => {
    const r = loadConfig({ ...base, PORT: '  ', DATABASE_URL: '' });
    expect(r.ok && r.config.port).toBe(3000);
    expect(r.ok && r.config.database.kind).toBe('pglite');
  });

  it('explains how to get the values and points to the demo', () => {
    const text = formatConfigProblems(['SLACK_BOT_TOKEN: missing']);
    expect(text).toContain('manifest.json');
    expect(text).toContain('npm run demo');
  });
});

describe('the README', () => {
  it('documents every variable the configuration reads, in its environment table', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const table = readme.slice(readme.indexOf('## Environment'), readme.indexOf('\n## ', readme.indexOf('## Environment') + 1));
    for (const name of configVariables) expect(table, name).toMatch(new RegExp(`^\\| \`${name}\``, 'm'));
  });
});

describe('loadDatabaseConfig', () => {
  it('needs no Slack credentials', () => {
    expect(loadDatabaseConfig({ DATA_DIR: '/tmp/x' })).toEqual({ kind: 'pglite', dataDir: '/tmp/x' });
    expect(loadDatabaseConfig({ DATABASE_URL: 'postgresql://a@b/c' })).toEqual({ kind: 'postgres', url: 'postgresql://a@b/c' });
    expect(loadDatabaseConfig({ DATABASE_URL: 'nope' })).toHaveProperty('problems');
  });
});
