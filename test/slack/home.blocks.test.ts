import { describe, expect, it } from 'vitest';
import { homeView, maxHomeBlocks, decodeTaskValue, taskValue, managerSections } from '../../src/slack/blocks/home.blocks.ts';
import type { HomeData, ManagedTeam } from '../../src/home/home.models.ts';
import type { WeekLoad } from '../../src/workload/workload.models.ts';
import { validateView } from '../support/slack-limits.ts';
import { visibleText } from '../support/standup-helpers.ts';

const week = (week: string, utilisation: number): WeekLoad => ({ week, plannedHours: utilisation * 0.4, availableHours: 40, utilisation, band: utilisation > 100 ? 'overloaded' : 'healthy', awayDays: 0, tasks: [] });
const managed = (i: number, over: Partial<ManagedTeam> = {}): ManagedTeam => ({
  teamId: i,
  teamName: `#team-${i}`,
  channelId: `CT${i}`,
  weekStart: '2026-11-30',
  participation: { answered: 7, expected: 10, pct: 70 },
  blockers: [{ id: 1, text: 'waiting on legal', ageDays: 3, reporterId: 'UANA', ownerId: null }],
  blockerThresholdDays: 2,
  overloaded: [{ userId: 'UANA', name: 'Ana', week: 'next week', utilisation: 130 }],
  overloadThreshold: 100,
  nextDigest: { at: new Date('2026-12-04T15:00:00Z'), label: 'Fri 4 Dec, 16:00 (Europe/Berlin)', channelId: 'CSTAKE' },
  milestonesAtRisk: [],
  ...over,
});
const person = (over: Partial<Extract<HomeData, { kind: 'person' }>> = {}): HomeData => ({
  kind: 'person',
  userId: 'UANA',
  standups: [{ teamId: 1, teamName: '#team-1', channelId: 'CT1', date: '2026-12-02', state: 'to-answer', promptTime: '09:30' }],
  blockers: [{ id: 1, teamName: '#team-1', text: 'waiting on legal', ageDays: 3, reporterId: 'UANA', ownerId: null }],
  tasks: [{ id: 4, teamId: 1, teamName: '#team-1', title: 'Build the API', estimateMinutes: 1200, dueDate: '2026-12-04', status: 'open', sourceUrl: null }],
  loads: [{ teamId: 1, teamName: '#team-1', weeks: [week('2026-11-30', 50), week('2026-12-07', 130)] }],
  timeOff: [{ id: 2, fromDate: '2026-12-21', toDate: '2027-01-03' }],
  managed: [],
  ...over,
});
const actionIds = (view: { blocks: unknown[] }) => JSON.stringify(view.blocks).match(/"action_id":"[a-z_]+"/g)?.map((s) => s.slice(13, -1)) ?? [];

describe('the App Home view', () => {
  it('welcomes a person in no team with how to start or join one', () => {
    const view = homeView({ kind: 'newcomer', userId: 'UNEW' });
    expect(validateView(view)).toEqual([]);
    const text = visibleText(view);
    expect(text).toMatch(/Welcome to Coordinator/);
    expect(text).toMatch(/`\/standup setup`/);
    expect(text).toMatch(/`\/standup join`/);
  });

  it('shows a member their day, blockers, load, tasks and time off with the buttons of their commands', () => {
    const view = homeView(person());
    expect(validateView(view)).toEqual([]);
    const text = visibleText(view);
    expect(text).toMatch(/\*#team-1\* · Wed 2 Dec — :speech_balloon: to answer/);
    expect(text).toMatch(/#1 waiting on legal\n_#team-1 · 3 working days old · raised by you_/);
    expect(text).toMatch(/next week :red_circle: overloaded `██████████` \*130%\*/);
    expect(text).toMatch(/\*#4\* Build the API · 20h · due Fri 4 Dec/);
    expect(text).toMatch(/#2 · Mon 21 Dec – Sun 3 Jan/);
    expect(text).toMatch(/How to: `\/standup` answer today/);
    expect(actionIds(view)).toEqual(['standup_answer', 'standup_skip', 'blocker_resolve', 'blocker_not', 'home_task_done', 'home_task_start', 'home_task_estimate', 'home_away_cancel']);
    expect(text).not.toMatch(/Dashboard/);
  });

  it('offers Edit once answered, nothing to click on a day off', () => {
    const answered = homeView(person({ standups: [{ teamId: 1, teamName: '#a', channelId: 'CA', date: '2026-12-02', state: 'answered', promptTime: '09:30' }, { teamId: 2, teamName: '#b', channelId: 'CB', date: '2026-12-05', state: 'day-off', promptTime: '09:30' }], blockers: [], tasks: [], timeOff: [] }));
    expect(actionIds(answered)).toEqual(['standup_answer']);
    expect(visibleText(answered)).toMatch(/:white_check_mark: answered[\s\S]*Edit[\s\S]*:zzz: not a working day/);
  });

  it('gives a manager a dashboard per team: participation, blockers by age with owners, overload, next digest, Preview / Post / Settings', () => {
    const view = homeView(person({ managed: [managed(1), managed(2, { blockers: [], overloaded: [] })] }));
    expect(validateView(view)).toEqual([]);
    const text = visibleText(view);
    expect(text).toMatch(/Dashboard — #team-1\n\*Participation this week\* \(since Mon 30 Nov\): 7\/10 answers \(70%\)/);
    expect(text).toMatch(/• #1 waiting on legal — \*3 working days\* :warning: · by <@UANA> · _no owner_/);
    expect(text).toMatch(/• Ana — \*130%\* next week/);
    expect(text).toMatch(/\*Next digest\*: Fri 4 Dec, 16:00 \(Europe\/Berlin\) to <#CSTAKE>/);
    expect(text).toMatch(/Dashboard — #team-2\n[\s\S]*\*Open blockers\*: none[\s\S]*nobody this week or next/);
    expect(actionIds(view).filter((a) => a.startsWith('home_digest') || a === 'home_settings')).toEqual(['home_digest_preview', 'home_digest_post', 'home_settings', 'home_digest_preview', 'home_digest_post', 'home_settings']);
    expect(managerSections.length).toBeGreaterThanOrEqual(4);
  });

  it('lists a team\'s milestones at risk or late, worst first, and says nothing when none are', () => {
    const atRisk = (id: number, status: 'at-risk' | 'late', finish: string | null, uncertain = false) => ({ id, name: id === 1 ? '<!here> Beta' : `M${id}`, status, target: '2027-02-15', finish, uncertain });
    const view = homeView(person({ managed: [managed(1, { milestonesAtRisk: [atRisk(1, 'late', '2027-03-01'), atRisk(2, 'at-risk', '2027-02-12', true), ...Array.from({ length: 5 }, (_, i) => atRisk(i + 3, 'at-risk', null))] }), managed(2)] }));
    expect(validateView(view)).toEqual([]);
    const text = visibleText(view);
    expect(text).toMatch(/\*Milestones at risk\* \(7\)\n• #1 &lt;!here&gt; Beta — :red_circle: \*late\*: finish Mon 1 Mar, target Mon 15 Feb\n• #2 M2 — :large_yellow_circle: \*at risk\*: finish Fri 12 Feb, target Mon 15 Feb \(unestimated work\)/);
    expect(text).toMatch(/no finish in sight/);
    expect(text).toMatch(/… and 2 more: `\/milestone list` in <#CT1> shows all\./);
    // Team 2 has none: no section at all, not an empty one.
    expect(text.split('Dashboard — #team-2')[1]).not.toMatch(/Milestones/);
  });

  it('shows a public holiday as a holiday, with nothing to click', () => {
    const view = homeView(person({ standups: [{ teamId: 1, teamName: '#a', channelId: 'CA', date: '2026-11-26', state: 'holiday', promptTime: '09:30' }], blockers: [], tasks: [], timeOff: [] }));
    expect(visibleText(view)).toMatch(/#a\* · Thu 26 Nov — :tada: public holiday/);
    expect(actionIds(view)).not.toContain('standup_answer');
  });

  it('escapes user text: a blocker, a task or a team name never pings or links', () => {
    const nasty = '<!channel> & <@U1> <https://evil|x>';
    const view = homeView(person({
      blockers: [{ id: 1, teamName: nasty, text: nasty, ageDays: 1, reporterId: 'UANA', ownerId: null }],
      tasks: [{ id: 4, teamId: 1, teamName: nasty, title: nasty, estimateMinutes: null, dueDate: null, status: 'in_progress', sourceUrl: 'javascript:alert(1)' }],
      managed: [managed(1, { teamName: nasty, blockers: [{ id: 1, text: nasty, ageDays: 0, reporterId: 'UANA', ownerId: 'UBO' }], overloaded: [{ userId: 'UX', name: nasty, week: 'this week', utilisation: 120 }] })],
    }));
    // Plain text (the dashboard's header) is shown as typed and never parsed; mrkdwn must be escaped.
    const mrkdwn: string[] = [];
    JSON.stringify(view, (_k, v: { type?: string; text?: unknown }) => {
      if (v && v.type === 'mrkdwn' && typeof v.text === 'string') mrkdwn.push(v.text);
      return v;
    });
    const json = mrkdwn.join('\n');
    expect(mrkdwn.length).toBeGreaterThan(5);
    expect(json).not.toContain('<!channel>');
    expect(json).not.toContain('<https://evil');
    expect(json).not.toContain('javascript:');
    expect(json).toContain('&lt;!channel&gt; &amp; &lt;@U1&gt;');
  });

  it('stays within 100 blocks for a manager of many teams with long lists, saying what was cut and the command that shows all', () => {
    const many = <T,>(n: number, f: (i: number) => T) => Array.from({ length: n }, (_, i) => f(i + 1));
    const view = homeView(person({
      standups: many(12, (i) => ({ teamId: i, teamName: `#t${i}`, channelId: `C${i}`, date: '2026-12-02', state: 'to-answer' as const, promptTime: '09:30' })),
      blockers: many(40, (i) => ({ id: i, teamName: '#t1', text: 'x'.repeat(3000), ageDays: i, reporterId: 'UANA', ownerId: null })),
      tasks: many(60, (i) => ({ id: i, teamId: 1, teamName: '#t1', title: 'y'.repeat(300), estimateMinutes: 60, dueDate: null, status: 'open', sourceUrl: null })),
      loads: many(12, (i) => ({ teamId: i, teamName: `#t${i}`, weeks: [week('2026-11-30', 50), week('2026-12-07', 90)] })),
      timeOff: many(30, (i) => ({ id: i, fromDate: '2027-01-04', toDate: '2027-01-08' })),
      managed: many(12, (i) => managed(i, { blockers: many(50, (j) => ({ id: j, text: 'z'.repeat(500), ageDays: j, reporterId: 'UBO', ownerId: 'UCY' })), overloaded: many(30, (j) => ({ userId: `U${j}`, name: `Person ${j}`, week: 'this week' as const, utilisation: 200 - j })) })),
    }));
    expect(view.blocks.length).toBeLessThanOrEqual(maxHomeBlocks);
    expect(validateView(view)).toEqual([]);
    const text = visibleText(view);
    expect(text).toMatch(/… and 35 more blockers\. `\/blocker list @you` shows all\./);
    expect(text).toMatch(/… and 54 more tasks\. `\/task list @you` shows all\./);
    expect(text).toMatch(/… and 26 more periods\. `\/standup away list` shows all\./);
    expect(text).toMatch(/… and 45 more: `\/blocker list` in <#CT1> shows all\./);
    expect(text).toMatch(/… and 25 more: `\/workload` in <#CT1> shows everyone\./);
  });

  it('reads back only the task buttons it wrote', () => {
    expect(decodeTaskValue(taskValue({ teamId: 3, taskId: 9, minutes: 240 }))).toEqual({ teamId: 3, taskId: 9, minutes: 240 });
    expect(decodeTaskValue(taskValue({ teamId: 3, taskId: 9 }))).toEqual({ teamId: 3, taskId: 9 });
    for (const bad of [undefined, '', 'nope', '{"t":1}', '{"t":1,"i":2147483648}', '{"t":-1,"i":2}', '{"t":1,"i":2,"m":"4h"}', '{"t":1.5,"i":2}']) expect(decodeTaskValue(bad)).toBeUndefined();
  });
});
