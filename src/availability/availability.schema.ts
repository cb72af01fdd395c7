import { boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * A person's own public-holiday region (`DE-BY`, `US`, `IN`), per workspace. Absent: the
 * team's default (teams.holiday_region); neither: no public holidays are counted.
 */
export const memberHolidayRegions = pgTable(
  'member_holiday_regions',
  {
    workspaceId: text('workspace_id').notNull(),
    userId: text('user_id').notNull(),
    region: text('region').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.userId] })],
);

/**
 * A person's iCalendar feed. The URL is a secret (whoever has it reads the calendar): it
 * is sealed at rest when COORDINATOR_ENCRYPTION_KEY is set (AES-256-GCM, the installations'
 * token crypto, bound to the workspace and person), never logged, and shown back — in
 * replies and exports — only as `shown_address` (scheme and host), which needs no key. Only
 * the dates of time off found in it are kept (`days`), never titles or attendees; a failed
 * refresh keeps the last good `days`.
 */
export const calendarFeeds = pgTable(
  'calendar_feeds',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    workspaceId: text('workspace_id').notNull(),
    userId: text('user_id').notNull(),
    /** `v1:<kid>:…` sealed with a key (availability.repository.ts), or the plain address when no key is set. */
    url: text('url').notNull(),
    /** The address as it may be shown: scheme and host (`https://calendar.google.com/…`). */
    shownAddress: text('shown_address').notNull().default(''),
    etag: text('etag'),
    lastModified: text('last_modified'),
    /** The last attempt, successful or not: refreshes are at most hourly. */
    fetchedAt: timestamp('fetched_at', { withTimezone: true }),
    okAt: timestamp('ok_at', { withTimezone: true }),
    /** Local dates (YYYY-MM-DD) of time off, from the last good read. */
    days: jsonb('days').$type<string[]>().notNull().default([]),
    /** Why the last refresh failed; null while it works. */
    error: text('error'),
    /** When the current run of failures began: its owner is told once per run. */
    failingSince: timestamp('failing_since', { withTimezone: true }),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('calendar_feeds_user_uq').on(t.workspaceId, t.userId), index('calendar_feeds_fetched_idx').on(t.fetchedAt)],
);

export type MemberHolidayRegion = typeof memberHolidayRegions.$inferSelect;
export type CalendarFeed = typeof calendarFeeds.$inferSelect;
