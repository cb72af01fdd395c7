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
const services = createServices({ db: conn.db, clock, logger, web });

/**
 * Each step of a pass, timed where the tick calls it (tick.ts reads `services.<feature>.<step>`
 * at call time), so a size's idle tick can be read step by step: what grows with members shows.
 */
const steps: Record<string, number> = {};
const timed = <T extends Record<string, unknown>>(name: string, owner: T | undefined, method: keyof T & string) => {
  const fn = owner?.[method];
  if (typeof fn !== 'function') return;
  (owner as Record<string, unknown>)[method] = async (...args: unknown[]) => {
    const started = performance.now();
    try {
      return await (fn as (...a: unknown[]) => Promise<unknown>).apply(owner, args);
    } finally {
      steps[name] = (steps[name] ?? 0) + performance.now() - started;
    }
  };
};
timed('plan', services.standups, 'plan');
timed('escalations', services.blockers, 'planEscalations');
timed('warnings', services.workload, 'planWarnings');
timed('milestoneWarnings', services.milestones, 'planWarnings');
timed('riskReviews', services.risks, 'planReviews');
timed('digests', services.digests, 'plan');
timed('feeds', services.availability, 'planRefreshes');
timed('drain', services.dispatcher, 'drain');
timed('refreshStale', services.users, 'refreshStale');
timed('pruneEvents', services.workspaces, 'pruneEvents');
timed('pruneRequests', services.requests, 'prune');
timed('retention', services.privacy, 'applyRetention');
timed('purge', services.installations, 'purgeExpired');
const tick = createTick(services);

async function tickAt(iso: string) {
  clock.set(iso);
  for (const k of Object.keys(steps)) delete steps[k];
  const started = performance.now();
  const summary = await tick(new Date(iso));
  const ms = performance.now() - started;
  return { ms, summary, steps: Object.fromEntries(Object.entries(steps).map(([k, v]) => [k, +v.toFixed(2)])) };
}

const minute = (m: number) => `2026-12-01T08:${String(m).padStart(2, '0')}:00Z`;
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
// The first pass after seeding (or after migration 0013) finds every stored instant at the epoch:
// it works out everyone's next instant once. The minutes after it are the idle ticks.
const first = (await tickAt(minute(0))).ms;
// What the first pass caught up (yesterday's deadlines, prompts due up to 2 h ago) is sent, and
// retried after Slack's 429s, by the next minutes' passes; the idle ticks are measured after that.
let backlog = 0;
for (let m = 1; m <= 6; m++) backlog += (await tickAt(minute(m))).ms;
// 20 idle minutes, 08:07–08:26, before the 08:30 fan-out: enough for a median and a p90 that one
// slow minute (another process on the shared cores, the quarter-hourly milestone and risk looks at
// 08:15) does not decide. A minute that did anything (a non-zero count) is reported, not hidden.
const idle: number[] = [];
const idleSteps: Record<string, number>[] = [];
const busyIdle: { at: string; summary: Record<string, number> }[] = [];
for (let m = 7; m <= 26; m++) {
  const r = await tickAt(minute(m));
  idle.push(r.ms);
  idleSteps.push(r.steps);
  if (Object.values(r.summary).some((n) => n > 0)) busyIdle.push({ at: minute(m), summary: r.summary });
}
const rssIdleMb = mb(process.memoryUsage().rss);
const fan = await tickAt(minute(30));
const rssAfterMb = mb(process.memoryUsage().rss);
await conn.close();
process.stdout.write(
  `${JSON.stringify({ first, backlog, idle, idleSteps, busyIdle, fanOutMs: fan.ms, sent: fan.summary.sent ?? 0, rssIdleMb, rssAfterMb, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`,
);
process.exit(0);
