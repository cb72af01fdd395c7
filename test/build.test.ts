import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectPglite } from '../src/db/connect.ts';
import { startFakeSlack } from './support/fake-slack.ts';
import { createSlackSender, startResponseCatcher } from './support/signer.ts';
import { waitFor } from './support/wait.ts';

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

describe('the compiled build', { timeout: 300_000 }, () => {
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

  // The smoke an operator would run: the built server, on its own, against a Slack (the fake).
  it('node dist/main.js serves: ready, a signed command answered, a clean exit on SIGTERM', async () => {
    const fake = await startFakeSlack();
    const catcher = await startResponseCatcher();
    const dataDir = mkdtempSync(join(tmpdir(), 'coordinator-build-smoke-'));
    dirs.push(dataDir);
    fake.addUser({ id: 'UMGR', name: 'mara', real_name: 'Mara', tz: 'Europe/Berlin' });
    fake.addUser({ id: 'UANA', name: 'ana', real_name: 'Ana', tz: 'Europe/Berlin' });
    const signingSecret = 'build-smoke-signing-secret';
    const child = spawn(process.execPath, [join(root, 'dist/main.js')], {
      cwd: root,
      env: { ...bareEnv, SLACK_BOT_TOKEN: 'xoxb-build-smoke', SLACK_SIGNING_SECRET: signingSecret, SLACK_API_URL: fake.url, DATA_DIR: dataDir, PORT: '0', LOG_FORMAT: 'json' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += String(d)));
    child.stderr!.on('data', (d: Buffer) => (out += String(d)));
    const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const listening = await waitFor(
        () => out.split('\n').flatMap((l) => (l.startsWith('{') ? [JSON.parse(l) as { msg: string; port?: number }] : [])).find((l) => l.msg.startsWith('listening on')) ?? (child.exitCode !== null ? { msg: 'exited', port: undefined } : undefined),
        { timeoutMs: 90_000, message: 'the built server listening' },
      );
      expect(listening.port, out).toBeDefined();
      const base = `http://127.0.0.1:${listening.port}`;
      expect((await fetch(`${base}/readyz`)).status).toBe(200);
      const sender = createSlackSender({ baseUrl: base, signingSecret, responseUrl: catcher.url });
      const res = await sender.command({ command: '/standup', text: 'members add <@UANA>', user_id: 'UMGR', channel_id: 'CTEAM', channel_name: 'team-alpha' });
      expect(res.status).toBe(200);
      const id = res.responseUrl!.split('/respond/')[1]!;
      expect((await catcher.waitFor((r) => r.id === id, 30_000)).text).toMatch(/Added <@UANA>/);
      child.kill('SIGTERM');
      expect(await exit, out).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await catcher.close();
      await fake.close();
    }
  });

  it('node dist/main.js with an empty environment names what is missing, without a stack trace', async () => {
    const r = await node([join(root, 'dist/main.js')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('SLACK_BOT_TOKEN: missing');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
