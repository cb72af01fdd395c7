import { and, asc, eq, inArray, lt, sql } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { processedEvents, slackUsers, workspaces, type NewSlackUser, type SlackUser } from './workspaces.schema.ts';

export function createWorkspacesRepository({ db }: { db: Db }) {
  return {
    async ensureWorkspace(id: string, name?: string | null): Promise<void> {
      await db
        .insert(workspaces)
        .values({ id, name: name ?? null })
        .onConflictDoNothing();
    },

    async upsertUser(user: NewSlackUser): Promise<void> {
      await db
        .insert(slackUsers)
        .values(user)
        .onConflictDoUpdate({
          target: [slackUsers.workspaceId, slackUsers.userId],
          set: {
            name: user.name,
            tz: user.tz ?? null,
            isAdmin: user.isAdmin ?? false,
            isBot: user.isBot ?? false,
            deleted: user.deleted ?? false,
            refreshedAt: user.refreshedAt,
          },
        });
    },

    async findUser(workspaceId: string, userId: string): Promise<SlackUser | undefined> {
      const rows = await db
        .select()
        .from(slackUsers)
        .where(and(eq(slackUsers.workspaceId, workspaceId), eq(slackUsers.userId, userId)));
      return rows[0];
    },

    async findUsers(workspaceId: string, userIds: string[]): Promise<SlackUser[]> {
      if (userIds.length === 0) return [];
      return db
        .select()
        .from(slackUsers)
        .where(and(eq(slackUsers.workspaceId, workspaceId), inArray(slackUsers.userId, userIds)));
    },

    /** True the first time an event id is seen; false for Slack's retries of it. */
    async firstDelivery(eventId: string, at: Date): Promise<boolean> {
      const rows = await db.insert(processedEvents).values({ eventId, receivedAt: at }).onConflictDoNothing().returning({ id: processedEvents.eventId });
      return rows.length > 0;
    },

    async pruneEvents(before: Date): Promise<void> {
      await db.delete(processedEvents).where(lt(processedEvents.receivedAt, before));
    },

    /** Users whose profile is older than `before`: refreshed at least daily by the scheduler. */
    /**
     * Takes up to `limit` of the stalest profiles older than `before` for this process to
     * refresh, marking them refreshed at `retryMark` (a time that makes them stale again a
     * little later, should the refresh fail). Rows another replica holds are skipped, so
     * replicas share the work instead of each asking Slack about the same people.
     */
    async claimStale(before: Date, limit: number, retryMark: Date): Promise<SlackUser[]> {
      const stalest = db
        .select({ workspaceId: slackUsers.workspaceId, userId: slackUsers.userId })
        .from(slackUsers)
        .where(lt(slackUsers.refreshedAt, before))
        .orderBy(asc(slackUsers.refreshedAt))
        .limit(limit)
        .for('update', { skipLocked: true });
      return db
        .update(slackUsers)
        .set({ refreshedAt: retryMark })
        .where(sql`(${slackUsers.workspaceId}, ${slackUsers.userId}) in (${stalest})`)
        .returning();
    },
  };
}

export type WorkspacesRepository = ReturnType<typeof createWorkspacesRepository>;
