/**
 * `npm run bench:startup`: start-up time and idle memory of the compiled build
 * (`node dist/main.js`) against the source through tsx (`tsx src/main.ts`), measured as
 * bench/run.ts measures the app: spawned against the fake Slack, time to `GET /healthz`,
 * RSS one second later. Needs `npm run build` first; Postgres from DATABASE_URL or a
 * throwaway cluster. Prints a Markdown table for bench/README.md. Arguments: runs (5),
 * and optionally `postgres` or `pglite` to measure one database.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { connectPostgres } from '../src/db/connect.ts';
import { startFakeSlack } from '../src/simulator/fake-slack.ts';
import { freePort, rssMb, startPostgres, waitHealthy } from './processes.ts';

const root = new URL('..', import.meta.url).pathname;
const runs = Number(process.argv[2] ?? 5);
// `npm run bench:startup -- 3 postgres` measures one database only.
const only = process.argv[3]?.toLowerCase();
const databases = (['Postgres', 'PGlite'] as const).filter((d) => !only || d.toLowerCase() === only);
const variants = {
  'tsx src/main.ts': ['--import', 'tsx', join(root, 'src/main.ts')],
  'node dist/main.js': [join(root, 'dist/main.js')],
} as const;
type Variant = keyof typeof variants;

async function measure(variant: Variant, env: Record<string, string>): Promise<{ ms: number; rss: number }> {
  const port = await freePort();
  const child = spawn(process.execPath, [...variants[variant]], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', PORT: String(port), LOG_LEVEL: 'error', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    const ms = await waitHealthy(port, child, 300_000);
    await new Promise((r) => setTimeout(r, 1000));
    return { ms, rss: rssMb(child.pid!) };
  } finally {
    await new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : (child.once('exit', () => resolve()), child.kill('SIGTERM'))));
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main() {
  if (!existsSync(join(root, 'dist/main.js'))) throw new Error('dist/main.js is missing — run npm run build first');
  const pg = startPostgres();
  const fake = await startFakeSlack();
  try {
    const admin = postgres(pg.url, { max: 1, onnotice: () => {} });
    await admin.unsafe('drop database if exists bench_startup with (force)');
    await admin.unsafe('create database bench_startup');
    await admin.end();
    const url = new URL(pg.url);
    url.pathname = '/bench_startup';
    const migrated = await connectPostgres(url.toString());
    await migrated.migrate();
    await migrated.close();
    const env = { SLACK_BOT_TOKEN: 'xoxb-bench', SLACK_SIGNING_SECRET: 'bench-secret', SLACK_API_URL: fake.url };

    const rows: string[] = [];
    for (const database of databases) {
      const samples: Record<Variant, { ms: number; rss: number }[]> = { 'tsx src/main.ts': [], 'node dist/main.js': [] };
      for (let i = 0; i < runs; i++) {
        // Alternate, so load from elsewhere on the machine falls on both alike.
        for (const variant of Object.keys(variants) as Variant[]) {
          const dir = mkdtempSync(join(tmpdir(), 'bench-startup-'));
          try {
            samples[variant].push(await measure(variant, database === 'Postgres' ? { ...env, DATABASE_URL: url.toString() } : { ...env, DATA_DIR: dir }));
          } finally {
            rmSync(dir, { recursive: true, force: true });
          }
        }
      }
      for (const variant of Object.keys(variants) as Variant[]) {
        const s = samples[variant];
        rows.push(`| ${process.version} | ${database} | \`${variant}\` | ${Math.round(median(s.map((x) => x.ms)))} | ${median(s.map((x) => x.rss))} |`);
      }
    }
    process.stdout.write(`| Node | database | command | start to \`GET /healthz\` (ms, median of ${runs}) | RSS idle (MB) |\n|---|---|---|---|---|\n${rows.join('\n')}\n`);
  } finally {
    await fake.close();
    pg.stop();
  }
}

await main();
