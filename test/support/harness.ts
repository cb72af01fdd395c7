import { createServices, type Services } from '../../src/services.ts';
import { createTestClock } from '../../src/shared/clock.ts';
import { createRecordingLogger } from '../../src/shared/logger.ts';
import { createSlackApp, type SlackApp } from '../../src/slack/app.ts';
import { createWebClient, listenerClientOptions } from '../../src/slack/gateway.ts';
import { createTick } from '../../src/tick/tick.ts';
import { singleWorkspace } from '../../src/slack/workspace-gate.ts';
import type { CapacityGuard } from '../../src/slack/capacity.ts';
import type { Logger } from '../../src/shared/logger.ts';
import type { Probe } from '../../src/ops/readiness.ts';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from './db.ts';
import { startFakeSlack, type FakeSlack } from './fake-slack.ts';
import { createSlackSender, startResponseCatcher, type SlackSender } from './signer.ts';

export const signingSecret = 'test-signing-secret';
export const botToken = 'xoxb-test-token';
/** A Web API timeout that only a call that never answers reaches. */
export const generousTimeoutMs = 30_000;

export type Harness = Awaited<ReturnType<typeof startHarness>>;

/**
 * The whole product as it runs in production: the real Bolt app in HTTP mode on a
 * real database, talking to the fake Slack Web API, driven by signed requests.
 */
export async function startHarness(opts: {
  now: string;
  db?: TestDatabase;
  fake?: FakeSlack;
  worker?: string;
  /** Web API timeout of the listeners and the outbox alike (default: generous, see below). */
  webTimeoutMs?: number;
  /** Web API timeout of the outbox alone, for a test whose fake answers too late on purpose. */
  outboxTimeoutMs?: number;
  /** Replaces the commands-in-flight guard (tests use a small limit). */
  capacity?: (log: Logger) => CapacityGuard;
  /** Replaces the readiness probe of the database. */
  databaseReady?: () => Promise<void>;
  /** More readiness checks (`migrations`, `slack`), as main.ts adds them. */
  readinessProbes?: Record<string, Probe>;
  /** Calendar feeds over http and loopback (a local test server), as CALENDAR_ALLOW_INSECURE=1. */
  calendarAllowInsecure?: boolean;
}) {
  const fake = opts.fake ?? (await startFakeSlack());
  const catcher = await startResponseCatcher();
  const db = opts.db ?? (await createTestDatabase());
  const clock = createTestClock(opts.now);
  const { logger, entries: logs } = createRecordingLogger('debug');
  // Timeouts only an injected hang or late answer reaches: on a busy machine the fake itself can
  // take seconds to answer, and a call that times out there is retried — a flake, not a finding.
  const web = createWebClient({ botToken, apiUrl: fake.url, logger, clientOptions: { timeout: opts.outboxTimeoutMs ?? opts.webTimeoutMs ?? generousTimeoutMs } });
  const services: Services = createServices({ db: db.db, clock, logger, web, ...(opts.worker ? { worker: opts.worker } : {}), ...(opts.calendarAllowInsecure ? { calendar: { allowInsecure: true } } : {}) });
  const slack: SlackApp = createSlackApp({
    botToken,
    signingSecret,
    apiUrl: fake.url,
    logger,
    deps: { services, clock, logger, ...(opts.capacity ? { capacity: opts.capacity(logger) } : {}) },
    bot: { userId: fake.botUserId, botId: fake.botId },
    workspaces: singleWorkspace({ teamId: fake.teamId }),
    databaseReady:
      opts.databaseReady ??
      (async () => {
        await db.db.execute(sql`select 1`);
      }),
    ...(opts.readinessProbes ? { readinessProbes: opts.readinessProbes } : {}),
    // Listeners get the production client (no retries), with a timeout a busy machine stays within.
    clientOptions: listenerClientOptions(opts.webTimeoutMs ?? generousTimeoutMs),
  });
  const { port } = await slack.start(0);
  const baseUrl = `http://127.0.0.1:${port}`;
  const sender: SlackSender = createSlackSender({ baseUrl, signingSecret, responseUrl: catcher.url, now: () => Math.floor(Date.now() / 1000) });
  const tick = createTick(services);
  return {
    fake,
    catcher,
    db,
    clock,
    logs,
    services,
    slack,
    baseUrl,
    sender,
    /** Sets the clock and runs one scheduler pass. */
    async tickAt(iso: string) {
      clock.set(iso);
      return tick(new Date(iso));
    },
    tick,
    /**
     * Resolves when every listener has finished the work it accepted: a command's reply goes out
     * before its tail (App Homes marked, outbox rows sent), a click's or a submission's ack too.
     * Not for events: Slack's event is acknowledged before its listener even starts — wait for
     * the event's effect instead.
     */
    idle: () => slack.work.idle(),
    async close(opts2: { keepDb?: boolean; keepFake?: boolean } = {}) {
      await slack.stop().catch(() => {});
      await catcher.close();
      if (!opts2.keepFake) await fake.close();
      if (!opts2.keepDb) await db.close();
    },
  };
}
