import { index, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Submissions and clicks already handled, keyed on what Slack sends (view id + hash,
 * message ts + action id): a double click or a repeated submission finds its key taken.
 * The key is claimed in the same transaction as the work, so a failed attempt leaves no
 * trace and can be retried. Rows older than a day are pruned by the tick.
 */
export const requestDedupe = pgTable(
  'request_dedupe',
  {
    workspaceId: text('workspace_id').notNull(),
    key: text('key').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.key] }), index('request_dedupe_created_idx').on(t.createdAt)],
);

export type RequestDedupe = typeof requestDedupe.$inferSelect;
