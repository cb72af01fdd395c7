import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import type { Database } from '../db/database.ts';

/**
 * Are the migrations this build ships applied to the database? drizzle's migrator records
 * each applied migration in `drizzle.__drizzle_migrations` with the journal's `when`
 * (`created_at`), and applies only those newer than the latest row; so the database is
 * current when its latest row is at least the journal's latest entry. (Newer than the
 * build is fine: another replica of a newer release migrated first.)
 */

export type JournalEntry = { idx: number; when: number; tag: string };

export function readMigrationJournal(migrationsFolder: string): JournalEntry[] {
  const journal = JSON.parse(readFileSync(join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as { entries: JournalEntry[] };
  return journal.entries;
}

/** Pure: the verdict from the journal and the `created_at` values recorded in the database. */
export function migrationVerdict(journal: JournalEntry[], applied: number[]): { current: boolean; detail: string } {
  const latest = applied.length ? Math.max(...applied) : undefined;
  const missing = journal.filter((e) => latest === undefined || e.when > latest);
  if (missing.length === 0) return { current: true, detail: `${applied.length} applied` };
  return {
    current: false,
    detail: `not current: ${missing.length} of ${journal.length} migrations not applied (next: ${missing[0]!.tag}); run \`coordinator migrate\` or restart one replica`,
  };
}

/** A readiness probe: resolves with a detail when current, rejects with the verdict otherwise. */
export function migrationsProbe(db: Database, journal: JournalEntry[]) {
  return async (): Promise<string> => {
    const rows = await db.execute<{ created_at: string | number }>(sql`select created_at from drizzle.__drizzle_migrations`);
    const list = (Array.isArray(rows) ? rows : (rows as unknown as { rows: { created_at: string | number }[] }).rows) as { created_at: string | number }[];
    const verdict = migrationVerdict(
      journal,
      list.map((r) => Number(r.created_at)),
    );
    if (!verdict.current) throw new Error(verdict.detail);
    return verdict.detail;
  };
}
