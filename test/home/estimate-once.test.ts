import { and, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { requestDedupe } from '../../src/requests/requests.schema.ts';
import { createServices, type Services } from '../../src/services.ts';
import { createTestClock } from '../../src/shared/clock.ts';
import { createRecordingLogger } from '../../src/shared/logger.ts';
import { createWebClient } from '../../src/slack/gateway.ts';
import type { Team } from '../../src/teams/teams.schema.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { seedTeam } from '../support/seed.ts';

/**
 * The App Home's estimate menu claims the click's key in the transaction that writes the
 * estimate: a redelivered click writes once, and a write that fails leaves the key free, so
 * Slack's retry of the same click does the work (claimed first, the retry found the key taken
 * and the estimate was never written).
 */
describe('the Home estimate menu, once per click', () => {
  let db: TestDatabase;
  let services: Services;
  let team: Team;
  let taskId: number;
  const actor = { workspaceId: 'T0001', userId: 'UANA' };
  const claimed = async (key: string) => (await db.db.select().from(requestDedupe).where(and(eq(requestDedupe.workspaceId, 'T0001'), eq(requestDedupe.key, key)))).length;

  beforeEach(async () => {
    db = await createTestDatabase();
    const { logger } = createRecordingLogger('debug');
    // Nothing here talks to Slack: profiles are seeded fresh.
    const web = createWebClient({ botToken: 'xoxb-test', apiUrl: 'http://127.0.0.1:9/api/', logger });
    services = createServices({ db: db.db, clock: createTestClock('2026-11-30T10:00:00Z'), logger, web });
    team = await seedTeam(db.db, undefined, { members: [{ id: 'UMGR', tz: 'UTC', manager: true }, { id: 'UANA', tz: 'UTC' }] });
    const added = await services.workload.addTask(actor, team, { title: 'Write the docs' });
    if (!('task' in added)) throw new Error('task not added');
    taskId = added.task.id;
  });
  afterEach(() => db.close());

  it('writes once for one click, however often it arrives', async () => {
    const once = { key: 'click:home_task_estimate:1764496800.000100:UANA' };
    const first = await services.workload.estimateOnce(actor, team, taskId, 240, once);
    expect(first).toMatchObject({ kind: 'saved', task: { estimateMinutes: 240 } });
    // The same click again (a retry carrying another choice cannot happen, but would change nothing).
    expect(await services.workload.estimateOnce(actor, team, taskId, 480, once)).toEqual({ replayed: true });
    expect((await services.repos.workload.byId('T0001', taskId))!.estimateMinutes).toBe(240);
  });

  it('a write that fails claims nothing: the retry of the same click writes the estimate', async () => {
    const once = { key: 'click:home_task_estimate:1764496800.000200:UANA' };
    // Out of the column's range: the update fails inside the transaction.
    await expect(services.workload.estimateOnce(actor, team, taskId, 2 ** 31, once)).rejects.toThrow();
    expect(await claimed(once.key)).toBe(0);
    expect((await services.repos.workload.byId('T0001', taskId))!.estimateMinutes).toBeNull();
    expect(await services.workload.estimateOnce(actor, team, taskId, 240, once)).toMatchObject({ kind: 'saved', task: { estimateMinutes: 240 } });
    expect(await claimed(once.key)).toBe(1);
  });
});
