import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, emptyTestDatabase, type TestDatabase } from '../support/db.ts';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.ts';
import { createProcess, seedTeam } from '../support/seed.ts';

/**
 * The cases where Slack did the work but we could not know it: an answer that
 * arrives after our client timed out, a worker that dies after posting. The next
 * attempt must find what was posted instead of posting it again.
 */
describe('retries after an uncertain send', () => {
  let db: TestDatabase;
  let fake: FakeSlack;
  // One database for the file, emptied before each test: as fresh as a new one, without a boot each.
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.close());
  beforeEach(async () => {
    await emptyTestDatabase(db);
    fake = await startFakeSlack();
  });
  afterEach(() => fake.close());

  it('a prompt accepted by Slack after our client gave up is not sent twice', async () => {
    await seedTeam(db.db, fake, { members: [{ id: 'UA', tz: 'Europe/Berlin' }], createdAt: new Date('2026-12-01T00:00:00Z') });
    // Slack writes the message, but the answer never reaches us (a timeout or a dropped connection).
    fake.failNext('chat.postMessage', { lostAnswer: true });
    const p = createProcess(db.db, fake, { now: '2026-12-01T08:30:00Z' });
    const first = await p.tick('2026-12-01T08:30:00Z');
    expect(first.retried).toBe(1);
    expect(fake.messages('DUA')).toHaveLength(1); // it did arrive
    await p.tick('2026-12-01T08:31:00Z');
    await p.tick('2026-12-01T08:45:00Z');
    expect(fake.messages('DUA')).toHaveLength(1);
    const delivery = await p.services.deliveries.byKey('prompt:1:UA:2026-12-01');
    expect(delivery?.status).toBe('sent');
  });

  it('the day’s parent and an answer’s reply survive a timeout without a second thread', async () => {
    await seedTeam(db.db, fake, { members: [{ id: 'UA', tz: 'Europe/Berlin' }, { id: 'UB', tz: 'Europe/Berlin' }], createdAt: new Date('2026-12-01T00:00:00Z') });
    const p = createProcess(db.db, fake, { now: '2026-12-01T08:30:00Z' });
    await p.tick('2026-12-01T08:30:00Z');
    // The day's parent and the reply are both written by Slack, and both answers are lost.
    fake.failNext('chat.postMessage', { lostAnswer: true }, 2);
    const res = await p.services.standups.submitAnswer({ workspaceId: 'T0001', userId: 'UA' }, { teamId: 1, date: '2026-12-01' }, { q_1: 'done', q_2: 'plan', q_3: 'none' });
    expect('key' in res).toBe(true);
    await p.services.standups.deliverNow(['answer:1']).catch(() => undefined);
    expect(fake.calls.filter((c) => c.injected && 'lostAnswer' in c.injected).length).toBeGreaterThanOrEqual(1);
    for (const t of ['2026-12-01T08:31:00Z', '2026-12-01T08:33:00Z', '2026-12-01T09:00:00Z']) await p.tick(t);
    const channel = fake.messages('CTEAM');
    const parents = channel.filter((m) => !m.thread_ts || m.thread_ts === m.ts);
    const replies = channel.filter((m) => m.thread_ts && m.thread_ts !== m.ts);
    expect(parents).toHaveLength(1);
    expect(replies).toHaveLength(1);
  });

  it('a prompt still failing after the day’s deadline is given up, not sent late', async () => {
    await seedTeam(db.db, fake, { members: [{ id: 'UA', tz: 'Europe/Berlin' }], createdAt: new Date('2026-12-01T00:00:00Z'), team: { reminderMinutes: 60 } });
    fake.setFailure((method) => (method === 'chat.postMessage' ? { status: 500 } : undefined));
    const p = createProcess(db.db, fake, { now: '2026-12-01T08:30:00Z' });
    // Deadline 13:00 in Berlin = 12:00 UTC.
    for (let m = 0; m <= 220; m += 10) await p.tick(new Date(Date.parse('2026-12-01T08:30:00Z') + m * 60_000).toISOString());
    fake.setFailure(undefined);
    await p.tick('2026-12-01T12:20:00Z');
    expect(fake.messages('DUA')).toHaveLength(0);
    // Given up either way: past the deadline ('cancelled'), or after its last retry ('failed').
    expect(['cancelled', 'failed']).toContain((await p.services.deliveries.byKey('prompt:1:UA:2026-12-01'))?.status);
    // …and no reminder for a prompt that never arrived.
    expect((await p.services.deliveries.byKey('reminder:1:UA:2026-12-01'))?.status).toBe('cancelled');
  });

  it('a long outage is not reported as everyone missing', async () => {
    await seedTeam(db.db, fake, { members: [{ id: 'UA', tz: 'Europe/Berlin' }], createdAt: new Date('2026-11-01T00:00:00Z') });
    const p = createProcess(db.db, fake, { now: '2026-12-01T14:00:00Z' });
    // First start after the prompt (08:30 UTC) and the deadline (12:00 UTC) have long passed.
    await p.tick('2026-12-01T14:00:00Z');
    expect(fake.messages('DUA')).toHaveLength(0);
    expect(fake.messages('CTEAM')).toHaveLength(0);
  });

  it('one worker at a time holds the right to post the parent, and only its holder records the ts', async () => {
    await seedTeam(db.db, fake, { members: [{ id: 'UA', tz: 'Europe/Berlin' }], createdAt: new Date('2026-12-01T00:00:00Z') });
    const p = createProcess(db.db, fake, { now: '2026-12-01T08:30:00Z' });
    const standups = p.services.repos.standups;
    await standups.ensureDay(1, '2026-12-01', 'CTEAM');
    const day = (await standups.day(1, '2026-12-01'))!;
    const at = new Date('2026-12-01T08:30:00Z');
    const claims = await Promise.all(['a', 'b', 'c'].map((t) => standups.claimDayParent(day.id, null, t, at)));
    expect(claims.filter(Boolean)).toHaveLength(1);
    const holder = ['a', 'b', 'c'][claims.indexOf(true)]!;
    const other = ['a', 'b', 'c'].find((t) => t !== holder)!;
    expect(await standups.setDayParent(day.id, other, 'CTEAM', '9.9')).toBe(false);
    expect(await standups.setDayParent(day.id, holder, 'CTEAM', '1.1')).toBe(true);
    const after = (await standups.day(1, '2026-12-01'))!;
    expect(after.parentTs).toBe('1.1');
    // Posted: nobody can claim it again, not even with the current token.
    expect(await standups.claimDayParent(day.id, holder, 'd', at)).toBe(false);
  });

  it('claims that older versions kept in the ts columns move to the claim columns on upgrade', async () => {
    await seedTeam(db.db, fake, { members: [{ id: 'UA', tz: 'Europe/Berlin' }, { id: 'UB', tz: 'Europe/Berlin' }], createdAt: new Date('2026-12-01T00:00:00Z') });
    const p = createProcess(db.db, fake, { now: '2026-12-01T08:30:00Z' });
    const legacy = [
      ['2026-11-28', 'pending:1796000000000'],
      ['2026-11-29', 'failed:pending:1796000000000'],
      ['2026-11-30', '1796000000.000100'],
    ] as const;
    for (const [date, ts] of legacy) await db.db.execute(sql`insert into standup_days (team_id, date, channel_id, parent_ts) values (1, ${date}, 'CTEAM', ${ts})`);
    await db.db.execute(sql`insert into standup_entries (team_id, user_id, date, status, reply_ts) values (1, 'UA', '2026-11-30', 'answered', 'pending:1796000000000'), (1, 'UB', '2026-11-30', 'answered', '1796000000.000200')`);
    // The data step of migration 0015, as written in the file.
    const file = readFileSync(new URL('../../drizzle/0015_post_claims.sql', import.meta.url), 'utf8');
    const updates = file.split('--> statement-breakpoint').map((s) => s.trim()).filter((s) => s.includes('UPDATE'));
    expect(updates).toHaveLength(2);
    for (const u of updates) await db.db.execute(sql.raw(u.replace(/^--.*$/gm, '')));
    const days = Object.fromEntries(await Promise.all(legacy.map(async ([date]) => [date, (await p.services.repos.standups.day(1, date))!] as const)));
    expect(days['2026-11-28']).toMatchObject({ parentTs: null, parentClaim: 'pending:1796000000000', parentClaimFailed: false, parentClaimedAt: new Date(1796000000000) });
    expect(days['2026-11-29']).toMatchObject({ parentTs: null, parentClaimFailed: true, parentClaimedAt: new Date(1796000000000) });
    expect(days['2026-11-30']).toMatchObject({ parentTs: '1796000000.000100', parentClaim: null });
    expect(await p.services.repos.standups.entry(1, 'UA', '2026-11-30')).toMatchObject({ replyTs: null, replyClaim: 'pending:1796000000000', replyClaimFailed: false });
    expect(await p.services.repos.standups.entry(1, 'UB', '2026-11-30')).toMatchObject({ replyTs: '1796000000.000200', replyClaim: null });
  });
});
