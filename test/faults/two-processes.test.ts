import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blockers } from '../../src/blockers/blockers.schema.ts';
import { deliveries } from '../../src/outbox/deliveries.schema.ts';
import { startFakeSlack, type FakeSlack } from '../../src/simulator/fake-slack.ts';
import { createTestDatabase, testPostgresUrl, type TestDatabase } from '../support/db.ts';
import { seedTeam, type SeedMember } from '../support/seed.ts';

const run = promisify(execFile);
const root = new URL('../..', import.meta.url).pathname;

/**
 * Two app processes — separate Node processes, each with its own pool, started by the
 * real CLI (`coordinator tick --now …`) — tick the same minutes of a working week on one
 * Postgres. Prompts, reminders, deadline summaries, escalations and the digest each reach
 * Slack once. Needs the real Postgres.
 */
describe.skipIf(!testPostgresUrl)('two OS processes ticking one Postgres for a week', () => {
  let db: TestDatabase;
  let fake: FakeSlack;
  const members: SeedMember[] = [{ id: 'UMGR', tz: 'Europe/Berlin', manager: true }, ...Array.from({ length: 20 }, (_, i) => ({ id: `U${String(i).padStart(2, '0')}`, tz: 'Europe/Berlin' }))];

  beforeAll(async () => {
    db = await createTestDatabase({ kind: 'postgres' });
    fake = await startFakeSlack();
    fake.addChannel({ id: 'CSTAKE', name: 'stakeholders' });
    const team = await seedTeam(db.db, fake, { members, team: { timezone: 'Europe/Berlin', reminderMinutes: 120, stakeholderChannelId: 'CSTAKE' }, createdAt: new Date('2026-11-29T00:00:00Z') });
    // A blocker raised on Monday: escalated at 2 working days (Wednesday) and at 4 (Friday).
    await db.db.insert(blockers).values({ workspaceId: 'T0001', teamId: team.id, reporterId: 'U00', text: 'Waiting on the VPN', normalized: 'waiting on the vpn', source: 'command', openedDate: '2026-11-30', openedAt: new Date('2026-11-30T09:00:00Z'), announceChannelId: null });
  });
  afterAll(async () => {
    await fake.close();
    await db.close();
  });

  const tick = (now: string) =>
    run(process.execPath, ['--import', 'tsx', join(root, 'src/cli.ts'), 'tick', '--now', now], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', DATABASE_URL: db.url!, SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: 'test-secret', SLACK_API_URL: fake.url, LOG_LEVEL: 'error' },
    });

  it('sends everything once', { timeout: 300_000 }, async () => {
    const days = ['2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04'];
    // Berlin is UTC+1: prompts 09:30 → 08:30 UTC, reminders 11:30 → 10:30, deadline 13:00 → 12:00,
    // and Friday's digest at 16:00 → 15:00. Both processes run each of those minutes at once.
    const instants = days.flatMap((d) => [`${d}T08:30:00Z`, `${d}T10:30:00Z`, `${d}T12:00:00Z`]).concat('2026-12-04T15:00:00Z');
    for (const at of instants) {
      const [a, b] = await Promise.all([tick(at), tick(at)]);
      expect(a.stdout).toContain(`tick ${at.replace('Z', '.000Z')}`);
      expect(b.stdout).toContain(`tick ${at.replace('Z', '.000Z')}`);
    }

    const byKey = new Map<string, number>();
    for (const ch of ['CTEAM', 'CSTAKE', ...members.map((m) => `D${m.id}`)]) {
      for (const m of fake.messages(ch)) {
        const key = (m.metadata as { event_payload?: { key?: string } } | undefined)?.event_payload?.key;
        if (key) byKey.set(key, (byKey.get(key) ?? 0) + 1);
      }
    }
    expect([...byKey].filter(([, n]) => n > 1)).toEqual([]);
    const count = (prefix: string) => [...byKey.keys()].filter((k) => k.startsWith(prefix)).length;
    expect(count('prompt:')).toBe(20 * 5);
    expect(count('reminder:')).toBe(20 * 5);
    // One thread parent a day, which the deadline pass edits to list who is missing.
    const parents = fake.messages('CTEAM').filter((m) => ((m.metadata as { event_payload?: { key?: string } } | undefined)?.event_payload?.key ?? '').startsWith('parent:'));
    expect(parents).toHaveLength(5);
    const everyone = members.filter((x) => !x.manager).map((m) => m.id);
    for (const p of parents) expect(JSON.stringify(p.blocks)).toContain(`· 0 of 20 answered\\n:hourglass: Missing: ${everyone.slice(0, -1).join(', ')} and ${everyone.at(-1)}`);
    // The blocker was escalated at each level to the manager and the stakeholder channel, once each.
    const rows = await db.db.select().from(deliveries);
    const escalations = rows.filter((r) => r.kind === 'blocker-escalate');
    expect(escalations.map((r) => r.key).sort()).toEqual(['blocker-escalate:1:1:CSTAKE', 'blocker-escalate:1:1:UMGR', 'blocker-escalate:1:2:CSTAKE', 'blocker-escalate:1:2:UMGR']);
    for (const r of escalations) expect(byKey.get(r.key), r.key).toBe(1);
    expect(fake.messages('CSTAKE').filter((m) => /Weekly digest/.test(m.text) && (!m.thread_ts || m.thread_ts === m.ts))).toHaveLength(1);
    // Nothing left half-done.
    expect(rows.filter((r) => r.status !== 'sent' && r.status !== 'cancelled').map((r) => [r.key, r.status, r.lastError])).toEqual([]);
  });
});
