import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness.ts';
import { command, dms, teamChannel, visibleText } from '../support/standup-helpers.ts';
import { waitFor } from '../support/wait.ts';

type View = { callback_id: string; private_metadata: string; title: { text: string }; blocks: { type: string; block_id?: string; element?: Record<string, unknown> }[] };

/** Fills the submitted state from the modal's own initial values, with overrides per block. */
function stateFrom(view: View, overrides: Record<string, Record<string, unknown>> = {}) {
  const values: Record<string, Record<string, Record<string, unknown>>> = {};
  for (const b of view.blocks) {
    if (b.type !== 'input' || !b.block_id || !b.element) continue;
    const el = b.element as Record<string, unknown> & { type: string; action_id: string };
    let v: Record<string, unknown>;
    switch (el.type) {
      case 'multi_users_select':
        v = { selected_users: el.initial_users ?? [] };
        break;
      case 'plain_text_input':
      case 'number_input':
        v = { value: el.initial_value ?? null };
        break;
      case 'static_select':
      case 'radio_buttons':
        v = { selected_option: el.initial_option ?? null };
        break;
      case 'checkboxes':
        v = { selected_options: el.initial_options ?? [] };
        break;
      case 'timepicker':
        v = { selected_time: el.initial_time ?? null };
        break;
      case 'conversations_select':
        v = { selected_conversation: el.initial_conversation ?? null };
        break;
      default:
        v = {};
    }
    values[b.block_id] = { [el.action_id]: { type: el.type, ...v, ...(overrides[b.block_id] ?? {}) } };
  }
  return values;
}

describe('the setup modal', () => {
  let h: Harness;
  let view: View;
  beforeAll(async () => {
    h = await startHarness({ now: '2026-11-30T20:00:00Z' });
    h.fake.addUser({ id: 'UMGR', name: 'mara', real_name: 'Mara Manager', tz: 'Europe/Berlin' });
    h.fake.addUser({ id: 'UA', name: 'ana', real_name: 'Ana', tz: 'Europe/Lisbon' });
    h.fake.addUser({ id: 'UB', name: 'ben', real_name: 'Ben', tz: 'America/Chicago' });
  });
  afterAll(() => h.close());

  it('opens pre-filled with sensible defaults, within Slack’s limits', async () => {
    await h.sender.command({ command: '/standup', text: 'setup', user_id: 'UMGR', channel_id: teamChannel, channel_name: 'team-alpha' });
    const call = await h.fake.waitForCall('views.open');
    expect(call.failed).toBeUndefined();
    view = call.args.view as View;
    expect(view.title.text.length).toBeLessThanOrEqual(24);
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    const el = (id: string) => view.blocks.find((b) => b.block_id === id)!.element!;
    expect(el('members').initial_users).toEqual(['UMGR']);
    expect(el('questions').initial_value).toBe('What did you get done since last time?\nWhat are you working on today?\nAnything blocking you?');
    expect(el('prompt_time').initial_time).toBe('09:30');
    expect(el('timezone').initial_value).toBe('Europe/Berlin');
    expect((el('days').initial_options as unknown[]).length).toBe(5);
    expect([el('capacity').initial_value, el('overload_threshold').initial_value, el('day_hours').initial_value, el('default_estimate').initial_value]).toEqual(['40', '100', '8', '4']);
  });

  it('answers invalid fields with field errors and creates nothing', async () => {
    const res = await h.sender.viewSubmission({
      user_id: 'UMGR',
      callback_id: view.callback_id,
      private_metadata: view.private_metadata,
      state_values: stateFrom(view, {
        questions: { value: '' },
        timezone: { value: 'Mars/Olympus' },
        deadline: { selected_time: '08:00' },
        days: { selected_options: [] },
        overload_threshold: { value: '20' },
        default_estimate: { value: '0' },
      }),
    });
    const body = res.json<{ response_action: string; errors: Record<string, string> }>();
    expect(body.response_action).toBe('errors');
    expect(Object.keys(body.errors).sort()).toEqual(['days', 'deadline', 'default_estimate', 'overload_threshold', 'questions', 'timezone']);
    expect(body.errors.overload_threshold).toBe('A percentage between 50 and 200, e.g. 100.');
    expect(body.errors.timezone).toMatch(/not a time zone. Example/);
    expect(await h.services.repos.teams.findByChannel('T0001', teamChannel)).toBeUndefined();
  });

  it('saves everything at once: members, managers, reordered questions, schedule', async () => {
    const res = await h.sender.viewSubmission({
      user_id: 'UMGR',
      callback_id: view.callback_id,
      private_metadata: view.private_metadata,
      state_values: stateFrom(view, {
        members: { selected_users: ['UA', 'UB'] },
        questions: { value: 'What are you working on today?\nWhat did you finish?\nAnything in your way?\nMood (1-5)?' },
        done_question: { selected_option: { value: '2' } },
        plan_question: { selected_option: { value: '1' } },
        blockers_question: { selected_option: { value: '3' } },
        prompt_time: { selected_time: '10:00' },
        days: { selected_options: [{ value: '1' }, { value: '3' }, { value: '5' }] },
        capacity: { value: '32' },
        overload_threshold: { value: '110' },
        day_hours: { value: '7' },
        default_estimate: { value: '6' },
      }),
    });
    expect(res.status).toBe(200);
    expect(res.body).toBe('');
    const team = (await h.services.repos.teams.findByChannel('T0001', teamChannel))!;
    expect(team).toMatchObject({ promptTime: '10:00', workingDays: [1, 3, 5], timezone: 'Europe/Berlin', createdBy: 'UMGR' });
    expect(team).toMatchObject({ capacityHours: 32, overloadThreshold: 110, dayHours: 7, defaultEstimateHours: 6 });
    const qs = await h.services.repos.teams.questions(team.id);
    expect(qs.map((q) => [q.text, q.kind, q.required])).toEqual([
      ['What are you working on today?', 'plan', true],
      ['What did you finish?', 'done', true],
      ['Anything in your way?', 'blockers', false],
      ['Mood (1-5)?', 'text', true],
    ]);
    const members = await h.services.repos.teams.members(team.id);
    expect(members.map((m) => [m.userId, m.isParticipant, m.isManager]).sort()).toEqual([
      ['UA', true, false],
      ['UB', true, false],
      ['UMGR', false, true],
    ]);
    await waitFor(() => h.fake.ephemerals({ user: 'UMGR' }).length > 0);
    expect(visibleText(h.fake.ephemerals({ user: 'UMGR' })[0])).toMatch(/Saved the settings.*Prompts at 10:00 Mon, Wed, Fri/);
  });

  it('opens again with what was saved', async () => {
    const before = h.fake.callsTo('views.open').length;
    await h.sender.command({ command: '/standup', text: 'setup', user_id: 'UMGR', channel_id: teamChannel, channel_name: 'team-alpha' });
    const again = (await h.fake.waitForCall('views.open', (c) => h.fake.callsTo('views.open').indexOf(c) >= before)).args.view as View;
    const el = (id: string) => again.blocks.find((b) => b.block_id === id)!.element!;
    expect(el('members').initial_users).toEqual(['UA', 'UB']);
    expect(el('prompt_time').initial_time).toBe('10:00');
    expect([el('capacity').initial_value, el('overload_threshold').initial_value, el('day_hours').initial_value, el('default_estimate').initial_value]).toEqual(['32', '110', '7', '6']);
  });

  it('a form opened before the workload fields existed leaves them as they are', async () => {
    const before = h.fake.callsTo('views.open').length;
    await h.sender.command({ command: '/standup', text: 'setup', user_id: 'UMGR', channel_id: teamChannel, channel_name: 'team-alpha' });
    const current = (await h.fake.waitForCall('views.open', (c) => h.fake.callsTo('views.open').indexOf(c) >= before)).args.view as View;
    const old = { ...current, blocks: current.blocks.filter((b) => !['overload_threshold', 'day_hours', 'default_estimate'].includes(b.block_id ?? '')) };
    const res = await h.sender.viewSubmission({ user_id: 'UMGR', callback_id: old.callback_id, private_metadata: old.private_metadata, state_values: stateFrom(old, { capacity: { value: '30' } }) });
    expect(res.body).toBe('');
    const team = (await h.services.repos.teams.findByChannel('T0001', teamChannel))!;
    expect(team).toMatchObject({ promptTime: '10:00', capacityHours: 30, overloadThreshold: 110, dayHours: 7, defaultEstimateHours: 6 });
  });

  it('refuses the modal to someone who is not a manager', async () => {
    expect(await command(h, 'UA', 'setup')).toMatch(/Only #team-alpha's managers \(<@UMGR>\) or a workspace admin/);
  });

  it('"Skip today" stops the reminder and shows the member as away, not missing', async () => {
    // Wed 2 Dec, Lisbon 10:00 = 10:00 UTC.
    await h.tickAt('2026-12-02T10:00:00Z');
    const prompt = dms(h, 'UA')[0]!;
    const skipValue = (prompt.blocks as { type: string; elements?: { action_id: string; value: string }[] }[]).find((b) => b.type === 'actions')!.elements!.find((e) => e.action_id === 'standup_skip')!.value;
    const res = await h.sender.blockAction({ user_id: 'UA', action_id: 'standup_skip', value: skipValue, channel_id: 'DUA', message_ts: prompt.ts });
    expect(res.status).toBe(200);
    await waitFor(() => visibleText(dms(h, 'UA')[0]).includes('Skipped today'));
    await h.tickAt('2026-12-02T12:00:00Z'); // reminder time
    expect(dms(h, 'UA')).toHaveLength(1);
    const status = await command(h, 'UMGR', 'status');
    expect(status).toMatch(/Away \(1\): Ana/);
  });

  it('refreshes a member’s zone when Slack sends user_change', async () => {
    const res = await h.sender.event({ event: { type: 'user_change', user: { id: 'UB', team_id: 'T0001', name: 'ben', real_name: 'Ben', tz: 'Asia/Tokyo' } } });
    expect(res.status).toBe(200);
    await waitFor(async () => (await h.services.workspaces.findUser('T0001', 'UB'))?.tz === 'Asia/Tokyo');
  });

  it('edits the questions by text as well', async () => {
    expect(await command(h, 'UMGR', 'question add Any risks for the release?')).toMatch(/5\. Any risks for the release\?/);
    expect(await command(h, 'UMGR', 'question move 5 1')).toMatch(/1\. Any risks for the release\?\n2\. What are you working on today\? _\(plan for today\)_/);
    expect(await command(h, 'UMGR', 'question blockers 1')).toMatch(/1\. Any risks for the release\? _\(blockers\)_ _\(optional\)_/);
    expect(await command(h, 'UMGR', 'question remove 9')).toMatch(/There is no question 9; there are 5/);
    expect(await command(h, 'UA', 'question remove 1')).toMatch(/Only #team-alpha's managers/);
    const qs = await h.services.repos.teams.questions(1);
    expect(qs.map((q) => q.kind)).toEqual(['blockers', 'plan', 'done', 'text', 'text']);
  });
});

describe('Slack retrying an event', () => {
  it('handles the same event_id once', async () => {
    const h = await startHarness({ now: '2026-12-01T10:00:00Z' });
    try {
      const event = { type: 'user_change', user: { id: 'UR', team_id: 'T0001', name: 'r', real_name: 'First', tz: 'Europe/Paris' } };
      expect((await h.sender.event({ event, event_id: 'Ev123' })).status).toBe(200);
      await waitFor(async () => (await h.services.workspaces.findUser('T0001', 'UR'))?.tz === 'Europe/Paris');
      // The retry carries a changed payload here only to prove it is not applied a second time.
      const retry = await h.sender.event({ event: { ...event, user: { ...event.user, tz: 'Asia/Tokyo' } }, event_id: 'Ev123', retryNum: 1, retryReason: 'http_timeout' });
      expect(retry.status).toBe(200);
      // Acknowledged before it is looked at: wait until the retry has been recognised and dropped.
      await waitFor(() => h.logs.some((e) => e.message === 'event already handled; Slack retried it'), { message: 'the retry dropped' });
      await h.idle();
      expect((await h.services.workspaces.findUser('T0001', 'UR'))?.tz).toBe('Europe/Paris');
    } finally {
      await h.close();
    }
  });
});
