import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { kinds } from '../../src/outbox/kinds.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.ts';
import { createProcess, seedTeam } from '../support/seed.ts';

/**
 * "Skip today" marks the prompt DM skipped through the outbox: a 429 (or an outage) on its
 * chat.update is retried after Retry-After, and the DM is updated once, not just logged.
 */
const at0930 = '2026-12-01T08:30:00Z';
const plus = (s: number) => new Date(Date.parse(at0930) + s * 1000).toISOString();
const pinned = { tzMode: 'pinned' as const, timezone: 'Europe/Berlin', reminderMinutes: null };

describe('a skipped prompt, marked through the outbox', () => {
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

  it('a 429 on the DM’s update is retried at Retry-After, and the DM says “skipped” once', { timeout: 120_000 }, async () => {
    const team = await seedTeam(db.db, fake, { members: [{ id: 'U1', tz: 'Europe/Berlin' }], team: pinned, createdAt: new Date('2026-12-01T00:00:00Z') });
    const p = createProcess(db.db, fake, { now: at0930, webTimeoutMs: 30_000 });
    expect((await p.tick(at0930)).sent).toBe(1);
    const dm = fake.dmChannelId('U1');
    const prompt = fake.messages(dm).find((m) => /Standup for/.test(m.text ?? ''))!;
    expect(prompt.text).not.toMatch(/skipped/);

    // Slack refuses the first update with 429, Retry-After 20 s.
    let refused = 0;
    fake.setFailure((method) => (method === 'chat.update' && refused++ === 0 ? { status: 429, retryAfter: 20 } : undefined));
    p.clock.set(plus(60));
    expect(await p.services.standups.skip({ workspaceId: 'T0001', userId: 'U1' }, team, '2026-12-01')).toMatchObject({ kind: 'skipped' });
    // Not lost: the row waits for Retry-After, untried, and the DM still shows the prompt.
    const key = kinds.promptSkipped.key({ teamId: team.id, userId: 'U1', date: '2026-12-01' });
    const waiting = await p.services.deliveries.byKey(key);
    expect([waiting?.status, waiting?.nextAttemptAt.toISOString(), waiting?.failures]).toEqual(['pending', plus(80), 0]);
    expect(fake.message(dm, prompt.ts)?.text).not.toMatch(/skipped/);

    // Before Retry-After nothing is tried; at it, the DM is marked skipped, once.
    await p.tick(plus(79));
    expect(fake.callsTo('chat.update')).toHaveLength(1);
    await p.tick(plus(80));
    expect(fake.message(dm, prompt.ts)?.text).toMatch(/— skipped$/);
    expect(fake.callsTo('chat.update').map((c) => c.status)).toEqual([429, 200]);
    expect((await p.services.deliveries.byKey(key))?.status).toBe('sent');
    await p.tick(plus(140));
    expect(fake.callsTo('chat.update')).toHaveLength(2);
  });
});
