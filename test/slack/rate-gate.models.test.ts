import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { closureKey, createRateGate, historyPaces, slackDocumentedPace, tierOf, type GateDecision, type PaceLimits } from '../../src/slack/rate-gate.models.ts';

const t0 = Date.parse('2026-12-01T08:30:00Z');
const open = (workspaceId = 'T1') => ({ workspaceId, method: 'conversations.open' });
const post = (channel: string, workspaceId = 'T1') => ({ workspaceId, method: 'chat.postMessage', channel });
const goAt = (d: GateDecision) => (d.go ? d.atMs - t0 : `wait until ${(d.untilMs - t0) / 1000} s (${d.why})`);

describe('the rate gate after a 429 (Retry-After)', () => {
  it('closes that method in that workspace until Retry-After, and nothing else', () => {
    const gate = createRateGate();
    expect(gate.limited(open('T1'), 30_000, t0)).toBe(t0 + 30_000);
    expect(gate.decide(open('T1'), t0 + 1)).toEqual({ go: false, untilMs: t0 + 30_000, why: 'retry-after' });
    expect(gate.decide(open('T1'), t0 + 29_999)).toMatchObject({ go: false, untilMs: t0 + 30_000 });
    // Another workspace, and another method of the same workspace, go on.
    expect(gate.decide(open('T2'), t0 + 1)).toEqual({ go: true, atMs: t0 + 1 });
    expect(gate.decide({ workspaceId: 'T1', method: 'views.publish' }, t0 + 1)).toEqual({ go: true, atMs: t0 + 1 });
    expect(gate.decide(post('D1'), t0 + 1)).toEqual({ go: true, atMs: t0 + 1 });
    // At Retry-After it opens again.
    expect(gate.decide(open('T1'), t0 + 30_000)).toEqual({ go: true, atMs: t0 + 30_000 });
    expect(gate.closedUntil(open('T1'), t0 + 30_000)).toBeUndefined();
  });

  it('closes chat.postMessage per channel, as Slack limits posts per channel', () => {
    const gate = createRateGate();
    gate.limited(post('C1'), 1000, t0);
    expect(gate.decide(post('C1'), t0 + 500)).toMatchObject({ go: false, untilMs: t0 + 1000 });
    expect(gate.decide(post('C2'), t0 + 500)).toEqual({ go: true, atMs: t0 + 500 });
    expect(closureKey(post('C1'))).not.toBe(closureKey(post('C2')));
    expect(closureKey(open('T1'))).toBe(closureKey({ ...open('T1'), channel: 'ignored' }));
  });

  it('never shortens a closure, and a closure within the allowed wait is a slot at its end', () => {
    const gate = createRateGate();
    gate.limited(open(), 60_000, t0);
    gate.limited(open(), 1000, t0 + 1000);
    expect(gate.closedUntil(open(), t0 + 2000)).toBe(t0 + 60_000);
    expect(gate.decide(open(), t0 + 59_000, 5000)).toEqual({ go: true, atMs: t0 + 60_000 });
  });
});

describe('the rate gate keeping to Slack\'s pace', () => {
  it('knows the tiers of the methods the outbox calls', () => {
    expect([tierOf('conversations.open'), tierOf('conversations.history'), tierOf('chat.update'), tierOf('views.publish'), tierOf('users.info'), tierOf('some.newMethod')]).toEqual([3, 3, 3, 4, 4, 2]);
  });

  it('lets a Tier 3 burst go at once, then one call every 1.2 s (50 a minute); a refusal reserves nothing', () => {
    const gate = createRateGate(slackDocumentedPace);
    const burst = Array.from({ length: 10 }, () => goAt(gate.decide(open(), t0)));
    expect(burst).toEqual(Array(10).fill(0));
    // Refused calls are told to come back one slot after another (their places in line)…
    expect(goAt(gate.decide(open(), t0))).toBe('wait until 1.2 s (pace)');
    expect(goAt(gate.decide(open(), t0))).toBe('wait until 2.4 s (pace)');
    // …but reserved nothing: callers allowed to wait get successive slots, one each 1.2 s, so waiting lanes never meet at one instant.
    expect([1, 2, 3].map(() => goAt(gate.decide(open(), t0, 5000)))).toEqual([1200, 2400, 3600]);
    expect(goAt(gate.decide(open(), t0, 4000))).toBe('wait until 4.8 s (pace)');
    // Other workspaces have buckets of their own.
    expect(goAt(gate.decide(open('T2'), t0))).toBe(0);
    // A quiet minute fills the bucket again.
    expect(Array.from({ length: 10 }, () => goAt(gate.decide(open(), t0 + 70_000)))).toEqual(Array(10).fill(70_000));
  });

  it('a fan-out held back all at once comes back one per slot, each going at its place (no crowd at the first free slot)', () => {
    const limits: PaceLimits = { ...slackDocumentedPace, tiers: { ...slackDocumentedPace.tiers, 3: { perMinute: 60, burst: 3 } } };
    const gate = createRateGate(limits);
    const first = Array.from({ length: 8 }, () => gate.decide(open(), t0));
    expect(first.map(goAt)).toEqual([0, 0, 0, 'wait until 1 s (pace)', 'wait until 2 s (pace)', 'wait until 3 s (pace)', 'wait until 4 s (pace)', 'wait until 5 s (pace)']);
    // Each comes back at its place and goes: five calls, five rounds, no call refused twice.
    for (const d of first.slice(3)) {
      if (d.go) throw new Error('expected a place in line');
      expect(goAt(gate.decide(open(), d.untilMs))).toBe(d.untilMs - t0);
    }
    // Another workspace has a line of its own.
    expect(goAt(gate.decide(open('T2'), t0 + 1))).toBe(1);
    // The line is forgotten once it has passed: a quiet spell, then a new burst.
    expect(Array.from({ length: 3 }, () => goAt(gate.decide(open(), t0 + 60_000)))).toEqual([60_000, 60_000, 60_000]);
    expect(goAt(gate.decide(open(), t0 + 60_000))).toBe('wait until 61 s (pace)');
  });

  it('reads channel and thread history at their own rate where given (1 a minute outside the Marketplace), other Tier 3 methods as before', () => {
    const gate = createRateGate({ ...slackDocumentedPace, history: historyPaces.limited.rate });
    const history = { workspaceId: 'T1', method: 'conversations.history' };
    const replies = { workspaceId: 'T1', method: 'conversations.replies' };
    expect([goAt(gate.decide(history, t0)), goAt(gate.decide(history, t0))]).toEqual([0, 'wait until 60 s (pace)']);
    expect([goAt(gate.decide(replies, t0)), goAt(gate.decide(replies, t0 + 30_000))]).toEqual([0, 'wait until 60 s (pace)']);
    expect(goAt(gate.decide(history, t0 + 60_000))).toBe(60_000);
    expect(Array.from({ length: 10 }, () => goAt(gate.decide(open(), t0)))).toEqual(Array(10).fill(0));
    // Marketplace and internal apps: Tier 3, as without a history rate.
    const tier3 = createRateGate({ ...slackDocumentedPace, history: historyPaces.tier3.rate });
    expect(Array.from({ length: 10 }, () => goAt(tier3.decide(history, t0)))).toEqual(Array(10).fill(0));
    expect([historyPaces.limited.pageSize, historyPaces.limited.pages]).toEqual([15, 1]);
  });

  it('posts: three at once into a channel, then one a second; other channels are not held up by it', () => {
    const gate = createRateGate(slackDocumentedPace);
    expect([1, 2, 3, 4].map(() => goAt(gate.decide(post('C1'), t0)))).toEqual([0, 0, 0, 'wait until 1 s (pace)']);
    expect(goAt(gate.decide(post('C2'), t0))).toBe(0);
    expect(goAt(gate.decide(post('C1'), t0 + 1000))).toBe(1000);
  });

  it('posts: the workspace-wide bucket holds a fan-out to many channels at 300 a minute after its burst of 30', () => {
    const gate = createRateGate(slackDocumentedPace);
    const first = Array.from({ length: 31 }, (_, i) => goAt(gate.decide(post(`D${i}`), t0)));
    expect(first.slice(0, 30)).toEqual(Array(30).fill(0));
    expect(first[30]).toBe('wait until 0.2 s (pace)');
  });

  it('never lets more calls go in any window than the burst plus the rate allows (any order of asks, waits and 429s)', () => {
    const limits: PaceLimits = { ...slackDocumentedPace, tiers: { ...slackDocumentedPace.tiers, 3: { perMinute: 600, burst: 4 } } };
    const ask = fc.record({ dt: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 2000 })), maxWait: fc.constantFrom(0, 150, 1000), ws: fc.constantFrom('T1', 'T2'), limit: fc.oneof({ arbitrary: fc.constant(null), weight: 12 }, { arbitrary: fc.integer({ min: 1, max: 3 }), weight: 1 }) });
    fc.assert(
      fc.property(fc.array(ask, { minLength: 1, maxLength: 200 }), (asks) => {
        const gate = createRateGate(limits);
        let now = t0;
        const went = new Map<string, number[]>();
        const closed: { ws: string; from: number; until: number }[] = [];
        for (const a of asks) {
          now += a.dt;
          if (a.limit !== null) closed.push({ ws: a.ws, from: now, until: gate.limited(open(a.ws), a.limit * 1000, now) });
          const d = gate.decide(open(a.ws), now, a.maxWait);
          if (!d.go) {
            expect(d.untilMs).toBeGreaterThan(now + a.maxWait);
            continue;
          }
          expect(d.atMs).toBeGreaterThanOrEqual(now);
          expect(d.atMs - now).toBeLessThanOrEqual(a.maxWait);
          // Never inside a closure that was known when it was decided.
          expect(closed.some((c) => c.ws === a.ws && c.from <= now && d.atMs < c.until)).toBe(false);
          went.set(a.ws, [...(went.get(a.ws) ?? []), d.atMs]);
        }
        // 600 a minute = one each 100 ms, burst 4: any window of L ms holds at most 4 + L / 100 calls.
        for (const times of went.values()) {
          const sorted = [...times].sort((x, y) => x - y);
          for (let i = 0; i < sorted.length; i++) for (let j = i; j < sorted.length; j++) expect(j - i + 1).toBeLessThanOrEqual(4 + Math.floor((sorted[j]! - sorted[i]!) / 100));
        }
      }),
    );
  });

  it('forgets idle keys, so posting to thousands of DM channels over a day keeps its memory bounded', () => {
    const gate = createRateGate(slackDocumentedPace);
    let went = 0;
    for (let i = 0; i < 12_000; i++) if (gate.decide(post(`D${i}`), t0 + i * 1000).go) went++;
    expect(went).toBe(12_000);
    expect(gate.size()).toBeLessThanOrEqual(5_002);
    gate.prune(t0 + 12_000 * 1000 + 2000);
    expect(gate.size()).toBe(0);
  });
});
