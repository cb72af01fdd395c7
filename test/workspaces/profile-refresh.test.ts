import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { asc } from 'drizzle-orm';
import { slackUsers, workspaces } from '../../src/workspaces/workspaces.schema.ts';
import { refreshRetryMs } from '../../src/workspaces/users.service.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.ts';
import { createProcess } from '../support/seed.ts';

const now = new Date('2026-12-01T10:00:00Z');
const hoursAgo = (h: number) => new Date(now.getTime() - h * 3600_000);

/** Zones refresh from users.info at least daily, a bounded number per pass, shared between replicas. */
describe('refreshing stale Slack profiles', () => {
  let db: TestDatabase;
  let fake: FakeSlack;

  beforeAll(async () => {
    db = await createTestDatabase();
    fake = await startFakeSlack();
  });
  afterAll(async () => {
    await fake.close();
    await db.close();
  });

  beforeEach(async () => {
    fake.reset();
    await db.db.delete(slackUsers);
    await db.db.insert(workspaces).values({ id: 'T0001' }).onConflictDoNothing();
    // 100 people stored in Berlin; Slack now says they are in Tokyo. U000 is the stalest.
    const rows = Array.from({ length: 100 }, (_, i) => ({
      workspaceId: 'T0001',
      userId: `U${String(i).padStart(3, '0')}`,
      name: `p${i}`,
      tz: 'Europe/Berlin',
      refreshedAt: hoursAgo(48 - i * 0.1),
    }));
    // Five more were refreshed an hour ago and are not due.
    for (let i = 0; i < 5; i++) rows.push({ workspaceId: 'T0001', userId: `UFRESH${i}`, name: `f${i}`, tz: 'Europe/Berlin', refreshedAt: hoursAgo(1) });
    await db.db.insert(slackUsers).values(rows);
    for (const r of rows) fake.addUser({ id: r.userId, name: r.name, tz: 'Asia/Tokyo' });
  });

  const zoneOf = async () => new Map((await db.db.select().from(slackUsers).orderBy(asc(slackUsers.userId))).map((u) => [u.userId, u.tz]));
  const asked = () => fake.callsTo('users.info').map((c) => c.args.user as string);

  it('refreshes the stalest first, at most the limit per pass, and never the fresh ones', async () => {
    const p = createProcess(db.db, fake, { now: now.toISOString() });
    expect(await p.services.users.refreshStale(now, 40)).toBe(40);
    const zones = await zoneOf();
    const expected = Array.from({ length: 40 }, (_, i) => `U${String(i).padStart(3, '0')}`);
    expect(asked().sort()).toEqual(expected);
    for (const id of expected) expect(zones.get(id)).toBe('Asia/Tokyo');
    expect(zones.get('U040')).toBe('Europe/Berlin');
    // Two more passes finish the stale ones; the fresh five are never asked about.
    expect(await p.services.users.refreshStale(now, 40)).toBe(40);
    expect(await p.services.users.refreshStale(now, 40)).toBe(20);
    expect(await p.services.users.refreshStale(now, 40)).toBe(0);
    expect(new Set(asked()).size).toBe(100);
    expect(asked().some((id) => id.startsWith('UFRESH'))).toBe(false);
  });

  it('two replicas refreshing at the same moment ask Slack about each person once', async () => {
    const a = createProcess(db.db, fake, { now: now.toISOString(), worker: 'a' });
    const b = createProcess(db.db, fake, { now: now.toISOString(), worker: 'b' });
    const [na, nb] = await Promise.all([a.services.users.refreshStale(now, 40), b.services.users.refreshStale(now, 40)]);
    expect(na + nb).toBe(80);
    expect(asked()).toHaveLength(80);
    expect(new Set(asked()).size).toBe(80);
  });

  it('stops at a rate limit and retries those people about 15 minutes later, not before', async () => {
    const p = createProcess(db.db, fake, { now: now.toISOString() });
    fake.failNext('users.info', { status: 429, retryAfter: 30 }, 1);
    const n = await p.services.users.refreshStale(now, 10, 1);
    expect(n).toBe(0);
    expect(p.logs.some((e) => e.level === 'warn' && e.message === 'profile refresh failed; will retry')).toBe(true);
    // The ten claimed are left for later; the next pass takes the next ten.
    fake.reset();
    await p.services.users.refreshStale(now, 10, 1);
    expect(asked()).toEqual(Array.from({ length: 10 }, (_, i) => `U${String(i + 10).padStart(3, '0')}`));
    fake.reset();
    const later = new Date(now.getTime() + refreshRetryMs + 60_000);
    await p.services.users.refreshStale(later, 100, 1);
    const retried = asked();
    for (let i = 0; i < 10; i++) expect(retried).toContain(`U${String(i).padStart(3, '0')}`);
    expect((await zoneOf()).get('U000')).toBe('Asia/Tokyo');
  });

  it('marks people Slack no longer knows as deleted', async () => {
    const p = createProcess(db.db, fake, { now: now.toISOString() });
    fake.failNext('users.info', { error: 'user_not_found' }, 1);
    await p.services.users.refreshStale(now, 1, 1);
    const [u] = await db.db.select().from(slackUsers).orderBy(asc(slackUsers.userId)).limit(1);
    expect(u).toMatchObject({ userId: 'U000', deleted: true });
    expect(u!.refreshedAt.getTime()).toBe(now.getTime());
  });
});
