import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import type { Config } from '../config/config.ts';
import type { Database } from './database.ts';
import * as schema from './schema.ts';

export const migrationsFolder = fileURLToPath(new URL('../../drizzle', import.meta.url));

export type Connection = {
  db: Database;
  kind: 'postgres' | 'pglite';
  /** Applies the committed migrations; safe to run from several processes at once. */
  migrate(): Promise<void>;
  close(): Promise<void>;
  /** Postgres only: this pool's size and its connections as Postgres sees them (open, running a statement). */
  poolStats?: () => Promise<{ max: number; open: number; active: number }>;
};

/** A second process on a PGlite directory would corrupt it; this is what it is told instead. */
export class DataDirInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `The embedded database in ${dataDir} is in use by another Coordinator process (pid ${pid}). ` +
        'Embedded PGlite is single-process: stop that process, or point every process at one Postgres with DATABASE_URL.',
    );
    this.name = 'DataDirInUseError';
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes `DATA_DIR/coordinator.lock` for this process, or says who holds it. Stale locks are taken over. */
function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const lockPath = join(dataDir, 'coordinator.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx');
      writeFileSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(lockPath, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number.parseInt(readFileSync(lockPath, 'utf8'), 10);
      if (Number.isFinite(pid) && pid !== process.pid && isAlive(pid)) throw new DataDirInUseError(resolve(dataDir), pid);
      rmSync(lockPath, { force: true });
    }
  }
  throw new Error(`could not lock ${dataDir}`);
}

/** `loadDataDir`: an in-memory database starts as a copy of this data directory tarball (PGlite's `dumpDataDir`). */
export async function connectPglite(dataDir: string | undefined, opts: { loadDataDir?: Blob } = {}): Promise<Connection> {
  const release = dataDir ? lockDataDir(dataDir) : () => {};
  try {
    const client = dataDir ? new PGlite(dataDir) : new PGlite(opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {});
    await client.waitReady;
    const db = drizzlePglite({ client, schema, casing: 'snake_case' }) as unknown as Database;
    return {
      db,
      kind: 'pglite',
      migrate: () => migratePglite(drizzlePglite({ client }), { migrationsFolder }),
      close: async () => {
        await client.close();
        release();
      },
    };
  } catch (err) {
    release();
    throw err;
  }
}

export async function connectPostgres(url: string, opts: { max?: number } = {}): Promise<Connection> {
  const max = opts.max ?? 10;
  // A name of this pool's own, so pg_stat_activity can tell its connections from other replicas'.
  const applicationName = `coordinator-${process.pid}-${randomBytes(3).toString('hex')}`;
  const sql = postgres(url, {
    max,
    connection: { application_name: applicationName },
    onnotice: () => {},
    connect_timeout: 10,
    // Keep timestamps as Date and dates as strings, as PGlite does.
    types: { date: { to: 1082, from: [1082], serialize: (x: string) => x, parse: (x: string) => x } },
  });
  const db = drizzlePostgres(sql, { schema, casing: 'snake_case' }) as unknown as Database;
  return {
    db,
    kind: 'postgres',
    async migrate() {
      // Replicas starting together: one migrates while the others wait on the lock.
      // A one-connection client keeps the session lock and the migration on the same connection.
      const single = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 10 });
      try {
        await single`select pg_advisory_lock(7226048)`;
        await migratePostgres(drizzlePostgres(single), { migrationsFolder });
      } finally {
        await single.end({ timeout: 5 });
      }
    },
    close: () => sql.end({ timeout: 5 }),
    async poolStats() {
      const [row] = await sql<{ open: number; active: number }[]>`
        select count(*)::int as open, count(*) filter (where state = 'active')::int as active
        from pg_stat_activity where application_name = ${applicationName}`;
      // This query is itself one active connection of the pool.
      return { max, open: row?.open ?? 0, active: Math.max(0, (row?.active ?? 1) - 1) };
    },
  };
}

export function connect(database: Config['database']): Promise<Connection> {
  return database.kind === 'postgres' ? connectPostgres(database.url) : connectPglite(database.dataDir);
}
