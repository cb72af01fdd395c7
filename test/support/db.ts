import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { connectPglite, connectPostgres, type Connection } from '../../src/db/connect.ts';

/** The real Postgres to test against when CI (or a developer) gives one; PGlite otherwise. */
export const testPostgresUrl = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || undefined;

export type TestDatabase = Connection & { url: string | undefined };

/**
 * A fresh database with the real migrations applied: an in-memory PGlite, or a
 * new database on the test Postgres (dropped again by `close`).
 */
export async function createTestDatabase(opts: { kind?: 'pglite' | 'postgres' } = {}): Promise<TestDatabase> {
  const kind = opts.kind ?? (testPostgresUrl ? 'postgres' : 'pglite');
  if (kind === 'pglite') {
    const c = await connectPglite(undefined);
    await c.migrate();
    return { ...c, url: undefined };
  }
  if (!testPostgresUrl) throw new Error('createTestDatabase: no TEST_DATABASE_URL / DATABASE_URL for postgres');
  const name = `coordinator_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(testPostgresUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
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
