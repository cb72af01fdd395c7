import { and, asc, desc, eq, gte, inArray, isNotNull, isNull, lt, lte, sql, type Placeholder } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import type { LocalDate } from '../shared/time.ts';
import { calendarFeeds, memberHolidayRegions } from '../availability/availability.schema.ts';
import { teamMembers, teams, type Team } from '../teams/teams.schema.ts';
import { slackUsers } from '../workspaces/workspaces.schema.ts';
import type { DayFacts } from './day-summary.models.ts';
import { awayPeriods, standupDays, standupEntries, type AnswerItem, type AwayPeriod, type EntryStatus, type StandupDay, type StandupEntry } from './standups.schema.ts';

export function createStandupsRepository({ db }: { db: Db }) {
  // `/standup status` in a team's channel is this one statement. Building it with Drizzle (the
  // SQL text of six subqueries and its field map) cost more CPU than anything else the command
  // did, on every call: it is built once per repository, the first time, and run with its values.
  const p = { ws: sql.placeholder('ws'), channel: sql.placeholder('channel'), from: sql.placeholder('from'), to: sql.placeholder('to'), actor: sql.placeholder('actor') };
  const buildDayFactsInChannel = (withActor: boolean) =>
    db
      .select({ team: teams, ...dayFactsColumns(p.ws, p.from, p.to, withActor ? p.actor : undefined) })
      .from(teams)
      .where(and(eq(teams.workspaceId, p.ws), eq(teams.channelId, p.channel)))
      .prepare(withActor ? 'day_facts_in_channel_actor' : 'day_facts_in_channel');
  const dayFactsInChannelQueries = new Map<boolean, ReturnType<typeof buildDayFactsInChannel>>();

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

    /**
     * A team's day summary in one round trip (the day's parent message, `/standup status`): its
     * participants with their stored profiles, the entries dated in [from, to], and the
     * participants' time off, holiday regions and calendar days in that window; and, when
     * `actorId` is given, that person's stored profile (their zone says which day is "today").
     * No such team in the workspace: empty lists.
     */
    async dayFacts(team: { id: number; workspaceId: string }, from: LocalDate, to: LocalDate, actorId?: string): Promise<DayFactsRead> {
      const rows = await db
        .select(dayFactsColumns(team.workspaceId, from, to, actorId))
        .from(teams)
        .where(and(eq(teams.id, team.id), eq(teams.workspaceId, team.workspaceId)));
      return readDayFacts(rows[0], from, to);
    },

    /** `dayFacts` of the team bound to a channel, with the team itself, in the same round trip; undefined when the channel has none. */
    async dayFactsInChannel(workspaceId: string, channelId: string, from: LocalDate, to: LocalDate, actorId?: string): Promise<(DayFactsRead & { team: Team }) | undefined> {
      const withActor = actorId !== undefined;
      let query = dayFactsInChannelQueries.get(withActor);
      if (!query) dayFactsInChannelQueries.set(withActor, (query = buildDayFactsInChannel(withActor)));
      const rows = await query.execute({ ws: workspaceId, channel: channelId, from, to, actor: actorId });
      const row = rows[0];
      return row ? { team: row.team, ...readDayFacts(row, from, to) } : undefined;
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

export type DayFactsRead = DayFacts & { actor: { name: string; tz: string | null; refreshedAt: Date } | null };

/**
 * The day's facts as columns of a select over \`teams\`, each correlated to the team's row: one
 * json aggregate per kind (participants in roster order, entries in answer order).
 */
/** A value, or a placeholder for it in a prepared statement. */
type Param<T> = T | Placeholder;

function dayFactsColumns(ws: Param<string>, from: Param<LocalDate>, to: Param<LocalDate>, actorId: Param<string> | undefined) {
  // Qualified by hand: in a select's fields Drizzle writes a column of the one table unqualified
  // ("id"), which inside these subqueries would be the inner table's own id.
  const teamRow = sql.raw('"teams"."id"');
  const participants = sql`select m.user_id from ${teamMembers} m where m.team_id = ${teamRow} and m.is_participant`;
  return {
    members: sql<unknown>`(select json_agg(json_build_object('userId', m.user_id, 'joinedAt', m.joined_at, 'name', u.name, 'tz', u.tz) order by m.joined_at, m.user_id)
      from ${teamMembers} m left join ${slackUsers} u on u.workspace_id = ${ws} and u.user_id = m.user_id
      where m.team_id = ${teamRow} and m.is_participant)`,
    entries: sql<unknown>`(select json_agg(json_build_object('userId', e.user_id, 'date', e.date, 'status', e.status, 'name', u.name) order by e.answered_at)
      from ${standupEntries} e left join ${slackUsers} u on u.workspace_id = ${ws} and u.user_id = e.user_id
      where e.team_id = ${teamRow} and e.date >= ${from} and e.date <= ${to})`,
    away: sql<unknown>`(select json_agg(json_build_object('userId', a.user_id, 'fromDate', a.from_date, 'toDate', a.to_date))
      from ${awayPeriods} a where a.workspace_id = ${ws} and a.user_id in (${participants}) and a.from_date <= ${to} and a.to_date >= ${from})`,
    regions: sql<unknown>`(select json_agg(json_build_object('userId', r.user_id, 'region', r.region))
      from ${memberHolidayRegions} r where r.workspace_id = ${ws} and r.user_id in (${participants}))`,
    calendar: sql<unknown>`(select json_agg(json_build_object('userId', f.user_id, 'days', (select coalesce(json_agg(d), '[]'::json) from jsonb_array_elements_text(f.days) d where d >= ${from} and d <= ${to})))
      from ${calendarFeeds} f where f.workspace_id = ${ws} and f.user_id in (${participants}))`,
    actor:
      actorId === undefined
        ? sql<unknown>`null`
        : sql<unknown>`(select json_build_object('name', u.name, 'tz', u.tz, 'refreshedAt', u.refreshed_at) from ${slackUsers} u where u.workspace_id = ${ws} and u.user_id = ${actorId})`,
  };
}

function readDayFacts(row: Record<'members' | 'entries' | 'away' | 'regions' | 'calendar' | 'actor', unknown> | undefined, from: LocalDate, to: LocalDate): DayFactsRead {
  // json arrives parsed from postgres.js and PGlite alike, but a driver may hand back its text.
  const json = (v: unknown): unknown => (typeof v === 'string' ? JSON.parse(v) : v);
  const list = <T>(v: unknown): T[] => (json(v) as T[] | null | undefined) ?? [];
  const actor = json(row?.actor) as { name: string; tz: string | null; refreshedAt: string } | null | undefined;
  return {
    from,
    to,
    members: list<{ userId: string; joinedAt: string; name: string | null; tz: string | null }>(row?.members).map((m) => ({ ...m, joinedAt: new Date(m.joinedAt) })),
    entries: list<DayFacts['entries'][number]>(row?.entries),
    away: list<DayFacts['away'][number]>(row?.away),
    regions: new Map(list<{ userId: string; region: string }>(row?.regions).map((r) => [r.userId, r.region])),
    calendar: new Map(list<{ userId: string; days: string[] }>(row?.calendar).map((c) => [c.userId, c.days])),
    actor: actor ? { name: actor.name, tz: actor.tz, refreshedAt: new Date(actor.refreshedAt) } : null,
  };
}

export type StandupsRepository = ReturnType<typeof createStandupsRepository>;
