import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectPglite, migrationsFolder, type Connection } from '../../src/db/connect.ts';
import type { Database } from '../../src/db/database.ts';
import { migrationsProbe, migrationVerdict, readMigrationJournal } from '../../src/ops/migrations.ts';
import { createSlackAuthCheck } from '../../src/ops/slack-auth.ts';
import { silentLogger } from '../../src/shared/logger.ts';
import { createWebClient } from '../../src/slack/gateway.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { botToken, startHarness, type Harness } from '../support/harness.ts';

type Report = { ok: boolean; failed: string[]; checks: Record<string, string> };

/**
 * GET /readyz on the real app: the database answering (probed through whichever connection
 * the app holds), the migrations this build ships applied, Slack accepting the token, and
 * room for more commands. Each failure turns it 503 and is named; each recovery turns it back.
 */
describe('GET /readyz', () => {
  let h: Harness;
  let db: TestDatabase;
  let closed: Connection;
  /** The connection the readiness probe goes through; the test swaps in a closed one. */
  let probeDb: Database;
  let slackAuth: ReturnType<typeof createSlackAuthCheck>;
  const journal = readMigrationJournal(migrationsFolder);

  const ready = async () => {
    const res = await fetch(`${h.baseUrl}/readyz`);
    return { status: res.status, body: (await res.json()) as Report };
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    probeDb = db.db;
    closed = await connectPglite(undefined);
    await closed.close();
    // Built before the harness so its probe can be handed in; it talks to the harness's fake Slack through `web`.
    let authTest: () => Promise<unknown> = async () => {};
    slackAuth = createSlackAuthCheck({ authTest: () => authTest(), logger: silentLogger() });
    h = await startHarness({
      now: '2026-12-01T08:00:00Z',
      db,
      databaseReady: async () => {
        await probeDb.execute(sql`select 1`);
      },
      readinessProbes: { migrations: migrationsProbe(db.db, journal), slack: slackAuth.probe },
    });
    const web = createWebClient({ botToken, apiUrl: h.fake.url, logger: h.services.logger, clientOptions: { timeout: 2000, retryConfig: { retries: 0 } } });
    authTest = () => web.auth.test();
  });
  afterAll(() => h.close());

  it('is ready with every check named', async () => {
    const r = await ready();
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      ok: true,
      failed: [],
      checks: { database: 'ok', migrations: `ok (${journal.length} applied)`, slack: 'ok', commands: 'ok (0/256 in flight)' },
    });
  });

  it('fails while the database is down, and recovers', async () => {
    probeDb = closed.db;
    try {
      const down = await ready();
      expect(down.status).toBe(503);
      expect(down.body.ok).toBe(false);
      expect(down.body.failed).toEqual(['database']);
      expect(down.body.checks.database).toMatch(/^unreachable: /);
    } finally {
      probeDb = db.db;
    }
    expect((await ready()).status).toBe(200);
  });

  it('fails while a migration this build ships is not applied, and recovers once it is', async () => {
    const latest = Math.max(...journal.map((e) => e.when));
    const rows = (await db.db.execute(sql`select id, hash, created_at from drizzle.__drizzle_migrations where created_at = ${latest}`)) as unknown as
      | { rows: { id: number; hash: string; created_at: string }[] }
      | { id: number; hash: string; created_at: string }[];
    const row = (Array.isArray(rows) ? rows : rows.rows)[0]!;
    await db.db.execute(sql`delete from drizzle.__drizzle_migrations where id = ${row.id}`);
    try {
      const behind = await ready();
      expect(behind.status).toBe(503);
      expect(behind.body.failed).toEqual(['migrations']);
      expect(behind.body.checks.migrations).toBe(
        `not current: 1 of ${journal.length} migrations not applied (next: ${journal.at(-1)!.tag}); run \`coordinator migrate\` or restart one replica`,
      );
    } finally {
      await db.db.execute(sql`insert into drizzle.__drizzle_migrations (id, hash, created_at) values (${row.id}, ${row.hash}, ${row.created_at})`);
    }
    expect((await ready()).status).toBe(200);
  });

  it('fails while Slack rejects the token, not while Slack is merely unreachable', async () => {
    h.fake.failNext('auth.test', { status: 503 });
    await slackAuth.refresh();
    expect((await ready()).status).toBe(200);

    h.fake.failNext('auth.test', { error: 'token_revoked' });
    await slackAuth.refresh();
    const revoked = await ready();
    expect(revoked.status).toBe(503);
    expect(revoked.body.failed).toEqual(['slack']);
    expect(revoked.body.checks.slack).toBe('Slack rejects the bot token (auth.test: token_revoked)');

    await slackAuth.refresh();
    expect((await ready()).status).toBe(200);
  });

  it('serves /healthz while not ready: the process is alive', async () => {
    probeDb = closed.db;
    try {
      expect((await ready()).status).toBe(503);
      const health = await fetch(`${h.baseUrl}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ ok: true });
    } finally {
      probeDb = db.db;
    }
  });
});

describe('the migrations verdict', () => {
  const journal = [
    { idx: 0, when: 100, tag: '0000_init' },
    { idx: 1, when: 200, tag: '0001_next' },
  ];
  it.each([
    [[100, 200], true, '2 applied'],
    [[100, 200, 300], true, '3 applied'],
    [[100], false, 'not current: 1 of 2 migrations not applied (next: 0001_next); run `coordinator migrate` or restart one replica'],
    [[], false, 'not current: 2 of 2 migrations not applied (next: 0000_init); run `coordinator migrate` or restart one replica'],
  ])('applied %j → current %s', (applied, current, detail) => {
    expect(migrationVerdict(journal, applied)).toEqual({ current, detail });
  });
});
