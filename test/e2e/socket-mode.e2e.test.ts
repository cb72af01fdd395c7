import { waitFor } from '../support/wait.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices } from '../../src/services.ts';
import { createTestClock } from '../../src/shared/clock.ts';
import { createRecordingLogger } from '../../src/shared/logger.ts';
import { createSlackApp, type SlackApp } from '../../src/slack/app.ts';
import { createWebClient } from '../../src/slack/gateway.ts';
import { singleWorkspace } from '../../src/slack/workspace-gate.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.ts';
import { startResponseCatcher } from '../support/signer.ts';
import { startSocketModeServer } from '../support/socket-mode-server.ts';
import { visibleText } from '../support/standup-helpers.ts';

/**
 * The same app in Socket Mode (SLACK_APP_TOKEN set, no public URL): it opens its
 * connection through apps.connections.open, and commands and events arrive as envelopes
 * that it acks over the socket.
 */
describe('the real app in Socket Mode', () => {
  let db: TestDatabase;
  let fake: FakeSlack;
  let socket: Awaited<ReturnType<typeof startSocketModeServer>>;
  let catcher: Awaited<ReturnType<typeof startResponseCatcher>>;
  let slack: SlackApp;
  let opsPort: number | undefined;

  beforeAll(async () => {
    db = await createTestDatabase();
    fake = await startFakeSlack();
    socket = await startSocketModeServer();
    catcher = await startResponseCatcher();
    fake.socketModeUrl = socket.url;
    fake.addUser({ id: 'UMGR', name: 'mara', real_name: 'Mara', tz: 'Europe/Berlin' });
    fake.addUser({ id: 'UANA', name: 'ana', real_name: 'Ana', tz: 'Europe/Lisbon' });
    const clock = createTestClock('2026-12-01T08:00:00Z');
    const { logger } = createRecordingLogger('info');
    const web = createWebClient({ botToken: 'xoxb-test', apiUrl: fake.url, logger, clientOptions: { timeout: 2000 } });
    const services = createServices({ db: db.db, clock, logger, web });
    slack = createSlackApp({ botToken: 'xoxb-test', appToken: 'xapp-test', apiUrl: fake.url, logger, deps: { services, clock, logger }, bot: { userId: fake.botUserId, botId: fake.botId }, workspaces: singleWorkspace({ teamId: fake.teamId }), clientOptions: { retryConfig: { retries: 0 } } });
    expect(slack.mode).toBe('socket');
    ({ port: opsPort } = await slack.start(0));
    await socket.ready;
  });
  afterAll(async () => {
    await slack.stop().catch(() => {});
    await socket.close();
    await catcher.close();
    await fake.close();
    await db.close();
  });

  const command = (text: string, user = 'UMGR', id = text) => ({
    token: 'x', team_id: 'T0001', team_domain: 'acme', channel_id: 'CTEAM', channel_name: 'team-alpha', user_id: user, user_name: user.toLowerCase(),
    command: '/standup', text, api_app_id: 'A0001', response_url: catcher.url(id), trigger_id: `trigger-${id}`,
  });

  it('opened its connection through the Web API at SLACK_API_URL with the app token', () => {
    const open = fake.callsTo('apps.connections.open');
    expect(open).toHaveLength(1);
    expect(open[0]!.failed).toBeUndefined();
  });

  it('answers /standup help in the ack envelope itself', async () => {
    const ack = await socket.send('slash_commands', command('help'));
    expect(ack.payload?.response_type).toBe('ephemeral');
    expect(visibleText(ack.payload as { blocks?: unknown[] })).toContain('`/standup members add @a @b`');
  });

  it('acks a command at once and answers it through response_url, doing the work', async () => {
    const ack = await socket.send('slash_commands', command('members add <@UANA>', 'UMGR', 'add'));
    expect(ack.payload ?? {}).toEqual({});
    const reply = await catcher.waitFor((r) => r.id === 'add', 30_000);
    expect(visibleText(reply.body as { text?: string; blocks?: unknown[] })).toMatch(/Created the standup team #team-alpha \(you manage it\)\. Added <@UANA> to the standup/);
  });

  it('handles an event (a zone change) and acks it', async () => {
    fake.addUser({ id: 'UANA', name: 'ana', real_name: 'Ana', tz: 'Asia/Tokyo' });
    const ack = await socket.send('events_api', {
      token: 'x', team_id: 'T0001', api_app_id: 'A0001', type: 'event_callback', event_id: 'Ev001', event_time: 1764576000,
      event: { type: 'user_change', user: { id: 'UANA', name: 'ana', real_name: 'Ana', tz: 'Asia/Tokyo', tz_offset: 32400, is_bot: false, deleted: false } },
    });
    expect(ack.envelope_id).toBeTruthy();
    const tz = await waitFor(async () => {
      const row = await db.db.query.slackUsers.findFirst({ where: (u, { eq }) => eq(u.userId, 'UANA') });
      return row?.tz === 'Asia/Tokyo' ? row.tz : undefined;
    });
    expect(tz).toBe('Asia/Tokyo');
  });

  it('serves /healthz, /readyz and /metrics on PORT, as HTTP mode does', async () => {
    expect(opsPort).toBeGreaterThan(0);
    const base = `http://127.0.0.1:${opsPort}`;
    expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ ok: true });
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ ok: true, failed: [], checks: { commands: 'ok (0/256 in flight)' } });
    const metrics = await (await fetch(`${base}/metrics`)).text();
    // The commands sent over the socket above.
    expect(metrics).toMatch(/^coordinator_requests_total\{type="command",kind="\/standup",outcome="ok"\} [1-9]/m);
    expect(metrics).toMatch(/^coordinator_ack_seconds_count\{type="command",kind="\/standup"\} [1-9]/m);
    expect((await fetch(`${base}/slack/events`, { method: 'POST' })).status).toBe(404);
  });
});
