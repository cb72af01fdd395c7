import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calendarFeeds, memberHolidayRegions } from '../../src/availability/availability.schema.ts';
import { createStandupsRepository } from '../../src/standups/standups.repository.ts';
import { awayPeriods, standupEntries } from '../../src/standups/standups.schema.ts';
import { teamMembers, teams } from '../../src/teams/teams.schema.ts';
import { slackUsers, workspaces } from '../../src/workspaces/workspaces.schema.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';

/**
 * `dayFacts`: a team's day summary in one round trip. What it returns must be what the
 * separate reads it replaced returned (participants in roster order, entries of the window in
 * answer order, only this team's and this workspace's rows).
 */
describe('standups repository: dayFacts', () => {
  let db: TestDatabase;
  let teamId: number;
  beforeAll(async () => {
    db = await createTestDatabase();
    const d = db.db;
    await d.insert(workspaces).values([{ id: 'T1' }, { id: 'T2' }]);
    const rows = await d
      .insert(teams)
      .values([
        { workspaceId: 'T1', channelId: 'C1', name: '#one', createdBy: 'UA' },
        { workspaceId: 'T1', channelId: 'C2', name: '#two', createdBy: 'UA' },
      ])
      .returning({ id: teams.id });
    teamId = rows[0]!.id;
    const other = rows[1]!.id;
    await d.insert(slackUsers).values([
      { workspaceId: 'T1', userId: 'UA', name: 'Ada', tz: 'Europe/Berlin', refreshedAt: new Date('2026-12-02T06:00:00Z') },
      { workspaceId: 'T1', userId: 'UB', name: 'Bo', tz: null, refreshedAt: new Date('2026-12-02T06:00:00Z') },
      { workspaceId: 'T1', userId: 'UX', name: 'Former', tz: null, refreshedAt: new Date('2026-12-02T06:00:00Z') },
      // Same user id in another workspace: never read for T1.
      { workspaceId: 'T2', userId: 'UC', name: 'Elsewhere', tz: null, refreshedAt: new Date('2026-12-02T06:00:00Z') },
    ]);
    await d.insert(teamMembers).values([
      { teamId, userId: 'UB', joinedAt: new Date('2026-02-01T00:00:00Z') },
      { teamId, userId: 'UA', joinedAt: new Date('2026-01-01T00:00:00Z') },
      { teamId, userId: 'UC', joinedAt: new Date('2026-02-01T00:00:00Z') },
      { teamId, userId: 'UM', isManager: true, isParticipant: false },
      { teamId: other, userId: 'UA' },
    ]);
    await d.insert(standupEntries).values([
      { teamId, userId: 'UB', date: '2026-12-02', status: 'answered', answeredAt: new Date('2026-12-02T09:00:00Z') },
      { teamId, userId: 'UX', date: '2026-12-02', status: 'answered', answeredAt: new Date('2026-12-02T08:00:00Z') },
      { teamId, userId: 'UA', date: '2026-12-01', status: 'skipped' },
      { teamId, userId: 'UA', date: '2026-11-30', status: 'answered', answeredAt: new Date('2026-11-30T08:00:00Z') },
      { teamId: other, userId: 'UA', date: '2026-12-02', status: 'answered', answeredAt: new Date('2026-12-02T08:00:00Z') },
    ]);
    await d.insert(awayPeriods).values([
      { workspaceId: 'T1', userId: 'UA', fromDate: '2026-11-20', toDate: '2026-12-01' },
      { workspaceId: 'T1', userId: 'UA', fromDate: '2026-12-10', toDate: '2026-12-11' },
      { workspaceId: 'T1', userId: 'UM', fromDate: '2026-12-01', toDate: '2026-12-03' },
      { workspaceId: 'T2', userId: 'UC', fromDate: '2026-12-01', toDate: '2026-12-03' },
    ]);
    await d.insert(memberHolidayRegions).values([
      { workspaceId: 'T1', userId: 'UB', region: 'DE-BY' },
      { workspaceId: 'T2', userId: 'UC', region: 'US' },
    ]);
    await d.insert(calendarFeeds).values([{ workspaceId: 'T1', userId: 'UC', url: 'https://cal.example/x.ics', days: ['2026-11-02', '2026-12-01', '2026-12-03', '2027-01-05'] }]);
  });
  afterAll(async () => {
    await db.close();
  });

  it('returns participants, the window’s entries, time off, regions, calendar days and the asker’s profile', async () => {
    const repo = createStandupsRepository({ db: db.db });
    const f = await repo.dayFacts({ id: teamId, workspaceId: 'T1' }, '2026-12-01', '2026-12-03', 'UA');
    expect(f.members).toEqual([
      { userId: 'UA', joinedAt: new Date('2026-01-01T00:00:00Z'), name: 'Ada', tz: 'Europe/Berlin' },
      { userId: 'UB', joinedAt: new Date('2026-02-01T00:00:00Z'), name: 'Bo', tz: null },
      { userId: 'UC', joinedAt: new Date('2026-02-01T00:00:00Z'), name: null, tz: null },
    ]);
    expect(f.entries).toEqual([
      { userId: 'UX', date: '2026-12-02', status: 'answered', name: 'Former' },
      { userId: 'UB', date: '2026-12-02', status: 'answered', name: 'Bo' },
      { userId: 'UA', date: '2026-12-01', status: 'skipped', name: 'Ada' },
    ]);
    expect(f.away).toEqual([{ userId: 'UA', fromDate: '2026-11-20', toDate: '2026-12-01' }]);
    expect([...f.regions]).toEqual([['UB', 'DE-BY']]);
    expect([...f.calendar]).toEqual([['UC', ['2026-12-01', '2026-12-03']]]);
    expect(f.actor).toEqual({ name: 'Ada', tz: 'Europe/Berlin', refreshedAt: new Date('2026-12-02T06:00:00Z') });
  });

  it('in the team’s channel, the same facts come with the team itself; a channel without one gives nothing', async () => {
    const repo = createStandupsRepository({ db: db.db });
    const byId = await repo.dayFacts({ id: teamId, workspaceId: 'T1' }, '2026-12-01', '2026-12-03', 'UA');
    const inChannel = await repo.dayFactsInChannel('T1', 'C1', '2026-12-01', '2026-12-03', 'UA');
    expect(inChannel?.team).toMatchObject({ id: teamId, name: '#one', workspaceId: 'T1', channelId: 'C1' });
    expect(inChannel?.team.createdAt).toBeInstanceOf(Date);
    const { team: _team, ...facts } = inChannel!;
    expect(facts).toEqual(byId);
    expect(await repo.dayFactsInChannel('T1', 'CNONE', '2026-12-01', '2026-12-03', 'UA')).toBeUndefined();
    // Another workspace's channel of the same id is not this team.
    expect(await repo.dayFactsInChannel('T2', 'C1', '2026-12-01', '2026-12-03', 'UA')).toBeUndefined();
    // Nor is this team read by id from another workspace.
    expect((await repo.dayFacts({ id: teamId, workspaceId: 'T2' }, '2026-12-01', '2026-12-03')).members).toEqual([]);
  });

  it('in the channel, the statement built once answers each call with that call’s values (team, window, asker or none), in a transaction too', async () => {
    const repo = createStandupsRepository({ db: db.db });
    const ids = Object.fromEntries((await db.db.select({ id: teams.id, channelId: teams.channelId }).from(teams)).map((t) => [t.channelId, t.id]));
    for (const [channel, from, to, actor] of [
      ['C1', '2026-12-01', '2026-12-03', 'UA'],
      ['C2', '2026-12-01', '2026-12-03', 'UA'],
      ['C1', '2026-11-29', '2026-12-01', 'UB'],
      ['C1', '2026-12-02', '2026-12-02', undefined],
      ['C2', '2026-11-30', '2026-12-02', undefined],
      ['C1', '2026-12-01', '2026-12-03', 'UA'],
    ] as const) {
      const inChannel = await repo.dayFactsInChannel('T1', channel, from, to, actor);
      expect(inChannel?.team.id).toBe(ids[channel]);
      const { team: _team, ...facts } = inChannel!;
      expect(facts).toEqual(await repo.dayFacts({ id: ids[channel]!, workspaceId: 'T1' }, from, to, actor));
    }
    // The windows above differ in what they hold: the values are not frozen into the statement.
    expect((await repo.dayFactsInChannel('T1', 'C1', '2026-12-02', '2026-12-02'))!.entries.map((e) => e.userId)).toEqual(['UX', 'UB']);
    expect((await repo.dayFactsInChannel('T1', 'C1', '2026-11-29', '2026-12-01'))!.entries.map((e) => e.userId).sort()).toEqual(['UA', 'UA']);
    expect((await repo.dayFactsInChannel('T1', 'C1', '2026-11-29', '2026-12-01', 'UB'))!.actor?.name).toBe('Bo');
    const inTx = await db.db.transaction(async (tx) => createStandupsRepository({ db: tx }).dayFactsInChannel('T1', 'C2', '2026-12-01', '2026-12-03', 'UA'));
    expect(inTx?.team.id).toBe(ids.C2);
  });

  it('an empty team, and no asker: empty lists, no profile', async () => {
    const repo = createStandupsRepository({ db: db.db });
    const f = await repo.dayFacts({ id: 9999, workspaceId: 'T1' }, '2026-12-02', '2026-12-02');
    expect(f).toEqual({ from: '2026-12-02', to: '2026-12-02', members: [], entries: [], away: [], regions: new Map(), calendar: new Map(), actor: null });
  });
});
