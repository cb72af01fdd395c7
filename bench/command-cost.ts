/**
 * `npx tsx bench/command-cost.ts [--n 200] [--pglite]`: what one command costs, end to end, in
 * this process: the real Bolt app (HTTP mode, request gate, workspace gate, instrument), the
 * real services on Postgres (or PGlite), the fake Slack, and a `response_url` catcher. Signed
 * commands are sent one at a time; for each kind it reports the database statements and the
 * Web API calls per command (counted at the driver and at the fake; the bench wraps the
 * client, the app knows nothing of it) and the mean and median time to the answer.
 * `--profile FILE` writes a CPU profile of the measured commands of each kind (FILE.<command>.cpuprofile);
 * `--only TEXT` runs only the kinds whose command line contains TEXT; `--write` keeps the table in
 * bench/results/latest.json (\`commandCost\`) for bench/README.md.
 */
import postgres from 'postgres';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { PGlite } from '@electric-sql/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import * as schema from '../src/db/schema.ts';
import { migrationsFolder } from '../src/db/connect.ts';
import type { Database } from '../src/db/database.ts';
import { createServices } from '../src/services.ts';
import { systemClock } from '../src/shared/clock.ts';
import { createLogger } from '../src/shared/logger.ts';
import { createSlackApp } from '../src/slack/app.ts';
import { createWebClient } from '../src/slack/gateway.ts';
import { singleWorkspace } from '../src/slack/workspace-gate.ts';
import { startFakeSlack } from '../src/simulator/fake-slack.ts';
import { createSlackSender } from '../src/simulator/signer.ts';
import { createServer } from 'node:http';
import { blockers } from '../src/blockers/blockers.schema.ts';
import { standupEntries } from '../src/standups/standups.schema.ts';
import { questions, teamMembers, teams } from '../src/teams/teams.schema.ts';
import { defaultQuestions } from '../src/teams/teams.repository.ts';
import { tasks } from '../src/workload/workload.schema.ts';
import { slackUsers, workspaces } from '../src/workspaces/workspaces.schema.ts';
import { startPostgres } from './processes.ts';

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const n = Number(arg('--n') ?? 200);
const only = arg('--only');
const usePglite = process.argv.includes('--pglite');
const log = (s: string) => process.stdout.write(`${s}\n`);

let statements = 0;
let counting = false;

async function database(): Promise<{ db: Database; close: () => Promise<void> }> {
  if (usePglite) {
    const client = new PGlite();
    await client.waitReady;
    await migratePglite(drizzlePglite({ client }), { migrationsFolder });
    const db = drizzlePglite({ client, schema, casing: 'snake_case', logger: { logQuery: () => void (counting && statements++) } }) as unknown as Database;
    return { db, close: () => client.close() };
  }
  const pg = startPostgres();
  const single = postgres(pg.url, { max: 1, onnotice: () => {} });
  await migratePostgres(drizzlePostgres(single), { migrationsFolder });
  await single.end();
  // Counted at the driver: every statement the app sends, whoever builds it.
  const sql = postgres(pg.url, {
    max: 10,
    onnotice: () => {},
    debug: () => void (counting && statements++),
    types: { date: { to: 1082, from: [1082], serialize: (x: string) => x, parse: (x: string) => x } },
  });
  const db = drizzlePostgres(sql, { schema, casing: 'snake_case' }) as unknown as Database;
  return { db, close: async () => (await sql.end({ timeout: 5 }), pg.stop()) };
}

async function seed(db: Database) {
  const at = new Date('2026-01-01T00:00:00Z');
  await db.insert(workspaces).values({ id: 'T0001' }).onConflictDoNothing();
  const [team] = await db.insert(teams).values({ workspaceId: 'T0001', channelId: 'CTEAM', name: '#team', createdBy: 'UMGR', timezone: 'UTC', createdAt: at }).returning({ id: teams.id });
  const teamId = team!.id;
  const people = Array.from({ length: 12 }, (_, i) => `U${i}`);
  await db.insert(slackUsers).values([...people, 'UMGR'].map((userId, i) => ({ workspaceId: 'T0001', userId, name: `Member ${i}`, tz: 'Europe/Berlin', refreshedAt: new Date('2100-01-01T00:00:00Z') })));
  await db.insert(teamMembers).values(people.map((userId) => ({ teamId, userId, joinedAt: at })));
  await db.insert(teamMembers).values({ teamId, userId: 'UMGR', isManager: true, isParticipant: false, joinedAt: at });
  await db.insert(questions).values(defaultQuestions.map((q, k) => ({ ...q, teamId, position: k })));
  await db.insert(tasks).values(people.flatMap((userId, i) => [0, 1, 2].map((k) => ({ workspaceId: 'T0001', teamId, title: `Task ${i}-${k}`, assigneeId: userId, createdBy: userId, estimateMinutes: 240, dueDate: '2027-01-04', createdAt: at }))));
  await db.insert(blockers).values(people.slice(0, 6).map((userId, i) => ({ workspaceId: 'T0001', teamId, reporterId: userId, text: `Blocker ${i}`, normalized: `blocker ${i}`, source: 'command' as const, openedDate: '2026-11-30', openedAt: new Date('2026-11-30T08:00:00Z') })));
  const today = new Date().toISOString().slice(0, 10);
  await db.insert(standupEntries).values(people.slice(0, 6).map((userId) => ({ teamId, userId, date: today, status: 'answered' as const, answeredAt: new Date(), answers: [] })));
}

/** A response_url endpoint that resolves each command's waiter the moment its answer arrives (no polling). */
async function startCatcher() {
  const waiting = new Map<string, (at: number) => void>();
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const id = decodeURIComponent((req.url ?? '').split('/').at(-1) ?? '');
      waiting.get(id)?.(performance.now());
      waiting.delete(id);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const base = `http://127.0.0.1:${(server.address() as { port: number }).port}/respond/`;
  return {
    url: (id: string) => `${base}${encodeURIComponent(id)}`,
    answered: (id: string) => new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer for ${id}`)), 10_000);
      waiting.set(id, (at) => (clearTimeout(timer), resolve(at)));
    }),
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

async function main() {
  const { db, close } = await database();
  await seed(db);
  const fake = await startFakeSlack();
  fake.addUser({ id: 'UMGR', name: 'mgr', tz: 'Europe/Berlin' });
  const catcher = await startCatcher();
  const logger = createLogger({ level: 'error', sink: () => {} });
  const web = createWebClient({ botToken: 'xoxb-bench', apiUrl: fake.url, logger });
  const services = createServices({ db, clock: systemClock, logger, web });
  const secret = 'bench-secret';
  const slack = createSlackApp({ botToken: 'xoxb-bench', signingSecret: secret, apiUrl: fake.url, logger, deps: { services, clock: systemClock, logger }, bot: { userId: 'UBOT', botId: 'BBOT' }, workspaces: singleWorkspace({ teamId: 'T0001' }) });
  const { port } = await slack.start(0);
  const sender = createSlackSender({ baseUrl: `http://127.0.0.1:${port}`, signingSecret: secret, teamId: 'T0001', responseUrl: catcher.url });
  const kinds: [string, string][] = [['/standup', 'status'], ['/blocker', 'list'], ['/task', 'list'], ['/workload', '']];
  const rows: { command: string; statements: number; apiCalls: number; meanMs: number; medianMs: number; cpuUs: number }[] = [];
  const load = (await import('node:os')).loadavg().map((x) => +x.toFixed(2));
  for (const [command, text] of kinds) {
    if (only && !`${command} ${text}`.includes(only)) continue;
    const one = async (id: string) => {
      const answered = catcher.answered(id);
      const started = performance.now();
      const res = await sender.command({ command, text, user_id: 'UMGR', channel_id: 'CTEAM', response_url: catcher.url(id) });
      if (res.status !== 200) throw new Error(`${command} ${text}: ${res.status} ${res.body}`);
      return (await answered) - started;
    };
    for (let i = 0; i < 20; i++) await one(`warm-${command}-${i}`); // connections, JIT, the profile cache
    const profile = arg('--profile');
    const session = profile ? new (await import('node:inspector/promises')).Session() : undefined;
    if (session) (session.connect(), await session.post('Profiler.enable'), await session.post('Profiler.start'));
    const calls0 = fake.calls.length;
    statements = 0;
    counting = true;
    const times: number[] = [];
    const cpu0 = process.cpuUsage();
    for (let i = 0; i < n; i++) times.push(await one(`${command}-${text}-${i}`));
    await slack.work.idle();
    const cpu = process.cpuUsage(cpu0);
    counting = false;
    if (session) {
      const { profile: p } = await session.post('Profiler.stop');
      (await import('node:fs')).writeFileSync(`${profile}.${command.slice(1)}.cpuprofile`, JSON.stringify(p));
      session.disconnect();
    }
    const api = fake.calls.slice(calls0).map((c) => c.method);
    times.sort((a, b) => a - b);
    const mean = times.reduce((a, b) => a + b, 0) / times.length;
    // CPU of this process (the app, and the sender, the fake Slack and the catcher, which cost the
    // same whatever the app does) per command: steadier than time on a shared machine. Postgres is not in it.
    const cpuUs = Math.round((cpu.user + cpu.system) / n);
    const row = { command: `${command} ${text}`.trim(), statements: +(statements / n).toFixed(1), apiCalls: +(api.length / n).toFixed(1), meanMs: +mean.toFixed(2), medianMs: +times[Math.floor(times.length / 2)]!.toFixed(2), cpuUs };
    log(JSON.stringify(row));
    rows.push(row);
  }
  if (process.argv.includes('--write')) {
    // Kept in latest.json beside the other sections; `npm run bench -- --readme-only` renders it.
    const { readFileSync, writeFileSync } = await import('node:fs');
    const file = new URL('./results/latest.json', import.meta.url);
    const results = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    results.commandCost = { date: new Date().toISOString(), node: process.version, database: usePglite ? 'pglite' : 'postgres', commandsPerKind: n, load, rows };
    writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  }
  await slack.stop();
  await catcher.close();
  await fake.close();
  await close();
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`${(err as Error).stack}\n`);
    process.exit(1);
  },
);
