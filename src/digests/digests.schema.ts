import { date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { teams } from '../teams/teams.schema.ts';
import type { DigestContent } from './digest.models.ts';

/** Every digest posted, with what it said: history can be read back, and trends computed from it. */
export const digests = pgTable(
  'digests',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    workspaceId: text('workspace_id').notNull(),
    teamId: integer('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    /** 'weekly' is the scheduled one, once per team and period; 'manual' is `/digest post`. */
    kind: text('kind', { enum: ['weekly', 'manual'] }).notNull(),
    periodStart: date('period_start', { mode: 'string' }).notNull(),
    periodEnd: date('period_end', { mode: 'string' }).notNull(),
    /** Unique per manual post (its delivery key); the period for weekly ones. */
    slot: text('slot').notNull(),
    content: jsonb('content').$type<DigestContent>().notNull(),
    channelId: text('channel_id'),
    ts: text('ts'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('digests_team_slot_uq').on(t.teamId, t.kind, t.slot), index('digests_team_created_idx').on(t.teamId, t.createdAt)],
);

export type Digest = typeof digests.$inferSelect;
