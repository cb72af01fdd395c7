import { createHmac } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCapacityGuard, type CapacityGuard } from '../../src/slack/capacity.ts';
import { busyText } from '../../src/slack/capacity.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import { workspacesWithRows } from '../support/invariants.ts';
import { command, teamChannel } from '../support/standup-helpers.ts';
import { waitFor } from '../support/wait.ts';
import { signingSecret } from '../support/harness.ts';

/**
 * The door: what a signed request must be before anything happens. Every workspace that
 * installs the app shares the signing secret, so the tests sign with it as an attacker could.
 */
describe('trust boundary', () => {
  let h: Harness;
  const sign = (ts: number, body: string) => `v0=${createHmac('sha256', signingSecret).update(`v0:${ts}:${body}`).digest('hex')}`;
  const now = () => Math.floor(Date.now() / 1000);
  async function post(body: string, contentType: string, ts = now(), signature = sign(ts, body)) {
    const res = await fetch(`${h.baseUrl}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': contentType, 'x-slack-request-timestamp': String(ts), 'x-slack-signature': signature },
      body,
    });
    return { status: res.status, body: await res.text() };
  }
  const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
  const FORM = 'application/x-www-form-urlencoded';

  beforeAll(async () => {
    h = await startHarness({ now: '2026-12-01T08:00:00Z' });
    h.fake.addUser({ id: 'UMGR', name: 'mara', tz: 'Europe/Berlin' });
    h.fake.addUser({ id: 'UANA', name: 'ana', tz: 'Europe/Berlin' });
    expect(await command(h, 'UMGR', 'members add <@UANA>')).toMatch(/Added/);
  });
  afterAll(() => h.close());

  describe('requests from a workspace that has not installed Coordinator', () => {
    it('are acknowledged with an empty 200 and change nothing: no row, no Web API call, one log line', async () => {
      const callsBefore = h.fake.calls.length;
      const logsBefore = h.logs.length;
      const team_id = 'T0002';
      const results = [
        await h.sender.command({ command: '/standup', text: 'join', user_id: 'UEVIL', channel_id: 'CEVIL', team_id }),
        await h.sender.command({ command: '/standup', text: 'setup', user_id: 'UEVIL', channel_id: teamChannel, team_id }),
        await h.sender.command({ command: '/blocker', text: 'the wall', user_id: 'UEVIL', channel_id: teamChannel, team_id }),
        await h.sender.viewSubmission({
          user_id: 'UEVIL',
          team_id,
          callback_id: 'standup_setup_modal',
          private_metadata: JSON.stringify({ c: 'CEVIL', n: 'evil' }),
          state_values: { members: { members: { type: 'multi_users_select', selected_users: ['UEVIL'] } } },
        }),
        await h.sender.blockAction({ user_id: 'UEVIL', team_id, action_id: 'blocker_help', value: '1', channel_id: teamChannel, message_ts: '1.000001' }),
        await h.sender.event({ team_id, event: { type: 'user_change', user: { id: 'UEVIL', team_id, is_admin: true, tz: 'UTC', name: 'evil' } } }),
        await h.sender.shortcut({ user_id: 'UEVIL', team_id, callback_id: 'create_task_from_message' } as never),
      ];
      for (const r of results) expect([r.status, r.body]).toEqual([200, '']);
      // An interactive payload whose team is ours but whose view (or user) belongs to another workspace.
      const mixed = await h.sender.viewSubmission({
        user_id: 'UEVIL',
        callback_id: 'standup_setup_modal',
        private_metadata: JSON.stringify({ c: 'CEVIL2', n: 'evil' }),
        view: { team_id: 'T0002', app_installed_team_id: 'T0001' },
        state_values: { members: { members: { type: 'multi_users_select', selected_users: ['UEVIL'] } } },
      });
      expect([mixed.status, mixed.body]).toEqual([200, '']);
      expect(h.fake.calls.length).toBe(callsBefore);
      expect((await workspacesWithRows(h.db.db)).filter((r) => r.workspace !== 'T0001')).toEqual([]);
      const ignored = h.logs.slice(logsBefore).filter((l) => /request ignored/.test(l.message));
      expect(ignored).toHaveLength(results.length + 1);
    });

    it('a Slack Connect admin of another organisation never becomes an admin here', async () => {
      // Delivered for our workspace, about a user whose home is another one (a shared channel).
      const res = await h.sender.event({ event: { type: 'user_change', user: { id: 'UEXT', team_id: 'TOTHER', is_admin: true, is_owner: true, tz: 'UTC', name: 'ext' } } });
      expect(res.status).toBe(200);
      await waitFor(async () => (await h.services.workspaces.findUser('T0001', 'UEXT'))?.tz === 'UTC');
      expect((await h.services.workspaces.findUser('T0001', 'UEXT'))?.isAdmin).toBe(false);
      // Our own admin still is one.
      await h.sender.event({ event: { type: 'user_change', user: { id: 'UBOSS', team_id: 'T0001', is_admin: true, tz: 'UTC', name: 'boss' } } });
      await waitFor(async () => (await h.services.workspaces.findUser('T0001', 'UBOSS'))?.isAdmin === true);
      // users.info about a stranger (Slack Connect) who is an admin at home: stored, but without rights.
      h.fake.addUser({ id: 'USTRANGER', name: 'stranger', tz: 'UTC', is_admin: true, team_id: 'TOTHER' });
      const reply = await command(h, 'USTRANGER', 'schedule 10:00 mon-fri');
      expect(reply).toMatch(/Only .*managers/);
      expect((await h.services.workspaces.findUser('T0001', 'USTRANGER'))?.isAdmin).toBe(false);
    });
  });

  describe('signed requests that are not Slack payloads', () => {
    it.each([
      ['payload=null', form({ payload: 'null' }), FORM],
      ['payload=[]', form({ payload: '[]' }), FORM],
      ['payload that is not JSON', form({ payload: '{nope' }), FORM],
      ['an interactive payload without a user', form({ payload: JSON.stringify({ type: 'block_actions', team: { id: 'T0001' }, actions: [{ action_id: 'x', type: 'button' }] }) }), FORM],
      ['an unknown interactive type', form({ payload: JSON.stringify({ type: 'dialog_submission', team: { id: 'T0001' }, user: { id: 'U1' } }) }), FORM],
      ['a command without a user', form({ command: '/standup', team_id: 'T0001', channel_id: 'C1', text: '' }), FORM],
      ['a field given twice', `${form({ command: '/standup', team_id: 'T0001', user_id: 'U1', channel_id: 'C1' })}&team_id=T0001`, FORM],
      ['JSON null', 'null', 'application/json'],
      ['an event without an event', JSON.stringify({ type: 'event_callback', team_id: 'T0001', event_id: 'Ev1' }), 'application/json'],
      ['text/plain', 'hello', 'text/plain'],
    ])('%s gets a 400 at once', async (_, body, type) => {
      const res = await post(body, type);
      expect(res.status).toBe(400);
    });

    it('a body over 1 MiB gets a 413', async () => {
      const res = await post(form({ command: '/standup', text: 'x'.repeat(1_100_000) }), FORM);
      expect(res.status).toBe(413);
    });

    it("Slack's unsigned SSL check gets a 200; an unsigned command dressed as one does not", async () => {
      const ssl = await fetch(`${h.baseUrl}/slack/events`, { method: 'POST', headers: { 'content-type': FORM }, body: form({ ssl_check: '1', token: 'legacy' }) });
      expect(ssl.status).toBe(200);
      const smuggled = await fetch(`${h.baseUrl}/slack/events`, {
        method: 'POST',
        headers: { 'content-type': FORM },
        body: form({ ssl_check: '1', command: '/standup', text: 'leave', team_id: 'T0001', user_id: 'UANA', channel_id: teamChannel }),
      });
      expect(smuggled.status).toBe(401);
    });

    it('url_verification still answers its challenge', async () => {
      const res = await h.sender.urlVerification('abc123');
      expect(res.status).toBe(200);
      expect(res.body).toContain('abc123');
    });
  });

  describe('timestamps', () => {
    const body = () => form({ command: '/standup', text: 'help', team_id: 'T0001', user_id: 'UMGR', channel_id: teamChannel, response_url: 'http://127.0.0.1:9/respond/x' });
    it.each([
      ['a year ahead', 365 * 86400],
      ['six minutes ahead', 6 * 60],
      ['six minutes ago', -6 * 60],
    ])('%s is refused (401) even with a good signature', async (_, offset) => {
      const res = await post(body(), FORM, now() + offset);
      expect(res.status).toBe(401);
    });
    it('four minutes ahead or behind is accepted (clock skew)', async () => {
      expect((await post(body(), FORM, now() + 240)).status).toBe(200);
      expect((await post(body(), FORM, now() - 240)).status).toBe(200);
    });
    it('a bad signature is refused', async () => {
      expect((await post(body(), FORM, now(), `v0=${'0'.repeat(64)}`)).status).toBe(401);
      expect((await post(body(), FORM, now(), 'v1=abc')).status).toBe(401);
    });
  });
});

describe('a Slack call or the database that hangs', () => {
  let h: Harness;
  let databaseStuck = false;
  let guard: CapacityGuard;
  beforeAll(async () => {
    h = await startHarness({
      now: '2026-12-01T08:00:00Z',
      // The whole limit is 2; a lagging loop may lower it to 1 (the test below drives the samples).
      capacity: (log) => (guard = createCapacityGuard(2, log, undefined, { min: 1, targetLagMs: 40, busyUtilization: 0.5 })),
      // Listener calls give up after 15 s here (4 s in production): long enough that a busy
      // machine cannot release the slots before the test has looked at them.
      webTimeoutMs: 15_000,
      // The real probe, or one that never answers (a database that stopped answering).
      databaseReady: () => (databaseStuck ? new Promise(() => {}) : h.db.db.execute(sql`select 1`).then(() => undefined)),
    });
    h.fake.addUser({ id: 'UMGR', name: 'mara', tz: 'Europe/Berlin' });
    expect(await command(h, 'UMGR', 'members add')).toBeTruthy();
  });
  afterAll(() => h.close());

  const ready = async () => {
    const res = await fetch(`${h.baseUrl}/readyz`);
    return { status: res.status, body: (await res.json()) as { ok: boolean; checks: Record<string, string> } };
  };

  it('holds a command slot only until the call times out; readiness says saturated meanwhile and recovers', { timeout: 120_000 }, async () => {
    expect((await ready()).status).toBe(200);
    h.fake.failNext('views.open', { hang: true }, 2);
    const before = h.fake.callsTo('views.open').length;
    // Two setups (the guard's limit here) each wait on a views.open that never answers.
    const first = await h.sender.command({ command: '/standup', text: 'setup', user_id: 'UMGR', channel_id: teamChannel, channel_name: 'team-alpha' });
    const second = await h.sender.command({ command: '/standup', text: 'setup', user_id: 'UMGR', channel_id: teamChannel, channel_name: 'team-alpha' });
    expect([first.status, second.status]).toEqual([200, 200]);
    await waitFor(() => h.fake.callsTo('views.open').length === before + 2);
    const saturated = await ready();
    expect(saturated.status).toBe(503);
    expect(saturated.body.checks.commands).toMatch(/saturated \(2\/2/);
    // A third command is answered "busy" at once.
    const third = await h.sender.command({ command: '/standup', text: 'status', user_id: 'UMGR', channel_id: teamChannel, channel_name: 'team-alpha' });
    expect(third.body).toContain(busyText.slice(0, 30));
    // The hung calls time out (the listener client's timeout); the slots come back and the process serves again.
    await waitFor(async () => (await ready()).status === 200, { timeoutMs: 90_000, intervalMs: 250 });
    const fourth = await h.sender.command({ command: '/standup', text: 'status', user_id: 'UMGR', channel_id: teamChannel, channel_name: 'team-alpha' });
    expect(fourth.body).not.toContain('very busy');
    // views.open was not retried after its trigger expired.
    expect(h.fake.callsTo('views.open').length).toBe(before + 2);
  });

  it('a lagging event loop lowers the limit: past it a command is answered "busy" at the door while readiness stays ready; as the loop recovers, commands are worked again', { timeout: 120_000 }, async () => {
    await waitFor(async () => (await ready()).status === 200 && guard.inFlight === 0, { timeoutMs: 90_000, intervalMs: 250 });
    h.fake.failNext('views.open', { hang: true }, 1);
    const before = h.fake.callsTo('views.open').length;
    const setup = await h.sender.command({ command: '/standup', text: 'setup', user_id: 'UMGR', channel_id: teamChannel, channel_name: 'team-alpha' });
    expect(setup.status).toBe(200);
    await waitFor(() => h.fake.callsTo('views.open').length === before + 1);
    // A sample of a busy loop lagging 500 ms with the window in use (main.ts feeds the real ones every 100 ms).
    guard.adapt({ lagMs: 500, utilization: 1 });
    expect(guard.current).toBe(1);
    const shed = await h.sender.command({ command: '/standup', text: 'status', user_id: 'UMGR', channel_id: teamChannel, channel_name: 'team-alpha' });
    expect(shed.body).toContain(busyText.slice(0, 30));
    const lagging = await ready();
    expect(lagging.status).toBe(200);
    expect(lagging.body.checks.commands).toMatch(/^ok \(1\/2 in flight\)/);
    // One quiet sample: room for one more, with the hung call still holding its slot.
    guard.adapt({ lagMs: 10, utilization: 0.1 });
    expect(guard.current).toBe(2);
    const worked = await h.sender.command({ command: '/standup', text: 'status', user_id: 'UMGR', channel_id: teamChannel, channel_name: 'team-alpha' });
    expect(worked.status).toBe(200);
    expect(worked.body).not.toContain('very busy');
    await waitFor(() => guard.inFlight === 0, { timeoutMs: 90_000, intervalMs: 250 });
  });

  it('readiness reports a database that does not answer', async () => {
    expect((await ready()).body.checks.database).toBe('ok');
    databaseStuck = true;
    try {
      const res = await ready();
      expect(res.status).toBe(503);
      expect(res.body.checks.database).toMatch(/unreachable: no answer within 2000 ms/);
    } finally {
      databaseStuck = false;
    }
    expect((await ready()).status).toBe(200);
  });
});
