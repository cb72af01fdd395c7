import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectPglite } from '../src/db/connect.ts';

/**
 * Production runs the compiled build: `npm run build`, then `node dist/main.js` and
 * `npx coordinator` (bin/ → dist/cli.js), with no TypeScript loader at run time.
 */
const execFileAsync = promisify(execFile);
const root = new URL('..', import.meta.url).pathname;
// The Node running the tests runs the build too (CI runs this file on each supported Node).
const path = `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ''}`;
const bareEnv = { PATH: path, HOME: process.env.HOME ?? '/tmp' };

async function node(args: string[], env: Record<string, string> = {}) {
  try {
    const r = await execFileAsync(process.execPath, args, { env: { ...bareEnv, ...env }, cwd: root });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

function jsFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.js'))
    .map((f) => join(dir, f));
}

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('the compiled build', { timeout: 120_000 }, () => {
  beforeAll(async () => {
    await execFileAsync('npm', ['run', '--silent', 'build'], { cwd: root, env: { ...process.env, PATH: path } });
  }, 600_000);

  it('emits JavaScript for both entry points, importing no .ts file and no tsx', () => {
    expect(existsSync(join(root, 'dist/main.js'))).toBe(true);
    expect(existsSync(join(root, 'dist/cli.js'))).toBe(true);
    for (const file of jsFiles(join(root, 'dist'))) {
      const text = readFileSync(file, 'utf8');
      expect(text, file).not.toMatch(/from ["']\.{1,2}\/[^"']*\.ts["']/);
      expect(text, file).not.toMatch(/import\(["']\.{1,2}\/[^"']*\.ts["']\)/);
      expect(text, file).not.toMatch(/["']tsx(\/[^"']*)?["']/);
    }
  });

  it('bin/coordinator.js and dist/cli.js answer --help', async () => {
    for (const entry of ['bin/coordinator.js', 'dist/cli.js']) {
      const r = await node([join(root, entry), '--help']);
      expect(r.code, entry).toBe(0);
      expect(r.stdout, entry).toMatch(/tick \[--now ISO-8601\]/);
    }
  });

  it('dist/cli.js migrate finds drizzle/ and creates the schema in an empty PGlite directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'coordinator-build-'));
    dirs.push(dir);
    const r = await node([join(root, 'dist/cli.js'), 'migrate'], { DATA_DIR: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/migrations applied/);
    const c = await connectPglite(dir);
    try {
      const tables = await c.db.execute<{ table_name: string }>(
        "select table_name from information_schema.tables where table_schema = 'public' order by 1",
      );
      const names = (tables as unknown as { rows: { table_name: string }[] }).rows.map((row) => row.table_name);
      expect(names).toEqual(expect.arrayContaining(['teams', 'team_members', 'standup_entries', 'deliveries']));
    } finally {
      await c.close();
    }
  });

  it('node dist/main.js with an empty environment names what is missing, without a stack trace', async () => {
    const r = await node([join(root, 'dist/main.js')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('SLACK_BOT_TOKEN: missing');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
