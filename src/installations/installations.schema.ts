import { index, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

export const installationStatuses = ['active', 'disabled', 'uninstalled'] as const;
export type InstallationStatus = (typeof installationStatuses)[number];

/**
 * One OAuth installation per workspace (distributed mode). Tokens are stored sealed
 * (token-crypto.models.ts: `v1:<kid>:…`), never in clear; they are deleted on uninstall,
 * while the row stays to remember when the workspace's data is due to be deleted.
 */
export const installations = pgTable(
  'installations',
  {
    workspaceId: text('workspace_id').primaryKey(),
    enterpriseId: text('enterprise_id'),
    teamName: text('team_name'),
    appId: text('app_id'),
    botUserId: text('bot_user_id'),
    botId: text('bot_id'),
    scopes: text('scopes'),
    installerUserId: text('installer_user_id'),
    /** Sealed bot token (xoxb- or xoxe.xoxb-); null once uninstalled or revoked. */
    botToken: text('bot_token'),
    /** Sealed refresh token (xoxe-) when the app rotates tokens. */
    botRefreshToken: text('bot_refresh_token'),
    botTokenExpiresAt: timestamp('bot_token_expires_at', { withTimezone: true }),
    status: text('status', { enum: installationStatuses }).notNull().default('active'),
    statusReason: text('status_reason'),
    installedAt: timestamp('installed_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    uninstalledAt: timestamp('uninstalled_at', { withTimezone: true }),
    /** After this instant the tick deletes the workspace's data (uninstall + grace period). */
    purgeAfter: timestamp('purge_after', { withTimezone: true }),
  },
  (t) => [index('installations_purge_idx').on(t.purgeAfter)],
);

export type InstallationRow = typeof installations.$inferSelect;
