import { date, index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { teams } from '../teams/teams.schema.ts';

/** `dismissed`: someone said it was not a blocker (a misreading of an answer, not a resolved problem). */
export const blockerStatuses = ['open', 'resolved', 'dismissed'] as const;
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
    /** The delivery that announces it: the blockers of one answer share one announcement. */
    announceKey: text('announce_key'),
  },
  (t) => [
    index('blockers_team_status_idx').on(t.teamId, t.status, t.openedAt),
    index('blockers_reporter_idx').on(t.workspaceId, t.reporterId, t.status),
    index('blockers_status_idx').on(t.status),
  ],
);

export type Blocker = typeof blockers.$inferSelect;
export type NewBlocker = typeof blockers.$inferInsert;

/**
 * What a team has taught blocker detection: a blocker someone marked "not a blocker", or a
 * doubtful line its author said to track (or not). Read for that team's later answers.
 */
export const blockerCorrections = pgTable(
  'blocker_corrections',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    workspaceId: text('workspace_id').notNull(),
    teamId: integer('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    /** normaliseBlockerText of the line. */
    normalized: text('normalized').notNull(),
    verdict: text('verdict', { enum: ['nothing', 'blocker'] }).notNull(),
    blockerId: integer('blocker_id'),
    byUserId: text('by_user_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('blocker_corrections_team_key').on(t.teamId, t.normalized), index('blocker_corrections_team_time_idx').on(t.teamId, t.createdAt)],
);

export type BlockerCorrection = typeof blockerCorrections.$inferSelect;
