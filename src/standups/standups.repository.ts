import { and, asc, desc, eq, gte, inArray, isNotNull, isNull, lt, lte, sql } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import type { LocalDate } from '../shared/time.ts';
import { awayPeriods, standupDays, standupEntries, type AnswerItem, type AwayPeriod, type EntryStatus, type StandupDay, type StandupEntry } from './standups.schema.ts';

export function createStandupsRepository({ db }: { db: Db }) {
  return {
    /** Records planned prompts; an entry that exists (answered early, skipped) is left alone. */
    async ensureEntries(rows: { teamId: number; userId: string; date: LocalDate; promptAt: Date; status?: EntryStatus }[]): Promise<void> {
      for (let i = 0; i < rows.length; i += 500) {
        await db
          .insert(standupEntries)
          .values(rows.slice(i, i + 500))
          .onConflictDoNothing();
      }
    },

    async entry(teamId: number, userId: string, date: LocalDate): Promise<StandupEntry | undefined> {
      const rows = await db
        .select()
        .from(standupEntries)
        .where(and(eq(standupEntries.teamId, teamId), eq(standupEntries.userId, userId), eq(standupEntries.date, date)));
      return rows[0];
    },

    async entryById(id: number): Promise<StandupEntry | undefined> {
      const rows = await db.select().from(standupEntries).where(eq(standupEntries.id, id));
      return rows[0];
    },

    async entriesForDay(teamId: number, date: LocalDate): Promise<StandupEntry[]> {
      return db
        .select()
        .from(standupEntries)
        .where(and(eq(standupEntries.teamId, teamId), eq(standupEntries.date, date)))
        .orderBy(asc(standupEntries.answeredAt));
    },

    async entriesBetween(teamId: number, from: LocalDate, to: LocalDate): Promise<StandupEntry[]> {
      return db
        .select()
        .from(standupEntries)
        .where(and(eq(standupEntries.teamId, teamId), gte(standupEntries.date, from), lte(standupEntries.date, to)));
    },

    /** Stores an answer (first or edited) and returns the entry. */
    async saveAnswer(teamId: number, userId: string, date: LocalDate, answers: AnswerItem[], at: Date): Promise<StandupEntry> {
      const rows = await db
        .insert(standupEntries)
        .values({ teamId, userId, date, status: 'answered', answers, answeredAt: at, updatedAt: at })
        .onConflictDoUpdate({
          target: [standupEntries.teamId, standupEntries.userId, standupEntries.date],
          set: {
            answers,
            answeredAt: sql`coalesce(${standupEntries.answeredAt}, ${at.toISOString()}::timestamptz)`,
            editCount: sql`${standupEntries.editCount} + case when ${standupEntries.status} = 'answered' then 1 else 0 end`,
            status: 'answered',
            updatedAt: at,
          },
        })
        .returning();
      return rows[0]!;
    },

    /** Marks a day skipped unless it is already answered; returns the resulting status. */
    async skip(teamId: number, userId: string, date: LocalDate, at: Date): Promise<EntryStatus> {
      await db
        .insert(standupEntries)
        .values({ teamId, userId, date, status: 'skipped', updatedAt: at })
        .onConflictDoUpdate({
          target: [standupEntries.teamId, standupEntries.userId, standupEntries.date],
          set: { status: sql`case when ${standupEntries.status} = 'answered' then 'answered' else 'skipped' end`, updatedAt: at },
        });
      return (await this.entry(teamId, userId, date))!.status;
    },

    async setStatus(id: number, status: EntryStatus): Promise<void> {
      await db.update(standupEntries).set({ status }).where(eq(standupEntries.id, id));
    },

    async setPrompt(id: number, channelId: string, ts: string): Promise<void> {
      await db.update(standupEntries).set({ promptChannelId: channelId, promptTs: ts }).where(eq(standupEntries.id, id));
    },

    /** The member's most recent answered standup before `date`, for "since last time". */
    async previousAnswer(teamId: number, userId: string, date: LocalDate): Promise<StandupEntry | undefined> {
      const rows = await db
        .select()
        .from(standupEntries)
        .where(and(eq(standupEntries.teamId, teamId), eq(standupEntries.userId, userId), lt(standupEntries.date, date), eq(standupEntries.status, 'answered'), isNotNull(standupEntries.answers)))
        .orderBy(desc(standupEntries.date))
        .limit(1);
      return rows[0];
    },

    async ensureDay(teamId: number, date: LocalDate, channelId: string): Promise<void> {
      await db.insert(standupDays).values({ teamId, date, channelId }).onConflictDoNothing();
    },

    async day(teamId: number, date: LocalDate): Promise<StandupDay | undefined> {
      const rows = await db.select().from(standupDays).where(and(eq(standupDays.teamId, teamId), eq(standupDays.date, date)));
      return rows[0];
    },

    /**
     * Takes the right to post the day's parent: succeeds for one caller while nothing is
     * posted and the claim is still `expected` (null: never claimed).
     */
    async claimDayParent(id: number, expected: string | null, token: string, now: Date): Promise<boolean> {
      const rows = await db
        .update(standupDays)
        .set({ parentClaim: token, parentClaimedAt: now, parentClaimFailed: false })
        .where(and(eq(standupDays.id, id), isNull(standupDays.parentTs), expected === null ? isNull(standupDays.parentClaim) : eq(standupDays.parentClaim, expected)))
        .returning({ id: standupDays.id });
      return rows.length > 0;
    },

    /** Gives the claim up after a failed post, noting that the post may have reached Slack anyway. */
    async releaseDayParent(id: number, token: string): Promise<void> {
      await db.update(standupDays).set({ parentClaimFailed: true }).where(and(eq(standupDays.id, id), eq(standupDays.parentClaim, token)));
    },

    async claimReply(id: number, expected: string | null, token: string, now: Date): Promise<boolean> {
      const rows = await db
        .update(standupEntries)
        .set({ replyClaim: token, replyClaimedAt: now, replyClaimFailed: false })
        .where(and(eq(standupEntries.id, id), isNull(standupEntries.replyTs), expected === null ? isNull(standupEntries.replyClaim) : eq(standupEntries.replyClaim, expected)))
        .returning({ id: standupEntries.id });
      return rows.length > 0;
    },

    async releaseReply(id: number, token: string): Promise<void> {
      await db.update(standupEntries).set({ replyClaimFailed: true }).where(and(eq(standupEntries.id, id), eq(standupEntries.replyClaim, token)));
    },

    /** Records the posted reply, only if this caller still holds the claim `token`. */
    async setReply(id: number, token: string, ts: string): Promise<boolean> {
      const rows = await db
        .update(standupEntries)
        .set({ replyTs: ts })
        .where(and(eq(standupEntries.id, id), eq(standupEntries.replyClaim, token)))
        .returning({ id: standupEntries.id });
      return rows.length > 0;
    },

    /** The most recent day thread posted on or before a date. */
    async latestThread(teamId: number, onOrBefore: LocalDate): Promise<{ channel: string; ts: string } | undefined> {
      const rows = await db
        .select()
        .from(standupDays)
        .where(and(eq(standupDays.teamId, teamId), lte(standupDays.date, onOrBefore), isNotNull(standupDays.parentTs)))
        .orderBy(desc(standupDays.date))
        .limit(1);
      return rows[0] ? { channel: rows[0].channelId, ts: rows[0].parentTs! } : undefined;
    },

    /** Records the posted parent, only if this caller still holds the claim `token`. */
    async setDayParent(id: number, token: string, channelId: string, ts: string): Promise<boolean> {
      const rows = await db
        .update(standupDays)
        .set({ parentTs: ts, channelId })
        .where(and(eq(standupDays.id, id), eq(standupDays.parentClaim, token)))
        .returning({ id: standupDays.id });
      return rows.length > 0;
    },

    async setShown(id: number, shown: string): Promise<void> {
      await db.update(standupDays).set({ shown }).where(eq(standupDays.id, id));
    },

    async closeDay(id: number, at: Date): Promise<void> {
      await db.update(standupDays).set({ closedAt: at }).where(eq(standupDays.id, id));
    },

    async addAway(row: { workspaceId: string; userId: string; fromDate: LocalDate; toDate: LocalDate }): Promise<AwayPeriod> {
      const rows = await db.insert(awayPeriods).values(row).returning();
      return rows[0]!;
    },

    async awayOf(workspaceId: string, userId: string, fromDate: LocalDate): Promise<AwayPeriod[]> {
      return db
        .select()
        .from(awayPeriods)
        .where(and(eq(awayPeriods.workspaceId, workspaceId), eq(awayPeriods.userId, userId), gte(awayPeriods.toDate, fromDate)))
        .orderBy(asc(awayPeriods.fromDate));
    },

    async cancelAway(workspaceId: string, userId: string, id: number): Promise<boolean> {
      const rows = await db
        .delete(awayPeriods)
        .where(and(eq(awayPeriods.id, id), eq(awayPeriods.workspaceId, workspaceId), eq(awayPeriods.userId, userId)))
        .returning();
      return rows.length > 0;
    },

    /** Every period of time off overlapping [from, to], in any workspace: few rows, whatever the number of members. */
    async awayOverlapping(from: LocalDate, to: LocalDate): Promise<AwayPeriod[]> {
      return db.select().from(awayPeriods).where(and(lte(awayPeriods.fromDate, to), gte(awayPeriods.toDate, from)));
    },

    /** Away periods overlapping [from, to] for these users. */
    async awayBetween(workspaceIds: string[], userIds: string[], from: LocalDate, to: LocalDate): Promise<AwayPeriod[]> {
      if (!userIds.length || !workspaceIds.length) return [];
      return db
        .select()
        .from(awayPeriods)
        .where(and(inArray(awayPeriods.workspaceId, workspaceIds), inArray(awayPeriods.userId, userIds), lte(awayPeriods.fromDate, to), gte(awayPeriods.toDate, from)));
    },
  };
}

export type StandupsRepository = ReturnType<typeof createStandupsRepository>;
