import { and, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deliveries } from '../../src/outbox/deliveries.schema.ts';
import { slackDocumentedPace, type PaceLimits } from '../../src/slack/rate-gate.models.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.ts';
import { createProcess, seedTeam, type SeedMember } from '../support/seed.ts';

/**
 * Fairness at Slack's pace: one workspace's big fan-out, held to its Tier 3 pace by the rate gate,
 * never makes another workspace's rows of the same minute wait behind it, and still all goes out
 * in the one pass. Deterministic: every decision is taken on the injected clock, and the drain's
 * waits for rows coming due move that clock (no real time is waited or measured).
 */
const A = 'T0001';
const B = 'T0002';
const members = (prefix: string, n: number): SeedMember[] => Array.from({ length: n }, (_, i) => ({ id: `${prefix}${String(i).padStart(3, '0')}`, tz: 'Europe/Berlin' }));
const aMembers = members('UA', 30);
// B's whole fan-out fits in its own burst: only waiting behind A could delay it.
const bMembers = members('UB', 3);
const pinned = { tzMode: 'pinned' as const, timezone: 'Europe/Berlin', reminderMinutes: null };
const at0930 = '2026-12-01T08:30:00Z';
const t0 = Date.parse(at0930);
// Tier 3 at one a second with a burst of 3, so the fan-out is visibly paced within a short run.
const limits: PaceLimits = { ...slackDocumentedPace, tiers: { ...slackDocumentedPace.tiers, 3: { perMinute: 60, burst: 3 } } };

const promptsIn = (fake: FakeSlack, userId: string) => fake.messages(fake.dmChannelId(userId)).filter((m) => /Standup for/.test(m.text ?? '')).length;

describe('fan-out at Slack’s pace, fair between workspaces', () => {
  let db: TestDatabase;
  let fake: FakeSlack;
  beforeEach(async () => {
    db = await createTestDatabase();
    fake = await startFakeSlack();
  });
  afterEach(async () => {
    await fake.close();
    await db.close();
  });

  it('A’s 30 prompts go at its pace (3, then one a second) while B’s 3 all go at 09:30 sharp; one pass sends all, each row held back at most once', { timeout: 180_000 }, async () => {
    // A's rows are older (seeded first): the outbox claims them first.
    await seedTeam(db.db, fake, { workspaceId: A, members: aMembers, team: pinned, createdAt: new Date('2026-12-01T00:00:00Z') });
    await seedTeam(db.db, fake, { workspaceId: B, channelId: 'CBETA', members: bMembers, team: pinned, createdAt: new Date('2026-12-01T00:00:00Z') });
    // The drain waits for rows coming due by moving the test clock (nothing else moves it).
    const p = createProcess(db.db, fake, { now: at0930, webTimeoutMs: 30_000, pace: { limits, sleep: async (ms) => p.clock.advance(ms) } });
    // Each call to Slack, with the instant (on the injected clock) it was made at.
    const calls: { method: string; user: string; atS: number }[] = [];
    fake.setFailure((method, args) => {
      if (method === 'conversations.open' || method === 'chat.postMessage') calls.push({ method, user: String(args.users ?? args.channel ?? ''), atS: (p.clock.now().getTime() - t0) / 1000 });
      return undefined;
    });

    const summary = await p.tick(at0930);

    expect(summary.failed).toBe(0);
    expect(summary.sent).toBe(aMembers.length + bMembers.length);
    // Everyone got their prompt exactly once, in this one pass.
    expect([...aMembers, ...bMembers].map((m) => promptsIn(fake, m.id))).toEqual([...aMembers, ...bMembers].map(() => 1));
    // B did not wait behind A: all its DMs opened and posted at 09:30:00.
    const bCalls = calls.filter((c) => c.user.startsWith('UB') || c.user.startsWith('DUB'));
    expect(bCalls).toHaveLength(2 * bMembers.length);
    expect(bCalls.map((c) => c.atS)).toEqual(bCalls.map(() => 0));
    // A kept to its pace: a burst of 3, then one a second, each DM opened once.
    const aOpens = calls.filter((c) => c.method === 'conversations.open' && c.user.startsWith('UA')).map((c) => c.atS);
    expect(aOpens).toEqual([0, 0, 0, ...Array.from({ length: aMembers.length - 3 }, (_, i) => i + 1)]);
    // Held back at most once each (its place in line), never round after round at every free slot.
    expect(summary.retried).toBe(aMembers.length - 3);
    const rows = await db.db.select().from(deliveries).where(and(eq(deliveries.workspaceId, A), eq(deliveries.kind, 'prompt')));
    expect(rows.map((r) => [r.status, r.failures, r.attempts])).toEqual(aMembers.map(() => ['sent', 0, 1]));
    // No history read: nothing held back was ever "tried".
    expect(fake.callsTo('conversations.history')).toHaveLength(0);
  });

  it('at shutdown a drain following a paced fan-out stops: the rows its lanes held are sent, the rest stay pending, none half-sent', { timeout: 180_000 }, async () => {
    await seedTeam(db.db, fake, { workspaceId: A, members: aMembers, team: pinned, createdAt: new Date('2026-12-01T00:00:00Z') });
    let waits = 0;
    // The third wait for a row coming due is interrupted by SIGTERM's stop (the clock is not moved then).
    const p = createProcess(db.db, fake, {
      now: at0930,
      webTimeoutMs: 30_000,
      pace: {
        limits,
        sleep: async (ms) => {
          if (++waits === 3) {
            p.services.dispatcher.stop();
            return new Promise<void>(() => {});
          }
          p.clock.advance(ms);
        },
      },
    });

    const summary = await p.tick(at0930);

    const rows = await db.db.select().from(deliveries).where(and(eq(deliveries.workspaceId, A), eq(deliveries.kind, 'prompt')));
    const sent = rows.filter((r) => r.status === 'sent').length;
    expect(summary.failed).toBe(0);
    expect(sent).toBe(summary.sent);
    // The burst and two paced prompts went; the rest wait for the next process, untouched.
    expect(sent).toBeGreaterThanOrEqual(3);
    expect(sent).toBeLessThan(aMembers.length);
    expect(rows.filter((r) => r.status !== 'sent').map((r) => [r.status, r.failures])).toEqual(rows.filter((r) => r.status !== 'sent').map(() => ['pending', 0]));
    expect(aMembers.map((m) => promptsIn(fake, m.id)).filter((n) => n > 1)).toEqual([]);
  });
});
