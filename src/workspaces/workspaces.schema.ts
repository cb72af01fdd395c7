import { boolean, index, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/** One Slack workspace (Slack's "team"); every other row hangs off one of these. */
export const workspaces = pgTable('workspaces', {
  id: text('id').primaryKey(),
  name: text('name'),
  botUserId: text('bot_user_id'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** What we know of a Slack user: their zone (from users.info) and whether they may administer. */
export const slackUsers = pgTable(
  'slack_users',
  {
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    userId: text('user_id').notNull(),
    name: text('name').notNull(),
    tz: text('tz'),
    isAdmin: boolean('is_admin').notNull().default(false),
    isBot: boolean('is_bot').notNull().default(false),
    deleted: boolean('deleted').notNull().default(false),
    refreshedAt: timestamp('refreshed_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.userId] }), index('slack_users_refreshed_idx').on(t.refreshedAt)],
);

/** Events already handled: Slack retries an event it thinks we missed, with the same id. */
export const processedEvents = pgTable(
  'processed_events',
  {
    eventId: text('event_id').primaryKey(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
  },
  // The tick deletes those older than a day every minute: a range, not a read of the day's events.
  (t) => [index('processed_events_received_idx').on(t.receivedAt)],
);

export type Workspace = typeof workspaces.$inferSelect;
export type SlackUser = typeof slackUsers.$inferSelect;
export type NewSlackUser = typeof slackUsers.$inferInsert;
