import { lt, sql } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { requestDedupe } from './requests.schema.ts';

import type { RequestKey } from './requests.models.ts';

export function createRequestsRepository({ db }: { db: Db }) {
  return {
    /**
     * True if this call took the key. Run it inside the transaction that does the work:
     * a concurrent twin waits on the primary key until that commits, then finds it taken.
     */
    async claim(workspaceId: string, request: RequestKey, at: Date): Promise<boolean> {
      const insert = db.insert(requestDedupe).values({ workspaceId, key: request.key.slice(0, 500), createdAt: at });
      const rows =
        request.windowMs === undefined
          ? await insert.onConflictDoNothing().returning({ key: requestDedupe.key })
          : await insert
              .onConflictDoUpdate({
                target: [requestDedupe.workspaceId, requestDedupe.key],
                set: { createdAt: at },
                setWhere: lt(requestDedupe.createdAt, sql`${new Date(at.getTime() - request.windowMs).toISOString()}::timestamptz`),
              })
              .returning({ key: requestDedupe.key });
      return rows.length > 0;
    },

    async prune(before: Date): Promise<void> {
      await db.delete(requestDedupe).where(lt(requestDedupe.createdAt, before));
    },
  };
}

export type RequestsRepository = ReturnType<typeof createRequestsRepository>;
