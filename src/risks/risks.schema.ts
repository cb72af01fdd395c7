import { sql } from 'drizzle-orm';
import { index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { milestones } from '../milestones/milestones.schema.ts';
import { teams } from '../teams/teams.schema.ts';

export const riskStates = ['open', 'closed'] as const;

/** The team's risk register: what might go wrong, how likely and how bad (1–5 each), who watches it, what is done about it. */
export const risks = pgTable(
  'risks',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    workspaceId: text('workspace_id').notNull(),
    teamId: integer('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    text: text('text').notNull(),
    likelihood: integer('likelihood').notNull(),
    impact: integer('impact').notNull(),
    ownerId: text('owner_id'),
    mitigation: text('mitigation'),
    milestoneId: integer('milestone_id').references(() => milestones.id, { onDelete: 'set null' }),
    state: text('state', { enum: riskStates }).notNull().default('open'),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
  },
  (t) => [
    index('risks_team_state_idx').on(t.teamId, t.state),
    index('risks_owner_idx').on(t.workspaceId, t.ownerId, t.state),
    // The quarter-hour review look reads only owned open risks: closed ones pile up over the
    // years, teams without one are never read (risks.repository ownersOfOpenInActiveTeams).
    index('risks_owned_open_idx').on(t.teamId, t.ownerId).where(sql`${t.state} = 'open' and ${t.ownerId} is not null`),
  ],
);

export type Risk = typeof risks.$inferSelect;
export type NewRisk = typeof risks.$inferInsert;
