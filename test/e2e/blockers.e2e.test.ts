import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness.ts';
import { createProcess } from '../support/seed.ts';
import { answerPrompt, buttonValue, command, dms, teamChannel, visibleText } from '../support/standup-helpers.ts';
import { waitFor } from '../support/wait.ts';

/**
 * A blocker's life through signed requests: raised from a standup answer, announced
 * to the manager, carried forward, escalated once per level across a weekend, resolved.
 */
describe('blockers end to end', () => {
  let h: Harness;
  const thread = () => h.fake.messages(teamChannel).filter((m) => m.thread_ts && m.thread_ts !== m.ts);
  const blockerCmd = (user: string, text: string, team = 'T0001') =>
    h.sender.command({ command: '/blocker', text, user_id: user, channel_id: teamChannel, channel_name: 'team-alpha', team_id: team }).then(async (res) => {
      const id = res.responseUrl!.split('/respond/')[1]!;
      if (res.body) return visibleText(res.json());
      const got = await h.catcher.waitFor((r) => r.id === id);
      return visibleText(got.body as { text?: string; blocks?: unknown[] });
    });
  const escalations = () => [...h.fake.messages('DUMGR'), ...h.fake.messages('CSTAKE')].filter((m) => /has been open/.test(visibleText(m)));

  beforeAll(async () => {
    h = await startHarness({ now: '2026-12-02T20:00:00Z' });
    h.fake.addUser({ id: 'UMGR', name: 'mara', real_name: 'Mara Manager', tz: 'Europe/Berlin' });
    h.fake.addUser({ id: 'UANA', name: 'ana', real_name: 'Ana Dev', tz: 'Europe/Berlin' });
    h.fake.addUser({ id: 'UBO', name: 'bo', real_name: 'Bo Dev', tz: 'Europe/Berlin' });
    h.fake.addChannel({ id: 'CSTAKE', name: 'stakeholders' });
    await command(h, 'UMGR', 'members add <@UANA> <@UBO>');
    await command(h, 'UMGR', 'timezone Europe/Berlin');
    const team = (await h.services.repos.teams.findByChannel('T0001', teamChannel))!;
    await h.services.teams.update(team, { stakeholderChannelId: 'CSTAKE' });
  });
  afterAll(() => h.close());

  it('raises two blockers from two answer lines and announces them to the manager in one message', async () => {
    await h.tickAt('2026-12-03T08:30:00Z'); // Thu 3 Dec, 09:30 Berlin
    await answerPrompt(h, 'UANA', ['Finished the importer', 'Deploy it', '- no access to the staging DB\n- waiting on legal review <!here>']);
    await waitFor(() => thread().filter((m) => /new blocker/.test(visibleText(m))).length === 1);
    const notes = thread().filter((m) => /new blocker/.test(visibleText(m))).map(visibleText);
    // One message, in the order written.
    expect(notes[0]).toMatch(/<@UMGR> — 2 new blockers from Ana Dev:\n\*#1\* no access to the staging DB\n.*\*#2\* waiting on legal review &lt;!here&gt;/s);
    const list = await blockerCmd('UBO', 'list');
    expect(list).toMatch(/#1\* no access to the staging DB\n_raised today · raised by <@UANA> · no owner yet_/);
    expect(list).toMatch(/#2\*/);
  });

  it('"I\'ll help" makes the clicker the owner', async () => {
    const res = await h.sender.blockAction({ user_id: 'UBO', action_id: 'blocker_help', value: '1', channel_id: teamChannel, message_ts: thread()[1]!.ts });
    expect(res.status).toBe(200);
    await waitFor(async () => (await h.services.repos.blockers.byId('T0001', 1))?.ownerId === 'UBO');
    expect(await blockerCmd('UMGR', 'list')).toMatch(/#1\*.*\n_raised today · raised by <@UANA> · owner <@UBO>_/);
  });

  it('carries blockers forward: the same text the next day is the same blocker, and it ages', async () => {
    await h.tickAt('2026-12-04T08:30:00Z'); // Fri: age 1
    const prompt = dms(h, 'UANA').at(-1)!;
    const before = h.fake.callsTo('views.open').length;
    await h.sender.blockAction({ user_id: 'UANA', action_id: 'standup_answer', value: buttonValue(prompt, 'standup_answer'), channel_id: 'DUANA' });
    const view = (await h.fake.waitForCall('views.open', (c) => h.fake.callsTo('views.open').indexOf(c) >= before)).args.view as {
      callback_id: string;
      private_metadata: string;
      blocks: { type: string; block_id?: string; element?: { type: string; options?: { value: string }[]; initial_options?: { value: string }[] } }[];
    };
    const carry = view.blocks.find((b) => b.block_id === 'carry_blockers')!;
    expect(carry.element!.initial_options!.map((o) => o.value)).toEqual(['1', '2']);
    const inputs = view.blocks.filter((b) => b.type === 'input' && b.block_id!.startsWith('q_'));
    const state: Record<string, Record<string, Record<string, unknown>>> = {};
    ['Importer deployed', 'Docs', 'no access to the staging DB'].forEach((v, i) => (state[inputs[i]!.block_id!] = { answer: { type: 'plain_text_input', value: v } }));
    state.carry_blockers = { carry: { type: 'checkboxes', selected_options: [{ value: '1' }, { value: '2' }] } };
    const res = await h.sender.viewSubmission({ user_id: 'UANA', callback_id: view.callback_id, private_metadata: view.private_metadata, state_values: state });
    expect(res.body).toBe('');
    await waitFor(() => thread().length >= 3);
    expect((await h.services.repos.blockers.openOfTeam(1)).map((b) => b.id)).toEqual([1, 2]);
    expect(await blockerCmd('UMGR', 'list')).toMatch(/open 1 working day/);
    expect(escalations()).toHaveLength(0);
  });

  it('escalates once at 2 working days (the weekend does not count), to the manager and the stakeholder channel', async () => {
    await h.tickAt('2026-12-05T08:30:00Z'); // Sat
    await h.tickAt('2026-12-06T08:30:00Z'); // Sun
    expect(escalations()).toHaveLength(0);
    await h.tickAt('2026-12-07T08:29:00Z'); // Mon, before the prompt time: still age 1
    expect(escalations()).toHaveLength(0);
    // Mon at 09:30: age 2. Two processes tick the same minute; each escalation still goes out once.
    const other = createProcess(h.db.db, h.fake, { now: '2026-12-07T08:30:00Z', worker: 'other' });
    await Promise.all([h.tickAt('2026-12-07T08:30:00Z'), other.tick('2026-12-07T08:30:00Z')]);
    await h.tickAt('2026-12-07T08:31:00Z');
    expect(escalations()).toHaveLength(4); // 2 blockers × (manager DM + stakeholder channel)
    expect(escalations().map(visibleText).join('\n')).toMatch(/Blocker \*#1\* in <#CTEAM> has been open 2 working days: no access to the staging DB\nRaised by <@UANA> · owner <@UBO>/);
    await h.tickAt('2026-12-08T08:30:00Z'); // Tue: age 3, nothing new
    expect(escalations()).toHaveLength(4);
  });

  it('escalates again, once, at twice the threshold', async () => {
    await Promise.all([h.tickAt('2026-12-09T08:30:00Z'), createProcess(h.db.db, h.fake, { now: '2026-12-09T08:30:00Z', worker: 'x' }).tick('2026-12-09T08:30:00Z')]);
    await h.tickAt('2026-12-10T08:30:00Z');
    expect(escalations()).toHaveLength(8);
    expect(escalations().filter((m) => /:rotating_light:/.test(visibleText(m)))).toHaveLength(4);
  });

  it('refuses to resolve for someone who is neither reporter, owner nor manager, and ignores another workspace', async () => {
    h.fake.addUser({ id: 'UEVE', name: 'eve', tz: 'UTC' });
    expect(await blockerCmd('UEVE', 'resolve 2')).toMatch(/Only <@UANA> \(who raised it\) or a manager \(<@UMGR>\) can resolve blocker #2\. Nothing was changed/);
    // A workspace that has not installed Coordinator is acknowledged with an empty 200 and otherwise ignored.
    const other = await h.sender.command({ command: '/blocker', text: 'resolve 2', user_id: 'UOTHER', channel_id: teamChannel, team_id: 'T0002' });
    expect([other.status, other.body]).toEqual([200, '']);
    expect((await h.services.repos.blockers.byId('T0001', 2))!.status).toBe('open');
  });

  it('"Resolved" by the reporter posts a note in the thread where it was announced', async () => {
    const res = await h.sender.blockAction({ user_id: 'UANA', action_id: 'blocker_resolve', value: '2', channel_id: teamChannel });
    expect(res.status).toBe(200);
    await waitFor(() => h.fake.ephemerals({ user: 'UANA' }).some((m) => /Resolved blocker #2/.test(visibleText(m))));
    await waitFor(() => thread().some((m) => /Blocker \*#2\* resolved by <@UANA> after 5 working days/.test(visibleText(m))));
    const list = await blockerCmd('UMGR', 'list');
    expect(list).toMatch(/#1\*/);
    expect(list).not.toMatch(/#2\*/);
    // Resolved blockers are not escalated any more.
    await h.tickAt('2026-12-11T08:30:00Z');
    expect(escalations()).toHaveLength(8);
  });

  it('a blocker raised by /blocker is announced once; the same text again is not a second one', async () => {
    const first = await blockerCmd('UBO', 'CI red since the Node upgrade');
    expect(first).toMatch(/Raised blocker #3 in #team-alpha/);
    expect(await blockerCmd('UBO', 'CI red since the Node upgrade!')).toMatch(/already have this one open as blocker #3/);
    await waitFor(() => thread().some((m) => /new blocker \*#3\* from Bo Dev/.test(visibleText(m))));
    await h.tickAt('2026-12-11T08:35:00Z');
    expect(thread().filter((m) => /new blocker \*#3\*/.test(visibleText(m)))).toHaveLength(1);
  });

  it('unticking a blocker in the next standup resolves it, with a note in its thread', async () => {
    await h.tickAt('2026-12-14T08:30:00Z'); // Mon 14 Dec
    const prompt = dms(h, 'UBO').at(-1)!;
    const before = h.fake.callsTo('views.open').length;
    await h.sender.blockAction({ user_id: 'UBO', action_id: 'standup_answer', value: buttonValue(prompt, 'standup_answer'), channel_id: 'DUBO', message_ts: prompt.ts });
    const view = (await h.fake.waitForCall('views.open', (c) => h.fake.callsTo('views.open').indexOf(c) >= before)).args.view as {
      callback_id: string;
      private_metadata: string;
      blocks: { type: string; block_id?: string; element?: { initial_options?: { value: string }[] } }[];
    };
    expect(view.blocks.find((b) => b.block_id === 'carry_blockers')!.element!.initial_options!.map((o) => o.value)).toEqual(['3']);
    const inputs = view.blocks.filter((b) => b.type === 'input' && b.block_id!.startsWith('q_'));
    const state: Record<string, Record<string, Record<string, unknown>>> = {};
    ['Fixed CI', 'Release', 'none'].forEach((v, i) => (state[inputs[i]!.block_id!] = { answer: { type: 'plain_text_input', value: v } }));
    state.carry_blockers = { carry: { type: 'checkboxes', selected_options: [] } };
    await h.sender.viewSubmission({ user_id: 'UBO', callback_id: view.callback_id, private_metadata: view.private_metadata, state_values: state });
    await waitFor(async () => (await h.services.repos.blockers.byId('T0001', 3))?.status === 'resolved');
    await waitFor(() => thread().some((m) => /Blocker \*#3\* resolved by <@UBO>/.test(visibleText(m))));
    expect((await h.services.repos.blockers.byId('T0001', 3))!.resolvedBy).toBe('UBO');
  });

  it('/blocker threshold is for managers, and changes when escalation happens', async () => {
    expect(await blockerCmd('UBO', 'threshold 3')).toMatch(/Only #team-alpha's managers/);
    expect(await blockerCmd('UMGR', 'threshold 3')).toMatch(/escalated to managers and <#CSTAKE> after 3 working days, and again after 6 working days/);
    expect((await h.services.repos.teams.findByChannel('T0001', teamChannel))!.blockerThresholdDays).toBe(3);
  });

  it('in a DM, someone in several teams is asked which team the blocker is for', async () => {
    await command(h, 'UMGR', 'members add <@UBO>', 'COTHER', 'team-beta');
    const res = await h.sender.command({ command: '/blocker', text: 'laptop died', user_id: 'UBO', channel_id: 'DUBO', channel_name: 'directmessage' });
    const id = res.responseUrl!.split('/respond/')[1]!;
    const reply = (await h.catcher.waitFor((r) => r.id === id)).body as { blocks: { type: string; elements?: { action_id: string; value: string; text: { text: string } }[] }[] };
    const buttons = reply.blocks.find((b) => b.type === 'actions')!.elements!;
    expect(buttons.map((b) => b.text.text)).toEqual(['#team-alpha', '#team-beta']);
    await h.sender.blockAction({ user_id: 'UBO', action_id: buttons[1]!.action_id, value: buttons[1]!.value, channel_id: 'DUBO', message_ts: '1.1' });
    await waitFor(async () => (await h.services.repos.blockers.openOfTeam(2)).length === 1);
    expect((await h.services.repos.blockers.openOfTeam(2))[0]!.text).toBe('laptop died');
  });
});
