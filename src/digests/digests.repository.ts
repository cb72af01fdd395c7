import { and, desc, eq, lt } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import type { DigestContent } from './digest.models.ts';
import { digests, type Digest } from './digests.schema.ts';

export function createDigestsRepository({ db }: { db: Db }) {
  return {
    /** Stores a digest once per team, kind and slot; returns the stored row (new or existing). */
    async store(row: { workspaceId: string; teamId: number; kind: 'weekly' | 'manual'; slot: string; periodStart: string; periodEnd: string; content: DigestContent; at: Date }): Promise<Digest> {
      const inserted = await db
        .insert(digests)
        .values({ workspaceId: row.workspaceId, teamId: row.teamId, kind: row.kind, slot: row.slot, periodStart: row.periodStart, periodEnd: row.periodEnd, content: row.content, createdAt: row.at })
        .onConflictDoNothing()
        .returning();
      if (inserted[0]) return inserted[0];
      const rows = await db.select().from(digests).where(and(eq(digests.teamId, row.teamId), eq(digests.kind, row.kind), eq(digests.slot, row.slot)));
      return rows[0]!;
    },

    async byId(id: number): Promise<Digest | undefined> {
      const rows = await db.select().from(digests).where(eq(digests.id, id));
      return rows[0];
    },

    async bySlot(teamId: number, kind: 'weekly' | 'manual', slot: string): Promise<Digest | undefined> {
      const rows = await db.select().from(digests).where(and(eq(digests.teamId, teamId), eq(digests.kind, kind), eq(digests.slot, slot)));
      return rows[0];
    },

    async setPosted(id: number, channelId: string, ts: string): Promise<void> {
      await db.update(digests).set({ channelId, ts }).where(eq(digests.id, id));
    },

    /** Weekly digests before a period, newest first: the previous one gives the trend. */
    async weeklyBefore(teamId: number, periodStart: string, limit: number): Promise<Digest[]> {
      return db
        .select()
        .from(digests)
        .where(and(eq(digests.teamId, teamId), eq(digests.kind, 'weekly'), lt(digests.periodStart, periodStart)))
        .orderBy(desc(digests.periodStart))
        .limit(limit);
    },

    async recent(teamId: number, limit: number): Promise<Digest[]> {
      return db.select().from(digests).where(eq(digests.teamId, teamId)).orderBy(desc(digests.createdAt)).limit(limit);
    },
  };
}

export type DigestsRepository = ReturnType<typeof createDigestsRepository>;
