import { and, asc, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { awayPeriods } from '../standups/standups.schema.ts';
import { decryptToken, encryptToken, keyIdOfCiphertext, needsReseal, TokenDecryptionError, type Keyring } from '../installations/token-crypto.models.ts';
import { redactFeedUrl } from './address.models.ts';
import { calendarFeeds, memberHolidayRegions, type CalendarFeed } from './availability.schema.ts';

/** The associated data of a sealed feed address: a sealed value copied into another person's row does not open. */
const contextOf = (workspaceId: string, userId: string) => `calendar_feeds:${workspaceId}:${userId}:url`;

/** A feed's address, opened; or why this server cannot read it (never the address itself). */
export type OpenedAddress = { ok: true; url: string } | { ok: false; problem: string };

/**
 * Holiday regions and calendar feeds; every query scoped by workspace (or by a feed's id from the outbox).
 *
 * A feed's address is a secret, so with a `keyring` (COORDINATOR_ENCRYPTION_KEY) it is sealed on
 * the way in and opened only by `openAddress`, just before it is fetched; without one (single-workspace
 * mode with no key set) it is stored as given. Rows hand out the stored value as `url`: the
 * writes after a read compare it to make sure the address is still the one read.
 */
export function createAvailabilityRepository({ db, keyring }: { db: Db; keyring?: Keyring | undefined }) {
  const seal = (workspaceId: string, userId: string, url: string) => (keyring ? encryptToken(keyring, url, contextOf(workspaceId, userId)) : url);
  const open = (f: Pick<CalendarFeed, 'workspaceId' | 'userId' | 'url'>): OpenedAddress => {
    const kid = keyIdOfCiphertext(f.url);
    if (kid === undefined) return { ok: true, url: f.url };
    if (!keyring) return { ok: false, problem: `the address is encrypted with key ${kid} and COORDINATOR_ENCRYPTION_KEY is not set` };
    try {
      return { ok: true, url: decryptToken(keyring, f.url, contextOf(f.workspaceId, f.userId)) };
    } catch (err) {
      if (err instanceof TokenDecryptionError) return { ok: false, problem: `the address is encrypted with key ${kid}, which ${err.message.includes('neither') ? 'this server was not given (COORDINATOR_ENCRYPTION_KEY, COORDINATOR_ENCRYPTION_KEY_PREVIOUS)' : 'does not open it'}` };
      throw err;
    }
  };

  return {
    /** A feed's address for the fetcher; never log or show what it returns. */
    openAddress: open,

    /**
     * Start-up (and `rotate-key`): every address not sealed under the current key — stored plain
     * before a key was set, or under a previous key — sealed under it. Each row changes only if it
     * still holds what was read (replicas starting together agree). Without a key: counts only.
     */
    async sealAddresses(): Promise<{ keyId: string | null; sealed: number; plain: number; unreadable: number; total: number }> {
      const rows = await db.select({ id: calendarFeeds.id, workspaceId: calendarFeeds.workspaceId, userId: calendarFeeds.userId, url: calendarFeeds.url }).from(calendarFeeds);
      let sealed = 0;
      let plain = 0;
      let unreadable = 0;
      for (const r of rows) {
        if (!keyring) {
          if (keyIdOfCiphertext(r.url) === undefined) plain++;
          else unreadable++;
          continue;
        }
        if (!needsReseal(keyring, r.url)) continue;
        const opened = open(r);
        if (!opened.ok) {
          unreadable++;
          continue;
        }
        const changed = await db
          .update(calendarFeeds)
          .set({ url: seal(r.workspaceId, r.userId, opened.url) })
          .where(and(eq(calendarFeeds.id, r.id), eq(calendarFeeds.url, r.url)))
          .returning({ id: calendarFeeds.id });
        sealed += changed.length;
      }
      return { keyId: keyring?.current.id ?? null, sealed, plain, unreadable, total: rows.length };
    },

    async regionOf(workspaceId: string, userId: string): Promise<string | null> {
      const rows = await db.select().from(memberHolidayRegions).where(and(eq(memberHolidayRegions.workspaceId, workspaceId), eq(memberHolidayRegions.userId, userId)));
      return rows[0]?.region ?? null;
    },

    async setRegion(workspaceId: string, userId: string, region: string | null): Promise<void> {
      if (region === null) {
        await db.delete(memberHolidayRegions).where(and(eq(memberHolidayRegions.workspaceId, workspaceId), eq(memberHolidayRegions.userId, userId)));
        return;
      }
      await db
        .insert(memberHolidayRegions)
        .values({ workspaceId, userId, region })
        .onConflictDoUpdate({ target: [memberHolidayRegions.workspaceId, memberHolidayRegions.userId], set: { region, updatedAt: sql`now()` } });
    },

    /** Own regions of these people (absent: none set). */
    async regionsOf(workspaceId: string, userIds: string[]): Promise<Map<string, string>> {
      if (!userIds.length) return new Map();
      const rows = await db.select().from(memberHolidayRegions).where(and(eq(memberHolidayRegions.workspaceId, workspaceId), inArray(memberHolidayRegions.userId, userIds)));
      return new Map(rows.map((r) => [r.userId, r.region]));
    },

    /** Every own region, keyed `workspace:user`: one query for the planner (one row per person who set one). */
    async allRegions(): Promise<Map<string, string>> {
      const rows = await db.select().from(memberHolidayRegions);
      return new Map(rows.map((r) => [`${r.workspaceId}:${r.userId}`, r.region]));
    },

    /** Connects a feed (a new address starts afresh: no days, no cache headers, no error). */
    async connectFeed(workspaceId: string, userId: string, url: string): Promise<CalendarFeed> {
      const fresh = { url: seal(workspaceId, userId, url), shownAddress: redactFeedUrl(url), etag: null, lastModified: null, fetchedAt: null, okAt: null, days: [] as string[], error: null, failingSince: null, active: true };
      const rows = await db
        .insert(calendarFeeds)
        .values({ workspaceId, userId, ...fresh })
        .onConflictDoUpdate({ target: [calendarFeeds.workspaceId, calendarFeeds.userId], set: fresh })
        .returning();
      return rows[0]!;
    },

    async disconnectFeed(workspaceId: string, userId: string): Promise<boolean> {
      const rows = await db.delete(calendarFeeds).where(and(eq(calendarFeeds.workspaceId, workspaceId), eq(calendarFeeds.userId, userId))).returning({ id: calendarFeeds.id });
      return rows.length > 0;
    },

    async feedOf(workspaceId: string, userId: string): Promise<CalendarFeed | undefined> {
      const rows = await db.select().from(calendarFeeds).where(and(eq(calendarFeeds.workspaceId, workspaceId), eq(calendarFeeds.userId, userId)));
      return rows[0];
    },

    async feedById(id: number): Promise<CalendarFeed | undefined> {
      const rows = await db.select().from(calendarFeeds).where(eq(calendarFeeds.id, id));
      return rows[0];
    },

    /** Feeds not tried since `before` (never tried first), at most `limit`. */
    async dueFeeds(before: Date, limit: number): Promise<CalendarFeed[]> {
      return db
        .select()
        .from(calendarFeeds)
        .where(
          and(
            eq(calendarFeeds.active, true),
            or(isNull(calendarFeeds.fetchedAt), lt(calendarFeeds.fetchedAt, before)),
            // Distributed mode: an uninstalled or disabled workspace's secret addresses are not fetched.
            sql`not exists (select 1 from installations i where i.workspace_id = ${calendarFeeds.workspaceId} and i.status <> 'active')`,
          ),
        )
        .orderBy(sql`${calendarFeeds.fetchedAt} asc nulls first`, asc(calendarFeeds.id))
        .limit(limit);
    },

    /**
     * One person on one date in one round trip (the send-time check of every prompt and
     * reminder): typed time off covering the date, their own region, their calendar days.
     */
    async factsOn(workspaceId: string, userId: string, date: string): Promise<{ away: boolean; region: string | null; days: string[] }> {
      const rows = await db.execute<{ away: boolean; region: string | null; days: string[] | string | null }>(sql`
        select exists (select 1 from ${awayPeriods} where ${awayPeriods.workspaceId} = ${workspaceId} and ${awayPeriods.userId} = ${userId} and ${awayPeriods.fromDate} <= ${date} and ${awayPeriods.toDate} >= ${date}) as away,
               (select ${memberHolidayRegions.region} from ${memberHolidayRegions} where ${memberHolidayRegions.workspaceId} = ${workspaceId} and ${memberHolidayRegions.userId} = ${userId}) as region,
               (select ${calendarFeeds.days} from ${calendarFeeds} where ${calendarFeeds.workspaceId} = ${workspaceId} and ${calendarFeeds.userId} = ${userId}) as days`);
      type Row = { away: boolean; region: string | null; days: string[] | string | null };
      const row = (Array.isArray(rows) ? rows[0] : (rows as unknown as { rows: Row[] }).rows[0]) as Row | undefined;
      // Raw rows: jsonb arrives parsed from postgres.js and PGlite alike, but a driver may hand back its text.
      const days = typeof row?.days === 'string' ? (JSON.parse(row.days) as string[]) : (row?.days ?? []);
      return { away: row?.away === true, region: row?.region ?? null, days: Array.isArray(days) ? days : [] };
    },

    /** Calendar days of these people, keyed by user. */
    async daysOf(workspaceId: string, userIds: string[]): Promise<Map<string, string[]>> {
      if (!userIds.length) return new Map();
      const rows = await db
        .select({ userId: calendarFeeds.userId, days: calendarFeeds.days })
        .from(calendarFeeds)
        .where(and(eq(calendarFeeds.workspaceId, workspaceId), inArray(calendarFeeds.userId, userIds)));
      return new Map(rows.map((r) => [r.userId, r.days]));
    },

    /** Every feed's days, keyed `workspace:user`, for the planner. */
    async allDays(): Promise<Map<string, string[]>> {
      const rows = await db.select({ workspaceId: calendarFeeds.workspaceId, userId: calendarFeeds.userId, days: calendarFeeds.days }).from(calendarFeeds);
      return new Map(rows.map((r) => [`${r.workspaceId}:${r.userId}`, r.days]));
    },

    /** A good read: new days and cache headers; the feed works again. Only if the address is still the one read (`url`: the stored value). */
    async saveRead(id: number, url: string, read: { days: string[]; etag: string | null; lastModified: string | null }, now: Date): Promise<boolean> {
      const rows = await db
        .update(calendarFeeds)
        .set({ days: read.days, etag: read.etag, lastModified: read.lastModified, fetchedAt: now, okAt: now, error: null, failingSince: null })
        .where(and(eq(calendarFeeds.id, id), eq(calendarFeeds.url, url)))
        .returning({ id: calendarFeeds.id });
      return rows.length > 0;
    },

    async markUnchanged(id: number, url: string, now: Date): Promise<void> {
      // okAt stays the last full read: the dates' window moves on with a full read once a day.
      await db.update(calendarFeeds).set({ fetchedAt: now, error: null, failingSince: null }).where(and(eq(calendarFeeds.id, id), eq(calendarFeeds.url, url)));
    },

    /** A failed read: the days stay; returns when this run of failures began. */
    async markFailed(id: number, url: string, reason: string, now: Date): Promise<Date | null> {
      const rows = await db
        .update(calendarFeeds)
        .set({ fetchedAt: now, error: reason, failingSince: sql`coalesce(${calendarFeeds.failingSince}, ${now.toISOString()}::timestamptz)` })
        .where(and(eq(calendarFeeds.id, id), eq(calendarFeeds.url, url)))
        .returning({ failingSince: calendarFeeds.failingSince });
      return rows[0]?.failingSince ?? null;
    },
  };
}

export type AvailabilityRepository = ReturnType<typeof createAvailabilityRepository>;
