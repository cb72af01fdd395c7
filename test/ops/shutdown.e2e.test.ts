import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { shutdownApp } from '../../src/ops/shutdown.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import { command, teamChannel } from '../support/standup-helpers.ts';
import { waitFor } from '../support/wait.ts';

/**
 * SIGTERM while a command's work is running: main.ts runs `shutdownApp` on the signal; here
 * it is called in-process while the command's work is held on a latch the test controls
 * (an embedded database transaction that every other statement queues behind). No sleeps:
 * every step waits on something the test releases or observes.
 */
function latch() {
  let release!: () => void;
  const promise = new Promise<void>((resolve) => (release = resolve));
  return { promise, release };
}

/** Holds the embedded database: every statement after this one waits until `release()`. */
async function holdDatabase(db: TestDatabase) {
  const gate = latch();
  const holding = latch();
  const done = db.db.transaction(async (tx) => {
    await tx.execute(sql`select 1`);
    holding.release();
    await gate.promise;
  });
  await holding.promise;
  return { release: () => gate.release(), done };
}

describe('shutdown on SIGTERM', () => {
  let h: Harness | undefined;
  let db: TestDatabase | undefined;
  afterEach(async () => {
    await h?.close({ keepDb: true });
    await db?.close().catch(() => {});
    h = undefined;
    db = undefined;
  });

  async function start() {
    // Embedded on purpose: the latch relies on PGlite running one statement at a time.
    db = await createTestDatabase({ kind: 'pglite' });
    h = await startHarness({ now: '2026-12-01T08:00:00Z', db });
    h.fake.addUser({ id: 'UMGR', name: 'mara', real_name: 'Mara', tz: 'Europe/Berlin' });
    h.fake.addUser({ id: 'UANA', name: 'ana', real_name: 'Ana', tz: 'Europe/Berlin' });
    expect(await command(h, 'UMGR', 'members add <@UANA>')).toMatch(/Added <@UANA>/);
    await waitFor(() => h!.slack.work.count === 0);
    return { h, db };
  }

  /** Sends `/standup status` and returns once it is acked and its work is waiting on the held database. */
  async function commandInFlight(h: Harness) {
    const res = await h.sender.command({ command: '/standup', text: 'status', user_id: 'UMGR', channel_id: teamChannel, channel_name: 'team-alpha' });
    expect(res.status).toBe(200);
    expect(res.body).toBe('');
    await waitFor(() => h.slack.work.count === 1);
    return res.responseUrl!.split('/respond/')[1]!;
  }

  it('stops taking work, turns not ready at once, still answers the command in flight, then closes the pool', { timeout: 300_000 }, async () => {
    const { h, db } = await start();
    const held = await holdDatabase(db);
    const id = await commandInFlight(h);

    // A scheduler pass in progress too: the shutdown waits for it as well.
    const tick = latch();
    const events: string[] = [];
    const finished = shutdownApp({
      slack: h.slack,
      scheduler: { stop: () => tick.promise.then(() => void events.push('tick finished')) },
      closePool: async () => {
        events.push(`pool closed; answers so far: ${h.catcher.forId(id).length}`);
      },
      deadlineMs: 10 * 60_000,
      logger: h.services.logger,
    }).then((r) => {
      events.push('shutdown returned');
      return r;
    });

    // Not ready at once, and saying why.
    expect(h.slack.readiness.draining).toBe(true);
    const report = await h.slack.readiness.check();
    expect(report.ok).toBe(false);
    expect(report.failed).toContain('shutdown');
    expect(report.checks.shutdown).toMatch(/^draining/);
    // The HTTP listener no longer takes connections.
    await waitFor(() => fetch(`${h.baseUrl}/healthz`).then(() => false, () => true));
    // Nothing closed while the command is still being worked on.
    expect(events).toEqual([]);

    held.release();
    await held.done;
    await waitFor(() => h.slack.work.count === 0);
    expect(events).toEqual([]);
    tick.release();

    const result = await finished;
    expect(result.drained).toBe(true);
    expect(events).toEqual(['tick finished', 'pool closed; answers so far: 1', 'shutdown returned']);
    const answer = h.catcher.forId(id)[0]!;
    expect(answer.text).toContain('team-alpha');
    expect(answer.text).toContain('Pending (1)');
    expect(h.logs.some((e) => e.namespace === 'coordinator:shutdown' && e.message === 'drained')).toBe(true);
  });

  it('closes the pool at the deadline when work is still running, and says so', { timeout: 300_000 }, async () => {
    const { h, db } = await start();
    const held = await holdDatabase(db);
    await commandInFlight(h);
    let closedWith = -1;
    // The held work cannot finish before the release below, however fast or slow the machine is.
    const result = await shutdownApp({
      slack: h.slack,
      closePool: async () => {
        closedWith = h.slack.work.count;
      },
      deadlineMs: 200,
      logger: h.services.logger,
    });
    expect(result.drained).toBe(false);
    expect(closedWith).toBe(1);
    expect(h.logs.find((e) => e.message === 'shutdown deadline reached with work still running; closing anyway')?.context).toMatchObject({
      deadlineMs: 200,
      pending: { listenerWork: 1, commands: 1 },
    });
    held.release();
    await held.done;
    await waitFor(() => h.slack.work.count === 0);
  });
});
