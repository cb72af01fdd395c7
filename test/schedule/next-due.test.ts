import { and, eq, inArray } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deliveries } from '../../src/outbox/deliveries.schema.ts';
import { nextDeadline, nextMemberDue } from '../../src/schedule/due.models.ts';
import { planDue, type ScheduleMember, type ScheduleTeam } from '../../src/standups/schedule.models.ts';
import { teamMembers, teams, type Team } from '../../src/teams/teams.schema.ts';
import { createTestDatabase, testPostgresUrl, type TestDatabase } from '../support/db.ts';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.ts';
import { createProcess, seedTeam, type SeedMember } from '../support/seed.ts';

const kindsOfDb: ('pglite' | 'postgres')[] = ['pglite', ...(testPostgresUrl ? (['postgres'] as const) : [])];
const zones = ['Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Pacific/Chatham'];
const people: SeedMember[] = [...zones.map((tz, i) => ({ id: `U${i}`, tz })), { id: 'UMGR', tz: 'Europe/Berlin', manager: true }];

async function scheduledKeys(db: TestDatabase): Promise<string[]> {
  return (await scheduled(db)).map((r) => r.key).sort();
}

/** Every planned prompt, reminder and deadline as "key @ due instant". */
async function scheduled(db: TestDatabase): Promise<{ key: string; at: string }[]> {
  const rows = await db.db.select({ key: deliveries.key, dueAt: deliveries.dueAt }).from(deliveries).where(inArray(deliveries.kind, ['prompt', 'reminder', 'deadline']));
  return rows.map((r) => ({ key: r.key, at: `${r.key} @ ${r.dueAt.toISOString()}` }));
}

async function memberRows(db: TestDatabase, teamId: number) {
  return db.db.select().from(teamMembers).where(eq(teamMembers.teamId, teamId));
}

async function teamRow(db: TestDatabase, teamId: number): Promise<Team> {
  return (await db.db.select().from(teams).where(eq(teams.id, teamId)))[0]!;
}

const scheduleOf = (t: Team): ScheduleTeam => ({
  id: t.id,
  workingDays: t.workingDays,
  promptTime: t.promptTime,
  tzMode: t.tzMode,
  timezone: t.timezone,
  reminderMinutes: t.reminderMinutes,
  deadlineTime: t.deadlineTime,
});

// Generous caps for a stuck run on a loaded machine (they take seconds on a quiet one); nothing here is timed.
describe.each(kindsOfDb)('next-due instants on %s', (kind) => {
  let db: TestDatabase;
  let fake: FakeSlack;
  beforeEach(async () => {
    db = await createTestDatabase({ kind });
    fake = await startFakeSlack();
  });
  afterEach(async () => {
    await fake.close();
    await db.close();
  });

  it('after a pass, every member waits at their next instant and idle minutes plan nothing', { timeout: 300_000 }, async () => {
    const team = await seedTeam(db.db, fake, { members: people, team: { timezone: 'Europe/Berlin' }, createdAt: new Date('2026-11-01T00:00:00Z') });
    const p = createProcess(db.db, fake, { now: '2026-12-01T06:00:00Z' });
    await p.tick('2026-12-01T06:00:00Z');
    const t = await teamRow(db, team.id);
    const after = new Date('2026-12-01T06:00:00Z');
    for (const m of await memberRows(db, team.id)) {
      const tz = people.find((x) => x.id === m.userId)!.tz;
      expect([m.userId, m.nextDueAt]).toEqual([m.userId, m.isParticipant ? nextMemberDue(scheduleOf(t), tz, after) : null]);
    }
    expect(t.nextDeadlineAt).toEqual(nextDeadline(scheduleOf(t), zones, after));
    expect(t.nextDigestAt!.getTime()).toBeGreaterThan(after.getTime());
    expect(t.nextEscalationAt!.getTime()).toBeGreaterThan(after.getTime());
    expect(t.nextWarningsAt!.getTime()).toBeGreaterThan(after.getTime());
    // Kolkata's 09:30 (04:00Z) and Chatham's passed before 06:00 today; nothing else is due until Berlin's 08:30Z.
    const before = await scheduledKeys(db);
    for (const minute of ['06:01', '06:02', '07:00', '08:29']) {
      const r = await p.tick(`2026-12-01T${minute}:00Z`);
      expect([minute, r.planned, r.escalations, r.warnings, r.digests]).toEqual([minute, 0, 0, 0, 0]);
    }
    expect(await scheduledKeys(db)).toEqual(before);
    await p.tick('2026-12-01T08:30:00Z');
    expect((await scheduledKeys(db)).filter((k) => !before.includes(k))).toEqual(['prompt:1:U0:2026-12-01']);
  });

  it('an edit resets what it moves, and the new schedule is kept from the next pass', { timeout: 300_000 }, async () => {
    const team = await seedTeam(db.db, fake, { members: people, team: { timezone: 'Europe/Berlin', tzMode: 'pinned' }, createdAt: new Date('2026-11-01T00:00:00Z') });
    const p = createProcess(db.db, fake, { now: '2026-12-01T06:00:00Z' });
    await p.tick('2026-12-01T06:00:00Z');
    const epoch = new Date(0);
    // The team's prompt time (a settings change through the repository the commands use).
    await p.services.repos.teams.update(team, { promptTime: '07:45' });
    expect((await memberRows(db, team.id)).every((m) => m.nextDueAt?.getTime() === epoch.getTime())).toBe(true);
    expect((await teamRow(db, team.id)).nextDeadlineAt).toEqual(epoch);
    await p.tick('2026-12-01T06:44:00Z');
    expect((await memberRows(db, team.id)).filter((m) => m.isParticipant).map((m) => m.nextDueAt)).toEqual(zones.map(() => new Date('2026-12-01T06:45:00Z')));
    await p.tick('2026-12-01T06:45:00Z');
    // (The first pass caught up yesterday's, 26 h back, as missed.)
    expect((await scheduledKeys(db)).filter((k) => k.startsWith('prompt:') && k.endsWith('2026-12-01'))).toEqual(zones.map((_, i) => `prompt:1:U${i}:2026-12-01`));
    // A zone (a profile refresh) resets that person's instants in every team, and the team's deadline.
    await p.tick('2026-12-01T07:00:00Z');
    await p.services.workspaces.upsertUser({ workspaceId: 'T0001', userId: 'U1', name: 'U1', tz: 'Asia/Tokyo', refreshedAt: new Date('2100-01-01T00:00:00Z') });
    const rows = await memberRows(db, team.id);
    expect(rows.find((m) => m.userId === 'U1')!.nextDueAt).toEqual(epoch);
    expect(rows.find((m) => m.userId === 'U0')!.nextDueAt).not.toEqual(epoch);
    // The same zone again changes nothing.
    await p.tick('2026-12-01T07:01:00Z');
    const settled = await memberRows(db, team.id);
    await p.services.workspaces.upsertUser({ workspaceId: 'T0001', userId: 'U1', name: 'U1', tz: 'Asia/Tokyo', refreshedAt: new Date('2100-01-01T00:00:00Z') });
    expect(await memberRows(db, team.id)).toEqual(settled);
    // Another feature's input (a holiday calendar): recomputeDue resets that scope only.
    await p.services.schedule.recomputeDue({ workspaceId: 'T0001', userId: 'U2' });
    const after = await memberRows(db, team.id);
    expect(after.filter((m) => m.nextDueAt?.getTime() === 0).map((m) => m.userId)).toEqual(['U2']);
    await p.services.schedule.recomputeDue({ workspaceId: 'T0002' });
    expect((await memberRows(db, team.id)).filter((m) => m.nextDueAt?.getTime() === 0).map((m) => m.userId)).toEqual(['U2']);
  });

  it("a team's digest moved to today goes out at its new time, once", { timeout: 300_000 }, async () => {
    const team = await seedTeam(db.db, fake, { members: people, team: { timezone: 'UTC', stakeholderChannelId: 'CSTAKE' }, createdAt: new Date('2026-11-01T00:00:00Z') });
    const p = createProcess(db.db, fake, { now: '2026-12-01T06:00:00Z' });
    await p.tick('2026-12-01T06:00:00Z');
    // Friday 16:00 UTC by default.
    expect((await teamRow(db, team.id)).nextDigestAt).toEqual(new Date('2026-12-04T16:00:00Z'));
    await p.services.repos.teams.update(team, { digestDay: 2, digestTime: '07:00' }); // Tuesday, today
    await p.tick('2026-12-01T06:30:00Z');
    expect((await teamRow(db, team.id)).nextDigestAt).toEqual(new Date('2026-12-01T07:00:00Z'));
    const digests = () => db.db.select({ dueAt: deliveries.dueAt }).from(deliveries).where(eq(deliveries.kind, 'digest'));
    expect(await digests()).toEqual([]);
    await p.tick('2026-12-01T07:00:00Z');
    await p.tick('2026-12-01T07:01:00Z');
    expect(await digests()).toEqual([{ dueAt: new Date('2026-12-01T07:00:00Z') }]);
    expect((await teamRow(db, team.id)).nextDigestAt).toEqual(new Date('2026-12-08T07:00:00Z'));
  });

  it('a tick that read a row before an edit does not write its stale instant back', async () => {
    const team = await seedTeam(db.db, fake, { members: people, team: { timezone: 'Europe/Berlin' }, createdAt: new Date('2026-11-01T00:00:00Z') });
    const p = createProcess(db.db, fake, { now: '2026-12-01T06:00:00Z' });
    const due = await p.services.repos.due.dueMembers(new Date('2026-12-01T06:00:00Z'));
    const u0 = due.find((m) => m.userId === 'U0')!;
    await p.services.repos.teams.update(team, { promptTime: '06:30' }); // bumps due_rev
    const written = await p.services.repos.due.advanceMembers([{ teamId: u0.teamId, userId: 'U0', rev: u0.dueRev, next: new Date('2026-12-01T08:30:00Z') }]);
    expect(written).toBe(0);
    const row = (await memberRows(db, team.id)).find((m) => m.userId === 'U0')!;
    expect(row.nextDueAt).toEqual(new Date(0));
    const fresh = await p.services.repos.due.advanceMembers([{ teamId: u0.teamId, userId: 'U0', rev: row.dueRev, next: new Date('2026-12-01T05:30:00Z') }]);
    expect(fresh).toBe(1);
  });

  /*
   * Three days across the end of summer time in Europe (25 October 2026), ticked every 20
   * minutes by two processes that alternate, sometimes tick the same minute, and are replaced
   * (a restart), with a schedule edit, a zone change and time off on the way: the outbox must hold
   * exactly the keys that planning every member at every pass would give.
   */
  it('days across DST with edits, replicas and restarts: exactly what planning everyone gives', { timeout: 240_000 }, async () => {
    const team = await seedTeam(db.db, fake, { members: people, team: { timezone: 'Europe/Berlin', reminderMinutes: 90, workingDays: [1, 2, 3, 4, 5, 6, 7] }, createdAt: new Date('2026-10-01T00:00:00Z') });
    let a = createProcess(db.db, fake, { now: '2026-10-24T00:00:00Z', worker: 'a' });
    const b = createProcess(db.db, fake, { now: '2026-10-24T00:00:00Z', worker: 'b' });
    const members: ScheduleMember[] = zones.map((tz, i) => ({ teamId: team.id, userId: `U${i}`, tz }));
    const awayDates = new Set<string>();
    const expected = new Set<string>();
    let schedule = scheduleOf(await teamRow(db, team.id));
    // The planner's watermark starts at the first pass (nothing before it is caught up here).
    let from = new Date('2026-10-24T00:00:00Z');
    await db.db.insert((await import('../../src/outbox/deliveries.schema.ts')).schedulerState).values({ name: 'standups', plannedUntil: from });
    const start = from.getTime();
    for (let i = 1; i <= 3 * 72; i++) {
      const now = new Date(start + i * 20 * 60_000);
      const iso = now.toISOString();
      for (const item of planDue({ teams: [schedule], members, from, to: now, isAway: (_t, u, d) => awayDates.has(`${u}:${d}`) })) {
        // The first planning of a key wins (the outbox keeps the row it has).
        if (![...expected].some((e) => e.startsWith(`${item.key} @`))) expected.add(`${item.key} @ ${item.dueAt.toISOString()}`);
      }
      if (i % 7 === 0) await Promise.all([a.tick(iso), b.tick(iso)]);
      else await (i % 2 ? a : b).tick(iso);
      from = now;
      if (i === 40) a = createProcess(db.db, fake, { now: iso, worker: 'a2' }); // a restart
      if (i === 60) {
        await a.services.repos.teams.update(team, { promptTime: '07:10', deadlineTime: '15:00' });
        schedule = scheduleOf(await teamRow(db, team.id));
      }
      if (i === 100) {
        await a.services.workspaces.upsertUser({ workspaceId: 'T0001', userId: 'U2', name: 'U2', tz: 'America/Los_Angeles', refreshedAt: new Date('2100-01-01T00:00:00Z') });
        members[2]!.tz = 'America/Los_Angeles';
      }
      if (i === 120) {
        await a.services.repos.standups.addAway({ workspaceId: 'T0001', userId: 'U3', fromDate: '2026-10-27', toDate: '2026-10-27' });
        awayDates.add('U3:2026-10-27');
      }
    }
    // Same keys at the same instants: an instant not reset by an edit would plan the key late.
    expect((await scheduled(db)).map((r) => r.at).sort()).toEqual([...expected].sort());
    // Sent at most once each.
    const sentKeys = fake
      .callsTo('chat.postMessage')
      .filter((c) => !c.failed)
      .map((c) => (c.args.metadata as { event_payload?: { key?: string } } | undefined)?.event_payload?.key)
      .filter((k): k is string => Boolean(k?.startsWith('prompt:')));
    expect(new Set(sentKeys).size).toBe(sentKeys.length);
    expect(
      (await db.db.select({ n: deliveries.id }).from(deliveries).where(and(eq(deliveries.kind, 'prompt'), eq(deliveries.status, 'pending')))).length,
    ).toBe(0);
  });
});
