import { and, asc, count, desc, eq, gte, inArray, isNull, ne, or } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { teams } from '../teams/teams.schema.ts';
import { blockerCorrections, blockers, type Blocker, type BlockerCorrection, type NewBlocker } from './blockers.schema.ts';

/** Every read is scoped by workspace: a blocker id from another workspace finds nothing. */
export function createBlockersRepository({ db }: { db: Db }) {
  return {
    async create(row: NewBlocker): Promise<Blocker> {
      const [b] = await db.insert(blockers).values(row).returning();
      return b!;
    },

    async byId(workspaceId: string, id: number): Promise<Blocker | undefined> {
      const rows = await db.select().from(blockers).where(and(eq(blockers.workspaceId, workspaceId), eq(blockers.id, id)));
      return rows[0];
    },

    async openOfTeam(teamId: number, reporterId?: string): Promise<Blocker[]> {
      return db
        .select()
        .from(blockers)
        .where(and(eq(blockers.teamId, teamId), eq(blockers.status, 'open'), reporterId ? eq(blockers.reporterId, reporterId) : undefined))
        .orderBy(asc(blockers.openedAt), asc(blockers.id));
    },

    /** Open blockers someone reported or owns in a team. */
    async openInvolving(teamId: number, userId: string): Promise<Blocker[]> {
      const rows = await this.openOfTeam(teamId);
      return rows.filter((b) => b.reporterId === userId || b.ownerId === userId);
    },

    /** Every open blocker of an active team, with what aging needs. */
    /** Open blockers of these teams (active ones), with their team. */
    async openWithTeams(teamIds: number[]) {
      if (!teamIds.length) return [];
      return db
        .select({ blocker: blockers, team: teams })
        .from(blockers)
        .innerJoin(teams, and(eq(teams.id, blockers.teamId), eq(teams.active, true)))
        .where(and(eq(blockers.status, 'open'), inArray(blockers.teamId, teamIds)));
    },

    /** What a digest of a period needs: every open blocker, and those opened or resolved since `from`. */
    async forDigest(teamId: number, fromDate: string, fromInstant: Date): Promise<Blocker[]> {
      return db
        .select()
        .from(blockers)
        .where(and(eq(blockers.teamId, teamId), or(eq(blockers.status, 'open'), gte(blockers.openedDate, fromDate), gte(blockers.resolvedAt, fromInstant))))
        .orderBy(asc(blockers.openedAt));
    },

    async ofEntry(entryId: number): Promise<Blocker[]> {
      return db.select().from(blockers).where(eq(blockers.entryId, entryId));
    },

    /** Makes someone the owner of an open blocker they do not own yet; undefined if nothing changed. */
    async takeOwnership(id: number, ownerId: string): Promise<Blocker | undefined> {
      const rows = await db
        .update(blockers)
        .set({ ownerId })
        .where(and(eq(blockers.id, id), eq(blockers.status, 'open'), or(isNull(blockers.ownerId), ne(blockers.ownerId, ownerId))))
        .returning();
      return rows[0];
    },

    /** Resolves if still open; returns whether this call did it (a second click does nothing). */
    async resolve(ids: number[], by: string, at: Date): Promise<Blocker[]> {
      if (!ids.length) return [];
      return db
        .update(blockers)
        .set({ status: 'resolved', resolvedAt: at, resolvedBy: by })
        .where(and(inArray(blockers.id, ids), eq(blockers.status, 'open')))
        .returning();
    },

    /** "Not a blocker": closes it if still open, as a misreading rather than a resolution. */
    async dismiss(id: number, by: string, at: Date): Promise<Blocker | undefined> {
      const rows = await db
        .update(blockers)
        .set({ status: 'dismissed', resolvedAt: at, resolvedBy: by })
        .where(and(eq(blockers.id, id), eq(blockers.status, 'open')))
        .returning();
      return rows[0];
    },

    async setAnnounced(ids: number[], channelId: string, threadTs: string): Promise<void> {
      if (!ids.length) return;
      await db.update(blockers).set({ announceChannelId: channelId, announceThreadTs: threadTs }).where(inArray(blockers.id, ids));
    },

    async setAnnounceKey(ids: number[], key: string): Promise<void> {
      if (!ids.length) return;
      await db.update(blockers).set({ announceKey: key }).where(inArray(blockers.id, ids));
    },

    async byIds(ids: number[]): Promise<Blocker[]> {
      if (!ids.length) return [];
      return db.select().from(blockers).where(inArray(blockers.id, ids.slice(0, 100))).orderBy(asc(blockers.id));
    },

    /** Records (or replaces) what the team said about one line. */
    async correct(row: Omit<BlockerCorrection, 'id'>): Promise<void> {
      await db
        .insert(blockerCorrections)
        .values(row)
        .onConflictDoUpdate({ target: [blockerCorrections.teamId, blockerCorrections.normalized], set: { verdict: row.verdict, byUserId: row.byUserId, blockerId: row.blockerId, createdAt: row.createdAt } });
    },

    /** A team's corrections, newest first and bounded, as detection reads them. */
    async corrections(teamId: number, limit = 500): Promise<{ nothing: string[]; blocker: string[] }> {
      const rows = await db
        .select({ normalized: blockerCorrections.normalized, verdict: blockerCorrections.verdict })
        .from(blockerCorrections)
        .where(eq(blockerCorrections.teamId, teamId))
        .orderBy(desc(blockerCorrections.createdAt))
        .limit(limit);
      return { nothing: rows.filter((r) => r.verdict === 'nothing').map((r) => r.normalized), blocker: rows.filter((r) => r.verdict === 'blocker').map((r) => r.normalized) };
    },

    async correctionsSince(teamId: number, since: Date): Promise<number> {
      const rows = await db
        .select({ n: count() })
        .from(blockerCorrections)
        .where(and(eq(blockerCorrections.teamId, teamId), gte(blockerCorrections.createdAt, since)));
      return Number(rows[0]?.n ?? 0);
    },

    async byIdUnscoped(id: number): Promise<Blocker | undefined> {
      const rows = await db.select().from(blockers).where(eq(blockers.id, id));
      return rows[0];
    },
  };
}

export type BlockersRepository = ReturnType<typeof createBlockersRepository>;
