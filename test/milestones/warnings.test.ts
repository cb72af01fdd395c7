import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { milestones } from '../../src/milestones/milestones.schema.ts';
import { deliveries } from '../../src/outbox/deliveries.schema.ts';
import { kinds } from '../../src/outbox/kinds.ts';
import { risks } from '../../src/risks/risks.schema.ts';
import { milestoneWarningMessage } from '../../src/slack/blocks/milestone.blocks.ts';
import { tasks } from '../../src/workload/workload.schema.ts';
import { awayPeriods } from '../../src/standups/standups.schema.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.ts';
import { createProcess, seedTeam } from '../support/seed.ts';

const now = new Date('2026-12-01T10:00:00Z'); // Tuesday

/**
 * Planning milestone warnings and risk reviews from two replicas at once, over several teams
 * and workspaces: each worsening is told once per manager, each owner nudged once a week.
 */
describe('milestone warnings and risk reviews, planned by two replicas at once', () => {
  let db: TestDatabase;
  let fake: FakeSlack;
  const rowsOf = async (kind: string) => (await db.db.select().from(deliveries)).filter((d) => d.kind === kind);

  beforeAll(async () => {
    db = await createTestDatabase();
    fake = await startFakeSlack();
    const alpha = await seedTeam(db.db, fake, { workspaceId: 'TA', channelId: 'CALPHA', name: '#alpha', members: [{ id: 'UMA', tz: 'UTC', manager: true }, { id: 'UMA2', tz: 'UTC', manager: true }, { id: 'UANA', tz: 'UTC' }, { id: 'UBO', tz: 'UTC' }] });
    const beta = await seedTeam(db.db, fake, { workspaceId: 'TA', channelId: 'CBETA', name: '#beta', members: [{ id: 'UMB', tz: 'UTC', manager: true }, { id: 'UBO', tz: 'UTC' }] });
    const [late, fine] = await db.db
      .insert(milestones)
      .values([
        { workspaceId: 'TA', teamId: alpha.id, name: 'Launch', targetDate: '2026-12-11', createdBy: 'UMA', createdAt: now },
        { workspaceId: 'TA', teamId: beta.id, name: 'Pilot', targetDate: '2027-01-29', createdBy: 'UMB', createdAt: now },
      ])
      .returning();
    const task = (teamId: number, assigneeId: string, hours: number | null, milestoneId: number | null) => ({ workspaceId: 'TA', teamId, title: `Work of ${hours ?? '?'} h`, assigneeId, createdBy: 'UMA', estimateMinutes: hours === null ? null : hours * 60, milestoneId, createdAt: now });
    // Ana: 48 h on Launch, 16 h of other work due first, and away Thursday: finishes Mon 14 Dec, after Fri 11.
    await db.db.insert(tasks).values([task(alpha.id, 'UANA', 48, late!.id), task(alpha.id, 'UANA', null, late!.id), { ...task(alpha.id, 'UANA', 16, null), dueDate: '2026-12-02' }, task(beta.id, 'UBO', 8, fine!.id)]);
    await db.db.insert(awayPeriods).values({ workspaceId: 'TA', userId: 'UANA', fromDate: '2026-12-03', toDate: '2026-12-03' });
    // Bo owns risks in both teams; Ana one in alpha.
    await db.db.insert(risks).values([
      { workspaceId: 'TA', teamId: alpha.id, text: 'Vendor', likelihood: 3, impact: 5, ownerId: 'UBO', createdBy: 'UMA', createdAt: now, updatedAt: now },
      { workspaceId: 'TA', teamId: beta.id, text: 'Pilot site', likelihood: 2, impact: 2, ownerId: 'UBO', createdBy: 'UMB', createdAt: now, updatedAt: now },
      { workspaceId: 'TA', teamId: alpha.id, text: 'Hiring', likelihood: 2, impact: 4, ownerId: 'UANA', createdBy: 'UMA', createdAt: now, updatedAt: now },
      { workspaceId: 'TA', teamId: alpha.id, text: 'Closed one', likelihood: 5, impact: 5, ownerId: 'UMA', state: 'closed', createdBy: 'UMA', createdAt: now, updatedAt: now },
    ]);
    const a = createProcess(db.db, fake, { now: now.toISOString(), worker: 'a' });
    const b = createProcess(db.db, fake, { now: now.toISOString(), worker: 'b' });
    await Promise.all([a.services.milestones.planWarnings(now), b.services.milestones.planWarnings(now), a.services.risks.planReviews(now), b.services.risks.planReviews(now)]);
  });
  afterAll(async () => {
    await fake.close();
    await db.close();
  });

  it('warns each manager of the late milestone once, saying why and what would fix it', async () => {
    const rows = await rowsOf('milestone-warning');
    expect(rows.map((r) => r.key).sort()).toEqual(['milestone-warning:1:2026-12-01:UMA', 'milestone-warning:1:2026-12-01:UMA2']);
    const p = kinds.milestoneWarning.payload.parse(rows[0]!.payload);
    expect(p).toMatchObject({ status: 'late', finish: '2026-12-14', daysLate: 3, unestimatedCount: 1 });
    const text = JSON.stringify(milestoneWarningMessage(p));
    expect(text).toContain('<@UANA> has 52 h left on it and 26.7 h a week free until Fri 11 Dec');
    expect(text).toContain('1 task unestimated (counted at 4 h each): #2 Work of ? h');
    expect(text).toContain('Move some of <@UANA>’s 52 h to <@UBO> (40 h a week free)');
    expect(text).toContain('Estimate #2');
  });

  it('records the on-track milestone without a word', async () => {
    const [pilot] = (await db.db.select().from(milestones)).filter((m) => m.name === 'Pilot');
    expect(pilot!.lastStatus).toBe('on-track');
  });

  it('nudges each owner of open risks once this week, across teams', async () => {
    expect((await rowsOf('risk-review')).map((r) => r.key).sort()).toEqual(['risk-review:TA:UANA:2026-W49', 'risk-review:TA:UBO:2026-W49']);
  });

  it('plans nothing more later that day, nor the rest of the week', async () => {
    const c = createProcess(db.db, fake, { now: now.toISOString(), worker: 'c' });
    for (const at of ['2026-12-01T10:30:00Z', '2026-12-01T16:00:00Z', '2026-12-04T09:00:00Z']) {
      await c.services.milestones.planWarnings(new Date(at));
      await c.services.risks.planReviews(new Date(at));
    }
    expect(await rowsOf('milestone-warning')).toHaveLength(2);
    expect(await rowsOf('risk-review')).toHaveLength(2);
  });
});
