import { and, eq } from 'drizzle-orm';
import { unzipSync, strFromU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redactFeedUrl } from '../../src/availability/address.models.ts';
import { calendarFeeds, memberHolidayRegions } from '../../src/availability/availability.schema.ts';
import { blockers } from '../../src/blockers/blockers.schema.ts';
import { milestones } from '../../src/milestones/milestones.schema.ts';
import { risks } from '../../src/risks/risks.schema.ts';
import { digests } from '../../src/digests/digests.schema.ts';
import { parseCsv } from '../../src/privacy/csv.ts';
import { forgottenName, forgottenText } from '../../src/privacy/privacy.models.ts';
import { awayPeriods, standupEntries } from '../../src/standups/standups.schema.ts';
import { teamMembers, teams, type Team } from '../../src/teams/teams.schema.ts';
import { slackUsers } from '../../src/workspaces/workspaces.schema.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import { seedTeam } from '../support/seed.ts';
import { command, teamChannel, visibleText } from '../support/standup-helpers.ts';

/**
 * People's data end to end (issue 13, item 7): `/coordinator export` (a zip of CSV files in
 * the requester's DM), `/coordinator forget` (confirm, then delete text and profile, keep
 * the counts), and answer retention applied by the tick. Signed requests into the real app,
 * the real database, the fake Slack.
 */

const W = 'T0001';
const FOREIGN = 'T0002';
/** A private iCal address: a secret, never exported in full. */
const FEED = 'https://calendar.example.com/calendar/ical/ana%40example.com/private-0a1b2c3d4e5f/basic.ics';
const personFiles = ['answers.csv', 'blockers.csv', 'calendar.csv', 'calendar_days_off.csv', 'holiday_regions.csv', 'milestones.csv', 'risks.csv', 'tasks.csv', 'time_off.csv'];
const WEEK = ['2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04'];

describe('/coordinator: export, forget, retention', () => {
  let h: Harness;
  let team: Team;
  let foreignTeam: Team;
  const coord = (user: string, text: string, channel = teamChannel) => command(h, user, text, channel, 'team', '/coordinator');

  async function answer(ws: string, t: Team, userId: string, date: string, texts: [string, string, string]) {
    const qs = await h.services.repos.teams.questions(t.id);
    const r = await h.services.standups.submitAnswer({ workspaceId: ws, userId }, { teamId: t.id, date }, Object.fromEntries(qs.map((q, i) => [`q_${q.id}`, texts[i]])));
    if (!('entry' in r)) throw new Error(`could not answer for ${userId} on ${date}`);
    return r.entry;
  }

  /** The last file uploaded to a person's DM, unzipped: file name → parsed CSV rows. */
  function lastExport(userId: string): Record<string, string[][]> {
    const file = h.fake.files().filter((f) => f.channel_id === h.fake.dmChannelId(userId)).at(-1);
    if (!file) throw new Error(`no file in ${userId}'s DM`);
    expect(file.filename).toMatch(/^coordinator-export-2026-12-04-\d+\.zip$/);
    const unzipped = unzipSync(new Uint8Array(file.bytes));
    return Object.fromEntries(Object.entries(unzipped).map(([name, bytes]) => [name, parseCsv(strFromU8(bytes))]));
  }

  /** Clicks a button of an ephemeral reply; returns what the clicker was told. */
  async function click(user: string, actionId: string, value: string, ws = W) {
    const res = await h.sender.blockAction({ user_id: user, action_id: actionId, value, channel_id: teamChannel, message_ts: '1764849600.000100', team_id: ws });
    expect(res.status).toBe(200);
    if (!res.responseUrl) return '';
    const id = res.responseUrl.split('/respond/')[1]!;
    const reply = visibleText((await h.catcher.waitFor((r) => r.id === id, 30_000)).body as never);
    // The reply goes out before the click's tail: read the database once the click is done.
    await h.idle();
    return reply;
  }

  const entriesOf = async (teamId: number, userId: string) => h.db.db.select().from(standupEntries).where(and(eq(standupEntries.teamId, teamId), eq(standupEntries.userId, userId)));

  beforeAll(async () => {
    // Friday 4 Dec 2026, 12:00 UTC.
    h = await startHarness({ now: '2026-12-04T12:00:00Z' });
    team = await seedTeam(h.db.db, h.fake, {
      name: '#team',
      members: [
        { id: 'UMGR', tz: 'UTC', name: 'Mara', manager: true },
        { id: 'UANA', tz: 'UTC', name: 'Ana' },
        { id: 'UBO', tz: 'UTC', name: 'Bo' },
      ],
    });
    h.fake.addUser({ id: 'UADM', name: 'ada', tz: 'UTC', is_admin: true });
    // Another workspace with a person of the same id: never read, never touched.
    foreignTeam = await seedTeam(h.db.db, undefined, { workspaceId: FOREIGN, channelId: 'CFOREIGN', name: '#foreign', members: [{ id: 'UFMGR', tz: 'UTC', manager: true }, { id: 'UANA', tz: 'UTC', name: 'Ana elsewhere' }] });
    await answer(FOREIGN, foreignTeam, 'UANA', '2026-12-01', ['foreign secret', 'foreign plan', 'none']);

    // A week: Ana every day (one answer a spreadsheet would run as a formula, one with a newline
    // and quotes), Bo on two days with a blocker.
    for (const [i, day] of WEEK.entries()) {
      const done = i === 0 ? '=HYPERLINK("http://evil.example","click")' : i === 1 ? 'Line one, "quoted"\nLine two' : `Shipped part ${i}`;
      await answer(W, team, 'UANA', day, [done, `Part ${i + 1}`, 'none']);
    }
    await answer(W, team, 'UBO', '2026-11-30', ['Specs 0', 'More specs', 'none']);
    await answer(W, team, 'UBO', '2026-12-01', ['Specs 1', 'More specs', 'waiting on legal for the contract']);
    const raised = await h.services.blockers.raise({ workspaceId: W, userId: 'UANA' }, team, 'staging database is down');
    if ('replayed' in raised) throw new Error('replayed');
    await h.services.workload.addTask({ workspaceId: W, userId: 'UMGR' }, team, { title: 'Launch page', assigneeId: 'UANA', estimateMinutes: 12 * 60 });
    await h.services.workload.addTask({ workspaceId: W, userId: 'UBO' }, team, { title: 'Review the spec', assigneeId: 'UBO', estimateMinutes: 4 * 60 });
    await h.services.repos.standups.addAway({ workspaceId: W, userId: 'UANA', fromDate: '2026-12-21', toDate: '2026-12-24' });
    // A stored digest of the week.
    const key = await h.services.digests.postNow(team);
    await h.services.standups.deliverNow([key]);
    expect((await h.db.db.select().from(digests)).length).toBe(1);
    // Time off nobody types: Ana's own holiday region, the team's default, and her calendar feed
    // (its secret address and the days it marks off, as a read left them).
    await h.services.availability.setTeamRegion(team, 'DE');
    await h.services.availability.setMyRegion({ workspaceId: W, userId: 'UANA' }, 'DE-BY', team);
    await h.services.availability.setMyRegion({ workspaceId: FOREIGN, userId: 'UANA' }, 'FR', foreignTeam);
    await h.db.db.insert(calendarFeeds).values({ workspaceId: W, userId: 'UANA', url: FEED, shownAddress: redactFeedUrl(FEED), days: ['2026-12-11', '2026-12-18'], okAt: new Date('2026-12-04T11:00:00Z'), fetchedAt: new Date('2026-12-04T11:00:00Z') });
    await h.db.db.insert(calendarFeeds).values({ workspaceId: FOREIGN, userId: 'UANA', url: 'https://calendar.example.org/foreign-secret.ics', days: ['2026-12-07'] });
    // A milestone Ana added, a risk she owns (raised by the manager), one she raised owned by Bo.
    const beta = await h.services.milestones.add({ workspaceId: W, userId: 'UANA' }, team, { name: 'Beta', targetDate: '2027-02-15', budgetMinutes: 120 * 60 });
    if (beta.kind !== 'added') throw new Error(`milestone: ${beta.kind}`);
    const gaMilestone = await h.services.milestones.add({ workspaceId: W, userId: 'UMGR' }, team, { name: 'GA', targetDate: '2027-04-01' });
    if (gaMilestone.kind !== 'added') throw new Error(`milestone: ${gaMilestone.kind}`);
    for (const [by, input] of [
      ['UMGR', { text: 'Vendor API may slip', likelihood: 4, impact: 3, ownerId: 'UANA', mitigation: 'mock it', milestone: { name: 'Beta' } }],
      ['UANA', { text: 'Legal review takes long', likelihood: 2, impact: 5, ownerId: 'UBO' }],
      ['UMGR', { text: 'Nobody owns this', likelihood: 1, impact: 1 }],
    ] as const) {
      const r = await h.services.risks.add({ workspaceId: W, userId: by }, team, input as never);
      if (r.kind !== 'added') throw new Error(`risk: ${r.kind}`);
    }
  });
  afterAll(() => h.close());

  it('answers bad input with the usage and an example, changing nothing', async () => {
    expect(await coord('UANA', 'forget')).toMatch(/Name one person with @ \(or say `me`\)\. Example: `\/coordinator forget @alice`/);
    expect(await coord('UANA', 'forget <@UBO> <@UMGR>')).toMatch(/Example: `\/coordinator forget @alice`/);
    expect(await coord('UMGR', 'retention soon')).toMatch(/Answers can be kept 1 to 120 months, or for ever \(`off`\)\. Example: `\/coordinator retention 12`/);
    expect(await coord('UMGR', 'export everything')).toMatch(/Example: `\/coordinator export`/);
    expect(await coord('UMGR', 'shred')).toMatch(/I don't know `\/coordinator shred`\. Example: `\/coordinator export`/);
    expect(await coord('UMGR', 'help')).toMatch(/\/coordinator export/);
    expect(h.fake.files().filter((f) => f.filename.endsWith('.zip'))).toEqual([]);
  });

  it('export: a manager gets the team’s answers, blockers, tasks and digests as CSV files in a zip in their DM', async () => {
    expect(await coord('UMGR', 'export')).toBe(':package: Your export is in your DM with me: a zip of CSV files.');
    const files = lastExport('UMGR');
    expect(Object.keys(files).sort()).toEqual(['answers.csv', 'blockers.csv', 'digests.csv', 'milestones.csv', 'risks.csv', 'tasks.csv']);

    const [header, ...answers] = files['answers.csv']!;
    expect(header).toEqual(['team', 'date', 'user_id', 'name', 'status', 'answered_at', 'edits', 'question', 'answer']);
    // 7 answered days × 3 questions; nothing of the other workspace.
    expect(answers).toHaveLength(21);
    expect(new Set(answers.map((r) => r[2]))).toEqual(new Set(['UANA', 'UBO']));
    expect(answers.some((r) => r.join(' ').includes('foreign'))).toBe(false);
    const anaMonday = answers.filter((r) => r[1] === '2026-11-30' && r[2] === 'UANA');
    expect(anaMonday.map((r) => [r[0], r[3], r[4], r[7], r[8]])).toEqual([
      ['#team', 'Ana', 'answered', 'What did you get done since last time?', `'=HYPERLINK("http://evil.example","click")`],
      ['#team', 'Ana', 'answered', 'What are you working on today?', 'Part 1'],
      ['#team', 'Ana', 'answered', 'Anything blocking you?', 'none'],
    ]);
    // Quotes and newlines survive the round trip.
    expect(answers.find((r) => r[1] === '2026-12-01' && r[2] === 'UANA')![8]).toBe('Line one, "quoted"\nLine two');

    const [bHeader, ...bRows] = files['blockers.csv']!;
    expect(bHeader).toEqual(['id', 'team', 'reporter_id', 'owner_id', 'status', 'text', 'opened_date', 'resolved_at', 'resolved_by']);
    expect(bRows.map((r) => [r[2], r[4], r[5]]).sort()).toEqual([
      ['UANA', 'open', 'staging database is down'],
      ['UBO', 'open', 'waiting on legal for the contract'],
    ]);

    const [tHeader, ...tRows] = files['tasks.csv']!;
    expect(tHeader).toEqual(['id', 'team', 'title', 'assignee_id', 'created_by', 'estimate_hours', 'due_date', 'status', 'created_at', 'done_at', 'source_url']);
    expect(tRows.map((r) => [r[2], r[3], r[4], r[5], r[7]])).toEqual([
      ['Launch page', 'UANA', 'UMGR', '12', 'open'],
      ['Review the spec', 'UBO', 'UBO', '4', 'open'],
    ]);

    const [dHeader, ...dRows] = files['digests.csv']!;
    expect(dHeader!.slice(0, 10)).toEqual(['id', 'team', 'kind', 'period_start', 'period_end', 'status', 'headline', 'answered', 'expected', 'participation_pct']);
    expect(dRows.map((r) => [r[1], r[2], r[3], r[4], r[7], r[8]])).toEqual([['#team', 'manual', '2026-11-30', '2026-12-06', '7', '10']]);

    // The team's milestones and risks, whoever added them.
    const [mHeader, ...mRows] = files['milestones.csv']!;
    expect(mHeader).toEqual(['id', 'team', 'name', 'target_date', 'budget_hours', 'state', 'created_by', 'created_at', 'done_at']);
    expect(mRows.map((r) => [r[1], r[2], r[3], r[4], r[5], r[6]])).toEqual([
      ['#team', 'Beta', '2027-02-15', '120', 'open', 'UANA'],
      ['#team', 'GA', '2027-04-01', '', 'open', 'UMGR'],
    ]);
    const [rHeader, ...rRows] = files['risks.csv']!;
    expect(rHeader).toEqual(['id', 'team', 'text', 'likelihood', 'impact', 'owner_id', 'mitigation', 'milestone', 'state', 'created_by', 'created_at', 'updated_at', 'closed_at']);
    expect(rRows.map((r) => [r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9]])).toEqual([
      ['Vendor API may slip', '4', '3', 'UANA', 'mock it', 'Beta', 'open', 'UMGR'],
      ['Legal review takes long', '2', '5', 'UBO', '', '', 'open', 'UANA'],
      ['Nobody owns this', '1', '1', '', '', '', 'open', 'UMGR'],
    ]);
    // A team export holds nobody's calendar or region: those are in each person's own export.
    expect(JSON.stringify(files)).not.toMatch(/calendar\.example|DE-BY/);
  });

  it('export: someone who manages no team gets only their own data', async () => {
    expect(await coord('UANA', 'export')).toMatch(/in your DM/);
    const files = lastExport('UANA');
    expect(Object.keys(files).sort()).toEqual(personFiles);
    const answers = files['answers.csv']!.slice(1);
    expect(answers).toHaveLength(15);
    expect(new Set(answers.map((r) => `${r[0]}:${r[2]}`))).toEqual(new Set(['#team:UANA']));
    expect(files['blockers.csv']!.slice(1).map((r) => r[5])).toEqual(['staging database is down']);
    expect(files['tasks.csv']!.slice(1).map((r) => r[2])).toEqual(['Launch page']);
    expect(files['time_off.csv']).toEqual([['from_date', 'to_date'], ['2026-12-21', '2026-12-24']]);
    // Her holiday regions in this workspace (her own, and her team's default), not the other workspace's.
    expect(files['holiday_regions.csv']).toEqual([['source', 'team', 'region'], ['own', '', 'DE-BY'], ['team', '#team', 'DE']]);
    // Her calendar feed: the address redacted to scheme and host (the full one is a secret), and the days it marks off.
    expect(files['calendar.csv']).toEqual([
      ['address', 'connected_at', 'last_tried_at', 'last_read_at', 'last_error'],
      ['https://calendar.example.com/…', expect.stringMatching(/^\d{4}-\d\d-\d\dT/), '2026-12-04T11:00:00.000Z', '2026-12-04T11:00:00.000Z', ''],
    ]);
    expect(files['calendar_days_off.csv']).toEqual([['date'], ['2026-12-11'], ['2026-12-18']]);
    expect(JSON.stringify(files)).not.toMatch(/private-0a1b2c3d4e5f|ana%40example|foreign-secret|"FR"/);
    // The milestone she added; the risks she owns or raised (not the one neither).
    expect(files['milestones.csv']!.slice(1).map((r) => [r[2], r[6]])).toEqual([['Beta', 'UANA']]);
    expect(files['risks.csv']!.slice(1).map((r) => [r[2], r[5], r[9]])).toEqual([
      ['Vendor API may slip', 'UANA', 'UMGR'],
      ['Legal review takes long', 'UBO', 'UANA'],
    ]);
    // A manager asking for their own data gets the person export too.
    expect(await coord('UMGR', 'export me')).toMatch(/in your DM/);
    const mine = lastExport('UMGR');
    expect(Object.keys(mine).sort()).toEqual(personFiles);
    // Someone with no region, no calendar: the files are there, with their headers only.
    expect([mine['calendar.csv'], mine['calendar_days_off.csv']]).toEqual([[['address', 'connected_at', 'last_tried_at', 'last_read_at', 'last_error']], [['date']]]);
    expect(mine['holiday_regions.csv']).toEqual([['source', 'team', 'region'], ['team', '#team', 'DE']]);
    // Someone else's data: admins only.
    expect(await coord('UBO', 'export <@UANA>')).toBe(":warning: Only <@UANA> themself or a workspace admin can export their data. Your own: `/coordinator export me`");
  });

  it('forget: refused to anyone but the person and workspace admins, changing nothing', async () => {
    const before = JSON.stringify(await entriesOf(team.id, 'UANA'));
    for (const who of ['UBO', 'UMGR']) {
      expect(await coord(who, 'forget <@UANA>')).toBe(':warning: Only <@UANA> themself or a workspace admin can have their data forgotten. Nothing was changed. To forget your own: `/coordinator forget me`');
      // A forged confirmation click is refused the same way.
      expect(await click(who, 'privacy_forget_confirm', 'UANA')).toMatch(/Only <@UANA> themself or a workspace admin/);
    }
    expect(JSON.stringify(await entriesOf(team.id, 'UANA'))).toBe(before);
    expect(await h.db.db.select().from(slackUsers).where(and(eq(slackUsers.workspaceId, W), eq(slackUsers.userId, 'UANA')))).toHaveLength(1);
  });

  it('forget: another workspace’s requests are ignored at the door', async () => {
    const res = await h.sender.command({ command: '/coordinator', text: 'forget me', user_id: 'UANA', channel_id: 'CFOREIGN', channel_name: 'foreign', team_id: FOREIGN });
    expect(res.status).toBe(200);
    expect(res.body).toBe('');
    const clicked = await h.sender.blockAction({ user_id: 'UANA', action_id: 'privacy_forget_confirm', value: 'UANA', channel_id: 'CFOREIGN', message_ts: '1764849600.000100', team_id: FOREIGN });
    expect(clicked.status).toBe(200);
    expect(clicked.body).toBe('');
    expect((await entriesOf(foreignTeam.id, 'UANA'))[0]!.answers?.[0]?.answer).toBe('foreign secret');
    expect((await entriesOf(team.id, 'UANA')).every((e) => e.answers !== null)).toBe(true);
  });

  it('forget: an admin confirms, then answers, texts and profile go; counts and the digest’s numbers stay', async () => {
    const [digestBefore] = await h.db.db.select().from(digests);
    const entriesBefore = await entriesOf(team.id, 'UANA');
    expect(entriesBefore.filter((e) => e.status === 'answered')).toHaveLength(5);

    const ask = await coord('UADM', 'forget <@UANA>');
    expect(ask).toMatch(/Forget <@UANA>\?\* This cannot be undone\./);
    expect(ask).toMatch(/the text of 5 standup answers is deleted/);
    expect(ask).toMatch(/1 blocker they raised lose their text/);
    // Asking changed nothing.
    expect((await entriesOf(team.id, 'UANA')).every((e) => e.answers !== null)).toBe(true);
    expect(await click('UADM', 'privacy_forget_cancel', 'UANA')).toBe('Cancelled: nothing was forgotten.');
    expect((await entriesOf(team.id, 'UANA')).every((e) => e.answers !== null)).toBe(true);

    expect(await click('UADM', 'privacy_forget_confirm', 'UANA')).toBe(
      ':wastebasket: Forgot <@UANA>: 5 answers cleared, 1 blocker text deleted, removed from 1 team, 1 time-off entry and the profile deleted, 1 stored digest rewritten. Counts are kept.',
    );

    // Entries: same days and statuses, no text.
    const after = await entriesOf(team.id, 'UANA');
    expect(after.map((e) => [e.date, e.status]).sort()).toEqual(entriesBefore.map((e) => [e.date, e.status]).sort());
    expect(after.every((e) => e.answers === null)).toBe(true);
    // Her blocker keeps its dates and status, not its text; Bo's is untouched.
    const bl = await h.db.db.select().from(blockers).where(eq(blockers.workspaceId, W));
    expect(bl.filter((b) => b.reporterId === 'UANA').map((b) => [b.text, b.status])).toEqual([[forgottenText, 'open']]);
    expect(bl.filter((b) => b.reporterId === 'UBO').map((b) => b.text)).toEqual(['waiting on legal for the contract']);
    // Profile, roster and time off gone — in this workspace only.
    expect(await h.db.db.select().from(slackUsers).where(and(eq(slackUsers.workspaceId, W), eq(slackUsers.userId, 'UANA')))).toEqual([]);
    expect(await h.db.db.select().from(teamMembers).where(and(eq(teamMembers.teamId, team.id), eq(teamMembers.userId, 'UANA')))).toEqual([]);
    expect(await h.db.db.select().from(awayPeriods).where(eq(awayPeriods.userId, 'UANA'))).toEqual([]);
    // Her holiday region and her calendar feed (its secret address and its days) are gone; the
    // other workspace's are not. The risk she owned stays in the register, owned by nobody; the
    // milestone and the risk she added stay (the team's plan), under her opaque id like tasks.
    expect(await h.db.db.select().from(memberHolidayRegions).where(eq(memberHolidayRegions.userId, 'UANA'))).toEqual([expect.objectContaining({ workspaceId: FOREIGN, region: 'FR' })]);
    expect(await h.db.db.select().from(calendarFeeds).where(eq(calendarFeeds.userId, 'UANA'))).toEqual([expect.objectContaining({ workspaceId: FOREIGN })]);
    const riskRows = await h.db.db.select().from(risks).where(eq(risks.workspaceId, W));
    expect(riskRows.map((r) => [r.text, r.ownerId, r.createdBy]).sort()).toEqual([
      ['Legal review takes long', 'UBO', 'UANA'],
      ['Nobody owns this', null, 'UMGR'],
      ['Vendor API may slip', null, 'UMGR'],
    ]);
    expect((await h.db.db.select().from(milestones).where(eq(milestones.workspaceId, W))).map((m) => [m.name, m.createdBy])).toEqual([
      ['Beta', 'UANA'],
      ['GA', 'UMGR'],
    ]);
    expect(await h.db.db.select().from(slackUsers).where(and(eq(slackUsers.workspaceId, FOREIGN), eq(slackUsers.userId, 'UANA')))).toHaveLength(1);
    expect((await entriesOf(foreignTeam.id, 'UANA'))[0]!.answers?.[0]?.answer).toBe('foreign secret');
    // Bo's answers are untouched.
    expect((await entriesOf(team.id, 'UBO')).every((e) => e.answers !== null)).toBe(true);

    // The stored digest: every number as before; her name and words gone.
    const [digestAfter] = await h.db.db.select().from(digests);
    const b = digestBefore!.content;
    const a = digestAfter!.content;
    expect(a.participation.team).toEqual(b.participation.team);
    expect(a.stats).toEqual(b.stats);
    expect(a.history).toEqual(b.history);
    expect(a.participation.members.map((m) => [m.answered, m.expected])).toEqual(b.participation.members.map((m) => [m.answered, m.expected]));
    expect(a.participation.members.find((m) => m.userId === 'UANA')!.name).toBe(forgottenName);
    expect(JSON.stringify(a)).not.toMatch(/Ana|Shipped part|HYPERLINK|staging database/);
    expect(JSON.stringify(a)).toMatch(/waiting on legal/);
    // The team's export (a new one: a minute later) now shows her days without text.
    h.clock.set('2026-12-04T12:10:00Z');
    await coord('UMGR', 'export');
    const rows = lastExport('UMGR')['answers.csv']!.slice(1).filter((r) => r[2] === 'UANA');
    expect(rows.map((r) => [r[1], r[4], r[7], r[8]])).toEqual(WEEK.map((d) => [d, 'answered', '', '']));
    // Her own export, as an admin would fetch it now: no region, no calendar, no days off left.
    await coord('UADM', 'export <@UANA>');
    const hers = lastExport('UADM');
    expect([hers['holiday_regions.csv'], hers['calendar.csv'], hers['calendar_days_off.csv']]).toEqual([
      [['source', 'team', 'region']],
      [['address', 'connected_at', 'last_tried_at', 'last_read_at', 'last_error']],
      [['date']],
    ]);
    expect(hers['risks.csv']!.slice(1).map((r) => [r[2], r[5]])).toEqual([['Legal review takes long', 'UBO']]);
  });

  it('forget: a person can forget themself; doing it again changes nothing more', async () => {
    expect(await coord('UBO', 'forget me')).toMatch(/Forget you\?\*/);
    expect(await click('UBO', 'privacy_forget_confirm', 'UBO')).toMatch(/^:wastebasket: Forgot you: 2 answers cleared, 1 blocker text deleted, removed from 1 team/);
    expect((await entriesOf(team.id, 'UBO')).map((e) => [e.status, e.answers])).toEqual([
      ['answered', null],
      ['answered', null],
    ]);
    // The same click again (a double click) is one forget; a fresh confirmation finds nothing left.
    const again = await h.services.privacy.forget({ workspaceId: W, userId: 'UBO' }, 'UBO', { key: 'click:again:UBO' });
    expect(again).toEqual({ answers: 0, blockers: 0, teams: 0, timeOff: 0, digests: 0 });
    expect(await h.services.privacy.forget({ workspaceId: W, userId: 'UBO' }, 'UBO', { key: 'click:again:UBO' })).toEqual({ replayed: true });
  });

  it('retention: set by managers; the tick clears only answers older than it, keeping their days', async () => {
    await h.db.db.insert(teamMembers).values({ teamId: team.id, userId: 'UCY', joinedAt: new Date('2025-01-01T00:00:00Z') });
    h.fake.addUser({ id: 'UCY', name: 'cy', tz: 'UTC' });
    for (const date of ['2025-10-01', '2025-12-03', '2025-12-05', '2026-06-01']) await answer(W, team, 'UCY', date, [`done ${date}`, 'plan', 'none']);

    expect(await coord('UCY', 'retention 12')).toMatch(/Only #team's managers .* can change its settings/);
    expect((await h.services.repos.teams.findById(W, team.id))!.answerRetentionMonths).toBeNull();
    // No retention set: the tick keeps everything.
    await h.tickAt('2026-12-04T12:11:00Z');
    const answeredOf = async () => (await entriesOf(team.id, 'UCY')).filter((e) => e.status === 'answered');
    expect((await answeredOf()).every((e) => e.answers !== null)).toBe(true);

    expect(await coord('UMGR', 'retention 12')).toBe(
      ':file_cabinet: In #team, the text of standup answers older than 12 months is deleted every day from now on (who answered on which day is kept for participation).',
    );
    expect(await coord('UCY', 'retention')).toMatch(/#team deletes the text of standup answers older than 12 months/);
    await h.tickAt('2026-12-04T12:12:00Z');
    const cy = Object.fromEntries((await answeredOf()).map((e) => [e.date, [e.status, e.answers?.[0]?.answer ?? null]]));
    // Cut-off: 4 Dec 2025 (12 months before today in the team's zone).
    expect(cy).toEqual({
      '2025-10-01': ['answered', null],
      '2025-12-03': ['answered', null],
      '2025-12-05': ['answered', 'done 2025-12-05'],
      '2026-06-01': ['answered', 'done 2026-06-01'],
    });
    // Another workspace's old answers are not its business.
    expect((await entriesOf(foreignTeam.id, 'UANA'))[0]!.answers).not.toBeNull();
    expect(await coord('UMGR', 'retention off')).toBe(':file_cabinet: #team keeps standup answers (no retention limit).');
    expect((await h.db.db.select().from(teams).where(eq(teams.id, team.id)))[0]!.answerRetentionMonths).toBeNull();
  });
});
