import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actions, commands, events, fields, shortcuts, views } from '../../src/slack/ids.ts';
import { signingSecret, startHarness, type Harness } from '../support/harness.ts';
import { countRows, teamsWithoutManager, workspacesWithRows } from '../support/invariants.ts';
import { command, teamChannel } from '../support/standup-helpers.ts';
import { waitFor } from '../support/wait.ts';

/**
 * Signed requests of every kind the app registers — commands, buttons, modal submissions,
 * shortcuts, events — built from a well-formed base and then bent: a field swapped for a
 * wrong type, null, something huge, odd unicode, another workspace's id, a forged id. The
 * signing secret is shared by every workspace that installs the app, so an attacker can
 * sign all of these.
 *
 * Properties: every request is answered (never a 5xx), nothing is thrown that nobody
 * catches, nothing is logged as an error of ours, the process is ready afterwards, and the
 * database holds: no row of a workspace that is not installed, no team without a manager.
 */
describe('fuzzing every request kind, signed', () => {
  let h: Harness;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);

  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled);
    h = await startHarness({ now: '2026-12-01T09:00:00Z' });
    h.fake.addUser({ id: 'UMGR', name: 'mara', tz: 'Europe/Berlin' });
    h.fake.addUser({ id: 'UANA', name: 'ana', tz: 'Europe/Berlin' });
    h.fake.addUser({ id: 'UBO', name: 'bo', tz: 'America/New_York' });
    await command(h, 'UMGR', 'members add <@UANA> <@UBO>');
    await command(h, 'UANA', 'the staging certs expired', teamChannel, 'team-alpha', '/blocker');
    await command(h, 'UMGR', 'add Write the runbook <@UANA> 4h', teamChannel, 'team-alpha', '/task');
    await h.tickAt('2026-12-01T08:30:00Z');
  });
  afterAll(async () => {
    process.off('unhandledRejection', onUnhandled);
    await h.close();
  });

  const hostileString = fc.constantFrom(
    '',
    ' ',
    '\u0000',
    'a\u0000b',
    '\ud800',
    'x\udfffy',
    '<!channel>',
    '<@UGHOST|ghost>',
    '2147483648',
    '-1',
    '1e309',
    'NaN',
    '９',
    '٣',
    '{"c":"C1"}',
    'null',
    'T0002',
    'UGHOST',
    'V00000000',
    'x'.repeat(5000),
  );
  const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
    hostileString,
    fc.constantFrom(null, 0, -1, 2 ** 53, 1e308, true, false, [], {}, [null], { id: null }, { id: 'T0002' }),
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.array(hostileString, { maxLength: 5 }),
  );

  const user = (id: string, team = 'T0001') => ({ id, username: id.toLowerCase(), name: id.toLowerCase(), team_id: team });
  const team = { id: 'T0001', domain: 'fake' };
  const dm = (u: string) => h.fake.dmChannelId(u);
  const text = (v: string) => ({ type: 'plain_text_input', value: v });

  /** Well-formed bases, one per kind the app registers. */
  const bases: Array<{ name: string; content: 'form' | 'json'; build: () => Record<string, unknown> }> = [
    ...Object.values(commands).map((cmd) => ({
      name: `command ${cmd}`,
      content: 'form' as const,
      build: () => ({ command: cmd, text: 'help', team_id: 'T0001', user_id: 'UANA', channel_id: teamChannel, channel_name: 'team-alpha', response_url: h.catcher.url('fuzz'), trigger_id: '1.2.abc' }),
    })),
    ...[actions.promptAnswer, actions.promptSkip, actions.blockerHelp, actions.blockerResolve, `${actions.blockerRaiseIn}_1`].map((actionId) => ({
      name: `button ${actionId}`,
      content: 'form' as const,
      build: () => ({
        type: 'block_actions',
        team,
        user: user('UBO'),
        trigger_id: '1.2.abc',
        container: { type: 'message', message_ts: '1764579600.000100', channel_id: dm('UBO') },
        channel: { id: dm('UBO'), name: 'directmessage' },
        message: { type: 'message', ts: '1764579600.000100', text: '' },
        response_url: h.catcher.url('fuzz'),
        actions: [{ type: 'button', action_id: actionId, block_id: 'b', value: JSON.stringify({ t: 1, d: '2026-12-01' }), action_ts: '1764579600.1' }],
      }),
    })),
    {
      name: `view ${views.answer}`,
      content: 'form',
      build: () => ({
        type: 'view_submission',
        team,
        user: user('UANA'),
        view: {
          id: 'VFUZZ1',
          hash: '1.fuzz',
          callback_id: views.answer,
          private_metadata: JSON.stringify({ t: 1, d: '2026-12-01', b: [1] }),
          state: {
            values: {
              [`${fields.answer.blockPrefix}1`]: { [fields.answer.action]: text('the importer') },
              [`${fields.answer.blockPrefix}2`]: { [fields.answer.action]: text('the exporter') },
              [`${fields.answer.blockPrefix}3`]: { [fields.answer.action]: text('none') },
              [fields.carry.block]: { [fields.carry.action]: { type: 'checkboxes', selected_options: [{ value: '1' }] } },
            },
          },
        },
      }),
    },
    {
      name: `view ${views.setup}`,
      content: 'form',
      build: () => ({
        type: 'view_submission',
        team,
        user: user('UMGR'),
        view: {
          id: 'VFUZZ2',
          hash: '1.fuzz',
          callback_id: views.setup,
          private_metadata: JSON.stringify({ c: teamChannel }),
          state: {
            values: {
              [fields.setup.members.block]: { [fields.setup.members.action]: { type: 'multi_users_select', selected_users: ['UANA', 'UBO', 'UMGR'] } },
              [fields.setup.managers.block]: { [fields.setup.managers.action]: { type: 'multi_users_select', selected_users: ['UMGR'] } },
              [fields.setup.promptTime.block]: { [fields.setup.promptTime.action]: { type: 'timepicker', selected_time: '09:30' } },
              [fields.setup.days.block]: { [fields.setup.days.action]: { type: 'checkboxes', selected_options: [{ value: 'mon' }, { value: 'tue' }] } },
            },
          },
        },
      }),
    },
    {
      name: `view ${views.task}`,
      content: 'form',
      build: () => ({
        type: 'view_submission',
        team,
        user: user('UMGR'),
        view: {
          id: 'VFUZZ3',
          hash: '1.fuzz',
          callback_id: views.task,
          private_metadata: JSON.stringify({ c: teamChannel }),
          state: {
            values: {
              [fields.task.title.block]: { [fields.task.title.action]: text('Fuzzed task') },
              [fields.task.assignee.block]: { [fields.task.assignee.action]: { type: 'users_select', selected_user: 'UANA' } },
              [fields.task.estimate.block]: { [fields.task.estimate.action]: text('3h') },
              [fields.task.due.block]: { [fields.task.due.action]: { type: 'datepicker', selected_date: '2026-12-04' } },
            },
          },
        },
      }),
    },
    {
      name: `shortcut ${shortcuts.taskFromMessage}`,
      content: 'form',
      build: () => ({
        type: 'message_action',
        team,
        user: user('UMGR'),
        callback_id: shortcuts.taskFromMessage,
        trigger_id: '1.2.abc',
        channel: { id: teamChannel, name: 'team-alpha' },
        message_ts: '1764579600.000100',
        message: { type: 'message', ts: '1764579600.000100', text: 'please fix the exporter', user: 'UANA' },
        response_url: h.catcher.url('fuzz'),
      }),
    },
    ...[events.userChange, 'app_home_opened', 'app_uninstalled', 'tokens_revoked', 'message'].map((type) => ({
      name: `event ${type}`,
      content: 'json' as const,
      build: () => ({
        type: 'event_callback',
        team_id: 'T0001',
        api_app_id: 'A0001',
        event_id: `Ev${Math.random().toString(36).slice(2)}`,
        event_time: 1764579600,
        event: { type, user: type === events.userChange ? { id: 'UANA', team_id: 'T0001', tz: 'Europe/Berlin', name: 'ana' } : 'UANA', event_ts: '1764579600.000100' },
        authorizations: [{ enterprise_id: null, team_id: 'T0001', user_id: 'UBOT', is_bot: true }],
      }),
    })),
  ];

  /** Every path to a value in an object, for choosing what to bend. */
  function paths(value: unknown, prefix: string[] = []): string[][] {
    if (value === null || typeof value !== 'object') return [prefix];
    const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
    return [prefix, ...entries.flatMap(([k, v]) => paths(v, [...prefix, k]))];
  }
  function bend(obj: Record<string, unknown>, path: string[], to: unknown, remove: boolean): void {
    if (path.length === 0) return;
    let at: Record<string, unknown> = obj;
    for (const k of path.slice(0, -1)) at = at[k] as Record<string, unknown>;
    const last = path.at(-1)!;
    if (remove) delete at[last];
    else at[last] = to;
  }

  async function send(body: string, contentType: string) {
    const ts = Math.floor(Date.now() / 1000);
    const signature = `v0=${createHmac('sha256', signingSecret).update(`v0:${ts}:${body}`).digest('hex')}`;
    const res = await fetch(`${h.baseUrl}/slack/events`, { method: 'POST', headers: { 'content-type': contentType, 'x-slack-request-timestamp': String(ts), 'x-slack-signature': signature }, body });
    return { status: res.status, body: await res.text() };
  }

  it('answers every bent request without a 5xx, an uncaught error or a broken invariant', { timeout: 300_000 }, async () => {
    const logsBefore = h.logs.length;
    const tasksBefore = await countRows(h.db.db, 'tasks');
    const seen: string[] = [];
    const taskForms = new Set<string>();
    await fc.assert(
      fc.asyncProperty(fc.nat(bases.length - 1), fc.nat(), hostileValue, fc.boolean(), fc.nat(3), async (which, pathSeed, value, remove, bends) => {
        const base = bases[which]!;
        const payload = base.build();
        for (let i = 0; i <= bends; i++) {
          const all = paths(payload).filter((p) => p.length > 0);
          const path = all[(pathSeed + i * 7919) % all.length]!;
          bend(payload, path, structuredClone(value), remove && i === 0);
        }
        const body =
          base.content === 'json'
            ? JSON.stringify(payload)
            : 'command' in payload || typeof payload.type !== 'string'
              ? new URLSearchParams(Object.entries(payload).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)])).toString()
              : new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
        if (base.name === `view ${views.task}`) {
          const v = (payload.view ?? {}) as { id?: unknown; hash?: unknown };
          taskForms.add(JSON.stringify([v.id, v.hash]));
        }
        const res = await send(body, base.content === 'json' ? 'application/json' : 'application/x-www-form-urlencoded').catch((err: unknown) => {
          throw new Error(`${base.name}: no answer to ${body.slice(0, 300)} after ${seen.slice(-3).join(' | ')}`, { cause: err });
        });
        seen.push(`${base.name} → ${res.status} ${body.slice(0, 200)}`);
        expect(res.status, `${base.name}: ${body.slice(0, 300)}`).toBeLessThan(500);
        expect([200, 400, 413]).toContain(res.status);
      }),
      { numRuns: 400, seed: 20261201 },
    );
    // Work that goes on after the ack settles before the invariants are read.
    await waitFor(() => h.slack.capacity.inFlight === 0, { timeoutMs: 60_000 });
    await h.idle();

    expect(unhandled.map(String)).toEqual([]);
    const errors = h.logs.slice(logsBefore).filter((l) => l.level === 'error');
    expect(errors.map((e) => `${e.namespace}: ${e.message} ${JSON.stringify(e.context).slice(0, 3000)}`)).toEqual([]);
    const ready = await fetch(`${h.baseUrl}/readyz`);
    expect(ready.status).toBe(200);
    expect((await workspacesWithRows(h.db.db)).filter((r) => r.workspace !== 'T0001')).toEqual([]);
    expect(await teamsWithoutManager(h.db.db)).toEqual([]);
    // One task form (a view id and hash), however it was bent and however often it came, adds at most one task.
    expect((await countRows(h.db.db, 'tasks')) - tasksBefore).toBeLessThanOrEqual(taskForms.size);
    // Every kind was tried.
    for (const b of bases) expect(seen.some((s) => s.startsWith(`${b.name} →`)), b.name).toBe(true);
  });
});
