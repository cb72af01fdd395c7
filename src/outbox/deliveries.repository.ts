import { and, asc, eq, gt, inArray, lt, lte, notInArray, or, sql } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { deliveries, schedulerState, type Delivery } from './deliveries.schema.ts';

import type { NewDelivery } from './kinds.ts';

export type { NewDelivery };

/**
 * The outbox. Planning inserts under unique keys (idempotent across replicas);
 * claiming takes rows with FOR UPDATE SKIP LOCKED and leases them, so each row
 * is worked by one process at a time; a lease that runs out (a crash mid-send)
 * makes the row claimable again.
 */
export function createDeliveriesRepository({ db }: { db: Db }) {
  /**
   * True when some row is ready (filters aside), by two walks of deliveries_ready_idx in index
   * order that stop at the first hit. The claim's OR is a bitmap scan, and a bitmap scan never
   * marks the index entries of dead row versions dead: after a fan-out, each sent row's
   * pending and sending versions stay in the index until vacuum (which waits for a fifth of a
   * table that keeps every delivery), and every claim, each idle minute's included, read them
   * all again (1,500 pages at 50,000 members). A plain index scan marks them the first time, so
   * an idle claim costs two index descents. Postgres evaluates this once per statement (an
   * InitPlan, a one-time filter): when it is false the claim reads nothing else; when it is
   * true the claim is the same as without it.
   */
  const anyReady = (now: Date) => {
    const at = sql`${now.toISOString()}::timestamptz`;
    return sql`(
      coalesce((select true from ${deliveries} where ${deliveries.status} = 'pending' and ${deliveries.nextAttemptAt} <= ${at} order by ${deliveries.nextAttemptAt} limit 1), false)
      or coalesce((select true from ${deliveries} where ${deliveries.status} = 'sending' and ${deliveries.claimedUntil} <= ${at} order by ${deliveries.nextAttemptAt} limit 1), false))`;
  };

  return {
    async enqueue(rows: NewDelivery[]): Promise<number> {
      let inserted = 0;
      for (let i = 0; i < rows.length; i += 500) {
        const chunk = rows.slice(i, i + 500).map((r) => ({
          workspaceId: r.workspaceId,
          key: r.key,
          kind: r.kind,
          payload: r.payload,
          dueAt: r.dueAt,
          nextAttemptAt: r.dueAt,
          status: r.status ?? 'pending',
        }));
        const res = await db.insert(deliveries).values(chunk).onConflictDoNothing().returning({ id: deliveries.id });
        inserted += res.length;
      }
      return inserted;
    },

    /** `skipWorkspaces`: workspaces Slack asked us to leave alone for now (Retry-After, an outage); their rows wait. `kinds`: only these kinds. */
    async claim(opts: { now: Date; worker: string; limit: number; leaseMs: number; keys?: string[]; kinds?: string[]; skipWorkspaces?: string[] }): Promise<(Delivery & { recovering: boolean })[]> {
      const now = opts.now;
      const ready = db
        .select({ id: deliveries.id })
        .from(deliveries)
        .where(
          and(
            or(
              and(eq(deliveries.status, 'pending'), lte(deliveries.nextAttemptAt, now)),
              and(eq(deliveries.status, 'sending'), lte(deliveries.claimedUntil, now)),
            ),
            opts.keys ? inArray(deliveries.key, opts.keys) : undefined,
            opts.kinds ? inArray(deliveries.kind, opts.kinds) : undefined,
            opts.skipWorkspaces?.length ? notInArray(deliveries.workspaceId, opts.skipWorkspaces) : undefined,
            opts.keys ? undefined : anyReady(now),
          ),
        )
        .orderBy(asc(deliveries.nextAttemptAt), asc(deliveries.id))
        .limit(opts.limit)
        .for('update', { skipLocked: true });
      const rows = await db
        .update(deliveries)
        .set({
          status: 'sending',
          claimedBy: opts.worker,
          claimedUntil: new Date(now.getTime() + opts.leaseMs),
          attempts: sql`${deliveries.attempts} + 1`,
          lastError: sql`case when ${deliveries.status} = 'sending' then 'lease expired' else ${deliveries.lastError} end`,
        })
        .where(inArray(deliveries.id, ready))
        .returning();
      // UPDATE … RETURNING keeps no order: put the batch back in due order.
      rows.sort((a, b) => a.nextAttemptAt.getTime() - b.nextAttemptAt.getTime() || a.id - b.id);
      // Any earlier attempt may have reached Slack (a crash, a timeout, a 5xx or a 429 on a
      // later call after the write): the next one looks before it posts.
      return rows.map((r) => ({ ...r, recovering: r.attempts > 1 }));
    },

    /** When the next pending row (of these kinds, outside these workspaces) comes due in `[after, before)`; undefined if none does. */
    async nextDue(opts: { after: Date; before: Date; kinds?: string[]; skipWorkspaces?: string[] }): Promise<Date | undefined> {
      const rows = await db
        .select({ at: deliveries.nextAttemptAt })
        .from(deliveries)
        .where(
          and(
            eq(deliveries.status, 'pending'),
            gt(deliveries.nextAttemptAt, opts.after),
            lt(deliveries.nextAttemptAt, opts.before),
            opts.kinds ? inArray(deliveries.kind, opts.kinds) : undefined,
            opts.skipWorkspaces?.length ? notInArray(deliveries.workspaceId, opts.skipWorkspaces) : undefined,
          ),
        )
        .orderBy(asc(deliveries.nextAttemptAt))
        .limit(1);
      return rows[0]?.at;
    },

    async markSent(id: number, worker: string, at: Date, result: Record<string, unknown> = {}): Promise<void> {
      await db
        .update(deliveries)
        .set({ status: 'sent', sentAt: at, result, claimedUntil: null, lastError: null })
        .where(and(eq(deliveries.id, id), eq(deliveries.claimedBy, worker), eq(deliveries.status, 'sending')));
    },

    /** Back to pending until `at`; a rate-limited attempt is not counted as a failure. */
    async retryAt(id: number, worker: string, at: Date, error: string, opts: { countFailure?: boolean } = {}): Promise<void> {
      await db
        .update(deliveries)
        .set({
          status: 'pending',
          nextAttemptAt: at,
          claimedUntil: null,
          lastError: error,
          ...(opts.countFailure === false ? {} : { failures: sql`${deliveries.failures} + 1` }),
        })
        .where(and(eq(deliveries.id, id), eq(deliveries.claimedBy, worker), eq(deliveries.status, 'sending')));
    },

    /** Gives a claimed row back untouched, as if never claimed (its workspace is paused): not an attempt, not a failure. */
    async release(id: number, worker: string, at: Date): Promise<void> {
      await db
        .update(deliveries)
        .set({ status: 'pending', nextAttemptAt: at, claimedUntil: null, attempts: sql`greatest(${deliveries.attempts} - 1, 0)` })
        .where(and(eq(deliveries.id, id), eq(deliveries.claimedBy, worker), eq(deliveries.status, 'sending')));
    },

    /** Extends a claim just before sending; false when it was lost (expired and taken, or requeued). */
    async renew(id: number, worker: string, until: Date): Promise<boolean> {
      const rows = await db
        .update(deliveries)
        .set({ claimedUntil: until })
        .where(and(eq(deliveries.id, id), eq(deliveries.claimedBy, worker), eq(deliveries.status, 'sending')))
        .returning({ id: deliveries.id });
      return rows.length > 0;
    },

    async finish(id: number, worker: string, status: 'failed' | 'cancelled' | 'missed', reason: string): Promise<void> {
      await db
        .update(deliveries)
        .set({ status, claimedUntil: null, lastError: reason })
        .where(and(eq(deliveries.id, id), eq(deliveries.claimedBy, worker), eq(deliveries.status, 'sending')));
    },

    /**
     * Schedules (or schedules again) the work under `key` for `at`: used for work that
     * must reflect the latest state, such as an edited answer. A worker mid-send loses
     * its claim, so its outcome is not recorded and the row runs again.
     */
    async requeue(row: NewDelivery): Promise<void> {
      await db
        .insert(deliveries)
        .values({ workspaceId: row.workspaceId, key: row.key, kind: row.kind, payload: row.payload, dueAt: row.dueAt, nextAttemptAt: row.dueAt })
        .onConflictDoUpdate({
          target: deliveries.key,
          set: { status: 'pending', payload: row.payload, nextAttemptAt: row.dueAt, failures: 0, claimedBy: null, claimedUntil: null, lastError: null },
        });
    },

    async byKey(key: string): Promise<Delivery | undefined> {
      const rows = await db.select().from(deliveries).where(eq(deliveries.key, key));
      return rows[0];
    },

    async plannedUntil(name = 'standups'): Promise<Date | undefined> {
      const rows = await db.select().from(schedulerState).where(eq(schedulerState.name, name));
      return rows[0]?.plannedUntil;
    },

    async setPlannedUntil(at: Date, name = 'standups'): Promise<void> {
      await db
        .insert(schedulerState)
        .values({ name, plannedUntil: at })
        .onConflictDoUpdate({ target: schedulerState.name, set: { plannedUntil: sql`greatest(${schedulerState.plannedUntil}, excluded.planned_until)` } });
    },
  };
}

export type DeliveriesRepository = ReturnType<typeof createDeliveriesRepository>;
