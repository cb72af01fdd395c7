import { boolean, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { teams } from '../teams/teams.schema.ts';

/** One row per team per local standup date: the parent message of the day's thread. */
export const standupDays = pgTable(
  'standup_days',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    teamId: integer('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    date: date('date', { mode: 'string' }).notNull(),
    channelId: text('channel_id').notNull(),
    /** The parent message's ts once posted; nothing else is ever stored here. */
    parentTs: text('parent_ts'),
    /** Who is posting the parent (an opaque token), since when, and whether that attempt failed (see claim.models.ts). */
    parentClaim: text('parent_claim'),
    parentClaimedAt: timestamp('parent_claimed_at', { withTimezone: true }),
    parentClaimFailed: boolean('parent_claim_failed').notNull().default(false),
    /** What the parent currently shows, so an unchanged count is not sent to Slack again. */
    shown: text('shown'),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('standup_days_team_date_uq').on(t.teamId, t.date)],
);

export const entryStatuses = ['pending', 'answered', 'skipped', 'away', 'missed'] as const;
export type EntryStatus = (typeof entryStatuses)[number];

export type AnswerItem = { questionId: number; kind: string; question: string; answer: string };

/** One member's standup on one date: prompt, answer and where it was posted. */
export const standupEntries = pgTable(
  'standup_entries',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    teamId: integer('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    userId: text('user_id').notNull(),
    date: date('date', { mode: 'string' }).notNull(),
    status: text('status', { enum: entryStatuses }).notNull().default('pending'),
    promptAt: timestamp('prompt_at', { withTimezone: true }),
    promptChannelId: text('prompt_channel_id'),
    promptTs: text('prompt_ts'),
    answers: jsonb('answers').$type<AnswerItem[]>(),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
    /** Times the answer was changed after it was first posted. */
    editCount: integer('edit_count').notNull().default(0),
    /** The answer's reply ts once posted; nothing else is ever stored here. */
    replyTs: text('reply_ts'),
    /** Who is posting the reply, since when, and whether that attempt failed (see claim.models.ts). */
    replyClaim: text('reply_claim'),
    replyClaimedAt: timestamp('reply_claimed_at', { withTimezone: true }),
    replyClaimFailed: boolean('reply_claim_failed').notNull().default(false),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('standup_entries_team_user_date_uq').on(t.teamId, t.userId, t.date),
    index('standup_entries_team_date_idx').on(t.teamId, t.date),
    index('standup_entries_user_date_idx').on(t.userId, t.date),
  ],
);

/** Time off: no prompts, shown as away (team null = every team of the workspace). */
export const awayPeriods = pgTable(
  'away_periods',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    workspaceId: text('workspace_id').notNull(),
    userId: text('user_id').notNull(),
    fromDate: date('from_date', { mode: 'string' }).notNull(),
    toDate: date('to_date', { mode: 'string' }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('away_periods_user_idx').on(t.workspaceId, t.userId, t.toDate)],
);

export type StandupDay = typeof standupDays.$inferSelect;
export type StandupEntry = typeof standupEntries.$inferSelect;
export type AwayPeriod = typeof awayPeriods.$inferSelect;
