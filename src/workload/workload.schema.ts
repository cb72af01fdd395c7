import { date, index, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { milestones } from '../milestones/milestones.schema.ts';
import { teams } from '../teams/teams.schema.ts';

export const taskStatuses = ['open', 'in_progress', 'done'] as const;
export type TaskStatus = (typeof taskStatuses)[number];

/** A piece of planned work: who does it, how long it takes, when it is due. */
export const tasks = pgTable(
  'tasks',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    workspaceId: text('workspace_id').notNull(),
    teamId: integer('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    assigneeId: text('assignee_id').notNull(),
    createdBy: text('created_by').notNull(),
    /** Remaining estimate; null = not estimated (counted with the team's default). */
    estimateMinutes: integer('estimate_minutes'),
    dueDate: date('due_date', { mode: 'string' }),
    status: text('status', { enum: taskStatuses }).notNull().default('open'),
    /** Link back to the Slack message it was created from. */
    sourceUrl: text('source_url'),
    /** The milestone this task delivers (null: none). */
    milestoneId: integer('milestone_id').references(() => milestones.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    doneAt: timestamp('done_at', { withTimezone: true }),
  },
  (t) => [index('tasks_team_status_idx').on(t.teamId, t.status), index('tasks_assignee_idx').on(t.workspaceId, t.assigneeId, t.status), index('tasks_done_idx').on(t.teamId, t.doneAt), index('tasks_milestone_idx').on(t.milestoneId)],
);

/**
 * The last overload warning per member and ISO week: a new one goes out only when
 * utilisation rises markedly above it. Written with a conditional upsert, so two
 * replicas can never both decide to warn.
 */
export const overloadWarnings = pgTable(
  'overload_warnings',
  {
    teamId: integer('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    userId: text('user_id').notNull(),
    week: text('week').notNull(),
    percent: integer('percent').notNull(),
    warnedAt: timestamp('warned_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.userId, t.week] })],
);

export type Task = typeof tasks.$inferSelect;
export type NewTask = typeof tasks.$inferInsert;
