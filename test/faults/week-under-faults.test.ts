import { and, eq, notInArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectPostgres, type Connection } from '../../src/db/connect.ts';
import { deliveries } from '../../src/outbox/deliveries.schema.ts';
import { seededRandom, stableFaults, startFakeSlack, type FakeSlack } from '../../src/simulator/fake-slack.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { createProcess, seedTeam, type SeedMember } from '../support/seed.ts';

/**
 * A working week for 100 people in four zones, with Slack failing a fifth of all calls
 * (429 with Retry-After, 500, hanging, or accepting but losing the answer; the same calls
 * fail however the machine schedules them) and two
 * processes ticking the same minutes. Everything that should reach Slack arrives, once.
 */
const zones = ['America/New_York', 'Europe/Berlin', 'Asia/Kolkata', 'Asia/Tokyo'];

describe('a week under Slack faults, two processes', () => {
  let db: TestDatabase;
  let second: Connection | undefined;
  let fake: FakeSlack;
  const members: SeedMember[] = [
    { id: 'UMGR', tz: 'Europe/Berlin', manager: true },
    ...Array.from({ length: 100 }, (_, i) => ({ id: `U${String(i).padStart(3, '0')}`, tz: zones[i % zones.length]! })),
  ];

  beforeAll(async () => {
    db = await createTestDatabase();
    // The second process gets its own connection pool when there is a real Postgres.
    if (db.url) second = await connectPostgres(db.url);
    fake = await startFakeSlack();
    fake.addChannel({ id: 'CSTAKE', name: 'stakeholders' });
    await seedTeam(db.db, fake, { members, team: { timezone: 'Europe/Berlin', reminderMinutes: 60, stakeholderChannelId: 'CSTAKE' }, createdAt: new Date('2026-11-29T00:00:00Z') });
  });
  afterAll(async () => {
    await second?.close();
    await fake.close();
    await db.close();
  });

  // A cap for a stuck run, not a race: a quiet machine takes about 70 s, one loaded to 10 about four times that.
  it('delivers every prompt, reminder, reply, announcement, escalation and digest exactly once', { timeout: 900_000 }, async () => {
    // A client timeout that only injected hangs reach, however busy the machine.
    const a = createProcess(db.db, fake, { now: '2026-11-30T00:00:00Z', worker: 'a', webTimeoutMs: 300 });
    const b = createProcess(second?.db ?? db.db, fake, { now: '2026-11-30T00:00:00Z', worker: 'b', webTimeoutMs: 300 });
    let faulty = true;
    // Which call fails follows from what the call is about, not from the order the two processes
    // happen to make them in; no one call fails more than twice in the week.
    fake.setFailure(
      stableFaults({
        seed: 2026,
        maxPerCall: 2,
        enabled: () => faulty,
        pick: (r) => {
          if (r < 0.07) return { status: 429, retryAfter: 1 };
          if (r < 0.15) return { status: 500 };
          if (r < 0.175) return { hang: true };
          // Slack does the work but its answer never reaches us.
          if (r < 0.2) return { lostAnswer: true };
          return undefined;
        },
      }),
    );

    const nextTick = async (t: number) => {
      const [row] = await db.db.select({ at: sql<string>`min(${deliveries.nextAttemptAt})` }).from(deliveries).where(eq(deliveries.status, 'pending'));
      const retryAt = row?.at ? Math.ceil(new Date(row.at).getTime() / 60_000) * 60_000 : Number.POSITIVE_INFINITY;
      return Math.min(t + 30 * 60_000, Math.max(t + 60_000, retryAt));
    };
    const answered = new Set<string>();
    const choose = seededRandom(7);
    // Ticks every 30 minutes, and sooner when a retry falls due: what a tick every minute does.
    for (let t = Date.parse('2026-11-30T00:00:00Z'); t < Date.parse('2026-12-05T00:00:00Z'); t = await nextTick(t)) {
      const iso = new Date(t).toISOString();
      await Promise.all([a.tick(iso), b.tick(iso)]);
      // Members answer prompts that reached them, mostly; a few raise blockers.
      // Only prompts sent since the last pass matter here: the whole outbox (thousands of rows by
      // Friday) read back every pass cost over a fifth of this test's CPU time.
      const sent = await db.db
        .select()
        .from(deliveries)
        .where(and(eq(deliveries.kind, 'prompt'), eq(deliveries.status, 'sent'), answered.size ? notInArray(deliveries.key, [...answered]) : undefined))
        .orderBy(deliveries.key);
      for (const d of sent) {
        const { userId, date } = d.payload as { userId: string; date: string };
        answered.add(d.key);
        if (choose() < 0.25) continue; // never answers that day
        const blockers = choose() < 0.05 ? `- blocked by ${userId}'s dependency on ${date}` : 'none';
        const p = choose() < 0.5 ? a : b;
        const res = await p.services.standups.submitAnswer({ workspaceId: 'T0001', userId }, { teamId: 1, date }, { q_1: 'done', q_2: 'plan', q_3: blockers });
        if ('key' in res) await p.services.standups.deliverNow([res.key, ...res.followUps]).catch(() => undefined);
      }
    }
    // Slack recovers; a few more passes finish the retries.
    faulty = false;
    for (let t = Date.parse('2026-12-05T00:00:00Z'); t <= Date.parse('2026-12-05T03:00:00Z'); t += 30 * 60_000) {
      await Promise.all([a.tick(new Date(t).toISOString()), b.tick(new Date(t).toISOString())]);
    }

    const rows = await db.db.select().from(deliveries);
    const injected = fake.calls.filter((c) => c.injected).length;
    expect(injected).toBeGreaterThan(100); // the faults really happened

    // Every message Coordinator posted, by the key it carries.
    const channels = ['CTEAM', 'CSTAKE', ...members.map((m) => `D${m.id}`)];
    const byKey = new Map<string, number>();
    for (const ch of channels) {
      for (const m of fake.messages(ch)) {
        const key = (m.metadata as { event_payload?: { key?: string } } | undefined)?.event_payload?.key;
        if (key) byKey.set(key, (byKey.get(key) ?? 0) + 1);
      }
    }
    const duplicates = [...byKey].filter(([, n]) => n > 1);
    expect(duplicates).toEqual([]);

    // Nothing is left undone or given up.
    expect(rows.filter((r) => r.status === 'pending' || r.status === 'sending' || r.status === 'failed').map((r) => [r.key, r.status, r.lastError])).toEqual([]);
    // Each delivery that was sent is in Slack exactly once.
    const posting = rows.filter((r) => r.status === 'sent' && !['day', 'answer', 'deadline', 'digest-chart'].includes(r.kind));
    for (const r of posting) expect(byKey.get(r.key), r.key).toBe(1);
    // Every member was prompted every working day they were due; reminders only where unanswered.
    const prompts = rows.filter((r) => r.kind === 'prompt');
    expect(prompts.length).toBe(100 * 5);
    expect(prompts.filter((r) => r.status !== 'sent').map((r) => [r.key, r.status, r.lastError])).toEqual([]);
    expect(rows.filter((r) => r.kind === 'reminder' && r.status === 'sent').length).toBeGreaterThan(50);
    // One parent per day and one reply per answer.
    for (const date of ['2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04']) expect(byKey.get(`parent:1:${date}`), date).toBe(1);
    const entries = await a.services.repos.standups.entriesBetween(1, '2026-11-30', '2026-12-04');
    const answeredEntries = entries.filter((e) => e.status === 'answered');
    expect(answeredEntries.length).toBeGreaterThan(300);
    for (const e of answeredEntries) expect(byKey.get(`reply:${e.id}`), `reply ${e.id}`).toBe(1);
    // Blockers were announced, escalated to the manager and the stakeholders, and the digest went out once.
    expect(rows.filter((r) => r.kind === 'blocker-announce' && r.status === 'sent').length).toBeGreaterThan(5);
    expect(rows.filter((r) => r.kind === 'blocker-escalate' && r.status === 'sent').length).toBeGreaterThan(2);
    expect(rows.filter((r) => r.kind === 'digest' && r.status === 'sent')).toHaveLength(1);
    expect(fake.messages('CSTAKE').filter((m) => /Weekly digest/.test(m.text) && (!m.thread_ts || m.thread_ts === m.ts))).toHaveLength(1);
    // …with its full detail in the thread and exactly one chart.
    expect(rows.filter((r) => r.kind === 'digest-detail').length).toBeGreaterThan(0);
    expect(rows.filter((r) => r.kind === 'digest-chart' && r.status === 'sent')).toHaveLength(1);
    expect(fake.files().filter((f) => f.channel_id === 'CSTAKE')).toHaveLength(1);
  });
});
