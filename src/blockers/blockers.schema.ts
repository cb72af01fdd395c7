import { date, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { teams } from '../teams/teams.schema.ts';

export const blockerStatuses = ['open', 'resolved'] as const;
export type BlockerStatus = (typeof blockerStatuses)[number];

/** A blocker lives from the answer (or /blocker) that raised it until someone resolves it. */
export const blockers = pgTable(
  'blockers',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    workspaceId: text('workspace_id').notNull(),
    teamId: integer('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    reporterId: text('reporter_id').notNull(),
    ownerId: text('owner_id'),
    text: text('text').notNull(),
    /** The comparison key: the same key from the same person is the same blocker. */
    normalized: text('normalized').notNull(),
    source: text('source', { enum: ['standup', 'command'] }).notNull(),
    entryId: integer('entry_id'),
    status: text('status', { enum: blockerStatuses }).notNull().default('open'),
    /** The team-local date it was raised: ages count working days from here. */
    openedDate: date('opened_date', { mode: 'string' }).notNull(),
    openedAt: timestamp('opened_at', { withTimezone: true }).notNull(),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    resolvedBy: text('resolved_by'),
    /** Where it was announced (the day's thread), so the resolution is noted there too. */
    announceChannelId: text('announce_channel_id'),
    announceThreadTs: text('announce_thread_ts'),
  },
  (t) => [
    index('blockers_team_status_idx').on(t.teamId, t.status, t.openedAt),
    index('blockers_reporter_idx').on(t.workspaceId, t.reporterId, t.status),
    index('blockers_status_idx').on(t.status),
  ],
);

export type Blocker = typeof blockers.$inferSelect;
export type NewBlocker = typeof blockers.$inferInsert;
