import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli.ts';
import { connectPglite } from '../src/db/connect.ts';
import { testPostgresUrl } from './support/db.ts';

const run = promisify(execFile);
const root = new URL('..', import.meta.url).pathname;
const bareEnv = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp' };

/** The CLI from source through tsx; the built one behind `bin/coordinator.js` is tested in build.test.ts. */
async function cli(args: string[], env: Record<string, string>) {
  try {
    const r = await run(process.execPath, ['--import', 'tsx', join(root, 'src/cli.ts'), ...args], { env: { ...bareEnv, ...env }, cwd: root });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'coordinator-cli-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('npm start', { timeout: 120_000 }, () => {
  it('with an empty environment exits 1 naming what is missing, without a stack trace', async () => {
    const r = await run(process.execPath, ['--import', 'tsx', join(root, 'src/main.ts')], { env: bareEnv, cwd: root }).then(
      () => ({ code: 0, stderr: '' }),
      (e: { code: number; stderr: string }) => e,
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('SLACK_BOT_TOKEN: missing');
    expect(r.stderr).toContain('SLACK_SIGNING_SECRET: missing');
    expect(r.stderr).toContain('manifest.json');
    expect(r.stderr).toContain('npm run demo');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

/** The same CLI in this process: what it prints and returns, without the cost of a cold start. */
async function cliHere(args: string[], env: Record<string, string>) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, env, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, stdout: out.map((l) => `${l}\n`).join(''), stderr: err.map((l) => `${l}\n`).join('') };
}

describe('coordinator CLI', { timeout: 120_000 }, () => {
  // A real process: the entry point runs, prints to stdout and exits with the code.
  it('--help lists the commands', async () => {
    const r = await cli(['--help'], {});
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/migrate/);
    expect(r.stdout).toMatch(/tick \[--now ISO-8601\]/);
  });

  it('rejects an unknown command and a bad --now with one clear line', async () => {
    const unknown = await cliHere(['frobnicate'], {});
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/Unknown command "frobnicate"/);
    const r = await cliHere(['tick', '--now', 'yesterday'], {});
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^--now: expected an ISO-8601 instant/);
    // An instant centuries away would record planning as done until then.
    const far = await cliHere(['tick', '--now', '9999-12-31T00:00:00Z'], {});
    expect(far.code).toBe(2);
    expect(far.stderr.trim()).toMatch(/^--now: 9999-12-31T00:00:00Z is outside the years 2000–2100\. Example:/);
  });

  it('migrate creates the schema in an empty PGlite directory; twice is a no-op', async () => {
    const dir = tmp();
    const first = await cliHere(['migrate'], { DATA_DIR: dir });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const second = await cliHere(['migrate'], { DATA_DIR: dir });
    expect(second.code).toBe(0);
    const c = await connectPglite(dir);
    try {
      const tables = await c.db.execute<{ table_name: string }>(
        "select table_name from information_schema.tables where table_schema = 'public' order by 1",
      );
      const names = (tables as unknown as { rows: { table_name: string }[] }).rows.map((r) => r.table_name);
      expect(names).toEqual(expect.arrayContaining(['teams', 'team_members', 'questions', 'standup_entries', 'deliveries']));
    } finally {
      await c.close();
    }
  });

  it('refuses, in one line, a PGlite directory another process holds', async () => {
    const dir = tmp();
    const holder = await connectPglite(dir);
    try {
      const r = await cli(['migrate'], { DATA_DIR: dir });
      expect(r.code).toBe(1);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/in use by another Coordinator process \(pid \d+\).*DATABASE_URL/);
    } finally {
      await holder.close();
    }
  });

  it.skipIf(!testPostgresUrl)('migrate creates the schema on an empty Postgres; twice is a no-op', async () => {
    const admin = postgres(testPostgresUrl!, { max: 1, onnotice: () => {} });
    const name = `coordinator_cli_${process.pid}`;
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.unsafe(`create database ${name}`);
    const url = new URL(testPostgresUrl!);
    url.pathname = `/${name}`;
    try {
      expect((await cliHere(['migrate'], { DATABASE_URL: url.toString() })).code).toBe(0);
      expect((await cliHere(['migrate'], { DATABASE_URL: url.toString() })).code).toBe(0);
      const db = postgres(url.toString(), { max: 1 });
      const rows = await db`select count(*)::int as n from drizzle.__drizzle_migrations`;
      const tables = await db`select count(*)::int as n from information_schema.tables where table_schema = 'public'`;
      await db.end();
      expect(rows[0]!.n).toBeGreaterThan(0);
      expect(tables[0]!.n).toBeGreaterThanOrEqual(9);
    } finally {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
  });
});
