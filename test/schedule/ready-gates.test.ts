import { and, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDeliveriesRepository } from '../../src/outbox/deliveries.repository.ts';
import { deliveries, type DeliveryStatus } from '../../src/outbox/deliveries.schema.ts';
import { createDueRepository } from '../../src/schedule/due.repository.ts';
import { teamMembers } from '../../src/teams/teams.schema.ts';
import { createTestDatabase, testPostgresUrl, type TestDatabase } from '../support/db.ts';
import { seedTeam } from '../support/seed.ts';

/**
 * The outbox claim and the due members are each gated by a walk of their index that stops at
 * the first ready row (so an idle minute reads two index pages, not the dead entries of the last
 * fan-out). The gate may only skip work when there is none: these check that every ready row is
 * still found (each branch of the claim's gate alone, several due members, not just the first)
 * and nothing else is.
 */
const kindsOfDb: ('pglite' | 'postgres')[] = ['pglite', ...(testPostgresUrl ? (['postgres'] as const) : [])];
const at = (hhmm: string) => new Date(`2026-12-01T${hhmm}:00Z`);

describe.each(kindsOfDb)('ready gates on %s', (kind) => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await createTestDatabase({ kind });
  });
  afterEach(async () => {
    await db.close();
  });

  async function row(key: string, status: DeliveryStatus, next: string, claimedUntil?: string) {
    await db.db.insert(deliveries).values({ workspaceId: 'T0001', key, kind: 'prompt', payload: {}, status, dueAt: at(next), nextAttemptAt: at(next), ...(claimedUntil ? { claimedUntil: at(claimedUntil), claimedBy: 'gone', attempts: 1 } : {}) });
  }

  it('a claim takes due pending rows and expired leases, in due order, and nothing else; an expired lease alone is found too', async () => {
    const outbox = createDeliveriesRepository({ db: db.db });
    const claim = (hhmm: string) => outbox.claim({ now: at(hhmm), worker: 'w', limit: 10, leaseMs: 10 * 60_000 });
    await row('due', 'pending', '08:00');
    await row('later', 'pending', '09:00');
    await row('lease-expired', 'sending', '07:00', '08:10');
    await row('lease-held', 'sending', '06:00', '09:00');
    await row('done', 'sent', '07:30');
    await row('gave-up', 'missed', '07:45');
    expect((await claim('08:30')).map((d) => [d.key, d.recovering])).toEqual([
      ['lease-expired', true],
      ['due', false],
    ]);
    expect(await claim('08:31')).toEqual([]);
    // 08:41: both leases taken at 08:30 ran out and nothing pending is due: only the gate's
    // second walk (expired leases) finds them.
    expect((await claim('08:41')).map((d) => [d.key, d.recovering])).toEqual([
      ['lease-expired', true],
      ['due', true],
    ]);
    // 09:05: the lease held since before 08:30 ran out at 09:00, 'later' came due, and the
    // leases taken at 08:41 ran out at 08:51.
    expect((await claim('09:05')).map((d) => d.key)).toEqual(['lease-held', 'lease-expired', 'due', 'later']);
    expect(await claim('09:06')).toEqual([]);
  });

  it('a claim with nothing ready, or only rows its filters leave out, takes nothing', async () => {
    const outbox = createDeliveriesRepository({ db: db.db });
    await row('later', 'pending', '09:00');
    expect(await outbox.claim({ now: at('08:30'), worker: 'w', limit: 10, leaseMs: 60_000 })).toEqual([]);
    await row('due', 'pending', '08:00');
    expect(await outbox.claim({ now: at('08:30'), worker: 'w', limit: 10, leaseMs: 60_000, kinds: ['digest'] })).toEqual([]);
    expect(await outbox.claim({ now: at('08:30'), worker: 'w', limit: 10, leaseMs: 60_000, skipWorkspaces: ['T0001'] })).toEqual([]);
    expect((await outbox.claim({ now: at('08:30'), worker: 'w', limit: 10, leaseMs: 60_000, kinds: ['prompt'] })).map((d) => d.key)).toEqual(['due']);
  });

  it('due members: every member whose instant has come, none before, never one without an instant', async () => {
    const team = await seedTeam(db.db, undefined, { members: ['UA', 'UB', 'UC', 'UD'].map((id) => ({ id, tz: 'Europe/Berlin' })) });
    const due = createDueRepository({ db: db.db });
    const set = (userId: string, next: Date | null) => db.db.update(teamMembers).set({ nextDueAt: next }).where(and(eq(teamMembers.teamId, team.id), eq(teamMembers.userId, userId)));
    await set('UA', at('08:30'));
    await set('UB', at('09:30'));
    await set('UC', at('10:30'));
    await set('UD', null);
    const ids = async (hhmm: string) => (await due.dueMembers(at(hhmm))).map((m) => [m.userId, m.tz]).sort();
    expect(await ids('08:29')).toEqual([]);
    expect(await ids('08:30')).toEqual([['UA', 'Europe/Berlin']]);
    expect(await ids('09:45')).toEqual([
      ['UA', 'Europe/Berlin'],
      ['UB', 'Europe/Berlin'],
    ]);
    expect(await ids('23:00')).toEqual([
      ['UA', 'Europe/Berlin'],
      ['UB', 'Europe/Berlin'],
      ['UC', 'Europe/Berlin'],
    ]);
  });
});
