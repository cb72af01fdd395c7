import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { connectPglite, connectPostgres, type Connection } from '../../src/db/connect.ts';
import { startFakeSlack, type FakeSlack } from '../../src/simulator/fake-slack.ts';
import { createTestDatabase, testPostgresUrl } from '../support/db.ts';
import { seedTeam } from '../support/seed.ts';
import { waitFor } from '../support/wait.ts';

const root = new URL('../..', import.meta.url).pathname;
const kinds: ('pglite' | 'postgres')[] = ['pglite', ...(testPostgresUrl ? (['postgres'] as const) : [])];

/** `coordinator tick --now …` in its own process, as an operator (or a replica) would run it. */
function tickProcess(env: Record<string, string>, now: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/cli.ts'), 'tick', '--now', now], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: 'secret', LOG_LEVEL: 'error', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const done = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, done, output: () => output };
}

describe.each(kinds)('a process killed in the middle of a 500-prompt fan-out (%s)', (kind) => {
  const cleanup: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const f of cleanup.splice(0).reverse()) await f();
  });

  it('is restarted: everyone gets exactly one prompt', { timeout: 300_000 }, async () => {
    const fake: FakeSlack = await startFakeSlack();
    cleanup.push(() => fake.close());
    let env: Record<string, string>;
    let connect: () => Promise<Connection>;
    if (kind === 'postgres') {
      const db = await createTestDatabase({ kind: 'postgres' });
      cleanup.push(() => db.close());
      env = { DATABASE_URL: db.url! };
      connect = () => connectPostgres(db.url!);
    } else {
      const dir = mkdtempSync(join(tmpdir(), 'coordinator-kill-'));
      cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
      env = { DATA_DIR: dir };
      connect = async () => {
        const c = await connectPglite(dir);
        await c.migrate();
        return c;
      };
    }
    env.SLACK_API_URL = fake.url;
    const members = Array.from({ length: 500 }, (_, i) => ({ id: `U${String(i).padStart(4, '0')}`, tz: 'Europe/Berlin' }));
    const seedConn = await connect();
    await seedTeam(seedConn.db, fake, { members, team: { tzMode: 'pinned', timezone: 'Europe/Berlin', reminderMinutes: null }, createdAt: new Date('2026-12-01T00:00:00Z') });
    await seedConn.close(); // PGlite: the directory is the child's now

    // Slow enough that the fan-out takes a while; kill it a third of the way through.
    fake.setLatency((method) => (method === 'chat.postMessage' ? 15 : 0));
    const first = tickProcess(env, '2026-12-01T08:30:00Z');
    await waitFor(() => fake.callsTo('chat.postMessage').length >= 150, { timeoutMs: 180_000, message: `150 prompts (${first.output()})` });
    first.child.kill('SIGKILL');
    await first.done;
    const beforeRestart = fake.callsTo('chat.postMessage').length;
    expect(beforeRestart).toBeLessThan(500);

    // Restarted a minute later: claims held by the dead process are not taken yet.
    fake.setLatency(0);
    const early = tickProcess(env, '2026-12-01T08:31:00Z');
    expect(await early.done, early.output()).toBe(0);
    // Once the dead process's leases run out, the rest is sent, checking Slack for what it may have sent.
    const later = tickProcess(env, '2026-12-01T08:33:00Z');
    expect(await later.done, later.output()).toBe(0);

    const perUser = new Map<string, number>();
    for (const m of members) perUser.set(m.id, fake.messages(`D${m.id}`).filter((x) => /Standup for/.test(x.text)).length);
    expect([...perUser.values()].filter((n) => n !== 1)).toEqual([]);
  });
});
