import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blockers } from '../../src/blockers/blockers.schema.ts';
import { awayPeriods, standupEntries } from '../../src/standups/standups.schema.ts';
import { tasks } from '../../src/workload/workload.schema.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import { command, submitAnswerView, teamChannel, visibleText, type ModalLike } from '../support/standup-helpers.ts';

/**
 * Issue 10, through the real app: no typed or stored input makes work unbounded, and
 * text Postgres would refuse is cleaned at the edge instead of earning an apology.
 */
describe('input bounds end to end', () => {
  let h: Harness;
  const task = (user: string, text: string) => command(h, user, text, teamChannel, 'team-alpha', '/task');
  const workload = (user: string, text: string) => command(h, user, text, teamChannel, 'team-alpha', '/workload');
  const blocker = (user: string, text: string) => command(h, user, text, teamChannel, 'team-alpha', '/blocker');
  const standup = (user: string, text: string) => command(h, user, text);

  beforeAll(async () => {
    // Monday 30 Nov 2026, 10:00 in Berlin.
    h = await startHarness({ now: '2026-11-30T09:00:00Z' });
    for (const [id, name] of [['UMGR', 'Mara'], ['UANA', 'Ana']] as const) h.fake.addUser({ id, name: name.toLowerCase(), real_name: name, tz: 'Europe/Berlin' });
    await standup('UMGR', 'members add <@UANA>');
    await standup('UMGR', 'timezone Europe/Berlin');
  });
  afterAll(() => h.close());

  it('refuses a due date of 9999-12-31, by command and in the task form', async () => {
    expect(await task('UANA', 'add Due far <@UANA> 1h due 9999-12-31')).toMatch(/9999-12-31 is more than two years ahead; pick a day before 2028-11-29\. Example: `\/task add/);
    expect(await standup('UANA', 'away 2026-12-21 9999-12-31')).toMatch(/limited to a year/);
    expect(await standup('UANA', 'away 9999-12-21 9999-12-31')).toMatch(/more than two years ahead/);
    const res = await h.sender.viewSubmission({
      user_id: 'UANA',
      callback_id: 'task_modal',
      private_metadata: JSON.stringify({ c: teamChannel }),
      state_values: {
        task_title: { title: { type: 'plain_text_input', value: 'Due far' } },
        task_assignee: { assignee: { type: 'users_select', selected_user: 'UANA' } },
        task_estimate: { estimate: { type: 'plain_text_input', value: '1h' } },
        task_due: { due: { type: 'datepicker', selected_date: '9999-12-31' } },
      },
    });
    expect(res.json<{ response_action: string; errors: Record<string, string> }>()).toEqual({ response_action: 'errors', errors: { task_due: 'Pick a day within two years, before 2028-11-29.' } });
    expect(await h.db.db.select().from(tasks)).toEqual([]);
    expect(await h.db.db.select().from(awayPeriods)).toEqual([]);
  });

  it('rows stored with absurd dates before the fix freeze neither /workload nor the tick', async () => {
    // Twenty tasks due in 9999 and a leave until then: the old model walked 2.9 million days for each, every minute.
    await h.db.db.insert(tasks).values(
      Array.from({ length: 20 }, (_, i) => ({ workspaceId: 'T0001', teamId: 1, title: `Far ${i}`, assigneeId: 'UANA', createdBy: 'UANA', estimateMinutes: 200 * 60, dueDate: '9999-12-31', createdAt: new Date('2026-11-01T00:00:00Z') })),
    );
    await h.db.db.insert(tasks).values({ workspaceId: 'T0001', teamId: 1, title: 'Near', assigneeId: 'UANA', createdBy: 'UMGR', estimateMinutes: 30 * 60, dueDate: '2026-12-04', createdAt: new Date('2026-11-01T00:00:00Z') });
    await h.db.db.insert(awayPeriods).values({ workspaceId: 'T0001', userId: 'UANA', fromDate: '2026-12-14', toDate: '9999-12-31' });

    const table = await workload('UMGR', '');
    // This week: Near's 30 h plus a sliver of the far ones; next week she is away.
    expect(table).toMatch(/\*Ana\*\nthis week .*\*75%\* · 30\/40 h/);
    expect(await workload('UMGR', '<@UANA>')).toMatch(/#21 Near — 30 h/);
    await h.tickAt('2026-11-30T09:01:00Z');
    expect(await task('UMGR', 'add Review <@UANA> 12h')).toMatch(/This puts <@UANA> at \*105%\* this week/);
    await h.tickAt('2026-11-30T09:02:00Z');
    expect(h.fake.messages('DUMGR').some((m) => /<@UANA> is at \*105%\*/.test(visibleText(m)))).toBe(true);
  });

  it('cleans NUL and lone surrogates instead of failing, and reads ids strictly', async () => {
    expect(await blocker('UANA', 'staging\u0000 is down \ud83d')).toMatch(/Raised blocker #\d+/);
    expect((await h.db.db.select().from(blockers)).map((b) => b.text)).toEqual(['staging is down \ufffd']);
    expect(await task('UANA', 'add Fix\u0000 the build 2h')).toMatch(/Added to #team-alpha for <@UANA>: \*#\d+\* Fix the build · 2h/);
    expect(await blocker('UANA', 'resolve 2147483648')).toMatch(/There is no blocker #2147483648/);
    expect(await task('UANA', 'done 2147483648')).toMatch(/There is no task #2147483648/);
    expect(await task('UANA', 'add Deploy 1e309h')).toMatch(/“1e309h” is not an estimate I can read/);
    expect(await workload('UMGR', 'capacity <@UANA> 1e309h')).toMatch(/weekly hours/);
    const raised = (await h.db.db.select().from(blockers)).length;
    expect(await blocker('UANA', 'list <@UANA> <@UMGR>')).toMatch(/`\/blocker list` shows/);
    expect((await h.db.db.select().from(blockers)).length).toBe(raised);
  });

  it('an answer with NUL and half an emoji is saved clean, not refused by Postgres', async () => {
    const before = h.fake.callsTo('views.open').length;
    await h.sender.command({ command: '/standup', text: '', user_id: 'UANA', channel_id: teamChannel, channel_name: 'team-alpha' });
    const opened = await h.fake.waitForCall('views.open', (c) => h.fake.callsTo('views.open').indexOf(c) >= before);
    const { res } = await submitAnswerView(h, 'UANA', opened.args.view as ModalLike, ['Shipped\u0000 it \ud83d', 'More\u0007', 'none']);
    expect(res.body).toBe('');
    const [entry] = await h.db.db.select().from(standupEntries);
    expect(entry!.answers!.map((a) => a.answer)).toEqual(['Shipped it \ufffd', 'More', 'none']);
  });

  it('caps the upcoming periods of time off one person keeps', async () => {
    await h.db.db.delete(awayPeriods);
    await h.db.db.insert(awayPeriods).values(Array.from({ length: 30 }, (_, i) => ({ workspaceId: 'T0001', userId: 'UMGR', fromDate: `2027-01-${String(i + 1).padStart(2, '0')}`, toDate: `2027-01-${String(i + 1).padStart(2, '0')}` })));
    expect(await standup('UMGR', 'away 2027-02-01 2027-02-02')).toMatch(/You already have 30 periods of time off planned; at most 30\. Cancel one or join two/);
    expect(await standup('UANA', 'away 2027-02-01 2027-02-02')).toMatch(/Away Mon 1 Feb – Tue 2 Feb/);
  });

  it('caps the people one command names, before any users.info', async () => {
    const before = h.fake.callsTo('users.info').length;
    const many = Array.from({ length: 300 }, (_, i) => `<@UX${String(i).padStart(4, '0')}>`).join(' ');
    expect(await standup('UMGR', `members add ${many}`)).toMatch(/That names 300 people; one command takes at most 50/);
    expect(h.fake.callsTo('users.info').length).toBe(before);
  });
});
