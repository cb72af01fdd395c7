import { and, eq, isNotNull, lte, sql } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { deliveries } from '../outbox/deliveries.schema.ts';
import { workspaces } from '../workspaces/workspaces.schema.ts';
import type { Installation } from './installations.models.ts';
import { installations, type InstallationRow } from './installations.schema.ts';
import { decryptToken, encryptToken, keyIdOfCiphertext, needsReseal, type Keyring } from './token-crypto.models.ts';

/** The associated data of a sealed field: binds it to its installation and column. */
const contextOf = (workspaceId: string, field: 'bot_token' | 'bot_refresh_token') => `installation:${workspaceId}:${field}`;

export type InstallationState =
  | { state: 'active'; installation: Installation }
  | { state: 'disabled' | 'uninstalled'; reason: string | undefined }
  | { state: 'unknown' };

/**
 * The installation store of the distributed mode. Tokens are sealed here, on the way in, and
 * opened here, on the way out: no other module sees a ciphertext, and no row holds a token in clear.
 */
export function createInstallationsRepository({ db, keyring }: { db: Db; keyring: Keyring }) {
  const seal = (workspaceId: string, field: 'bot_token' | 'bot_refresh_token', v: string | undefined) => (v ? encryptToken(keyring, v, contextOf(workspaceId, field)) : null);
  const open = (workspaceId: string, field: 'bot_token' | 'bot_refresh_token', v: string | null) => (v ? decryptToken(keyring, v, contextOf(workspaceId, field)) : undefined);

  function toInstallation(r: InstallationRow): Installation {
    return {
      workspaceId: r.workspaceId,
      enterpriseId: r.enterpriseId ?? undefined,
      teamName: r.teamName ?? undefined,
      appId: r.appId ?? undefined,
      botUserId: r.botUserId ?? '',
      botId: r.botId ?? undefined,
      scopes: r.scopes ? r.scopes.split(',') : [],
      installerUserId: r.installerUserId ?? undefined,
      botToken: open(r.workspaceId, 'bot_token', r.botToken)!,
      botRefreshToken: open(r.workspaceId, 'bot_refresh_token', r.botRefreshToken),
      botTokenExpiresAt: r.botTokenExpiresAt ?? undefined,
    };
  }

  function stateOf(r: InstallationRow | undefined): InstallationState {
    if (!r) return { state: 'unknown' };
    if (r.status !== 'active' || !r.botToken) return { state: r.status === 'active' ? 'uninstalled' : r.status, reason: r.statusReason ?? undefined };
    return { state: 'active', installation: toInstallation(r) };
  }

  return {
    /** Stores a (re)installation: active again, tokens replaced, any pending purge called off. */
    async save(i: Installation, now: Date): Promise<{ restored: boolean }> {
      const [before] = await db.select({ status: installations.status }).from(installations).where(eq(installations.workspaceId, i.workspaceId));
      const values = {
        enterpriseId: i.enterpriseId ?? null,
        teamName: i.teamName ?? null,
        appId: i.appId ?? null,
        botUserId: i.botUserId,
        botId: i.botId ?? null,
        scopes: i.scopes.join(','),
        installerUserId: i.installerUserId ?? null,
        botToken: seal(i.workspaceId, 'bot_token', i.botToken),
        botRefreshToken: seal(i.workspaceId, 'bot_refresh_token', i.botRefreshToken),
        botTokenExpiresAt: i.botTokenExpiresAt ?? null,
        status: 'active' as const,
        statusReason: null,
        updatedAt: now,
        uninstalledAt: null,
        purgeAfter: null,
      };
      await db
        .insert(installations)
        .values({ workspaceId: i.workspaceId, installedAt: now, ...values })
        .onConflictDoUpdate({ target: installations.workspaceId, set: { ...values, installedAt: now } });
      await db
        .insert(workspaces)
        .values({ id: i.workspaceId, name: i.teamName ?? null, botUserId: i.botUserId })
        .onConflictDoUpdate({ target: workspaces.id, set: { name: i.teamName ?? null, botUserId: i.botUserId } });
      return { restored: before !== undefined && before.status !== 'active' };
    },

    async state(workspaceId: string): Promise<InstallationState> {
      const [r] = await db.select().from(installations).where(eq(installations.workspaceId, workspaceId));
      return stateOf(r);
    },

    /** Like `state`, holding the row until the transaction ends: one replica refreshes a token at a time. */
    async stateForUpdate(workspaceId: string): Promise<InstallationState> {
      const [r] = await db.select().from(installations).where(eq(installations.workspaceId, workspaceId)).for('update');
      return stateOf(r);
    },

    async saveTokens(workspaceId: string, t: { botToken: string; botRefreshToken: string | undefined; botTokenExpiresAt: Date | undefined }, now: Date): Promise<void> {
      await db
        .update(installations)
        .set({
          botToken: seal(workspaceId, 'bot_token', t.botToken),
          botRefreshToken: seal(workspaceId, 'bot_refresh_token', t.botRefreshToken),
          botTokenExpiresAt: t.botTokenExpiresAt ?? null,
          updatedAt: now,
        })
        .where(and(eq(installations.workspaceId, workspaceId), eq(installations.status, 'active')));
    },

    /** Stops serving a workspace whose tokens no longer work; its data stays. */
    async disable(workspaceId: string, reason: string, now: Date): Promise<boolean> {
      const rows = await db
        .update(installations)
        .set({ status: 'disabled', statusReason: reason, botToken: null, botRefreshToken: null, botTokenExpiresAt: null, updatedAt: now })
        .where(and(eq(installations.workspaceId, workspaceId), eq(installations.status, 'active')))
        .returning({ id: installations.workspaceId });
      return rows.length > 0;
    },

    /**
     * Uninstalled (or its tokens revoked): the tokens are deleted and every delivery not yet
     * being sent is cancelled, in one statement each; the data waits for `purgeAfter`.
     * Idempotent: the second of app_uninstalled / tokens_revoked changes nothing more.
     */
    async uninstall(workspaceId: string, reason: string, now: Date, purgeAt: Date): Promise<{ cancelled: number }> {
      await db
        .insert(installations)
        .values({ workspaceId, status: 'uninstalled', statusReason: reason, installedAt: now, updatedAt: now, uninstalledAt: now, purgeAfter: purgeAt })
        .onConflictDoUpdate({
          target: installations.workspaceId,
          set: {
            status: 'uninstalled',
            statusReason: sql`case when ${installations.status} = 'uninstalled' then ${installations.statusReason} else ${reason} end`,
            botToken: null,
            botRefreshToken: null,
            botTokenExpiresAt: null,
            updatedAt: now,
            uninstalledAt: sql`coalesce(${installations.uninstalledAt}, ${now.toISOString()}::timestamptz)`,
            purgeAfter: sql`coalesce(${installations.purgeAfter}, ${purgeAt.toISOString()}::timestamptz)`,
          },
        });
      const cancelled = await db
        .update(deliveries)
        .set({ status: 'cancelled', lastError: `workspace ${reason}`, claimedUntil: null })
        .where(and(eq(deliveries.workspaceId, workspaceId), sql`${deliveries.status} in ('pending', 'sending')`))
        .returning({ id: deliveries.id });
      return { cancelled: cancelled.length };
    },

    /** Uninstalled workspaces whose grace period is over. */
    async duePurges(now: Date, limit = 10): Promise<string[]> {
      const rows = await db
        .select({ id: installations.workspaceId })
        .from(installations)
        .where(and(eq(installations.status, 'uninstalled'), isNotNull(installations.purgeAfter), lte(installations.purgeAfter, now)))
        .limit(limit);
      return rows.map((r) => r.id);
    },

    /**
     * Deletes every row of the workspace, in every table that has a `workspace_id` column (so a
     * table added later is covered too), and the workspace itself, whose foreign keys cascade to
     * its teams and everything under them. Only for a workspace still uninstalled and past its
     * grace; run it in a transaction.
     */
    async purge(workspaceId: string, now: Date): Promise<boolean> {
      const [still] = await db
        .select({ id: installations.workspaceId })
        .from(installations)
        .where(and(eq(installations.workspaceId, workspaceId), eq(installations.status, 'uninstalled'), lte(installations.purgeAfter, now)))
        .for('update');
      if (!still) return false;
      await db.delete(workspaces).where(eq(workspaces.id, workspaceId));
      const tables = await db.execute<{ table_name: string }>(
        sql`select table_name from information_schema.columns where table_schema = current_schema() and column_name = 'workspace_id' and table_name <> 'installations' order by table_name`,
      );
      for (const t of rowsOf<{ table_name: string }>(tables)) {
        await db.execute(sql`delete from ${sql.identifier(t.table_name)} where workspace_id = ${workspaceId}`);
      }
      await db.delete(installations).where(eq(installations.workspaceId, workspaceId));
      return true;
    },

    /** The ids of the keys that sealed the stored tokens (start-up checks each is in the ring). */
    async sealedKeyIds(): Promise<string[]> {
      const rows = await db.select({ a: installations.botToken, b: installations.botRefreshToken }).from(installations);
      const ids = new Set<string>();
      for (const r of rows) for (const v of [r.a, r.b]) if (v) ids.add(keyIdOfCiphertext(v) ?? 'unreadable');
      return [...ids];
    },

    /** Every sealed value not under the current key, sealed again under it. Returns how many rows changed. */
    async reseal(): Promise<{ rows: number; total: number }> {
      const all = await db.select().from(installations);
      let rows = 0;
      for (const r of all) {
        const fields = { botToken: r.botToken, botRefreshToken: r.botRefreshToken };
        if (![fields.botToken, fields.botRefreshToken].some((v) => v && needsReseal(keyring, v))) continue;
        await db
          .update(installations)
          .set({
            botToken: seal(r.workspaceId, 'bot_token', open(r.workspaceId, 'bot_token', r.botToken)),
            botRefreshToken: seal(r.workspaceId, 'bot_refresh_token', open(r.workspaceId, 'bot_refresh_token', r.botRefreshToken)),
          })
          .where(eq(installations.workspaceId, r.workspaceId));
        rows++;
      }
      return { rows, total: all.length };
    },
  };
}

/** postgres.js returns the rows as the result; PGlite as `.rows`. */
function rowsOf<T>(result: unknown): T[] {
  return Array.isArray(result) ? (result as T[]) : (((result as { rows?: T[] }).rows ?? []) as T[]);
}

export type InstallationsRepository = ReturnType<typeof createInstallationsRepository>;
