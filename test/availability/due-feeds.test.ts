import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAvailabilityRepository } from '../../src/availability/availability.repository.ts';
import { calendarFeeds } from '../../src/availability/availability.schema.ts';
import { installations } from '../../src/installations/installations.schema.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';

/** Which feeds the tick reads: a workspace no longer served has its secret addresses left alone. */
describe('calendar feeds due for a read', () => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await createTestDatabase();
  });
  afterEach(() => db.close());

  it('skips the feeds of uninstalled and disabled workspaces, and keeps single-workspace feeds (no installation row)', async () => {
    const now = new Date('2026-12-02T06:00:00Z');
    for (const workspaceId of ['TSINGLE', 'TACTIVE', 'TGONE', 'TOFF']) {
      await db.db.insert(calendarFeeds).values({ workspaceId, userId: 'U1', url: `https://calendar.example.com/${workspaceId}.ics` });
    }
    const row = (workspaceId: string, status: 'active' | 'uninstalled' | 'disabled') => ({ workspaceId, status, installedAt: now, updatedAt: now });
    await db.db.insert(installations).values([row('TACTIVE', 'active'), row('TGONE', 'uninstalled'), row('TOFF', 'disabled')]);
    const due = await createAvailabilityRepository({ db: db.db }).dueFeeds(now, 20);
    expect(due.map((f) => f.workspaceId).sort()).toEqual(['TACTIVE', 'TSINGLE']);
  });
});
