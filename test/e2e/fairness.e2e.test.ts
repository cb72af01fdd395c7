import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from '../support/harness.ts';
import { startDistributedHarness, type DistributedHarness, type WorkspaceHandle } from '../support/distributed-harness.ts';
import { command } from '../support/standup-helpers.ts';

/**
 * One workspace's trouble is its own: when A's Slack answers 429 with Retry-After, or stops
 * answering at all, B's prompts of the same minute all go out in the same pass, and A is tried
 * with at most one batch (the dispatcher's concurrency) instead of once per waiting row.
 */
const A = 'TAAAA';
const B = 'TBBBB';
const channel = 'CTEAM';
const aMembers = Array.from({ length: 24 }, (_, i) => `UA${String(i).padStart(3, '0')}`);
const bMembers = Array.from({ length: 4 }, (_, i) => `UB${String(i).padStart(3, '0')}`);
const concurrency = 8;

type Rows = Record<string, unknown>[];
const rowsOf = (r: unknown): Rows => (Array.isArray(r) ? (r as Rows) : ((r as { rows: Rows }).rows ?? []));

describe('fairness between workspaces in the outbox', () => {
  let h: DistributedHarness;
  let a: WorkspaceHandle;
  let b: WorkspaceHandle;
  const asHarness = (w: WorkspaceHandle) => w as unknown as Harness;
  const sentPrompts = async (w: string, date: string) =>
    (await rowsOf(await h.db.db.execute(sql`select count(*)::int as n from deliveries where workspace_id = ${w} and kind = 'prompt' and status = 'sent' and key like ${`%${date}%`}`)))[0]!.n as number;
  const postsTo = (w: WorkspaceHandle, since: number) => w.fake.calls.slice(since).filter((c) => c.method !== 'users.info');

  beforeAll(async () => {
    h = await startDistributedHarness({
      now: '2026-11-30T20:00:00Z',
      // A's hung calls end when the client gives up; B's calls to a slow fake on a busy machine must not.
      webTimeoutMs: 10_000,
      workspaces: [
        { teamId: A, botUserId: 'UBOTA' },
        { teamId: B, botUserId: 'UBOTB' },
      ],
    });
    a = h.ws(A);
    b = h.ws(B);
    // A's people are in Berlin (09:30 = 08:30 UTC), B's in UTC (09:30): at 09:30 UTC A's rows are older and come first.
    for (const id of aMembers) a.fake.addUser({ id, name: id.toLowerCase(), tz: 'Europe/Berlin' });
    for (const id of bMembers) b.fake.addUser({ id, name: id.toLowerCase(), tz: 'UTC' });
    for (const w of [A, B]) expect((await h.install(w)).status).toBe(200);
    expect(await command(asHarness(a), aMembers[0]!, `members add ${aMembers.map((u) => `<@${u}|x>`).join(' ')}`, channel, 'alpha')).toMatch(/Created/);
    expect(await command(asHarness(b), bMembers[0]!, `members add ${bMembers.map((u) => `<@${u}|x>`).join(' ')}`, channel, 'beta')).toMatch(/Created/);
    await h.tickAt('2026-12-01T08:00:00Z');
  });
  afterAll(() => h?.close());

  it('A answers 429 (Retry-After 120 s): B’s prompts all go in the same pass; A is tried at most one batch', async () => {
    a.fake.setFailure(() => ({ status: 429, retryAfter: 120 }));
    const since = a.fake.calls.length;
    await h.tickAt('2026-12-01T09:30:00Z');
    expect(await sentPrompts(B, '2026-12-01')).toBe(bMembers.length);
    expect(await sentPrompts(A, '2026-12-01')).toBe(0);
    const tried = postsTo(a, since);
    expect(tried.length).toBeGreaterThan(0);
    expect(tried.length).toBeLessThanOrEqual(concurrency);
    expect(h.logs.some((e) => e.message.startsWith('workspace paused') && (e.context as { workspaceId?: string }).workspaceId === A)).toBe(true);
    // Nothing was counted as a failed attempt; after the Retry-After, A's prompts all go.
    expect(rowsOf(await h.db.db.execute(sql`select max(failures)::int as f from deliveries where workspace_id = ${A}`))[0]!.f).toBe(0);
    a.fake.setFailure(undefined);
    await h.tickAt('2026-12-01T09:32:01Z');
    expect(await sentPrompts(A, '2026-12-01')).toBe(aMembers.length);
  });

  it('A stops answering (calls hang until the client gives up): B is not held behind A’s rows', async () => {
    await h.tickAt('2026-12-02T08:00:00Z');
    a.fake.setFailure(() => ({ hang: true }));
    const since = a.fake.calls.length;
    await h.tickAt('2026-12-02T09:30:00Z');
    expect(await sentPrompts(B, '2026-12-02')).toBe(bMembers.length);
    const tried = postsTo(a, since);
    expect(tried.length).toBeLessThanOrEqual(concurrency);
    a.fake.setFailure(undefined);
  });
});
