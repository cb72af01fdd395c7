import { and, eq, inArray, lte, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { teamMembers, teams, type Team } from '../teams/teams.schema.ts';
import { slackUsers } from '../workspaces/workspaces.schema.ts';

/** The team instants the tick keeps, one indexed column each. */
export type TeamDue = 'deadline' | 'digest' | 'escalation' | 'warnings';

const teamColumn = {
  deadline: teams.nextDeadlineAt,
  digest: teams.nextDigestAt,
  escalation: teams.nextEscalationAt,
  warnings: teams.nextWarningsAt,
} as const;

export type DueMember = { teamId: number; userId: string; tz: string | null; joinedAt: Date; isParticipant: boolean; dueRev: number };

/** One advance: the row's new instant, written only if its revision is still the one read. */
export type Advance<K> = K & { rev: number; next: Date | null };

const epoch = sql`'1970-01-01T00:00:00Z'::timestamptz`;
const chunk = 1000;

/**
 * The next-due instants of members and teams (columns of team_members and teams, migration
 * 0013). Selecting what is due is an index range scan (`next_… <= now`); advancing is a
 * conditional write on `due_rev`, which every reset bumps (the 0013 triggers, or `reset`), so
 * a tick that read a row before its inputs changed cannot write a stale instant back: the row
 * stays due and the next tick works it out again. Replicas advancing the same row write the
 * same value; either may win.
 */
export function createDueRepository({ db }: { db: Db }) {
  return {
    /**
     * Members whose next prompt or reminder has come, with their zone (of any team: the caller
     * retires inactive ones). Gated by a walk of the index in order that stops at the first due
     * member: every advance leaves the member's old entry (an instant now past) in the index
     * until vacuum, and the join, planned on statistics that lag the advancing instants, reads
     * them with a bitmap scan that never marks them dead, so an idle minute read the heap pages
     * of everyone advanced since the last vacuum. The walk marks them once; with nobody due the
     * join is not run (a one-time filter).
     */
    async dueMembers(now: Date): Promise<DueMember[]> {
      const at = sql`${now.toISOString()}::timestamptz`;
      const anyDue = sql`coalesce((select true from ${teamMembers} where ${teamMembers.nextDueAt} <= ${at} order by ${teamMembers.nextDueAt} limit 1), false)`;
      return db
        .select({ teamId: teamMembers.teamId, userId: teamMembers.userId, tz: slackUsers.tz, joinedAt: teamMembers.joinedAt, isParticipant: teamMembers.isParticipant, dueRev: teamMembers.dueRev })
        .from(teamMembers)
        .innerJoin(teams, eq(teams.id, teamMembers.teamId))
        .leftJoin(slackUsers, and(eq(slackUsers.workspaceId, teams.workspaceId), eq(slackUsers.userId, teamMembers.userId)))
        .where(and(lte(teamMembers.nextDueAt, now), anyDue));
    },

    /** These teams (in chunks: one bound parameter each). */
    async teamsByIds(ids: number[]): Promise<Team[]> {
      const out: Team[] = [];
      for (let i = 0; i < ids.length; i += chunk) out.push(...(await db.select().from(teams).where(inArray(teams.id, ids.slice(i, i + chunk)))));
      return out;
    },

    /** Teams whose instant of this kind has come (inactive ones too, so they can be retired). */
    async dueTeams(kind: TeamDue, now: Date): Promise<Team[]> {
      return db.select().from(teams).where(lte(teamColumn[kind], now));
    },

    /** The answering members of these teams, with their zones (a deadline waits for the latest zone). */
    async participantsOf(teamIds: number[]): Promise<{ teamId: number; userId: string; tz: string | null; joinedAt: Date }[]> {
      if (!teamIds.length) return [];
      const out: { teamId: number; userId: string; tz: string | null; joinedAt: Date }[] = [];
      for (let i = 0; i < teamIds.length; i += chunk) {
        const rows = await db
          .select({ teamId: teamMembers.teamId, userId: teamMembers.userId, tz: slackUsers.tz, joinedAt: teamMembers.joinedAt })
          .from(teamMembers)
          .innerJoin(teams, eq(teams.id, teamMembers.teamId))
          .leftJoin(slackUsers, and(eq(slackUsers.workspaceId, teams.workspaceId), eq(slackUsers.userId, teamMembers.userId)))
          .where(and(inArray(teamMembers.teamId, teamIds.slice(i, i + chunk)), eq(teamMembers.isParticipant, true)));
        out.push(...rows);
      }
      return out;
    },

    async advanceMembers(rows: Advance<{ teamId: number; userId: string }>[]): Promise<number> {
      let n = 0;
      for (let i = 0; i < rows.length; i += chunk) {
        const values = sql.join(
          rows.slice(i, i + chunk).map((r) => sql`(${r.teamId}::integer, ${r.userId}::text, ${r.rev}::integer, ${r.next ? r.next.toISOString() : null}::timestamptz)`),
          sql`, `,
        );
        const res = await db.execute(sql`
          update team_members m set next_due_at = v.next
          from (values ${values}) as v(team_id, user_id, rev, next)
          where m.team_id = v.team_id and m.user_id = v.user_id and m.due_rev = v.rev
          returning 1`);
        n += rowCount(res);
      }
      return n;
    },

    async advanceTeams(kind: TeamDue, rows: Advance<{ id: number }>[]): Promise<number> {
      const column = sql.identifier(`next_${kind}_at`);
      let n = 0;
      for (let i = 0; i < rows.length; i += chunk) {
        const values = sql.join(
          rows.slice(i, i + chunk).map((r) => sql`(${r.id}::integer, ${r.rev}::integer, ${r.next ? r.next.toISOString() : null}::timestamptz)`),
          sql`, `,
        );
        const res = await db.execute(sql`
          update teams t set ${column} = v.next
          from (values ${values}) as v(id, rev, next)
          where t.id = v.id and t.due_rev = v.rev
          returning 1`);
        n += rowCount(res);
      }
      return n;
    },

    /**
     * Makes every instant of a workspace (or one team, or one person) due at the next tick, which
     * works them out afresh: for inputs the 0013 triggers do not see (a holiday calendar, a feed).
     */
    async reset(scope: { workspaceId: string; teamId?: number; userId?: string }): Promise<void> {
      const teamScope: SQL[] = [eq(teams.workspaceId, scope.workspaceId)];
      if (scope.teamId !== undefined) teamScope.push(eq(teams.id, scope.teamId));
      if (scope.userId !== undefined) {
        teamScope.push(inArray(teams.id, db.select({ id: teamMembers.teamId }).from(teamMembers).where(eq(teamMembers.userId, scope.userId))));
      }
      const ids = db.select({ id: teams.id }).from(teams).where(and(...teamScope));
      await db
        .update(teamMembers)
        .set({ nextDueAt: epoch, dueRev: sql`${teamMembers.dueRev} + 1` })
        .where(and(inArray(teamMembers.teamId, ids), scope.userId !== undefined ? eq(teamMembers.userId, scope.userId) : undefined));
      await db
        .update(teams)
        .set({ nextDeadlineAt: epoch, nextDigestAt: epoch, nextEscalationAt: epoch, nextWarningsAt: epoch, dueRev: sql`${teams.dueRev} + 1` })
        .where(and(...teamScope));
    },
  };
}

/** Rows a statement touched: postgres.js returns them as an array, PGlite as `{ rows }`. */
function rowCount(res: unknown): number {
  if (Array.isArray(res)) return res.length;
  const r = res as { rows?: unknown[]; affectedRows?: number };
  return r.rows?.length ?? r.affectedRows ?? 0;
}

export type DueRepository = ReturnType<typeof createDueRepository>;
