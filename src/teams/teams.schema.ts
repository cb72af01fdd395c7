import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { workspaces } from '../workspaces/workspaces.schema.ts';

/** "Not worked out yet": due at once, so the next tick computes the real instant. */
const epoch = sql`'1970-01-01T00:00:00Z'::timestamptz`;

/** A team is bound to one channel of one workspace; its settings drive every schedule. */
export const teams = pgTable(
  'teams',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    channelId: text('channel_id').notNull(),
    name: text('name').notNull(),
    createdBy: text('created_by').notNull(),
    /** ISO weekdays, 1 = Monday … 7 = Sunday. */
    workingDays: integer('working_days').array().notNull().default(sql`'{1,2,3,4,5}'::integer[]`),
    /** Local 'HH:MM', in each member's zone unless the team pins one. */
    promptTime: text('prompt_time').notNull().default('09:30'),
    /** 'member': each member's own zone; 'pinned': everyone on `timezone`. */
    tzMode: text('tz_mode', { enum: ['member', 'pinned'] }).notNull().default('member'),
    /** The team's reference zone: digests, and prompts when pinned. */
    timezone: text('timezone').notNull().default('UTC'),
    /** Minutes after the prompt for the one reminder; null = no reminder. */
    reminderMinutes: integer('reminder_minutes').default(120),
    /** Local 'HH:MM' by which answers are expected; the day's summary goes out after it. */
    deadlineTime: text('deadline_time').notNull().default('13:00'),
    stakeholderChannelId: text('stakeholder_channel_id'),
    capacityHours: integer('capacity_hours').notNull().default(40),
    dayHours: integer('day_hours').notNull().default(8),
    /** Hours counted for a task nobody estimated. */
    defaultEstimateHours: integer('default_estimate_hours').notNull().default(4),
    overloadThreshold: integer('overload_threshold').notNull().default(100),
    blockerThresholdDays: integer('blocker_threshold_days').notNull().default(2),
    /** ISO weekday and local 'HH:MM' of the weekly digest. */
    digestDay: integer('digest_day').notNull().default(5),
    digestTime: text('digest_time').notNull().default('16:00'),
    /** Standup answers older than this many months lose their text (status kept); null = keep. */
    answerRetentionMonths: integer('answer_retention_months'),
    /** Default public-holiday region of the members (`DE-BY`, `US`); a member's own wins; null = none. */
    holidayRegion: text('holiday_region'),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    /*
     * When the tick next has something to do for this team (see src/schedule/). The epoch means
     * "work it out at the next tick": a new team, or one whose inputs changed (triggers in
     * drizzle/0013_next_due.sql reset these); null means never (no working days).
     */
    nextDeadlineAt: timestamp('next_deadline_at', { withTimezone: true }).default(epoch),
    nextDigestAt: timestamp('next_digest_at', { withTimezone: true }).default(epoch),
    nextEscalationAt: timestamp('next_escalation_at', { withTimezone: true }).default(epoch),
    nextWarningsAt: timestamp('next_warnings_at', { withTimezone: true }).default(epoch),
    /** Bumped with every reset: the tick advances an instant only if nothing reset it meanwhile. */
    dueRev: integer('due_rev').notNull().default(0),
  },
  (t) => [
    uniqueIndex('teams_channel_uq').on(t.workspaceId, t.channelId),
    index('teams_next_deadline_idx').on(t.nextDeadlineAt),
    index('teams_next_digest_idx').on(t.nextDigestAt),
    index('teams_next_escalation_idx').on(t.nextEscalationAt),
    index('teams_next_warnings_idx').on(t.nextWarningsAt),
    // The tick's retention pass looks for teams with a limit every minute: few or none, found
    // without reading every team (privacy.repository applyRetention).
    index('teams_retention_idx').on(t.id).where(sql`${t.answerRetentionMonths} is not null`),
  ],
);

export const teamMembers = pgTable(
  'team_members',
  {
    teamId: integer('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    userId: text('user_id').notNull(),
    isManager: boolean('is_manager').notNull().default(false),
    /** Managers need not answer standups themselves. */
    isParticipant: boolean('is_participant').notNull().default(true),
    /** Weekly hours; null = the team's default. */
    capacityHours: integer('capacity_hours'),
    joinedAt: timestamp('joined_at', { withTimezone: true }).notNull().defaultNow(),
    /** The member's next prompt or reminder instant (epoch: work it out at the next tick; null: never). */
    nextDueAt: timestamp('next_due_at', { withTimezone: true }).default(epoch),
    dueRev: integer('due_rev').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.userId] }), index('team_members_user_idx').on(t.userId), index('team_members_next_due_idx').on(t.nextDueAt)],
);

export const questionKinds = ['done', 'plan', 'blockers', 'text'] as const;
export type QuestionKind = (typeof questionKinds)[number];

export const questions = pgTable(
  'questions',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    teamId: integer('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    text: text('text').notNull(),
    kind: text('kind', { enum: questionKinds }).notNull().default('text'),
    required: boolean('required').notNull().default(true),
  },
  (t) => [index('questions_team_idx').on(t.teamId, t.position)],
);

export type Team = typeof teams.$inferSelect;
export type NewTeam = typeof teams.$inferInsert;
export type TeamMember = typeof teamMembers.$inferSelect;
export type Question = typeof questions.$inferSelect;
