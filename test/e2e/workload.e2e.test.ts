import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness.ts';
import { command, teamChannel, visibleText } from '../support/standup-helpers.ts';
import { validateMessageBlocks } from '../support/slack-limits.ts';
import { waitFor } from '../support/wait.ts';

describe('workload end to end', () => {
  let h: Harness;
  const task = (user: string, text: string) => command(h, user, text, teamChannel, 'team-alpha', '/task');
  const workload = (user: string, text: string) => command(h, user, text, teamChannel, 'team-alpha', '/workload');
  const warnings = () => h.fake.messages('DUMGR').filter((m) => /is at \*\d+%\*/.test(visibleText(m)));

  beforeAll(async () => {
    // Monday 30 Nov 2026, 10:00 in Berlin.
    h = await startHarness({ now: '2026-11-30T09:00:00Z' });
    for (const [id, name] of [['UMGR', 'Mara Manager'], ['UANA', 'Ana'], ['UBO', 'Bo'], ['UCY', 'Cy']] as const) h.fake.addUser({ id, name: name.toLowerCase(), real_name: name, tz: 'Europe/Berlin' });
    await command(h, 'UMGR', 'members add <@UANA> <@UBO> <@UCY>');
    await command(h, 'UMGR', 'timezone Europe/Berlin');
  });
  afterAll(() => h.close());

  it('tells the assigner at once when three tasks push someone to 125 %', async () => {
    expect(await task('UMGR', 'add Build the API <@UANA> 20h')).toMatch(/Added to #team-alpha for <@UANA>: \*#1\* Build the API · 20h/);
    const second = await task('UMGR', 'add Build the UI <@UANA> 20h');
    expect(second).toMatch(/Added to #team-alpha for <@UANA>: \*#2\* Build the UI/);
    expect(second).not.toMatch(/This puts/);
    const third = await task('UMGR', 'add Write the docs <@UANA> 10h');
    expect(third).toMatch(/This puts <@UANA> at \*125%\* this week \(50 h planned of 40 h\)/);
    const review = await task('UBO', 'add Review <@UCY> 8h');
    expect(review).toMatch(/Added to #team-alpha for <@UCY>/);
    expect(review).not.toMatch(/This puts/);
  });

  it('warns the manager once at the next tick, naming the tasks and who has room; not again', async () => {
    await h.tickAt('2026-11-30T09:01:00Z');
    expect(warnings()).toHaveLength(1);
    const text = visibleText(warnings()[0]);
    expect(text).toMatch(/<@UANA> is at \*125%\* this week in #team-alpha \(50 h planned of 40 h available\)/);
    expect(text).toMatch(/#1 Build the API — 20 h/);
    expect(text).toMatch(/Most room that week: <@UBO> \(0%\) and <@UCY> \(20%\)/);
    await h.tickAt('2026-11-30T09:02:00Z');
    await h.tickAt('2026-11-30T09:30:00Z');
    expect(warnings()).toHaveLength(1);
  });

  it('warns again only after a marked rise (150 %), and not when work is done', async () => {
    const fourth = await task('UMGR', 'add Fix the flaky tests <@UANA> 10h');
    expect(fourth).toMatch(/This puts <@UANA> at \*150%\*/);
    await h.tickAt('2026-11-30T09:31:00Z');
    expect(warnings()).toHaveLength(2);
    expect(visibleText(warnings()[1])).toMatch(/\*150%\*/);
    for (const id of [1, 2, 3, 5]) expect(await task('UANA', `done ${id}`)).toMatch(/Done: #/);
    await h.tickAt('2026-11-30T09:32:00Z');
    expect(warnings()).toHaveLength(2);
    expect(await workload('UMGR', '')).toMatch(/Ana\*\n.*this week .* \*0%\*/);
  });

  it('shows the team table overloaded first, and one person by week', async () => {
    await task('UMGR', 'add Migrate the database <@UBO> 3d');
    await task('UMGR', 'add Plan Q1 <@UBO> 4h due 2026-12-08');
    const table = await workload('UANA', '');
    const order = [...table.matchAll(/\*(Mara Manager|Ana|Bo|Cy)\*/g)].map((m) => m[1]);
    expect(order[0]).toBe('Bo');
    expect(table).toMatch(/Bo\*\n.*this week .*\*\d+%\* · \d+(\.\d)?\/40 h/);
    const person = await workload('UANA', '<@UBO>');
    expect(person).toMatch(/#6 Migrate the database — 24 h/);
    expect(person).toMatch(/Week of Mon 7 Dec/);
  });

  it('answers bad input clearly and changes nothing', async () => {
    expect(await task('UMGR', 'add Deploy -3h')).toMatch(/not a positive estimate.*Example/);
    expect(await task('UMGR', 'add Deploy 0h')).toMatch(/not a positive estimate/);
    expect(await task('UMGR', 'add Deploy 999d')).toMatch(/more than 200 hours/);
    expect(await task('UMGR', 'add Deploy due 2026-02-30')).toMatch(/not a date on the calendar/);
    expect(await task('UMGR', 'done 999')).toMatch(/There is no task #999 in #team-alpha/);
    // Someone outside the task cannot close it; another workspace is not even answered.
    h.fake.addUser({ id: 'UEVE', name: 'eve', tz: 'UTC' });
    expect(await task('UEVE', 'done 6')).toMatch(/Only <@UBO> \(the assignee\), <@UMGR> \(who added it\) or a manager can change task #6/);
    const other = await h.sender.command({ command: '/task', text: 'done 6', user_id: 'UX', channel_id: 'CX', team_id: 'T0002' });
    expect([other.status, other.body]).toEqual([200, '']);
    expect(await task('UMGR', 'add Deploy <@UGHOST>')).toMatch(/<@UGHOST> is not in this workspace/);
    h.fake.addUser({ id: 'UOUT', name: 'outsider', tz: 'UTC' });
    expect(await task('UMGR', 'add Deploy <@UOUT>')).toMatch(/<@UOUT> is not in #team-alpha.*Nothing was changed/);
    expect((await h.services.repos.workload.openOfTeam(1)).map((t) => t.id).sort()).toEqual([4, 6, 7]);
    expect(await workload('UBO', 'capacity <@UANA> 32h')).toMatch(/Only #team-alpha's managers/);
    expect(await workload('UMGR', 'capacity <@UANA> 32h')).toMatch(/<@UANA> now has 32 h a week/);
    // A team whose working day is 7 hours: 2d is 14 h.
    expect(await workload('UMGR', 'dayhours 7')).toMatch(/a day in estimates \(`2d`\) is now 7 hours/);
    expect(await task('UMGR', 'add Write the handbook <@UANA> 2d')).toMatch(/Write the handbook · 14h/);
    expect(await workload('UMGR', 'threshold 120')).toMatch(/above 120% is overloaded/);
    expect(await workload('UMGR', 'threshold 20')).toMatch(/50–200 %. Example/);
  });

  it('sets the team’s default capacity and what an unestimated task counts for, by text (managers only)', async () => {
    expect(await workload('UBO', 'capacity 20h')).toMatch(/Only #team-alpha's managers/);
    expect(await workload('UBO', 'unestimated 6h')).toMatch(/Only #team-alpha's managers/);
    expect(await workload('UMGR', 'capacity 20h')).toBe(':calendar: In #team-alpha, everyone without a capacity of their own now has 20 h a week.');
    // Ana keeps the 32 h set for her alone; everyone else now has 20.
    const table = await workload('UMGR', '');
    expect(table).toMatch(/\*Ana\*\nthis week .*· 14\/32 h/);
    expect(table).toMatch(/\*Cy\*\nthis week .*· 8\/20 h/);
    expect(table).toMatch(/\*Bo\*\nthis week .*\/20 h/);
    await task('UMGR', 'add Research the options <@UCY>');
    expect(await workload('UMGR', '<@UCY>')).toMatch(/\*This week\* .*· 12\/20 h\n• #4 Review — 8 h\n• #9 Research the options — 4 h _\(default estimate\)_/);
    expect(await workload('UMGR', 'unestimated 6h')).toBe(':hourglass: In #team-alpha, a task nobody estimated now counts as 6 h.');
    expect(await workload('UMGR', '<@UCY>')).toMatch(/\*This week\* .*· 14\/20 h\n• #4 Review — 8 h\n• #9 Research the options — 6 h _\(default estimate\)_/);
    expect(await workload('UMGR', 'unestimated 2d')).toMatch(/1–40. Example: `\/workload unestimated 4h`/);
  });

  it('creates a task from a message, linking back to it', async () => {
    const posted = await h.services.web.chat.postMessage({ channel: teamChannel, text: 'Can someone renew the TLS cert before Friday?' });
    const res = await h.sender.messageAction({ user_id: 'UBO', callback_id: 'create_task_from_message', channel_id: teamChannel, message_ts: posted.ts!, message: { type: 'message', text: 'Can someone renew the TLS cert before Friday?', ts: posted.ts!, user: 'UANA' } });
    expect(res.status).toBe(200);
    const opened = await h.fake.waitForCall('views.open', (c) => (c.args.view as { callback_id: string }).callback_id === 'task_modal');
    const view = opened.args.view as { callback_id: string; private_metadata: string; blocks: { block_id: string; element: { initial_value?: string } }[] };
    expect(view.blocks[0]!.element.initial_value).toBe('Can someone renew the TLS cert before Friday?');
    const submit = (estimate: string) =>
      h.sender.viewSubmission({
        user_id: 'UBO',
        callback_id: view.callback_id,
        private_metadata: view.private_metadata,
        state_values: {
          task_title: { title: { type: 'plain_text_input', value: 'Renew the TLS cert' } },
          task_assignee: { assignee: { type: 'users_select', selected_user: 'UBO' } },
          task_estimate: { estimate: { type: 'plain_text_input', value: estimate } },
          task_due: { due: { type: 'datepicker', selected_date: '2026-12-04' } },
        },
      });
    const bad = await submit('soon');
    expect(bad.json<{ errors: Record<string, string> }>().errors.task_estimate).toMatch(/not an estimate/);
    const ok = await submit('2h');
    expect(ok.body).toBe('');
    // The link back is looked up after the ack.
    const created = await waitFor(async () => (await h.services.repos.workload.openOfTeam(1)).find((t) => t.title === 'Renew the TLS cert' && t.sourceUrl));
    expect(created).toMatchObject({ assigneeId: 'UBO', estimateMinutes: 120, dueDate: '2026-12-04' });
    expect(created.sourceUrl).toMatch(/^https:\/\//);
    await waitFor(() => h.fake.ephemerals({ user: 'UBO' }).some((m) => /Renew the TLS cert/.test(visibleText(m))));
  });
});

describe('/workload for a team of 12', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ now: '2026-11-30T09:00:00Z' });
    h.fake.addUser({ id: 'UMGR', name: 'mgr', real_name: 'Manager <&>', tz: 'Europe/Berlin' });
    const ids = Array.from({ length: 12 }, (_, i) => `UM${String(i).padStart(2, '0')}`);
    for (const id of ids) h.fake.addUser({ id, name: id.toLowerCase(), real_name: `Member ${id} with a rather long display name <b>`, tz: 'Europe/Berlin' });
    await command(h, 'UMGR', `members add ${ids.map((id) => `<@${id}>`).join(' ')}`);
    for (const [i, id] of ids.entries()) {
      for (let t = 0; t < (i % 4) + 1; t++) await command(h, 'UMGR', `add Task ${t} for ${id} ${'with a long title '.repeat(5)} <@${id}> ${(i + 1) * 4}h`, teamChannel, 'team-alpha', '/task');
    }
  });
  afterAll(() => h.close());

  it('fits Slack’s limits, escapes names and sorts the overloaded first', async () => {
    const res = await h.sender.command({ command: '/workload', text: '', user_id: 'UMGR', channel_id: teamChannel, channel_name: 'team-alpha' });
    const id = res.responseUrl!.split('/respond/')[1]!;
    const body = (await h.catcher.waitFor((r) => r.id === id)).body as { blocks: unknown[] };
    expect(validateMessageBlocks({ blocks: body.blocks })).toEqual([]);
    const text = visibleText(body);
    expect(text).not.toContain('<b>');
    const pct = [...text.matchAll(/this week [^\n]*?\*(\d+)%\*/g)].map((m) => Number(m[1]));
    expect(pct).toHaveLength(12);
    expect(pct[0]).toBeGreaterThan(100);
    expect([...pct].sort((a, b) => b - a)).toEqual(pct);
  });
});
