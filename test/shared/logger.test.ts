import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { chooseLogFormat, createLogger, createRecordingLogger, formatPretty, parseLine } from '../../src/shared/logger.ts';
import { describeConfigValue, redactSecrets, scrub } from '../../src/shared/redact.ts';

/** A stream that keeps what is written, as stdout would receive it. */
function capture() {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _enc, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return { stream, text: () => chunks.join(''), lines: () => chunks.join('').split('\n').filter(Boolean) };
}

const botToken = 'xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOpQrStUvWx';
const appToken = 'xapp-1-A0123456789-1234567890123-0123456789abcdef0123456789abcdef';
const userToken = 'xoxp-1111-2222-3333-abcdefabcdef';
const signingSecret = '8f742231b10e8888abcd99yyyzzz85a5';

describe('the production logger (JSON lines)', () => {
  it('writes one JSON object a line, secrets absent from keys, nested objects, errors and Bolt-style strings', () => {
    const out = capture();
    const log = createLogger({ level: 'debug', format: 'json', destination: out.stream }).child('slack');
    const err = Object.assign(new Error(`An API error occurred: invalid_auth for ${botToken}`), { code: 'slack_webapi_platform_error' });
    log.info(
      {
        teamId: 'T0001',
        token: 'plain-secret-value-1',
        botToken,
        signingSecret,
        config: { appToken, nested: { clientSecret: 'plain-secret-value-2' } },
        headers: { authorization: `Bearer ${userToken}`, 'content-type': 'application/json' },
        url: 'postgres://coordinator:hunter2-db-password@db.internal:5432/coordinator',
        note: `pasted ${userToken} by mistake`,
        list: [{ password: 'plain-secret-value-3' }],
      },
      'connected',
    );
    log.error({ err }, 'request failed');
    // Bolt's own calls: plain strings, several arguments, sometimes an object after the text.
    log.debug(`Initializing HTTPReceiver with token ${botToken}`, { appToken });
    log.warn('socket-mode:SocketModeClient:0', `apps.connections.open with ${appToken}`);

    const lines = out.lines();
    expect(lines).toHaveLength(4);
    const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(parsed.map((p) => [p.level, p.ns, p.msg])).toEqual([
      ['info', 'coordinator:slack', 'connected'],
      ['error', 'coordinator:slack', 'request failed'],
      ['debug', 'coordinator:slack', 'Initializing HTTPReceiver with token xoxb-[redacted] {"appToken":"[redacted]"}'],
      ['warn', 'coordinator:slack', 'socket-mode:SocketModeClient:0 apps.connections.open with xapp-[redacted]'],
    ]);
    for (const p of parsed) expect(new Date(String(p.time)).toISOString()).toBe(p.time);
    expect(parsed[0]).toMatchObject({
      teamId: 'T0001',
      token: '[redacted]',
      botToken: '[redacted]',
      signingSecret: '[redacted]',
      config: { appToken: '[redacted]', nested: { clientSecret: '[redacted]' } },
      headers: { authorization: '[redacted]', 'content-type': 'application/json' },
      url: 'postgres://coordinator:[redacted]@db.internal:5432/coordinator',
      note: 'pasted xoxp-[redacted] by mistake',
      list: [{ password: '[redacted]' }],
    });
    expect(parsed[1]).toMatchObject({ err: { name: 'Error', code: 'slack_webapi_platform_error', message: 'An API error occurred: invalid_auth for xoxb-[redacted]' } });

    const all = out.text();
    for (const secret of [botToken, appToken, userToken, signingSecret, 'plain-secret-value', 'hunter2-db-password', '1234567890-0987654321', 'AbCdEfGh']) {
      expect(all).not.toContain(secret);
    }
  });

  it('shows a calendar feed address only by its scheme and host, wherever it hides in a line', () => {
    const google = 'https://calendar.google.com/calendar/ical/ana%40example.com/private-0a1b2c3d4e5f/basic.ics';
    expect(redactSecrets(`fetch ${google} failed`)).toBe('fetch https://calendar.google.com/[redacted] failed');
    expect(redactSecrets('webcal://p01-caldav.icloud.com/published/2/MTIz')).toBe('webcal://p01-caldav.icloud.com/[redacted]');
    expect(redactSecrets('"https://outlook.office365.com/owa/calendar/abc/def/calendar.ics?x=1"')).toBe('"https://outlook.office365.com/[redacted]"');
    expect(JSON.stringify(scrub({ err: { message: `insert failed: (${google})` } }))).not.toContain('private-0a1b2c3d4e5f');
    // Other web addresses are left alone.
    expect(redactSecrets('see https://example.com/docs/setup.html')).toBe('see https://example.com/docs/setup.html');
  });

  it('filters by level, shared by every child (Bolt sets the level on its own child)', () => {
    const out = capture();
    const root = createLogger({ level: 'info', format: 'json', destination: out.stream });
    const a = root.child('a');
    const b = root.child('b').child('c');
    a.debug({}, 'hidden');
    b.info({}, 'shown');
    a.setLevel('debug' as never);
    b.debug({}, 'now shown');
    expect(out.lines().map((l) => JSON.parse(l).ns + ' ' + JSON.parse(l).msg)).toEqual(['coordinator:b:c shown', 'coordinator:b:c now shown']);
    expect(root.getLevel()).toBe('debug');
  });

  it('survives circular and odd contexts', () => {
    const out = capture();
    const log = createLogger({ format: 'json', destination: out.stream });
    const loop: Record<string, unknown> = { name: 'loop' };
    loop.self = loop;
    log.info({ loop, when: new Date('2026-12-01T09:30:00Z'), n: 1n === 1n ? 3 : 0 }, 'odd');
    const p = JSON.parse(out.lines()[0]!);
    expect(p.loop).toEqual({ name: 'loop', self: '[circular]' });
    expect(p.when).toBe('2026-12-01T09:30:00.000Z');
  });
});

describe('the development logger (readable lines)', () => {
  it('writes one readable line a call, warnings and errors to the error stream, secrets masked', () => {
    const out = capture();
    const err = capture();
    const log = createLogger({ format: 'pretty', destination: out.stream, errorDestination: err.stream }).child('main');
    log.info({ port: 3000, botToken }, 'listening');
    log.warn({}, `token ${botToken} looks odd`);
    expect(out.lines()).toHaveLength(1);
    expect(out.lines()[0]).toMatch(/^\d{4}-\d\d-\d\dT\S+Z INFO  \[coordinator:main\] listening \{"port":3000,"botToken":"\[redacted\]"\}$/);
    expect(err.lines()[0]).toMatch(/WARN  \[coordinator:main\] token xoxb-\[redacted\] looks odd$/);
    expect(out.text() + err.text()).not.toContain(botToken);
  });

  it('is chosen on a terminal or with NODE_ENV=development; LOG_FORMAT wins', () => {
    expect(chooseLogFormat({ isTTY: false })).toBe('json');
    expect(chooseLogFormat({ isTTY: true })).toBe('pretty');
    expect(chooseLogFormat({ nodeEnv: 'development' })).toBe('pretty');
    expect(chooseLogFormat({ isTTY: true, format: 'json' })).toBe('json');
    expect(chooseLogFormat({ nodeEnv: 'production', format: 'pretty' })).toBe('pretty');
  });

  it('formats an entry read back from a line', () => {
    const e = parseLine('{"level":"error","time":"2026-12-01T09:30:00.000Z","ns":"x","msg":"boom","a":1}')!;
    expect(formatPretty(e)).toBe('2026-12-01T09:30:00.000Z ERROR [x] boom {"a":1}\n');
  });
});

describe('the recording logger (tests)', () => {
  it('keeps entries with level, namespace, message and context, redacted like the real output', () => {
    const { logger, entries } = createRecordingLogger('debug');
    logger.child('dispatcher').warn({ key: 'digest-chart:1', reason: 'missing_scope', token: botToken }, 'delivery failed permanently');
    logger.child('x').debug('plain', 'words');
    expect(entries.map(({ at: _at, ...e }) => e)).toEqual([
      { level: 'warn', namespace: 'coordinator:dispatcher', message: 'delivery failed permanently', context: { key: 'digest-chart:1', reason: 'missing_scope', token: '[redacted]' } },
      { level: 'debug', namespace: 'coordinator:x', message: 'plain words', context: {} },
    ]);
    expect(entries[0]!.at).toBeInstanceOf(Date);
  });
});

describe('redaction', () => {
  it.each([
    [`Bearer ${botToken}`, 'Bearer [redacted]'],
    [`token=${userToken}&x=1`, 'token=xoxp-[redacted]&x=1'],
    ['xoxe.xoxp-1-abc', 'xoxe.xoxp-[redacted]'],
    ['https://user:pa55@example.com/x', 'https://user:[redacted]@example.com/x'],
    ['postgres://u@h/db', 'postgres://u@h/db'],
    ['nothing secret here', 'nothing secret here'],
  ])('%s → %s', (input, expected) => {
    expect(redactSecrets(input)).toBe(expected);
  });

  it('masks secret keys whatever their spelling, keeps the rest', () => {
    expect(scrub({ SLACK_BOT_TOKEN: 'a', 'x-slack-signature': 'keep', Authorization: 'b', encryption_key: 'c', key: 'prompt:1', tokens: 3 })).toEqual({
      SLACK_BOT_TOKEN: '[redacted]',
      'x-slack-signature': 'keep',
      Authorization: '[redacted]',
      encryption_key: '[redacted]',
      key: 'prompt:1',
      tokens: 3,
    });
  });

  it('describes a configuration secret without showing it', () => {
    const d = describeConfigValue('SLACK_BOT_TOKEN', userToken);
    expect(d).toBe(`a ${userToken.length}-character value starting with "xoxp-", not shown`);
    expect(describeConfigValue('PORT', 'eighty')).toBe('got "eighty"');
    expect(describeConfigValue('SLACK_API_URL', 'x'.repeat(100))).toBe(`got "${'x'.repeat(60)}…"`);
  });
});
