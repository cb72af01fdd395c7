import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliveries } from '../../src/outbox/deliveries.schema.ts';
import { kinds } from '../../src/outbox/kinds.ts';
import { overloadMessage } from '../../src/slack/blocks/workload.blocks.ts';
import { awayPeriods } from '../../src/standups/standups.schema.ts';
import { tasks } from '../../src/workload/workload.schema.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.ts';
import { createProcess, seedTeam } from '../support/seed.ts';

const now = new Date('2026-12-01T10:00:00Z'); // Tuesday

/**
 * Planning overload warnings for many teams at once (it runs every minute and reads
 * everything in a handful of queries): each team sees its own members, tasks and time
 * off, in its own workspace and week.
 */
describe('planning overload warnings across teams and workspaces', () => {
  let db: TestDatabase;
  let fake: FakeSlack;
  let planned: { key: string; payload: { to: string }; message: { text: string } }[];

  beforeAll(async () => {
    db = await createTestDatabase();
    fake = await startFakeSlack();
    const alpha = await seedTeam(db.db, fake, { workspaceId: 'TA', channelId: 'CALPHA', name: '#alpha', members: [{ id: 'UMA', tz: 'UTC', manager: true }, { id: 'UANA', tz: 'UTC' }] });
    const beta = await seedTeam(db.db, fake, { workspaceId: 'TB', channelId: 'CBETA', name: '#beta', members: [{ id: 'UMB', tz: 'UTC', manager: true }, { id: 'UANA', tz: 'UTC' }] });
    // A team of Auckland, whose week is already Wednesday, with no manager: nobody to warn.
    const gamma = await seedTeam(db.db, fake, { workspaceId: 'TA', channelId: 'CGAMMA', name: '#gamma', members: [{ id: 'UBO', tz: 'Pacific/Auckland' }], team: { timezone: 'Pacific/Auckland' } });
    const task = (teamId: number, workspaceId: string, assigneeId: string, hours: number) => ({ workspaceId, teamId, title: `Work of ${hours} h`, assigneeId, createdBy: assigneeId, estimateMinutes: hours * 60, dueDate: '2026-12-04', createdAt: new Date('2026-11-30T09:00:00Z') });
    await db.db.insert(tasks).values([task(alpha.id, 'TA', 'UANA', 32), task(beta.id, 'TB', 'UANA', 32), task(gamma.id, 'TA', 'UBO', 80)]);
    // Ana is off Wednesday and Thursday in workspace TA only: 24 h available there, 40 in TB.
    await db.db.insert(awayPeriods).values({ workspaceId: 'TA', userId: 'UANA', fromDate: '2026-12-02', toDate: '2026-12-03' });
    const p = createProcess(db.db, fake, { now: now.toISOString() });
    await p.services.workload.planWarnings(now);
    // What the manager is sent: the warning's data, rendered as its delivery renders it.
    planned = (await db.db.select().from(deliveries))
      .filter((d) => d.kind === 'overload-warning')
      .map((d) => {
        const payload = kinds.overloadWarning.payload.parse(d.payload);
        return { key: d.key, payload, message: overloadMessage(payload) };
      });
  });
  afterAll(async () => {
    await fake.close();
    await db.close();
  });

  it('warns the manager of the team where time off pushes someone over, and only there', () => {
    expect(planned.map((d) => d.payload.to)).toEqual(['UMA']);
    expect(planned[0]!.message.text).toBe('133% this week: overloaded in #alpha');
    expect(JSON.stringify(planned[0]!.message)).toMatch(/<@UANA> is at \*133%\* this week in #alpha \(32 h planned of 24 h available\)/);
  });

  it('plans nothing more on the next pass', async () => {
    const p = createProcess(db.db, fake, { now: now.toISOString() });
    expect(await p.services.workload.planWarnings(new Date(now.getTime() + 60_000))).toBe(0);
  });
});

describe('time off after the two weeks shown still shapes the load', () => {
  let db: TestDatabase;
  let fake: FakeSlack;
  afterAll(async () => {
    await fake.close();
    await db.close();
  });

  it('80 h due in three weeks with the last seven working days off: overloaded this week and next', async () => {
    db = await createTestDatabase();
    fake = await startFakeSlack();
    const team = await seedTeam(db.db, fake, { channelId: 'CDELTA', name: '#delta', members: [{ id: 'UMD', tz: 'UTC', manager: true }, { id: 'UDEE', tz: 'UTC' }] });
    await db.db.insert(tasks).values({ workspaceId: 'T0001', teamId: team.id, title: 'Migration', assigneeId: 'UDEE', createdBy: 'UMD', estimateMinutes: 80 * 60, dueDate: '2026-12-18', createdAt: new Date('2026-11-30T09:00:00Z') });
    // Off from Thursday of next week to the due date: 80 h over the 7 working days left (Tue 1 – Wed 9 Dec).
    await db.db.insert(awayPeriods).values({ workspaceId: 'T0001', userId: 'UDEE', fromDate: '2026-12-10', toDate: '2026-12-18' });
    const p = createProcess(db.db, fake, { now: now.toISOString() });
    await p.services.workload.planWarnings(now);
    const texts = (await db.db.select().from(deliveries)).filter((d) => d.kind === 'overload-warning').map((d) => JSON.stringify(overloadMessage(kinds.overloadWarning.payload.parse(d.payload))));
    expect(texts).toHaveLength(2);
    expect(texts.find((t) => t.includes('this week'))).toMatch(/<@UDEE> is at \*114%\* this week in #delta \(45.7 h planned of 40 h available\)/);
    expect(texts.find((t) => t.includes('next week'))).toMatch(/<@UDEE> is at \*143%\* next week in #delta \(34.3 h planned of 24 h available\)/);
  });
});
