import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { connectPglite } from '../../src/db/connect.ts';
import { createInstallationsRepository } from '../../src/installations/installations.repository.ts';
import { startFakeSlackOrg, type FakeSlackOrg } from '../../src/simulator/fake-slack-org.ts';
import { keyringOf, newKey } from '../support/distributed-harness.ts';
import { waitFor } from '../support/wait.ts';

/**
 * `npm start` in distributed mode, as an operator runs it (src/main.ts in its own process):
 * it serves the install page, and it refuses to start — in one line — when the stored tokens
 * were sealed with a key it was not given.
 */
const root = new URL('../..', import.meta.url).pathname;

describe('the server process in distributed mode', { timeout: 180_000 }, () => {
  const dirs: string[] = [];
  let org: FakeSlackOrg | undefined;
  afterAll(async () => {
    await org?.close();
    dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
  });

  function start(env: Record<string, string>) {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', PORT: '0', LOG_LEVEL: 'info', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out = { stdout: '', stderr: '' };
    child.stdout!.on('data', (d: Buffer) => (out.stdout += String(d)));
    child.stderr!.on('data', (d: Buffer) => (out.stderr += String(d)));
    const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    return { child, out, exit };
  }

  it('starts, serves GET /slack/install, and stops on SIGTERM; then refuses a key that does not open the stored tokens', async () => {
    org = await startFakeSlackOrg([{ teamId: 'T1' }]);
    const dataDir = mkdtempSync(join(tmpdir(), 'coordinator-distributed-'));
    dirs.push(dataDir);
    const key = newKey();
    const env = {
      SLACK_CLIENT_ID: org.clientId,
      SLACK_CLIENT_SECRET: org.clientSecret,
      SLACK_STATE_SECRET: 'process-state-secret-0123456789',
      SLACK_SIGNING_SECRET: 'process-signing-secret',
      SLACK_API_URL: org.url,
      COORDINATOR_ENCRYPTION_KEY: key,
      DATA_DIR: dataDir,
    };
    const server = start(env);
    await waitFor(() => server.out.stdout.includes('listening on') || server.child.exitCode !== null || undefined, { timeoutMs: 120_000, message: 'the server to listen' });
    const listening = server.out.stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { msg: string; port?: number })
      .find((l) => l.msg.startsWith('listening on'));
    expect(listening?.msg, server.out.stderr).toContain('GET /slack/install');
    const page = await fetch(`http://127.0.0.1:${listening!.port}/slack/install`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Add to Slack');
    server.child.kill('SIGTERM');
    expect(await server.exit).toBe(0);

    // A token sealed under another key, as after restoring a backup with the wrong .env.
    const c = await connectPglite(dataDir);
    await createInstallationsRepository({ db: c.db, keyring: keyringOf(newKey()) }).save(
      { workspaceId: 'T1', enterpriseId: undefined, teamName: 'T', appId: 'A', botUserId: 'UB', botId: 'BB', scopes: [], installerUserId: 'U1', botToken: 'xoxb-x', botRefreshToken: undefined, botTokenExpiresAt: undefined },
      new Date(),
    );
    await c.close();
    const refused = start(env);
    expect(await refused.exit).toBe(1);
    const lines = refused.out.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^COORDINATOR_ENCRYPTION_KEY: stored tokens were sealed with key [0-9a-f]{8}, which is neither this key/);
    expect(refused.out.stderr).not.toContain(key);
  });
});
