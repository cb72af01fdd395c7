import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness.ts';
import { answerPrompt, command, dms, teamChannel, visibleText, type ModalLike, submitAnswerView } from '../support/standup-helpers.ts';
import { waitFor } from '../support/wait.ts';

/**
 * A day of standups through signed requests: setup by text, prompts at each
 * member's 09:30, an answer through the modal, the day's thread, the deadline.
 */
describe('standups end to end', () => {
  let h: Harness;
  const parent = () => h.fake.messages(teamChannel).find((m) => !m.thread_ts || m.thread_ts === m.ts)!;
  const replies = () => h.fake.messages(teamChannel).filter((m) => m.thread_ts && m.thread_ts !== m.ts);

  beforeAll(async () => {
    h = await startHarness({ now: '2026-11-30T20:00:00Z' });
    h.fake.addUser({ id: 'UMGR', name: 'mara', real_name: 'Mara Manager', tz: 'Europe/Berlin' });
    h.fake.addUser({ id: 'UNY', name: 'nia', real_name: 'Nia York', tz: 'America/New_York' });
    h.fake.addUser({ id: 'UIN', name: 'ishan', real_name: 'Ishan Kol', tz: 'Asia/Kolkata' });
    h.fake.addUser({ id: 'UBE', name: 'bea', real_name: 'Bea Berlin', tz: 'Europe/Berlin' });
    h.fake.addUser({ id: 'UBOT2', name: 'robot', is_bot: true });
  });
  afterAll(() => h.close());

  it('sets the team up by text; bad input changes nothing', async () => {
    expect(await command(h, 'UMGR', 'members add <@UNY|nia> <@UGHOST>')).toMatch(/<@UGHOST> is not in this workspace.*Nothing was changed/);
    expect(await command(h, 'UMGR', 'members add <@UBOT2>')).toMatch(/is a bot/);
    const created = await command(h, 'UMGR', 'members add <@UNY|nia> <@UIN|ishan> <@UBE|bea>');
    expect(created).toMatch(/Created the standup team #team-alpha/);
    expect(created).toMatch(/Added <@UNY>, <@UIN> and <@UBE> to the standup/);
    expect(await command(h, 'UMGR', 'schedule 25:99 mon-fri')).toMatch(/“25:99” is not a time of day.*Example/);
    expect(await command(h, 'UMGR', 'schedule 09:30 mon-funday')).toMatch(/not a list of days/);
    expect(await command(h, 'UMGR', 'schedule 09:30 mon-fri')).toMatch(/prompts at 09:30, Mon–Fri/);
    expect(await command(h, 'UNY', 'schedule 08:00 mon-fri')).toMatch(/Only #team-alpha's managers \(<@UMGR>\)/);
    expect(await command(h, 'UMGR', 'setup', 'DUMGR', 'directmessage')).toMatch(/Run this in the channel your team uses/);
    expect(await command(h, 'UNY', 'away 2026-12-10 2026-12-01')).toMatch(/before the first/);
    expect(await command(h, 'UNY', 'away 2025-01-01 2025-01-02')).toMatch(/already over/);
    const members = await command(h, 'UMGR', 'members');
    expect(members).toMatch(/Answering: (?=.*<@UNY>)(?=.*<@UIN>)(?=.*<@UBE>)/);
    expect(members).toContain('Managers: <@UMGR>');
  });

  it('prompts each member at 09:30 in their own zone, once', async () => {
    // Tuesday 1 Dec: Kolkata 09:30 = 04:00 UTC.
    await h.tickAt('2026-12-01T03:59:00Z');
    expect(dms(h, 'UIN')).toHaveLength(0);
    await h.tickAt('2026-12-01T04:00:00Z');
    expect(dms(h, 'UIN')).toHaveLength(1);
    expect(dms(h, 'UBE')).toHaveLength(0);
    await h.tickAt('2026-12-01T04:00:30Z');
    expect(dms(h, 'UIN')).toHaveLength(1);
    const prompt = dms(h, 'UIN')[0]!;
    expect(visibleText(prompt)).toMatch(/Standup for #team-alpha\* · Tue 1 Dec/);
    const buttons = (prompt.blocks as { type: string; elements?: { text: { text: string }; style?: string }[] }[]).find((b) => b.type === 'actions')!.elements!;
    expect(buttons.map((b) => b.text.text)).toEqual(['Answer', 'Skip today']);
    expect(buttons[0]!.style).toBe('primary');
    // Berlin 09:30 = 08:30 UTC; New York 09:30 = 14:30 UTC.
    await h.tickAt('2026-12-01T08:30:00Z');
    expect(dms(h, 'UBE')).toHaveLength(1);
    expect(dms(h, 'UNY')).toHaveLength(0);
    // The manager does not answer (not a participant).
    expect(dms(h, 'UMGR')).toHaveLength(0);
  });

  it('takes an answer through the modal and posts it in the day’s thread, escaped', async () => {
    const { res } = await answerPrompt(h, 'UIN', ['Shipped the <!channel> fix & the <@U123> thing', 'Review PR #42', 'none']);
    expect(res.status).toBe(200);
    expect(res.body).toBe('');
    await waitFor(() => replies().length === 1);
    expect(visibleText(parent())).toMatch(/Standup — Tue 1 Dec\* · 1 of 3 answered/);
    const reply = visibleText(replies()[0]);
    expect(reply).toContain('Ishan Kol');
    expect(reply).toContain('Shipped the &lt;!channel&gt; fix &amp; the &lt;@U123&gt; thing');
    expect(JSON.stringify(replies()[0])).not.toMatch(/<!channel>|<@U123>/);
    // The prompt now says it was answered, with an edit button.
    await waitFor(() => visibleText(dms(h, 'UIN')[0]).includes('Thanks'));
    expect(visibleText(dms(h, 'UIN')[0])).toContain('Edit answer');
  });

  it('rejects an empty required answer and an over-long one with field errors, saving nothing', async () => {
    const prompt = dms(h, 'UBE')[0]!;
    const before = h.fake.callsTo('views.open').length;
    await h.sender.blockAction({ user_id: 'UBE', action_id: 'standup_answer', value: (prompt.blocks as { elements?: { value?: string }[] }[])[1]!.elements![0]!.value!, channel_id: 'DUBE' });
    const opened = await h.fake.waitForCall('views.open', (c) => h.fake.callsTo('views.open').indexOf(c) >= before);
    const view = opened.args.view as ModalLike;
    const { res, inputs } = await submitAnswerView(h, 'UBE', view, ['', 'x'.repeat(3001), '']);
    const body = res.json<{ response_action: string; errors: Record<string, string> }>();
    expect(body.response_action).toBe('errors');
    expect(body.errors[inputs[0]!.block_id!]).toMatch(/Please answer/);
    expect(body.errors[inputs[1]!.block_id!]).toMatch(/3001 characters/);
    expect(replies()).toHaveLength(1);
    expect(await h.services.repos.standups.entry(1, 'UBE', '2026-12-01')).toMatchObject({ status: 'pending', answers: null });
  });

  it('reminds once, only those who have not answered, and never in the channel', async () => {
    // Reminder: 120 minutes after each member's prompt. Berlin 11:30 = 10:30 UTC.
    await h.tickAt('2026-12-01T06:00:00Z'); // Kolkata reminder time: Ishan answered, so nothing
    expect(dms(h, 'UIN')).toHaveLength(1);
    await h.tickAt('2026-12-01T10:30:00Z');
    await h.tickAt('2026-12-01T10:31:00Z');
    const bea = dms(h, 'UBE');
    expect(bea).toHaveLength(2);
    expect(visibleText(bea[1])).toMatch(/still open/);
    expect(h.fake.messages(teamChannel).filter((m) => /remind/i.test(visibleText(m)))).toHaveLength(0);
  });

  it('shows who answered, who is pending and who is away in /standup status', async () => {
    expect(await command(h, 'UNY', 'away 2026-12-01 2026-12-01')).toMatch(/Away Tue 1 Dec/);
    const status = await command(h, 'UMGR', 'status');
    expect(status).toMatch(/Answered \(1\): Ishan Kol/);
    expect(status).toMatch(/Pending \(1\): Bea Berlin/);
    expect(status).toMatch(/Away \(1\): Nia York/);
  });

  it('sends no prompt to someone away, and lists the missing and the away at the deadline', async () => {
    await h.tickAt('2026-12-01T14:30:00Z');
    expect(dms(h, 'UNY')).toHaveLength(0);
    // Deadline 13:00 in the latest zone (New York) = 18:00 UTC.
    await h.tickAt('2026-12-01T17:59:00Z');
    expect(visibleText(parent())).not.toMatch(/Missing/);
    await h.tickAt('2026-12-01T18:00:00Z');
    const text = visibleText(parent());
    expect(text).toMatch(/1 of 2 answered/);
    expect(text).toMatch(/Missing: Bea Berlin/);
    expect(text).toMatch(/Away: Nia York/);
    // One parent for the day, no @channel anywhere.
    expect(h.fake.messages(teamChannel).filter((m) => !m.thread_ts || m.thread_ts === m.ts)).toHaveLength(1);
    expect(JSON.stringify(h.fake.messages(teamChannel))).not.toMatch(/<!channel>|<!here>/);
  });

  it('edits the posted reply when the member submits again', async () => {
    const edit = dms(h, 'UIN')[0]!;
    await answerPrompt(h, 'UIN', ['Shipped the fix', 'Review PR #42 and #43', 'none'], edit);
    await waitFor(() => visibleText(replies()[0]).includes('#43'));
    expect(replies()).toHaveLength(1);
    expect(visibleText(replies()[0])).toContain('(edited)');
  });

  it('pre-fills "since last time" from the previous plan on the next day', async () => {
    await h.tickAt('2026-12-02T04:00:00Z');
    const prompt = dms(h, 'UIN').at(-1)!;
    expect(visibleText(prompt)).toContain('Wed 2 Dec');
    const before = h.fake.callsTo('views.open').length;
    await h.sender.blockAction({ user_id: 'UIN', action_id: 'standup_answer', value: (prompt.blocks as { elements?: { value?: string }[] }[])[1]!.elements![0]!.value!, channel_id: 'DUIN' });
    const opened = await h.fake.waitForCall('views.open', (c) => h.fake.callsTo('views.open').indexOf(c) >= before);
    const view = opened.args.view as ModalLike;
    expect(view.blocks.find((b) => b.type === 'input')!.element!.initial_value).toBe('Review PR #42 and #43');
  });
});
