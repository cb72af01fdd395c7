import { sql } from 'drizzle-orm';
import { date, index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { teams } from '../teams/teams.schema.ts';

export const milestoneStates = ['open', 'done'] as const;
/** The forecast's verdict, as last seen by the tick: a warning goes out when it gets worse. */
export const forecastStatuses = ['on-track', 'at-risk', 'late'] as const;

/** A delivery date the team is working towards: a target, an optional effort budget, and its tasks (tasks.milestone_id). */
export const milestones = pgTable(
  'milestones',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    workspaceId: text('workspace_id').notNull(),
    teamId: integer('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    targetDate: date('target_date', { mode: 'string' }).notNull(),
    /** Effort budget; null = none set. */
    budgetMinutes: integer('budget_minutes'),
    state: text('state', { enum: milestoneStates }).notNull().default('open'),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    doneAt: timestamp('done_at', { withTimezone: true }),
    /** The status the tick last computed (null: never), so only a worsening warns. */
    lastStatus: text('last_status', { enum: forecastStatuses }),
    lastStatusAt: timestamp('last_status_at', { withTimezone: true }),
  },
  (t) => [
    // One name per team (as typed; the use case also refuses names that differ only in case).
    uniqueIndex('milestones_team_name_uq').on(t.teamId, t.name),
    index('milestones_team_state_idx').on(t.teamId, t.state),
    // The quarter-hour forecast look reads only open milestones, in this order: done ones pile up
    // over the years, teams without one are never read (milestones.repository openOfActiveTeams).
    index('milestones_open_idx').on(t.teamId, t.targetDate, t.id).where(sql`${t.state} = 'open'`),
  ],
);

export type Milestone = typeof milestones.$inferSelect;
export type NewMilestone = typeof milestones.$inferInsert;
