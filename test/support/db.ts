import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { inject } from 'vitest';
import { connectPglite, connectPostgres, type Connection } from '../../src/db/connect.ts';
import { rowsOf } from './invariants.ts';

/** The real Postgres to test against when CI (or a developer) gives one; PGlite otherwise. */
export const testPostgresUrl = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || undefined;

export type TestDatabase = Connection & { url: string | undefined };

let pgliteTemplate: Blob | undefined;
/** The migrated data directory the global set-up made (test/support/global-setup.ts), read once per test file. */
function pgliteTemplateBlob(): Blob | undefined {
  if (!pgliteTemplate) {
    const file = inject('pgliteTemplate');
    if (file) pgliteTemplate = new Blob([readFileSync(file)]);
  }
  return pgliteTemplate;
}

/**
 * A fresh database with the real migrations applied: an in-memory PGlite, or a
 * new database on the test Postgres (dropped again by `close`). Both start as a copy
 * of a database the global set-up migrated once; `migrate` on them is a no-op.
 */
export async function createTestDatabase(opts: { kind?: 'pglite' | 'postgres' } = {}): Promise<TestDatabase> {
  const kind = opts.kind ?? (testPostgresUrl ? 'postgres' : 'pglite');
  if (kind === 'pglite') {
    const template = pgliteTemplateBlob();
    const c = await connectPglite(undefined, template ? { loadDataDir: template } : {});
    await c.migrate();
    return { ...c, url: undefined };
  }
  if (!testPostgresUrl) throw new Error('createTestDatabase: no TEST_DATABASE_URL / DATABASE_URL for postgres');
  const name = `coordinator_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(testPostgresUrl, { max: 1, onnotice: () => {} });
  const template = inject('postgresTemplate');
  await admin.unsafe(template ? `create database ${name} template ${template}` : `create database ${name}`);
  await admin.end();
  const url = new URL(testPostgresUrl);
  url.pathname = `/${name}`;
  const c = await connectPostgres(url.toString(), { max: 20 });
  await c.migrate();
  return {
    ...c,
    url: url.toString(),
    async close() {
      await c.close();
      const a = postgres(testPostgresUrl, { max: 1, onnotice: () => {} });
      await a.unsafe(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}

/**
 * Back to the state of a fresh test database — every table of the schema empty, every id
 * sequence restarted (the migrations seed no rows) — without booting another database: for a
 * file whose tests each want an empty database, one database per file emptied between tests.
 */
export async function emptyTestDatabase(db: TestDatabase): Promise<void> {
  const res = await db.db.execute(sql`select tablename from pg_tables where schemaname = 'public' order by tablename`);
  const tables = rowsOf(res as unknown as { rows?: { tablename: string }[] }).map((r) => `"public"."${r.tablename}"`);
  if (tables.length) await db.db.execute(sql.raw(`truncate ${tables.join(', ')} restart identity cascade`));
}
