import { count, inArray } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { deliveries } from '../outbox/deliveries.schema.ts';

/** What the operator's routes read from the database. */
export function createOpsRepository({ db }: { db: Db }) {
  return {
    /** Deliveries not yet done (waiting or being sent), by kind. */
    async queuedDeliveries(): Promise<Record<string, number>> {
      const rows = await db
        .select({ kind: deliveries.kind, n: count() })
        .from(deliveries)
        .where(inArray(deliveries.status, ['pending', 'sending']))
        .groupBy(deliveries.kind);
      return Object.fromEntries(rows.map((r) => [r.kind, Number(r.n)]));
    },
  };
}
