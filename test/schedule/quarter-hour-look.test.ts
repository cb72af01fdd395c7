import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as milestoneCases from '../../src/milestones/milestones.usecases.ts';
import { createMilestonesRepository } from '../../src/milestones/milestones.repository.ts';
import { milestones } from '../../src/milestones/milestones.schema.ts';
import { createDeliveriesRepository } from '../../src/outbox/deliveries.repository.ts';
import { deliveries } from '../../src/outbox/deliveries.schema.ts';
import * as riskCases from '../../src/risks/risks.usecases.ts';
import { createRisksRepository } from '../../src/risks/risks.repository.ts';
import { risks } from '../../src/risks/risks.schema.ts';
import { createTestClock } from '../../src/shared/clock.ts';
import { silentLogger } from '../../src/shared/logger.ts';
import { createStandupsRepository } from '../../src/standups/standups.repository.ts';
import { awayPeriods } from '../../src/standups/standups.schema.ts';
import { createTeamsRepository } from '../../src/teams/teams.repository.ts';
import type { NewTeam, Team } from '../../src/teams/teams.schema.ts';
import { createWorkloadRepository } from '../../src/workload/workload.repository.ts';
import { tasks } from '../../src/workload/workload.schema.ts';
import { createUsersService } from '../../src/workspaces/users.service.ts';
import { createWorkspacesRepository } from '../../src/workspaces/workspaces.repository.ts';
import { createTestDatabase, testPostgresUrl, type TestDatabase } from '../support/db.ts';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.ts';
import { createProcess, seedTeam, type SeedMember } from '../support/seed.ts';

/**
 * The quarter-hour look (milestone warnings, risk review nudges) starts from what is open: open
 * milestones and owned open risks of active teams, then the members, tasks and time off of those
 * teams only. These check that it still warns and nudges exactly whom it did (paused teams, teams
 * without managers, the team's own zone and date, a DST change), and that teams with nothing open
 * are not read at all: what the planners get from the database does not grow with them.
 */
const kindsOfDb: ('pglite' | 'postgres')[] = ['pglite', ...(testPostgresUrl ? (['postgres'] as const) : [])];
const W = 'T0001';
const created = new Date('2026-11-01T00:00:00Z');

describe.each(kindsOfDb)('the quarter-hour milestone and risk look on %s', (kind) => {
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

  const keysOf = async (kindName: string) =>
    (await db.db.select().from(deliveries))
      .filter((d) => d.kind === kindName)
      .map((d) => d.key)
      .sort();
  let channel = 0;
  const team = (name: string, members: SeedMember[], settings: Partial<NewTeam> = {}) => seedTeam(db.db, fake, { workspaceId: W, channelId: `C${++channel}`, name, members, team: settings, createdAt: created });
  /** A milestone due `target` with `hours` of work on it for `assignee`: late unless there is time. */
  async function milestone(t: Team, name: string, target: string, assignee: string, hours: number) {
    const [m] = await db.db.insert(milestones).values({ workspaceId: W, teamId: t.id, name, targetDate: target, createdBy: assignee, createdAt: created }).returning();
    await db.db.insert(tasks).values({ workspaceId: W, teamId: t.id, title: `${name} work`, assigneeId: assignee, createdBy: assignee, estimateMinutes: hours * 60, milestoneId: m!.id, createdAt: created });
    return m!;
  }
  const risk = (t: Team, text: string, ownerId: string | null, state: 'open' | 'closed' = 'open') => db.db.insert(risks).values({ workspaceId: W, teamId: t.id, text, likelihood: 3, impact: 3, ownerId, state, createdBy: 'UX', createdAt: created, updatedAt: created });
  const statusOf = async (id: number) => (await db.db.select().from(milestones).where(eq(milestones.id, id)))[0]!.lastStatus;

  it('warns only active teams with managers; a team without managers has its status recorded, nobody told; a paused team is not looked at', async () => {
    const alpha = await team('#alpha', [{ id: 'UMA', tz: 'UTC', manager: true }, { id: 'UANA', tz: 'UTC' }]);
    const nomgr = await team('#nomgr', [{ id: 'UNA', tz: 'UTC' }, { id: 'UNB', tz: 'UTC' }]);
    const paused = await team('#paused', [{ id: 'UMP', tz: 'UTC', manager: true }, { id: 'UPA', tz: 'UTC' }], { active: false });
    const late = await milestone(alpha, 'Launch', '2026-12-03', 'UANA', 200);
    const unmanaged = await milestone(nomgr, 'Beta', '2026-12-03', 'UNA', 200);
    const asleep = await milestone(paused, 'Sleep', '2026-12-03', 'UPA', 200);
    await risk(alpha, 'Vendor', 'UANA');
    await risk(alpha, 'Old', 'UMA', 'closed');
    await risk(nomgr, 'Nobody watches', null);
    await risk(paused, 'Paused', 'UPA');
    const now = new Date('2026-12-01T10:00:00Z');
    const p = createProcess(db.db, fake, { now: now.toISOString() });
    expect(await p.services.milestones.planWarnings(now)).toBe(1);
    expect(await p.services.risks.planReviews(now)).toBe(1);
    expect(await keysOf('milestone-warning')).toEqual([`milestone-warning:${late.id}:2026-12-01:UMA`]);
    expect(await keysOf('risk-review')).toEqual([`risk-review:${W}:UANA:2026-W49`]);
    expect([await statusOf(late.id), await statusOf(unmanaged.id), await statusOf(asleep.id)]).toEqual(['late', 'late', null]);
  });

  it("dates a warning by the team's zone, and nudges each owner from the team's first working day at its prompt time, across a DST change", async () => {
    // Kiritimati is UTC+14: at 10:00 UTC on Tue 1 Dec it is already Wed 2 Dec there.
    const kiri = await team('#kiri', [{ id: 'UMK', tz: 'Pacific/Kiritimati', manager: true }, { id: 'UKA', tz: 'Pacific/Kiritimati' }], { timezone: 'Pacific/Kiritimati', tzMode: 'pinned' });
    const m = await milestone(kiri, 'Atoll', '2026-12-04', 'UKA', 200);
    const now = new Date('2026-12-01T10:00:00Z');
    const p = createProcess(db.db, fake, { now: now.toISOString() });
    await p.services.milestones.planWarnings(now);
    expect(await keysOf('milestone-warning')).toEqual([`milestone-warning:${m.id}:2026-12-02:UMK`]);

    // New York left summer time on Sun 1 Nov 2026: Monday's 09:30 is 14:30 UTC (13:30 the week before).
    // Auckland (UTC+13 in November) starts its Monday at 09:30 local = 20:30 UTC on Sunday.
    const ny = await team('#ny', [{ id: 'UNY', tz: 'America/New_York' }], { timezone: 'America/New_York', promptTime: '09:30' });
    const akl = await team('#akl', [{ id: 'UAK', tz: 'Pacific/Auckland' }], { timezone: 'Pacific/Auckland', promptTime: '09:30' });
    await risk(akl, 'Ferry', 'UAK');
    const q = createProcess(db.db, fake, { now: '2026-11-01T20:15:00Z', worker: 'q' });
    const seen: string[][] = [];
    for (const at of ['2026-11-01T20:15:00Z', '2026-11-01T20:30:00Z', '2026-11-02T13:45:00Z', '2026-11-02T14:30:00Z']) {
      // Raised on Monday (on Sunday New York's owner would be nudged for the week then ending).
      if (at.startsWith('2026-11-02T13')) await risk(ny, 'Snow', 'UNY');
      await q.services.risks.planReviews(new Date(at));
      seen.push(await keysOf('risk-review'));
    }
    expect(seen).toEqual([[], [`risk-review:${W}:UAK:2026-W45`], [`risk-review:${W}:UAK:2026-W45`], [`risk-review:${W}:UAK:2026-W45`, `risk-review:${W}:UNY:2026-W45`]]);
  });

  /**
   * The planners called with real repositories, each wrapped to count the rows it hands back
   * (the database and its queries untouched): what the look read, whatever the SQL.
   */
  function countedPlanners() {
    const read = { rows: 0, calls: [] as string[] };
    const counted = <T extends object>(name: string, repo: T): T =>
      new Proxy(repo, {
        get(target, prop) {
          const v = Reflect.get(target, prop) as unknown;
          if (typeof v !== 'function') return v;
          return async (...args: unknown[]) => {
            const out = (await (v as (...a: unknown[]) => Promise<unknown>).apply(target, args)) as unknown;
            read.rows += Array.isArray(out) ? out.length : out instanceof Map ? out.size : out && typeof out === 'object' ? 1 : 0;
            read.calls.push(`${name}.${String(prop)}`);
            return out;
          };
        },
      });
    const clock = createTestClock('2026-12-01T10:00:00Z');
    const repos = {
      milestones: counted('milestones', createMilestonesRepository({ db: db.db })),
      workload: counted('workload', createWorkloadRepository({ db: db.db })),
      teams: counted('teams', createTeamsRepository({ db: db.db })),
      standups: counted('standups', createStandupsRepository({ db: db.db })),
      risks: counted('risks', createRisksRepository({ db: db.db })),
    };
    // The outbox's own bookkeeping (when it last looked, what it queued) is not counted.
    const outbox = createDeliveriesRepository({ db: db.db });
    const users = createUsersService({ workspaces: createWorkspacesRepository({ db: db.db }), web: async () => Promise.reject(new Error('no Slack here')), clock, logger: silentLogger() });
    const milestoneDeps: milestoneCases.MilestoneDeps = {
      ...repos,
      deliveries: outbox,
      users,
      clock,
      transaction: (fn) => db.db.transaction((tx) => fn({ milestones: createMilestonesRepository({ db: tx }), deliveries: createDeliveriesRepository({ db: tx }) })),
    };
    const riskDeps: riskCases.RiskDeps = { ...repos, deliveries: outbox, users, clock };
    return {
      read,
      /** One quarter-hour look at `iso`: what it planned, and the rows it read. */
      async look(iso: string) {
        read.rows = 0;
        read.calls = [];
        const now = new Date(iso);
        const planned = (await milestoneCases.planWarnings(milestoneDeps, now)) + (await riskCases.planReviews(riskDeps, now));
        return { planned, rows: read.rows, calls: [...read.calls] };
      },
    };
  }

  /** Teams with nothing due at a quarter hour: members (some away), tasks, finished milestones, closed or unowned risks; and a paused team with all of it open. */
  async function idleTeams(n: number) {
    for (let i = 0; i < n; i++) {
      const members = Array.from({ length: 5 }, (_, k) => ({ id: `UI${i}x${k}`, tz: 'UTC', manager: k === 0 }));
      const t = await team(`#idle${i}`, members);
      const [done] = await db.db.insert(milestones).values({ workspaceId: W, teamId: t.id, name: 'Shipped', targetDate: '2026-11-20', state: 'done', doneAt: created, lastStatus: 'on-track', createdBy: members[0]!.id, createdAt: created }).returning();
      await db.db.insert(tasks).values(members.map((m, k) => ({ workspaceId: W, teamId: t.id, title: `Idle ${i}-${k}`, assigneeId: m.id, createdBy: m.id, estimateMinutes: 240, milestoneId: k === 0 ? done!.id : null, createdAt: created })));
      await db.db.insert(awayPeriods).values({ workspaceId: W, userId: members[1]!.id, fromDate: '2026-12-02', toDate: '2026-12-04' });
      await risk(t, 'Closed', members[1]!.id, 'closed');
      await risk(t, 'Unowned', null);
    }
    const paused = await team('#paused', [{ id: 'UMP', tz: 'UTC', manager: true }, { id: 'UPA', tz: 'UTC' }], { active: false });
    await milestone(paused, 'Sleep', '2026-12-03', 'UPA', 200);
    await risk(paused, 'Paused', 'UPA');
  }

  it('teams with nothing open are not read: the look reads the same rows with 40 of them as without', async () => {
    const alpha = await team('#alpha', [{ id: 'UMA', tz: 'UTC', manager: true }, { id: 'UANA', tz: 'UTC' }, { id: 'UBO', tz: 'UTC' }]);
    const beta = await team('#beta', [{ id: 'UMB', tz: 'UTC', manager: true }, { id: 'UCY', tz: 'UTC' }]);
    await milestone(alpha, 'Launch', '2026-12-03', 'UANA', 200);
    await db.db.insert(awayPeriods).values({ workspaceId: W, userId: 'UANA', fromDate: '2026-12-02', toDate: '2026-12-02' });
    await risk(beta, 'Vendor', 'UCY');
    const planners = countedPlanners();
    const before = await planners.look('2026-12-01T10:00:00Z');
    expect(before.planned).toBe(2);
    await idleTeams(40);
    // A quarter hour later the same look (nothing changed in alpha or beta; both planned already).
    const after = await planners.look('2026-12-01T10:15:00Z');
    expect(after.planned).toBe(0);
    expect(after.rows).toBe(before.rows);
    expect(after.calls).toEqual(before.calls);
    // And it read what it needed: alpha's milestone, its task, three members and Ana's day off; beta's risk owner.
    expect(before.rows).toBe(7);
  });

  it('with nothing open anywhere, the look reads no rows at all, however many teams there are', async () => {
    await idleTeams(40);
    await db.db.update(milestones).set({ state: 'done' }).where(eq(milestones.state, 'open'));
    await db.db.update(risks).set({ state: 'closed' }).where(eq(risks.state, 'open'));
    const look = await countedPlanners().look('2026-12-01T10:00:00Z');
    expect(look.planned).toBe(0);
    expect(look.rows).toBe(0);
    // One read each: what is open (nothing).
    expect(look.calls).toHaveLength(2);
  });
});
