import { randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAvailabilityRepository } from '../../src/availability/availability.repository.ts';
import { calendarFeeds } from '../../src/availability/availability.schema.ts';
import { calendarStatus, refreshFeed, type AvailabilityDeps } from '../../src/availability/availability.usecases.ts';
import type { FeedFetcher } from '../../src/availability/calendar.fetch.ts';
import { keyIdOfCiphertext, parseKeyring, type Keyring } from '../../src/installations/token-crypto.models.ts';
import { createDeliveriesRepository } from '../../src/outbox/deliveries.repository.ts';
import { deliveries } from '../../src/outbox/deliveries.schema.ts';
import { createTestClock } from '../../src/shared/clock.ts';
import { createRecordingLogger } from '../../src/shared/logger.ts';
import type { UsersService } from '../../src/workspaces/users.service.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { rowsOf } from '../support/invariants.ts';

/**
 * A private iCal address is a secret: sealed at rest with COORDINATOR_ENCRYPTION_KEY (the
 * installations' AES-256-GCM with key ids), opened only for the fetcher, and a key that does
 * not open it is a failed read with a reason, never a crash. Real database (PGlite or Postgres).
 */

const W = 'T0001';
const secret = 'https://calendar.example.com/calendar/ical/ana%40example.com/private-0a1b2c3d4e5f/basic.ics';
const ics = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN', 'BEGIN:VEVENT', 'UID:a@test', 'DTSTAMP:20261101T000000Z', 'DTSTART;VALUE=DATE:20261211', 'DTEND;VALUE=DATE:20261212', 'SUMMARY:Out of office', 'END:VEVENT', 'END:VCALENDAR'].join('\r\n');

const ring = (current: string, previous?: string): Keyring => {
  const r = parseKeyring(current, previous);
  if (!r.ok) throw new Error(r.problem);
  return r.keyring;
};
const newKey = () => randomBytes(32).toString('base64');

describe('calendar feed addresses at rest', () => {
  let db: TestDatabase;
  const keyA = newKey();
  const keyB = newKey();
  const now = new Date('2026-12-02T09:00:00Z');
  let fetched: string[];
  let logs: ReturnType<typeof createRecordingLogger>;
  const fetchFeed: FeedFetcher = async (url) => {
    fetched.push(url);
    return { status: 'ok', body: ics, etag: null, lastModified: null };
  };
  /** The use cases' dependencies, with the repository under a given key (or none). */
  const deps = (keyring: Keyring | undefined) =>
    ({
      availability: createAvailabilityRepository({ db: db.db, keyring }),
      deliveries: createDeliveriesRepository({ db: db.db }),
      users: { cached: async () => undefined } as unknown as UsersService,
      fetchFeed,
      logger: logs.logger,
      clock: createTestClock(now.toISOString()),
    }) satisfies Partial<AvailabilityDeps>;
  /** The columns as stored, read without the repository. */
  const raw = async () => rowsOf<{ user_id: string; url: string; shown_address: string }>((await db.db.execute(sql`select user_id, url, shown_address from calendar_feeds order by id`)) as never);

  beforeEach(async () => {
    db = await createTestDatabase();
    fetched = [];
    logs = createRecordingLogger('debug');
  });
  afterEach(() => db.close());

  it('is sealed in the database under the current key, shown only by its host, and opened for the fetcher', async () => {
    const d = deps(ring(keyA));
    const feed = await d.availability.connectFeed(W, 'UANA', secret);
    const [stored] = await raw();
    expect(keyIdOfCiphertext(stored!.url)).toBe(ring(keyA).current.id);
    expect(stored!.url).not.toContain('private-0a1b2c3d4e5f');
    expect(stored!.url).not.toContain('calendar.example.com');
    expect(stored!.shown_address).toBe('https://calendar.example.com/…');
    expect(await calendarStatus(d, { workspaceId: W, userId: 'UANA' })).toMatchObject({ kind: 'calendar', address: 'https://calendar.example.com/…' });

    expect(await refreshFeed(d, feed.id, now)).toEqual({ status: 'ok' });
    expect(fetched).toEqual([secret]);
    // The read is saved against the sealed value it read.
    const [after] = await db.db.select().from(calendarFeeds).where(eq(calendarFeeds.id, feed.id));
    expect(after!.days).toEqual(['2026-12-11']);
    expect(JSON.stringify(logs.entries)).not.toContain('private-0a1b2c3d4e5f');
  });

  it('does not open in another person’s row (bound to its workspace and person)', async () => {
    const d = deps(ring(keyA));
    await d.availability.connectFeed(W, 'UANA', secret);
    const [stored] = await raw();
    const copied = (await db.db.insert(calendarFeeds).values({ workspaceId: W, userId: 'UEVE', url: stored!.url }).returning())[0]!;
    expect(d.availability.openAddress(copied)).toEqual({ ok: false, problem: expect.stringMatching(/does not open it/) });
    expect(await refreshFeed(d, copied.id, now)).toMatchObject({ status: 'failed' });
    expect(fetched).toEqual([]);
  });

  it('with a key that does not open it, or no key, a read fails with a clear reason (its owner told once), not a crash', async () => {
    const feed = await deps(ring(keyA)).availability.connectFeed(W, 'UANA', secret);
    for (const [keyring, problem] of [
      [ring(keyB), /encrypted with key \w{8}, which this server was not given/],
      [undefined, /encrypted with key \w{8} and COORDINATOR_ENCRYPTION_KEY is not set/],
    ] as const) {
      const r = await refreshFeed(deps(keyring), feed.id, new Date(now.getTime() + (keyring ? 0 : 3600_000)));
      expect(r).toEqual({ status: 'failed', reason: expect.stringMatching(problem) });
      expect(r.reason).toMatch(/connect your calendar again with \/standup calendar$/);
    }
    expect(fetched).toEqual([]);
    const [row] = await db.db.select().from(calendarFeeds);
    expect(row!.error).toMatch(/can no longer be read by this server/);
    // One calendar-problem DM for the run of failures, naming no address.
    const problems = await db.db.select().from(deliveries).where(eq(deliveries.kind, 'calendar-problem'));
    expect(problems).toHaveLength(1);
    expect(JSON.stringify(problems)).not.toContain('private-0a1b2c3d4e5f');
    expect(logs.entries.some((e) => e.level === 'error' && /cannot be opened/.test(e.message))).toBe(true);
    // Connecting again (the owner pastes the address) stores it under the key this server has.
    const again = deps(ring(keyB));
    const reconnected = await again.availability.connectFeed(W, 'UANA', secret);
    expect(await refreshFeed(again, reconnected.id, new Date(now.getTime() + 2 * 3600_000))).toEqual({ status: 'ok' });
    expect(fetched).toEqual([secret]);
  });

  it('start-up seals addresses stored plain before a key was set, and re-seals a previous key’s; without a key it only counts', async () => {
    // As rows were stored before this version (and as single-workspace mode without a key stores them).
    const plain = deps(undefined);
    await plain.availability.connectFeed(W, 'UANA', secret);
    await plain.availability.connectFeed(W, 'UBO', 'https://outlook.office365.com/owa/calendar/x/y/calendar.ics');
    expect((await raw()).map((r) => r.url)).toEqual([secret, 'https://outlook.office365.com/owa/calendar/x/y/calendar.ics']);
    expect(await plain.availability.sealAddresses()).toEqual({ keyId: null, sealed: 0, plain: 2, unreadable: 0, total: 2 });

    const a = deps(ring(keyA));
    expect(await a.availability.sealAddresses()).toEqual({ keyId: ring(keyA).current.id, sealed: 2, plain: 0, unreadable: 0, total: 2 });
    expect((await raw()).map((r) => keyIdOfCiphertext(r.url))).toEqual([ring(keyA).current.id, ring(keyA).current.id]);
    // Running it again has nothing left to do.
    expect(await a.availability.sealAddresses()).toMatchObject({ sealed: 0, total: 2 });

    // Rotation: B is current, A still reads; everything moves to B.
    const b = deps(ring(keyB, keyA));
    expect(await b.availability.sealAddresses()).toMatchObject({ keyId: ring(keyB).current.id, sealed: 2, unreadable: 0 });
    const rows = await db.db.select().from(calendarFeeds);
    expect(rows.map((r) => keyIdOfCiphertext(r.url))).toEqual([ring(keyB).current.id, ring(keyB).current.id]);
    // B alone opens them, to the addresses given.
    const bOnly = createAvailabilityRepository({ db: db.db, keyring: ring(keyB) });
    expect(rows.map((r) => bOnly.openAddress(r))).toEqual([
      { ok: true, url: secret },
      { ok: true, url: 'https://outlook.office365.com/owa/calendar/x/y/calendar.ics' },
    ]);
    // A key that opens none of them changes nothing and says how many it could not read.
    expect(await deps(ring(newKey())).availability.sealAddresses()).toMatchObject({ sealed: 0, unreadable: 2 });
    expect((await db.db.select().from(calendarFeeds)).map((r) => r.url)).toEqual(rows.map((r) => r.url));
  });
});
