/**
 * The fan-out at Slack's pace, in a process of its own: the app's services and tick over the
 * seeded Postgres and the bench's fake Slack. It works out everyone's instants (the first pass and
 * its backlog), prints "ready" and waits for "go" on stdin (the bench turns the fake's rate limits
 * on then), then runs passes back to back from 08:30 with the clock following real time, so a
 * 429's Retry-After comes due within the run, until a pass has nothing left to send or retry.
 * argv: DATABASE_URL SLACK_API_URL [paced | gate-only]: `paced` (the default) keeps the outbox to the
 * fake's limits with the rate gate's buckets (PACE below): a call without a slot goes back to the
 * queue at its place in line, and the pass's drain follows rows as they come due (in real time);
 * `gate-only` only honours Retry-After (SLACK_PACE=off; a short one is waited out by the drain).
 * Prints one JSON line.
 */
import { connectPostgres } from '../src/db/connect.ts';
import { createServices } from '../src/services.ts';
import { createTestClock } from '../src/shared/clock.ts';
import { createLogger } from '../src/shared/logger.ts';
import { createTick } from '../src/tick/tick.ts';
import { createWebClient } from '../src/slack/gateway.ts';
import { slackPaceOf } from '../src/services.ts';
import { slackDocumentedPace, type PaceLimits } from '../src/slack/rate-gate.models.ts';

/**
 * Slack's documented pace in the fake's 1 s windows (bench/run.ts, `slackPace`): Tier 3
 * (conversations.open) and posts across the workspace 10 a second in any second, posts one a
 * second per channel. A sliding window of N a second holds burst + (N − burst) calls spaced by
 * the rate, so the buckets run at 9.5 a second with no burst (a margin for timer jitter):
 * Slack's own per-minute windows take the documented bursts (rate-gate.models.ts).
 */
const PACE: PaceLimits = {
  tiers: { ...slackDocumentedPace.tiers, 3: { perMinute: 570, burst: 1 } },
  postPerChannel: { perMinute: 60, burst: 1 },
  postPerWorkspace: { perMinute: 570, burst: 1 },
};

const [dbUrl, apiUrl, mode = 'paced'] = process.argv.slice(2);
const conn = await connectPostgres(dbUrl!, { max: 10 });
const clock = createTestClock('2026-12-01T08:00:00Z');
const logger = createLogger({ level: 'error', sink: () => {} });
const web = createWebClient({ botToken: 'xoxb-bench', apiUrl: apiUrl!, logger });
// As main.ts wires it (services.ts slackPaceOf): drains never wait for a slot, and follow rows coming due within 10 s.
const wiring = slackPaceOf({ slackPace: 'off' });
const tick = createTick(createServices({ db: conn.db, clock, logger, web, pace: mode === 'paced' ? { ...wiring, limits: PACE } : wiring }));

await tick(new Date('2026-12-01T08:00:00Z'));
for (const m of ['08:01', '08:02', '08:03', '08:04', '08:05', '08:06']) {
  clock.set(`2026-12-01T${m}:00Z`);
  await tick(clock.now());
}
process.stdout.write('ready\n');
await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));

const start = Date.parse('2026-12-01T08:30:00Z');
const t0 = performance.now();
clock.set(new Date(start));
const follow = setInterval(() => clock.set(new Date(start + (performance.now() - t0))), 10);
const passes: { sent: number; retried: number; failed: number; ms: number }[] = [];
let idle = 0;
for (;;) {
  const began = performance.now();
  const s = await tick(clock.now());
  passes.push({ sent: s.sent ?? 0, retried: s.retried ?? 0, failed: s.failed ?? 0, ms: Math.round(performance.now() - began) });
  idle = s.sent || s.retried ? 0 : idle + 1;
  // Three empty passes a second apart: no retry is waiting (Retry-After is 1 s here).
  if (idle >= 3 || performance.now() - t0 > 300_000) break;
  // The app's scheduler passes once a minute; here the next pass comes a second later.
  await new Promise((r) => setTimeout(r, 1000));
}
clearInterval(follow);
const totalMs = performance.now() - t0;
await conn.close();
process.stdout.write(`${JSON.stringify({ totalMs, passes, ...(mode === 'paced' ? { pace: PACE } : {}) })}\n`);
process.exit(0);
