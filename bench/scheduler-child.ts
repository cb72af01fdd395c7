/**
 * One scheduler process for the bench, on its own (so its memory is its own): the app's
 * services and tick over the seeded Postgres, talking to the bench's fake Slack.
 * argv: DATABASE_URL SLACK_API_URL. Prints one JSON line with the timings and memory.
 */
import { connectPostgres } from '../src/db/connect.ts';
import { createServices } from '../src/services.ts';
import { createTestClock } from '../src/shared/clock.ts';
import { createLogger } from '../src/shared/logger.ts';
import { createTick } from '../src/tick/tick.ts';
import { createWebClient } from '../src/slack/gateway.ts';

const [dbUrl, apiUrl] = process.argv.slice(2);
const conn = await connectPostgres(dbUrl!, { max: 10 });
const clock = createTestClock('2026-12-01T08:00:00Z');
const logger = createLogger({ level: 'error', sink: () => {} });
const web = createWebClient({ botToken: 'xoxb-bench', apiUrl: apiUrl!, logger });
const tick = createTick(createServices({ db: conn.db, clock, logger, web }));

async function tickAt(iso: string) {
  clock.set(iso);
  const started = performance.now();
  const summary = await tick(new Date(iso));
  return { ms: performance.now() - started, summary };
}

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
// The first pass after seeding (or after migration 0013) finds every stored instant at the epoch:
// it works out everyone's next instant once. The minutes after it are the idle ticks.
const first = (await tickAt('2026-12-01T08:00:00Z')).ms;
// What the first pass caught up (yesterday's deadlines, prompts due up to 2 h ago) is sent, and
// retried after Slack's 429s, by the next minutes' passes; the idle ticks are measured after that.
let backlog = 0;
for (const m of ['08:01', '08:02', '08:03', '08:04', '08:05', '08:06']) backlog += (await tickAt(`2026-12-01T${m}:00Z`)).ms;
const idle: number[] = [];
for (const m of ['08:07', '08:08', '08:09', '08:10', '08:11']) idle.push((await tickAt(`2026-12-01T${m}:00Z`)).ms);
const rssIdleMb = mb(process.memoryUsage().rss);
const fan = await tickAt('2026-12-01T08:30:00Z');
const rssAfterMb = mb(process.memoryUsage().rss);
await conn.close();
process.stdout.write(
  `${JSON.stringify({ first, backlog, idle, fanOutMs: fan.ms, sent: fan.summary.sent ?? 0, rssIdleMb, rssAfterMb, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`,
);
process.exit(0);
