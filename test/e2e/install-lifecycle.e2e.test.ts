import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli.ts';
import { connectPglite } from '../../src/db/connect.ts';
import { createInstallationsRepository } from '../../src/installations/installations.repository.ts';
import { keyIdOfCiphertext } from '../../src/installations/token-crypto.models.ts';
import type { Harness } from '../support/harness.ts';
import { keyringOf, newKey, startDistributedHarness, type DistributedHarness, type WorkspaceHandle } from '../support/distributed-harness.ts';
import { command } from '../support/standup-helpers.ts';
import { waitFor } from '../support/wait.ts';

/**
 * The life of an installation: a rotating token refreshed before it expires (on the injected
 * clock), a refused refresh that disables the workspace without a crash loop, the grace period
 * that ends in the tick deleting every row of an uninstalled workspace, and key rotation.
 */
const R = 'TROTATE';
const G = 'TGONE';
const K = 'TKEEP';
const channel = 'CTEAM';
type Rows = Record<string, unknown>[];
const rowsOf = (r: unknown): Rows => (Array.isArray(r) ? (r as Rows) : ((r as { rows: Rows }).rows ?? []));

describe('installation lifecycle', () => {
  let h: DistributedHarness;
  let r: WorkspaceHandle;
  const query = async (q: ReturnType<typeof sql>) => rowsOf(await h.db.db.execute(q));
  const asHarness = (w: WorkspaceHandle) => w as unknown as Harness;
  const expiresAt = async (teamId: string) => new Date((await query(sql`select bot_token_expires_at as t from installations where workspace_id = ${teamId}`))[0]!.t as string);

  beforeAll(async () => {
    h = await startDistributedHarness({
      now: '2026-12-01T09:00:00Z',
      graceDays: 30,
      workspaces: [
        { teamId: R, botUserId: 'UBOTR' },
        { teamId: G, botUserId: 'UBOTG' },
        { teamId: K, botUserId: 'UBOTK' },
      ],
    });
    r = h.ws(R);
    for (const t of [R, G, K]) h.ws(t).fake.addUser({ id: 'U001', name: 'ana', tz: 'UTC' });
  });
  afterAll(() => h?.close());

  it('refreshes a rotating token before it expires, once, and acts with the new one', async () => {
    expect((await h.install(R, { rotating: true, expiresIn: 43_200 })).status).toBe(200);
    const until = await expiresAt(R);
    const firstToken = r.fake.calls.at(-1)?.token; // the installer's auth.test
    expect(firstToken).toMatch(/^xoxe\.xoxb-/);

    // Three hours before expiry: used as it is.
    h.clock.set(new Date(until.getTime() - 3 * 3600_000));
    expect(await command(asHarness(r), 'U001', 'members add <@U001|ana>', channel, 'rot')).toMatch(/Created the standup team/);
    expect(h.org.oauthCalls.filter((c) => c.grantType === 'refresh_token')).toHaveLength(0);

    // One hour before: refreshed with grant_type=refresh_token, once even for two requests at the same moment.
    h.clock.set(new Date(until.getTime() - 3600_000));
    const [one, two] = await Promise.all([command(asHarness(r), 'U001', 'members', channel, 'rot'), command(asHarness(r), 'U001', 'status', channel, 'rot')]);
    expect(one).toMatch(/Answering/);
    expect(two).toBeTruthy();
    const refreshes = h.org.oauthCalls.filter((c) => c.grantType === 'refresh_token');
    expect(refreshes).toEqual([{ grantType: 'refresh_token', ok: true, teamId: R }]);
    const live = h.org.liveTokens(R);
    const newest = live.at(-1)!;
    expect(newest).not.toBe(firstToken);
    // The stored token is the new one (sealed), and later calls carry it.
    expect((await expiresAt(R)).getTime()).toBeGreaterThan(until.getTime());
    const [row] = await query(sql`select bot_token from installations where workspace_id = ${R}`);
    expect(String(row!.bot_token)).not.toContain('xox');
    r.fake.addUser({ id: 'U002', name: 'aki', tz: 'UTC' });
    expect(await command(asHarness(r), 'U001', 'members add <@U002|aki>', channel, 'rot')).toMatch(/Added <@U002>/);
    expect(r.fake.callsTo('users.info').at(-1)?.token).toBe(newest);
  });

  it('a refused refresh (invalid_grant) disables the workspace with one log line; requests are then ignored, nothing crashes', async () => {
    h.org.failRefresh(R, 'invalid_grant');
    const until = await expiresAt(R);
    h.clock.set(new Date(until.getTime() - 3600_000));
    const callsBefore = r.fake.calls.length;
    const res = await r.sender.command({ command: '/standup', text: 'members', user_id: 'U001', channel_id: channel, channel_name: 'rot' });
    expect(res.status).toBe(200);
    expect(res.body).toBe('');
    expect(await query(sql`select status, status_reason, bot_token from installations where workspace_id = ${R}`)).toEqual([
      { status: 'disabled', status_reason: 'token refresh failed: invalid_grant', bot_token: null },
    ]);
    const lines = h.logs.filter((e) => e.message.startsWith('token refresh refused'));
    expect(lines).toHaveLength(1);
    expect(lines[0]!.context).toMatchObject({ workspaceId: R, error: 'invalid_grant' });
    // No retry loop: more requests and a tick do not try to refresh again.
    await r.sender.command({ command: '/standup', text: 'members', user_id: 'U001', channel_id: channel });
    await h.tickAt(new Date(until.getTime() - 3000_000).toISOString());
    expect(h.org.oauthCalls.filter((c) => c.grantType === 'refresh_token' && !c.ok)).toHaveLength(1);
    expect(r.fake.calls.length).toBe(callsBefore);
    // Installing again brings it back.
    expect((await h.install(R)).status).toBe(200);
    expect(await command(asHarness(r), 'U001', 'members', channel, 'rot')).toMatch(/Answering/);
  });

  it('after the grace period the tick deletes every row of an uninstalled workspace, and only its rows', async () => {
    h.clock.set('2026-12-01T09:00:00Z');
    for (const t of [G, K]) {
      expect((await h.install(t)).status).toBe(200);
      expect(await command(asHarness(h.ws(t)), 'U001', 'members add <@U001|ana>', channel, 'team')).toMatch(/Created the standup team/);
      expect(await command(asHarness(h.ws(t)), 'U001', 'away 2026-12-20 2026-12-24', channel, 'team')).toBeTruthy();
    }
    const byWorkspace = async (teamId: string) => {
      const tables = (await query(sql`select table_name from information_schema.columns where table_schema = current_schema() and column_name = 'workspace_id' order by 1`)) as { table_name: string }[];
      const out: Record<string, number> = {};
      for (const { table_name } of tables) {
        const [c] = await query(sql`select count(*)::int as n from ${sql.identifier(table_name)} where workspace_id = ${teamId}`);
        if (c!.n) out[table_name] = c!.n as number;
      }
      const [ws] = await query(sql`select count(*)::int as n from workspaces where id = ${teamId}`);
      if (ws!.n) out.workspaces = ws!.n as number;
      return out;
    };
    const keptBefore = await byWorkspace(K);
    expect(Object.keys(await byWorkspace(G))).toEqual(expect.arrayContaining(['teams', 'slack_users', 'away_periods', 'installations', 'workspaces']));
    const res = await h.ws(G).sender.event({ event: { type: 'app_uninstalled' } });
    expect(res.status).toBe(200);
    // The event is acknowledged before its listener runs (and, on a busy database, before it starts):
    // wait for its effect rather than for idle listeners.
    const [row] = await waitFor(async () => {
      const rows = await query(sql`select purge_after from installations where workspace_id = ${G}`);
      return rows[0]?.purge_after ? rows : undefined;
    }, { message: 'the uninstall recorded' });
    const purgeAt = new Date(row!.purge_after as string);
    expect(purgeAt.toISOString()).toBe('2026-12-31T09:00:00.000Z');
    // A minute before: kept.
    const before = await h.tickAt(new Date(purgeAt.getTime() - 60_000).toISOString());
    expect(before).toMatchObject({ purged: 0 });
    expect(Object.keys(await byWorkspace(G)).length).toBeGreaterThan(1);
    const after = await h.tickAt(purgeAt.toISOString());
    expect(after).toMatchObject({ purged: 1 });
    expect(await byWorkspace(G)).toEqual({});
    // The other workspace keeps its rows (the tick's own pruning of day-old request keys aside).
    const durable = (rows: Record<string, number>) => Object.fromEntries(['teams', 'away_periods', 'slack_users', 'installations', 'workspaces'].map((t) => [t, rows[t]]));
    expect(durable(await byWorkspace(K))).toEqual(durable(keptBefore));
    expect(durable(keptBefore).teams).toBe(1);
    expect(h.logs.some((e) => e.message.startsWith('uninstalled workspace past its grace period'))).toBe(true);
  });
});

describe('npx coordinator rotate-key', { timeout: 300_000 }, () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('re-encrypts every token under the new key; the old key reads until then; a wrong key changes nothing', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'coordinator-rotate-'));
    dirs.push(dataDir);
    const oldKey = newKey();
    const newer = newKey();
    const c = await connectPglite(dataDir);
    await c.migrate();
    const before = createInstallationsRepository({ db: c.db, keyring: keyringOf(oldKey) });
    const base = { enterpriseId: undefined, teamName: 'T', appId: 'A1', botUserId: 'UB', botId: 'BB', scopes: ['chat:write'], installerUserId: 'U1', botTokenExpiresAt: undefined };
    await before.save({ ...base, workspaceId: 'T1', botToken: 'xoxb-one', botRefreshToken: undefined }, new Date());
    await before.save({ ...base, workspaceId: 'T2', botToken: 'xoxe.xoxb-two', botRefreshToken: 'xoxe-1-two' }, new Date());
    await c.close();

    const io = () => {
      const out: string[] = [];
      const err: string[] = [];
      return { out, err, io: { out: (s: string) => out.push(s), err: (s: string) => err.push(s) } };
    };
    // The new key alone cannot open what the old one sealed: nothing is changed.
    const wrong = io();
    expect(await runCli(['rotate-key'], { DATA_DIR: dataDir, COORDINATOR_ENCRYPTION_KEY: newer }, wrong.io)).toBe(1);
    expect(wrong.err.join('\n')).toMatch(/nothing changed — .*neither COORDINATOR_ENCRYPTION_KEY nor a previous key/);
    const missing = io();
    expect(await runCli(['rotate-key'], { DATA_DIR: dataDir }, missing.io)).toBe(1);
    expect(missing.err.join('\n')).toMatch(/^COORDINATOR_ENCRYPTION_KEY: missing/);

    const ok = io();
    expect(await runCli(['rotate-key'], { DATA_DIR: dataDir, COORDINATOR_ENCRYPTION_KEY: newer, COORDINATOR_ENCRYPTION_KEY_PREVIOUS: oldKey }, ok.io)).toBe(0);
    expect(ok.out.join('\n')).toMatch(/2 of 2 installations re-encrypted/);

    const d = await connectPglite(dataDir);
    try {
      const ring = keyringOf(newer);
      const rows = rowsOf(await d.db.execute(sql`select bot_token, bot_refresh_token from installations`));
      for (const row of rows) for (const v of [row.bot_token, row.bot_refresh_token]) if (v) expect(keyIdOfCiphertext(String(v))).toBe(ring.current.id);
      // The new key alone now opens everything.
      const after = createInstallationsRepository({ db: d.db, keyring: ring });
      expect(await after.state('T1')).toMatchObject({ state: 'active', installation: { botToken: 'xoxb-one' } });
      expect(await after.state('T2')).toMatchObject({ state: 'active', installation: { botToken: 'xoxe.xoxb-two', botRefreshToken: 'xoxe-1-two' } });
      // Running it again has nothing left to do.
      await d.close();
      const again = io();
      expect(await runCli(['rotate-key'], { DATA_DIR: dataDir, COORDINATOR_ENCRYPTION_KEY: newer }, again.io)).toBe(0);
      expect(again.out.join('\n')).toMatch(/0 of 2 installations/);
    } finally {
      await d.close().catch(() => {});
    }
  });
});
