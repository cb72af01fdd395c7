import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { workspaces } from '../workspaces/workspaces.schema.ts';
import { homeTabs } from './home.schema.ts';

/** Who has opened their App Home (and so has one worth keeping fresh). */
export function createHomeRepository({ db }: { db: Db }) {
  return {
    async markOpened(workspaceId: string, userId: string, at: Date): Promise<void> {
      // Opening the Home may be someone's very first contact with an installed workspace.
      await db.insert(workspaces).values({ id: workspaceId }).onConflictDoNothing();
      await db.insert(homeTabs).values({ workspaceId, userId, openedAt: at }).onConflictDoUpdate({ target: [homeTabs.workspaceId, homeTabs.userId], set: { openedAt: at } });
    },

    /** Those of `userIds` who have opened their Home in this workspace. */
    async openedAmong(workspaceId: string, userIds: string[]): Promise<string[]> {
      if (!userIds.length) return [];
      const rows = await db.select({ userId: homeTabs.userId }).from(homeTabs).where(and(eq(homeTabs.workspaceId, workspaceId), inArray(homeTabs.userId, userIds)));
      return rows.map((r) => r.userId);
    },
  };
}

export type HomeRepository = ReturnType<typeof createHomeRepository>;
