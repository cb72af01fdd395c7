import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { realpathSync } from 'node:fs';

/**
 * Where PostgreSQL's server programs are: `PG_BIN` (exported by `.ci/postgres.sh`), else
 * `initdb` on PATH, else Debian's /usr/lib/postgresql/<v>/bin. Undefined when none is found.
 */
export function findPgBin(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.PG_BIN && existsSync(join(env.PG_BIN, 'pg_ctl'))) return env.PG_BIN;
  try {
    const onPath = execFileSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' }).trim();
    if (onPath) return dirname(realpathSync(onPath));
  } catch {
    // not on PATH
  }
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a));
  return versions.map((v) => join(root, v, 'bin')).find((d) => existsSync(join(d, 'pg_ctl')));
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * A PostgreSQL cluster of a test's own, so the test can stop and start the server without
 * disturbing the other test files that share the CI server. initdb refuses root, so as
 * root the server programs run as the `postgres` user (which `.ci/postgres.sh` creates).
 */
export async function startPgCluster(bin: string) {
  const dir = mkdtempSync(join(tmpdir(), 'coordinator-test-pg-'));
  const data = join(dir, 'data');
  const port = await freePort();
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  const run = (program: string, args: string[]) => {
    const [cmd, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, program), ...args]] : [join(bin, program), args];
    execFileSync(cmd, argv, { cwd: '/', stdio: ['ignore', 'ignore', 'pipe'] });
  };
  const options = `-c listen_addresses=127.0.0.1 -c port=${port} -c unix_socket_directories=${dir} -c fsync=off`;
  run('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '--no-sync']);
  const start = () => run('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-w', '-o', options, 'start']);
  const stop = () => run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
  start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    /** Stops the server as an operator would (`pg_ctl stop -m fast`): sessions are told and closed, new connections refused. */
    stop,
    start,
    close() {
      try {
        stop();
      } catch {
        // already stopped
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
