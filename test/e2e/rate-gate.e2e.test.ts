import { and, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deliveries } from '../../src/outbox/deliveries.schema.ts';
import { kinds } from '../../src/outbox/kinds.ts';
import { historyPaces, slackDocumentedPace, type PaceLimits } from '../../src/slack/rate-gate.models.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.ts';
import { createProcess, seedTeam, type SeedMember } from '../support/seed.ts';

/**
 * The rate gate in the real outbox, on a real database, against the fake Slack Web API: one
 * process, its 8 lanes sharing one gate. Every decision is taken on the injected clock, so the
 * ticks below are instants, not waits (the fake's sliding windows in real time are the bench's:
 * `npm run bench -- --fanout-only`).
 */
const A = 'T0001';
const B = 'T0002';
const members = (prefix: string, n: number): SeedMember[] => Array.from({ length: n }, (_, i) => ({ id: `${prefix}${String(i).padStart(3, '0')}`, tz: 'Europe/Berlin' }));
const aMembers = members('UA', 24);
const bMembers = members('UB', 6);
const pinned = { tzMode: 'pinned' as const, timezone: 'Europe/Berlin', reminderMinutes: null };
const at0930 = '2026-12-01T08:30:00Z';
const plus = (s: number) => new Date(Date.parse(at0930) + s * 1000).toISOString();

const promptsIn = (fake: FakeSlack, userId: string) => fake.messages(fake.dmChannelId(userId)).filter((m) => /Standup for/.test(m.text ?? '')).length;
const opensFor = (fake: FakeSlack, prefix: string) => fake.callsTo('conversations.open').filter((c) => String(c.args.users).startsWith(prefix));

describe('the outbox at Slack’s pace (rate gate)', () => {
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

  const rowsOf = (workspaceId: string) => db.db.select().from(deliveries).where(and(eq(deliveries.workspaceId, workspaceId), eq(deliveries.kind, 'prompt')));

  it('after one 429 on conversations.open in workspace A, no lane opens a DM in A before Retry-After; A’s posts and workspace B go on; all sent once, none failed', { timeout: 180_000 }, async () => {
    const teamA = await seedTeam(db.db, fake, { workspaceId: A, members: aMembers, team: pinned, createdAt: new Date('2026-12-01T00:00:00Z') });
    await seedTeam(db.db, fake, { workspaceId: B, channelId: 'CBETA', members: bMembers, team: pinned, createdAt: new Date('2026-12-01T00:00:00Z') });
    // Slack answers the first conversations.open in A with 429, Retry-After 30 s; it would answer every later one.
    let limited = 0;
    fake.setFailure((method, args) => (method === 'conversations.open' && String(args.users).startsWith('UA') && limited++ === 0 ? { status: 429, retryAfter: 30 } : undefined));
    // A generous client timeout: only the injected 429 may hold anything back, however busy the machine.
    const p = createProcess(db.db, fake, { now: at0930, webTimeoutMs: 30_000 });
    // A post in A's team channel due in the same pass: another method of the same workspace.
    await p.services.deliveries.enqueue([kinds.day.row(A, { teamId: teamA.id, date: '2026-12-01' }, new Date(at0930))]);

    const first = await p.tick(at0930);
    // The lanes already calling when the 429 came back (at most the 8 of one batch) went out; every other row of A was held back untried.
    const opened = opensFor(fake, 'UA');
    expect(limited).toBe(opened.length);
    expect(opened.length).toBeLessThanOrEqual(8);
    expect(opened.filter((c) => c.status === 429)).toHaveLength(1);
    const sentA = aMembers.filter((m) => promptsIn(fake, m.id) === 1).length;
    expect(sentA).toBe(opened.length - 1);
    expect(first.failed).toBe(0);
    // Other methods of A (the day's parent in its channel) and everything of B went in the same pass.
    expect(fake.messages('CTEAM')).toHaveLength(1);
    expect(bMembers.map((m) => promptsIn(fake, m.id))).toEqual(bMembers.map(() => 1));
    // Held back = back in the queue at Retry-After, untried: no failure, no attempt, nothing to search for.
    const waiting = (await rowsOf(A)).filter((r) => r.status === 'pending');
    expect(waiting).toHaveLength(aMembers.length - sentA);
    for (const r of waiting) expect([r.nextAttemptAt.toISOString(), r.failures, r.attempts]).toEqual([plus(30), 0, 0]);

    // One second before Retry-After: still nobody calls it in A.
    await p.tick(plus(29));
    expect(opensFor(fake, 'UA')).toHaveLength(opened.length);

    // At Retry-After everyone gets their prompt, exactly once, and no retry had to search a DM first.
    const last = await p.tick(plus(30));
    expect(last.failed).toBe(0);
    expect(aMembers.map((m) => promptsIn(fake, m.id))).toEqual(aMembers.map(() => 1));
    expect(fake.callsTo('conversations.history')).toHaveLength(0);
    expect((await rowsOf(A)).map((r) => [r.status, r.failures])).toEqual(aMembers.map(() => ['sent', 0]));
    expect(p.logs.some((e) => e.message.startsWith('Slack answered 429') && (e.context as { workspaceId?: string }).workspaceId === A)).toBe(true);
  });

  it('keeps to the pace proactively: a Tier 3 burst, then one DM opened a second, never a 429, nothing failed', { timeout: 180_000 }, async () => {
    // 60 a minute with a burst of 3 for Tier 3 (conversations.open), so a few ticks show it.
    const limits: PaceLimits = { ...slackDocumentedPace, tiers: { ...slackDocumentedPace.tiers, 3: { perMinute: 60, burst: 3 } } };
    const people = members('UP', 10);
    await seedTeam(db.db, fake, { workspaceId: A, members: people, team: pinned, createdAt: new Date('2026-12-01T00:00:00Z') });
    const p = createProcess(db.db, fake, { now: at0930, webTimeoutMs: 30_000, pace: { limits, maxWaitMs: 0 } });
    const sentBy: number[] = [];
    for (let s = 0; s <= 7; s++) {
      const r = await p.tick(plus(s));
      expect(r.failed).toBe(0);
      sentBy.push(people.filter((m) => promptsIn(fake, m.id) === 1).length);
    }
    expect(sentBy).toEqual([3, 4, 5, 6, 7, 8, 9, 10]);
    // One open per person (the DM channel is remembered), each sent once, and Slack never had to say 429.
    expect(fake.callsTo('conversations.open')).toHaveLength(10);
    expect(fake.calls.filter((c) => c.status === 429)).toHaveLength(0);
    expect(people.map((m) => promptsIn(fake, m.id))).toEqual(people.map(() => 1));
    expect((await rowsOf(A)).map((r) => [r.status, r.failures, r.attempts])).toEqual(people.map(() => ['sent', 0, 1]));
  });

  it('reads a DM before posting again at one read a minute (outside the Marketplace): a search that cannot go now waits for its slot, never fails, and nothing is posted twice', { timeout: 180_000 }, async () => {
    const people = members('UH', 2);
    await seedTeam(db.db, fake, { workspaceId: A, members: people, team: pinned, createdAt: new Date('2026-12-01T00:00:00Z') });
    const p = createProcess(db.db, fake, { now: at0930, webTimeoutMs: 30_000, pace: { limits: { ...slackDocumentedPace, history: historyPaces.limited.rate }, history: historyPaces.limited } });
    // Both posts fail with a 500 (Slack may or may not have posted): each retry must look first.
    fake.failNext('chat.postMessage', { status: 500 }, 2);
    expect((await p.tick(at0930)).retried).toBe(2);
    expect((await rowsOf(A)).map((r) => r.nextAttemptAt.toISOString())).toEqual([plus(30), plus(30)]);
    // At the retry, one DM may be read now; the other's read waits a minute for its slot.
    const first = await p.tick(plus(30));
    expect([first.sent, first.failed]).toEqual([1, 0]);
    expect(fake.callsTo('conversations.history').map((c) => Number(c.args.limit))).toEqual([15]);
    const waiting = (await rowsOf(A)).filter((r) => r.status === 'pending');
    expect(waiting.map((r) => [r.nextAttemptAt.toISOString(), r.failures])).toEqual([[plus(90), 1]]);
    await p.tick(plus(89));
    expect(fake.callsTo('conversations.history')).toHaveLength(1);
    const last = await p.tick(plus(90));
    expect([last.sent, last.failed]).toEqual([1, 0]);
    expect(fake.callsTo('conversations.history')).toHaveLength(2);
    expect(people.map((m) => promptsIn(fake, m.id))).toEqual([1, 1]);
    expect(fake.calls.filter((c) => c.status === 429)).toHaveLength(0);
  });
});
