import { pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { workspaces } from '../workspaces/workspaces.schema.ts';

/**
 * Who has an App Home to keep fresh: a person is listed the first time they open the tab.
 * Changes publish only these people's Homes; anyone else's is published when they open it.
 */
export const homeTabs = pgTable(
  'home_tabs',
  {
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    userId: text('user_id').notNull(),
    openedAt: timestamp('opened_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.userId] })],
);

export type HomeTab = typeof homeTabs.$inferSelect;
