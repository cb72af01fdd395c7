import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectPostgres, migrationsFolder, type Connection } from '../../src/db/connect.ts';
import { migrationsProbe, readMigrationJournal } from '../../src/ops/migrations.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import { findPgBin, startPgCluster } from '../support/pg-cluster.ts';
import { waitFor } from '../support/wait.ts';

/**
 * The operator's view on a real Postgres server of the test's own (so it can be stopped):
 * /readyz while the server is down and after it is back, and the pool gauge of /metrics.
 */
const pgBin = findPgBin();

describe.skipIf(!pgBin)('readiness and pool metrics on a real Postgres', { timeout: 300_000 }, () => {
  let cluster: Awaited<ReturnType<typeof startPgCluster>>;
  let conn: Connection;
  let h: Harness;

  const ready = async () => {
    const res = await fetch(`${h.baseUrl}/readyz`);
    return { status: res.status, body: (await res.json()) as { ok: boolean; failed: string[]; checks: Record<string, string> } };
  };
  const metric = async (line: RegExp) => line.exec(await (await fetch(`${h.baseUrl}/metrics`)).text())?.[1];

  beforeAll(async () => {
    cluster = await startPgCluster(pgBin!);
    conn = await connectPostgres(cluster.url, { max: 4 });
    await conn.migrate();
    h = await startHarness({
      now: '2026-12-01T08:00:00Z',
      db: { ...conn, url: cluster.url },
      readinessProbes: { migrations: migrationsProbe(conn.db, readMigrationJournal(migrationsFolder)) },
    });
    h.services.metrics.sources.pool(conn.poolStats!);
  }, 120_000);
  afterAll(async () => {
    await h?.close();
    cluster?.close();
  });

  it('reports the pool: its size, connections open, and those running a statement', async () => {
    // Another session holds an advisory lock; a statement of the pool waits on it, running.
    const other = postgres(cluster.url, { max: 1, onnotice: () => {} });
    try {
      await other`select pg_advisory_lock(4242)`;
      const waiting = conn.db.transaction(async (tx) => {
        await tx.execute(sql`select pg_advisory_xact_lock(4242)`);
      });
      await waitFor(async () => (await conn.poolStats!()).active >= 1);
      expect(await metric(/^coordinator_db_pool_connections\{state="max"\} (\d+)$/m)).toBe('4');
      expect(Number(await metric(/^coordinator_db_pool_connections\{state="active"\} (\d+)$/m))).toBeGreaterThanOrEqual(1);
      expect(Number(await metric(/^coordinator_db_pool_connections\{state="open"\} (\d+)$/m))).toBeGreaterThanOrEqual(2);
      await other`select pg_advisory_unlock(4242)`;
      await waiting;
      expect((await conn.poolStats!()).active).toBe(0);
    } finally {
      await other.end();
    }
  });

  it('is not ready while the server is down, and ready again once it is back', async () => {
    expect((await ready()).status).toBe(200);
    cluster.stop();
    try {
      await waitFor(async () => (await ready()).status === 503, { timeoutMs: 60_000 });
      const down = await ready();
      expect(down.body.failed).toContain('database');
      expect(down.body.checks.database).toMatch(/^unreachable: /);
      // The process stays up and says so.
      expect((await fetch(`${h.baseUrl}/healthz`)).status).toBe(200);
    } finally {
      cluster.start();
    }
    await waitFor(async () => (await ready()).status === 200, { timeoutMs: 60_000 });
    expect((await ready()).body.failed).toEqual([]);
  });
});
