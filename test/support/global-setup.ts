import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { connectPostgres, migrationsFolder } from '../../src/db/connect.ts';
import { testPostgresUrl } from './db.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A tarball of an empty, migrated PGlite data directory: each test database starts from it. */
    pgliteTemplate: string;
    /** A migrated database on the test Postgres that test databases are copied from (`create database … template`). */
    postgresTemplate: string | undefined;
  }
}

/**
 * Runs the migrations once for the whole run, not once per test: booting PGlite from a migrated
 * data directory skips initdb and the migrations, and Postgres copies a template database.
 * The migrations themselves are tested on empty databases (test/cli.test.ts, test/build.test.ts).
 */
export default async function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), 'coordinator-template-'));
  const client = new PGlite();
  await migratePglite(drizzlePglite({ client }), { migrationsFolder });
  const dump = await client.dumpDataDir('none');
  await client.close();
  const file = join(dir, 'pglite.tar');
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  project.provide('pgliteTemplate', file);

  let template: string | undefined;
  if (testPostgresUrl) {
    template = `coordinator_template_${randomBytes(4).toString('hex')}`;
    const admin = postgres(testPostgresUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${template}`);
    await admin.end();
    const url = new URL(testPostgresUrl);
    url.pathname = `/${template}`;
    const c = await connectPostgres(url.toString(), { max: 1 });
    await c.migrate();
    await c.close();
  }
  project.provide('postgresTemplate', template);

  return async () => {
    rmSync(dir, { recursive: true, force: true });
    if (template && testPostgresUrl) {
      const admin = postgres(testPostgresUrl, { max: 1, onnotice: () => {} });
      await admin.unsafe(`drop database if exists ${template} with (force)`);
      await admin.end();
    }
  };
}
