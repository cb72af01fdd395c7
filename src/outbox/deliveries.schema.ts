import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/** How far the planner has looked; replicas share it, so a restart neither repeats nor skips a window. */
export const schedulerState = pgTable('scheduler_state', {
  name: text('name').primaryKey(),
  plannedUntil: timestamp('planned_until', { withTimezone: true }).notNull(),
});

export const deliveryStatuses = ['pending', 'sending', 'sent', 'failed', 'missed', 'cancelled'] as const;
export type DeliveryStatus = (typeof deliveryStatuses)[number];

/**
 * Every scheduled message is a row here before it is sent. The unique `key`
 * (e.g. `prompt:12:U123:2026-12-01`) makes planning idempotent across replicas;
 * a claim (`sending` + `claimed_until`, taken with FOR UPDATE SKIP LOCKED)
 * makes sending exclusive; `sent` is written only after Slack accepted it.
 */
export const deliveries = pgTable(
  'deliveries',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    workspaceId: text('workspace_id').notNull(),
    key: text('key').notNull(),
    kind: text('kind').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    status: text('status', { enum: deliveryStatuses }).notNull().default('pending'),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull(),
    /** Claims so far: any attempt after the first may follow a send Slack accepted unseen. */
    attempts: integer('attempts').notNull().default(0),
    /** Failed attempts, not counting 429s (Slack did nothing and said when to come back). */
    failures: integer('failures').notNull().default(0),
    claimedBy: text('claimed_by'),
    claimedUntil: timestamp('claimed_until', { withTimezone: true }),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    result: jsonb('result').$type<Record<string, unknown>>(),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('deliveries_key_uq').on(t.key),
    index('deliveries_ready_idx').on(t.status, t.nextAttemptAt),
  ],
);

export type Delivery = typeof deliveries.$inferSelect;
