import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * Prometheus metrics for one app instance, served at `GET /metrics`. Each instance has a
 * registry of its own (never prom-client's global one), so two apps in one process (the
 * tests, the demo) never see each other's counts.
 */

export type RequestType = 'command' | 'action' | 'view' | 'shortcut' | 'event' | 'options';
/**
 * How a request ended: `ok`; `user_error` (told what to fix); `slack_error` (Slack did not
 * take a call in time, the person asked to retry); `error` (our failure, apologised and
 * logged); `busy` (shed by the capacity guard, nothing done).
 */
export type RequestOutcome = 'ok' | 'user_error' | 'slack_error' | 'error' | 'busy';
export type DeliveryOutcome = 'sent' | 'retried' | 'failed' | 'cancelled';

/** Something read at scrape time (a database count, a pool); failures and slowness are tolerated. */
type Source<T> = () => T | Promise<T>;

const scrapeDeadlineMs = 2000;

export function createMetrics(opts: { defaultMetrics?: boolean } = {}) {
  const registry = new Registry();
  // Process metrics, including event-loop delay (nodejs_eventloop_lag_seconds and its percentiles).
  if (opts.defaultMetrics) collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 20 });
  const registers = [registry];

  const requests = new Counter({
    name: 'coordinator_requests_total',
    help: 'Slack requests handled (commands, actions, view submissions, shortcuts, events), by type, kind and outcome.',
    labelNames: ['type', 'kind', 'outcome'] as const,
    registers,
  });
  const ack = new Histogram({
    name: 'coordinator_ack_seconds',
    help: 'From the request reaching the app to ack() (Slack allows 3 s).',
    labelNames: ['type', 'kind'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5],
    registers,
  });
  const answer = new Histogram({
    name: 'coordinator_answer_seconds',
    help: 'From the request reaching the app to the answer the person sees (the reply through response_url or in the ack; else the end of the work).',
    labelNames: ['type', 'kind'] as const,
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers,
  });
  const deliveries = new Counter({
    name: 'coordinator_deliveries_total',
    help: 'Outbox deliveries worked by this process, by kind and outcome (sent, retried, failed, cancelled).',
    labelNames: ['kind', 'outcome'] as const,
    registers,
  });
  const tick = new Histogram({
    name: 'coordinator_tick_seconds',
    help: 'Duration of one scheduler pass, by outcome (ok, error).',
    labelNames: ['outcome'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers,
  });

  const queuedSources: Source<Record<string, number>>[] = [];
  const inFlightSources: Source<{ commands: number; limit: number; work: number }>[] = [];
  const poolSources: Source<{ max: number; open: number; active: number } | undefined>[] = [];

  new Gauge({
    name: 'coordinator_deliveries_queued',
    help: 'Outbox deliveries waiting to be sent (pending or being sent), by kind; read from the database at scrape time.',
    labelNames: ['kind'] as const,
    registers,
    async collect() {
      this.reset();
      for (const source of queuedSources) {
        const counts = await settle(source);
        for (const [kind, n] of Object.entries(counts ?? {})) this.set({ kind }, n);
      }
    },
  });
  new Gauge({
    name: 'coordinator_in_flight',
    help: 'Work accepted and not finished in this process: commands, the limit on commands now (lower while the event loop lags) and all listener work.',
    labelNames: ['what'] as const,
    registers,
    async collect() {
      this.reset();
      for (const source of inFlightSources) {
        const v = await settle(source);
        if (!v) continue;
        this.set({ what: 'commands' }, v.commands);
        this.set({ what: 'commands_limit' }, v.limit);
        this.set({ what: 'listener_work' }, v.work);
      }
    },
  });
  new Gauge({
    name: 'coordinator_db_pool_connections',
    help: "Postgres connections of this process's pool: the configured max, those open and those running a statement (as Postgres reports them).",
    labelNames: ['state'] as const,
    registers,
    async collect() {
      this.reset();
      for (const source of poolSources) {
        const v = await settle(source);
        if (!v) continue;
        this.set({ state: 'max' }, v.max);
        this.set({ state: 'open' }, v.open);
        this.set({ state: 'active' }, v.active);
      }
    },
  });

  return {
    registry,
    contentType: registry.contentType,
    /** The text exposition for `GET /metrics`. */
    text: () => registry.metrics(),
    request(type: RequestType, kind: string, outcome: RequestOutcome) {
      requests.inc({ type, kind, outcome });
    },
    ackSeconds(type: RequestType, kind: string, seconds: number) {
      ack.observe({ type, kind }, seconds);
    },
    answerSeconds(type: RequestType, kind: string, seconds: number) {
      answer.observe({ type, kind }, seconds);
    },
    delivery(kind: string, outcome: DeliveryOutcome) {
      deliveries.inc({ kind, outcome });
    },
    /** A tick that records its own duration. */
    timeTick<A extends unknown[], R>(fn: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
      return async (...args: A) => {
        const end = tick.startTimer();
        try {
          const r = await fn(...args);
          end({ outcome: 'ok' });
          return r;
        } catch (err) {
          end({ outcome: 'error' });
          throw err;
        }
      };
    },
    /** Sources read at scrape time. */
    sources: {
      queued: (s: Source<Record<string, number>>) => void queuedSources.push(s),
      inFlight: (s: Source<{ commands: number; limit: number; work: number }>) => void inFlightSources.push(s),
      pool: (s: Source<{ max: number; open: number; active: number } | undefined>) => void poolSources.push(s),
    },
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

/** A source's value, or undefined when it fails or takes longer than a scrape should. */
async function settle<T>(source: Source<T>): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), scrapeDeadlineMs);
    timer.unref?.();
  });
  try {
    return await Promise.race([Promise.resolve().then(source), deadline]);
  } catch {
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}
