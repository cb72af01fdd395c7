import { sql } from 'drizzle-orm';
import type { Database } from '../../src/db/database.ts';

/** Every (table, workspace id) that has rows, across all tables with a workspace column (and `workspaces` itself). */
export async function workspacesWithRows(db: Database): Promise<Array<{ table: string; workspace: string }>> {
  const columns = (await db.execute(sql`
    select table_name from information_schema.columns
    where table_schema = 'public' and column_name = 'workspace_id'
    order by table_name`)) as unknown as { rows?: { table_name: string }[] } | { table_name: string }[];
  const tables = rowsOf(columns).map((r) => r.table_name);
  const found: Array<{ table: string; workspace: string }> = [];
  for (const table of tables) {
    const res = await db.execute(sql.raw(`select distinct workspace_id as w from "${table}"`));
    for (const r of rowsOf(res as unknown as { rows?: { w: string }[] })) found.push({ table, workspace: r.w });
  }
  for (const r of rowsOf((await db.execute(sql`select id as w from workspaces`)) as unknown as { rows?: { w: string }[] })) {
    found.push({ table: 'workspaces', workspace: r.w });
  }
  return found;
}

/** Teams that nobody manages (every team must keep at least one manager). */
export async function teamsWithoutManager(db: Database): Promise<number[]> {
  const res = await db.execute(sql`
    select t.id from teams t
    where not exists (select 1 from team_members m where m.team_id = t.id and m.is_manager)`);
  return rowsOf(res as unknown as { rows?: { id: number }[] }).map((r) => Number(r.id));
}

/** Row count of one table. */
export async function countRows(db: Database, table: string): Promise<number> {
  const res = await db.execute(sql.raw(`select count(*)::int as n from "${table}"`));
  return Number(rowsOf(res as unknown as { rows?: { n: number }[] })[0]?.n ?? 0);
}

/** PGlite answers `{ rows }`, postgres.js an array. */
export function rowsOf<T>(res: { rows?: T[] } | T[]): T[] {
  return Array.isArray(res) ? res : (res.rows ?? []);
}
