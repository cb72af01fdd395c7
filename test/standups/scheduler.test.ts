import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { deliveries } from '../../src/outbox/deliveries.schema.ts';
import { createTestDatabase, emptyTestDatabase, testPostgresUrl, type TestDatabase } from '../support/db.ts';
import { seededRandom, startFakeSlack, type FakeSlack } from '../support/fake-slack.ts';
import { createProcess, seedTeam, type SeedMember } from '../support/seed.ts';

const zones = ['America/New_York', 'Europe/Berlin', 'Asia/Kolkata', 'Pacific/Chatham'];
const kinds: ('pglite' | 'postgres')[] = ['pglite', ...(testPostgresUrl ? (['postgres'] as const) : [])];

/** Prompts each user received, by DM channel. */
function promptsByUser(fake: FakeSlack) {
  const counts = new Map<string, number>();
  for (const c of fake.callsTo('chat.postMessage')) {
    if (c.failed) continue;
    const meta = c.args.metadata as { event_payload?: { key?: string } } | undefined;
    const key = meta?.event_payload?.key;
    if (!key?.startsWith('prompt:')) continue;
    const user = key.split(':')[2]!;
    counts.set(user, (counts.get(user) ?? 0) + 1);
  }
  return counts;
}

describe.each(kinds)('the scheduler on %s', (kind) => {
  let db: TestDatabase;
  let fake: FakeSlack;
  // One database for the file, emptied before each test: as fresh as a new one, without a boot each.
  beforeAll(async () => {
    db = await createTestDatabase({ kind });
  });
  afterAll(() => db.close());
  beforeEach(async () => {
    await emptyTestDatabase(db);
    fake = await startFakeSlack();
  });
  afterEach(() => fake.close());

  it('two processes ticking the same minute send each of 200 members exactly one prompt', async () => {
    const members: SeedMember[] = Array.from({ length: 200 }, (_, i) => ({ id: `U${String(i).padStart(4, '0')}`, tz: 'Europe/Berlin' }));
    await seedTeam(db.db, fake, { members, team: { tzMode: 'pinned', timezone: 'Europe/Berlin' }, createdAt: new Date('2026-12-01T00:00:00Z') });
    const a = createProcess(db.db, fake, { now: '2026-12-01T08:30:00Z', worker: 'a' });
    const b = createProcess(db.db, fake, { now: '2026-12-01T08:30:00Z', worker: 'b' });
    const [ra, rb] = await Promise.all([a.tick('2026-12-01T08:30:00Z'), b.tick('2026-12-01T08:30:00Z')]);
    expect((ra.sent ?? 0) + (rb.sent ?? 0)).toBe(200);
    const counts = promptsByUser(fake);
    expect(counts.size).toBe(200);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    // Ticking again in the same minute, and the next minute, sends nothing more.
    await Promise.all([a.tick('2026-12-01T08:30:30Z'), b.tick('2026-12-01T08:31:00Z')]);
    expect(fake.callsTo('chat.postMessage').filter((c) => !c.failed)).toHaveLength(200);
  });

  it('retries after 429 (honouring Retry-After) and 500 without ever duplicating a prompt', async () => {
    const members: SeedMember[] = Array.from({ length: 30 }, (_, i) => ({ id: `U${i}`, tz: zones[i % zones.length]! }));
    await seedTeam(db.db, fake, { members, team: { tzMode: 'pinned', timezone: 'Europe/Berlin' } });
    const rnd = seededRandom(42);
    const unlucky = new Set(members.filter(() => rnd() < 0.4).map((m) => m.id));
    const failedOnce = new Set<string>();
    fake.setFailure((method, args) => {
      if (method !== 'chat.postMessage') return undefined;
      const user = String(args.channel).replace(/^D/, '');
      if (!unlucky.has(user) || failedOnce.has(user)) return undefined;
      failedOnce.add(user);
      return Number(user.slice(1)) % 2 ? { status: 429, retryAfter: 1 } : { status: 500 };
    });
    // A generous client timeout: only the injected failures may count as retries, however busy the machine.
    const p = createProcess(db.db, fake, { now: '2026-12-01T08:30:00Z', webTimeoutMs: 30_000 });
    const first = await p.tick('2026-12-01T08:30:00Z');
    expect(first.retried).toBe(unlucky.size);
    expect(promptsByUser(fake).size).toBe(30 - unlucky.size);
    // The 429s come back after Retry-After; 500s after a backoff. A few later ticks catch everyone up.
    for (const t of ['2026-12-01T08:30:02Z', '2026-12-01T08:31:00Z', '2026-12-01T08:32:00Z', '2026-12-01T08:45:00Z']) await p.tick(t);
    const counts = promptsByUser(fake);
    expect(counts.size).toBe(30);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
  });

  it('a 429 with Retry-After 30 then a 500: not retried before either wait is over, then sent once', async () => {
    const members: SeedMember[] = Array.from({ length: 12 }, (_, i) => ({ id: `U${i}`, tz: 'Europe/Berlin' }));
    await seedTeam(db.db, fake, { members, team: { tzMode: 'pinned', timezone: 'Europe/Berlin' } });
    const unlucky = new Set(['U1', 'U4', 'U7', 'U10']);
    const callsFor = (user: string) => fake.callsTo('chat.postMessage').filter((c) => c.args.channel === `D${user}`);
    fake.setFailure((method, args) => {
      const user = String(args.channel).replace(/^D/, '');
      if (method !== 'chat.postMessage' || !unlucky.has(user)) return undefined;
      const n = callsFor(user).length; // this call is already recorded
      return n === 1 ? { status: 429, retryAfter: 30 } : n === 2 ? { status: 500 } : undefined;
    });
    const p = createProcess(db.db, fake, { now: '2026-12-01T08:30:00Z', webTimeoutMs: 30_000 });
    const attempts = () => [...unlucky].map((u) => callsFor(u).length);
    expect((await p.tick('2026-12-01T08:30:00Z')).retried).toBe(4);
    expect(attempts()).toEqual([1, 1, 1, 1]);
    await p.tick('2026-12-01T08:30:20Z'); // 20 s < Retry-After 30
    expect(attempts()).toEqual([1, 1, 1, 1]);
    await p.tick('2026-12-01T08:30:31Z'); // past Retry-After: tried again, and Slack fails with a 500
    expect(attempts()).toEqual([2, 2, 2, 2]);
    await p.tick('2026-12-01T08:30:40Z'); // inside the backoff after the 500
    expect(attempts()).toEqual([2, 2, 2, 2]);
    await p.tick('2026-12-01T08:31:30Z');
    expect(attempts()).toEqual([3, 3, 3, 3]);
    const counts = promptsByUser(fake);
    expect(counts.size).toBe(12);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
  });

  it('sends prompts up to 2 hours late after downtime, and records older ones as missed', async () => {
    await seedTeam(db.db, fake, { members: [{ id: 'UBER', tz: 'Europe/Berlin' }, { id: 'UKOL', tz: 'Asia/Kolkata' }] });
    const p = createProcess(db.db, fake, { now: '2026-12-01T00:00:00Z' });
    await p.tick('2026-12-01T00:00:00Z');
    // Down from 00:00 until 10:00 UTC: Berlin's 09:30 (08:30 UTC) is 90 minutes late, Kolkata's (04:00 UTC) 6 hours.
    const r = await p.tick('2026-12-01T10:00:00Z');
    expect(promptsByUser(fake)).toEqual(new Map([['UBER', 1]]));
    expect(r.missed).toBeGreaterThanOrEqual(1);
    const rows = await db.db.select().from(deliveries);
    expect(rows.find((d) => d.key === 'prompt:1:UKOL:2026-12-01')?.status).toBe('missed');
    expect(rows.find((d) => d.key === 'prompt:1:UBER:2026-12-01')?.status).toBe('sent');
  });

  it('after 3 hours of downtime records the prompt as missed and sends nothing', async () => {
    await seedTeam(db.db, fake, { members: [{ id: 'UBER', tz: 'Europe/Berlin' }], team: { reminderMinutes: null } });
    const p = createProcess(db.db, fake, { now: '2026-12-01T08:00:00Z' });
    await p.tick('2026-12-01T08:00:00Z');
    await p.tick('2026-12-01T11:30:00Z');
    expect(promptsByUser(fake).size).toBe(0);
    const rows = await db.db.select().from(deliveries);
    expect(rows.find((d) => d.key === 'prompt:1:UBER:2026-12-01')?.status).toBe('missed');
  });

  it('a process that dies after claiming does not lose prompts; the next claim checks Slack before resending', async () => {
    const members: SeedMember[] = Array.from({ length: 20 }, (_, i) => ({ id: `U${i}`, tz: 'Europe/Berlin' }));
    await seedTeam(db.db, fake, { members, team: { tzMode: 'pinned', timezone: 'Europe/Berlin' }, createdAt: new Date('2026-12-01T00:00:00Z') });
    const a = createProcess(db.db, fake, { now: '2026-12-01T08:30:00Z', worker: 'dies' });
    // Process A plans and claims, then "dies": the first 8 DMs reach Slack, the rest never leave.
    await a.services.standups.plan(new Date('2026-12-01T08:30:00Z'));
    const claimed = await a.services.deliveries.claim({ now: new Date('2026-12-01T08:30:00Z'), worker: 'dies', limit: 100, leaseMs: 120_000 });
    expect(claimed).toHaveLength(20);
    for (const d of claimed.slice(0, 8)) {
      const user = (d.payload as { userId: string }).userId;
      await a.services.web.chat.postMessage({ channel: `D${user}`, text: 'prompt', metadata: { event_type: 'coordinator_delivery', event_payload: { key: d.key } } });
    }
    const b = createProcess(db.db, fake, { now: '2026-12-01T08:31:00Z', worker: 'b' });
    await b.tick('2026-12-01T08:31:00Z'); // the lease is still held: nothing resent yet
    expect(fake.callsTo('chat.postMessage')).toHaveLength(8);
    await b.tick('2026-12-01T08:33:00Z'); // lease expired: B takes over and checks history first
    const counts = promptsByUser(fake);
    expect(counts.size).toBe(20);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
  });
});

afterAll(() => undefined);
