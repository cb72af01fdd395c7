import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.ts';
import { createSlackSender, startResponseCatcher } from '../support/signer.ts';
import { waitFor } from '../support/wait.ts';

/**
 * The server as an operator runs it (src/main.ts in a process of its own, stdout a pipe):
 * JSON log lines with no secret in them, the ops routes, a command counted in /metrics,
 * and SIGTERM ending it cleanly with exit code 0.
 */
const root = new URL('../..', import.meta.url).pathname;
const botToken = 'xoxb-4242424242-4242424242-SeCrEtToKeNvAlUe0123456789';
const signingSecret = 'process-test-signing-secret-0123456789';

describe('the server process', { timeout: 300_000 }, () => {
  let fake: FakeSlack;
  let catcher: Awaited<ReturnType<typeof startResponseCatcher>>;
  let child: ChildProcess;
  let dataDir: string;
  let stdout = '';
  let stderr = '';
  let exit: Promise<number | null>;
  let port: number;

  const lines = () => stdout.split('\n').filter(Boolean);

  beforeAll(async () => {
    fake = await startFakeSlack();
    fake.addUser({ id: 'UMGR', name: 'mara', real_name: 'Mara', tz: 'Europe/Berlin' });
    fake.addUser({ id: 'UANA', name: 'ana', real_name: 'Ana', tz: 'Europe/Berlin' });
    catcher = await startResponseCatcher();
    dataDir = mkdtempSync(join(tmpdir(), 'coordinator-process-'));
    child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: root,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '/tmp',
        SLACK_BOT_TOKEN: botToken,
        SLACK_SIGNING_SECRET: signingSecret,
        SLACK_API_URL: fake.url,
        DATA_DIR: dataDir,
        PORT: '0',
        LOG_LEVEL: 'debug',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d: Buffer) => (stdout += String(d)));
    child.stderr!.on('data', (d: Buffer) => (stderr += String(d)));
    exit = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
    await waitFor(() => lines().some((l) => l.includes('"msg":"listening on')) || child.exitCode !== null, { timeoutMs: 90_000 });
    const listening = lines()
      .map((l) => JSON.parse(l) as { msg: string; port?: number })
      .find((l) => l.msg.startsWith('listening on'));
    expect(listening, stderr).toBeDefined();
    port = listening!.port!;
  }, 120_000);

  afterAll(async () => {
    if (child.exitCode === null) child.kill('SIGKILL');
    await catcher.close();
    await fake.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('is ready, counts a command in /metrics, logs JSON lines without secrets, and drains on SIGTERM', async () => {
    const base = `http://127.0.0.1:${port}`;
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ ok: true, checks: { database: 'ok', slack: 'ok', migrations: expect.stringMatching(/^ok \(\d+ applied\)$/) } });

    const sender = createSlackSender({ baseUrl: base, signingSecret, responseUrl: catcher.url });
    const res = await sender.command({ command: '/standup', text: 'members add <@UANA>', user_id: 'UMGR', channel_id: 'CTEAM', channel_name: 'team-alpha' });
    expect(res.status).toBe(200);
    const id = res.responseUrl!.split('/respond/')[1]!;
    const reply = await catcher.waitFor((r) => r.id === id, 30_000);
    expect(reply.text).toMatch(/Added <@UANA>/);

    await waitFor(async () => /coordinator_requests_total\{type="command",kind="\/standup",outcome="ok"\} 1/.test(await (await fetch(`${base}/metrics`)).text()));
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/^coordinator_ack_seconds_count\{type="command",kind="\/standup"\} 1$/m);
    expect(metrics).toContain('nodejs_eventloop_lag_seconds');

    child.kill('SIGTERM');
    expect(await exit).toBe(0);

    const parsed = lines().map((l) => JSON.parse(l) as { level: string; ns: string; msg: string });
    expect(parsed.length).toBeGreaterThan(3);
    for (const p of parsed) expect(Object.keys(p)).toEqual(expect.arrayContaining(['level', 'time', 'ns', 'msg']));
    expect(parsed.map((p) => p.msg)).toEqual(expect.arrayContaining(['connected to Slack', 'shutting down: not ready, taking no new work, draining', 'drained']));
    // Bolt's and the Web API client's own lines came through the same logger.
    expect(parsed.some((p) => p.ns === 'coordinator:slack' && p.level === 'debug' && p.msg.startsWith('ack() call begins'))).toBe(true);
    expect(parsed.some((p) => p.ns === 'coordinator:web-api' && p.msg === "apiCall('auth.test') start")).toBe(true);
    const all = stdout + stderr;
    expect(all).not.toContain('SeCrEtToKeNvAlUe');
    expect(all).not.toContain(signingSecret);
  });
});
