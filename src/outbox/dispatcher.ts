import { randomUUID } from 'node:crypto';
import { classifySlackError } from '../shared/errors.ts';
import { isDeferredSlackCall, runAttempt } from '../shared/slack-attempt.ts';
import type { Clock } from '../shared/clock.ts';
import type { Logger } from '../shared/logger.ts';
import type { DeliveriesRepository } from './deliveries.repository.ts';
import type { Delivery } from './deliveries.schema.ts';
import { kinds, type DeliveryKind } from './kinds.ts';

export type Outcome =
  | { status: 'sent'; result?: Record<string, unknown> }
  | { status: 'cancelled'; reason: string }
  /** `wait`: nothing failed, something else has to happen first (a thread being created); not counted as a failure. */
  | { status: 'retry'; afterMs: number; reason: string; wait?: boolean };

export type DeliveryContext = { now: Date; recovering: boolean };
/** Works one delivery of a kind, given its checked payload. */
export type DeliveryHandler<P> = (payload: P, delivery: Delivery, ctx: DeliveryContext) => Promise<Outcome>;
/** A handler bound to its kind: what the dispatcher runs. */
export type RegisteredHandler = { kind: string; run: (delivery: Delivery, ctx: DeliveryContext) => Promise<Outcome> };

/** Binds a handler to its kind; a payload that is not that kind's shape is cancelled with the reason. */
export function handle<P>(k: DeliveryKind<string, P>, handler: DeliveryHandler<P>): RegisteredHandler {
  return {
    kind: k.kind,
    run: async (delivery, ctx) => {
      const parsed = k.payload.safeParse(delivery.payload);
      if (!parsed.success) return { status: 'cancelled', reason: `not a ${k.kind} payload: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'} ${i.message}`).join('; ').slice(0, 300)}` };
      return handler(parsed.data, delivery, ctx);
    },
  };
}

/** One handler per kind of the catalogue: a kind handled twice, or not at all, is a wiring mistake found at start-up. */
export function handlerTable(registered: RegisteredHandler[], catalogue: readonly { kind: string }[] = Object.values(kinds)): Map<string, RegisteredHandler> {
  const table = new Map<string, RegisteredHandler>();
  for (const r of registered) {
    if (table.has(r.kind)) throw new Error(`two handlers for deliveries of kind ${r.kind}`);
    table.set(r.kind, r);
  }
  const missing = catalogue.filter((k) => !table.has(k.kind)).map((k) => k.kind);
  if (missing.length) throw new Error(`no handler for deliveries of kind ${missing.join(', ')}`);
  return table;
}

/** Attempts before a delivery is given up as failed (each retry honours Retry-After or backs off). */
export const maxAttempts = 12;
/** How long a claim is held: longer than the slowest Slack call, short enough to recover after a crash. */
export const leaseMs = 2 * 60_000;

export type DrainSummary = { sent: number; retried: number; failed: number; cancelled: number };

/**
 * Works the outbox: claims ready deliveries, runs the handler of their kind, and
 * records the outcome. Only what Slack accepted is marked sent.
 */
export function createDispatcher(deps: {
  deliveries: DeliveriesRepository;
  handlers: RegisteredHandler[];
  logger: Logger;
  clock: Clock;
  worker?: string;
  concurrency?: number;
  /** Told each outcome with the delivery's kind (the metrics' per-kind counters). */
  onOutcome?: (kind: string, outcome: keyof DrainSummary) => void;
  /**
   * Several workspaces (distributed mode): a workspace whose Slack answers 429 (for its
   * Retry-After) or fails (5xx, timeout: for the retry delay) is paused in this process, and
   * its rows are neither claimed nor sent meanwhile, so its trouble never holds up another's.
   */
  isolateWorkspaces?: boolean;
  /**
   * Given: a drain that runs out of ready rows waits (with this) for the next row coming due
   * within `followMs`, inside its budget, and goes on: a fan-out held back by Slack's pace (each
   * row back in the queue at its slot) keeps moving within the pass instead of once a tick.
   * Production passes a timer; tests a function that moves their clock. Without it a drain stops
   * when nothing is ready.
   */
  sleep?: (ms: number) => Promise<void>;
  /** How far ahead a drain looks for the next row to wait for (default 10 s). */
  followMs?: number;
  /** How long a call of `runKeys` (a person's own answer, one lane of its own) may wait for its slot at Slack's pace (default 0). */
  keysMaxWaitMs?: number;
  /**
   * How long a drain's call may wait for its slot (default 0). A moment at most: a row that comes
   * back at its place in line a few milliseconds before its bucket allows (timer and query jitter)
   * then goes, instead of being sent to the end of the line; a lane is never held for seconds.
   */
  drainMaxWaitMs?: number;
}) {
  const worker = deps.worker ?? `w-${randomUUID().slice(0, 8)}`;
  const handlers = handlerTable(deps.handlers);
  const count = (summary: DrainSummary, kind: string, outcome: keyof DrainSummary) => {
    summary[outcome]++;
    deps.onOutcome?.(kind, outcome);
  };
  const log = deps.logger.child('dispatcher');
  const concurrency = deps.concurrency ?? 8;
  /** Workspace → until when (ms, on the pass clock) its rows wait. */
  const paused = new Map<string, number>();
  const pausedNow = (at: Date) => {
    if (!deps.isolateWorkspaces) return undefined;
    for (const [w, until] of paused) if (until <= at.getTime()) paused.delete(w);
    return paused.size ? [...paused.keys()] : undefined;
  };
  const pause = (workspaceId: string, until: number, reason: string) => {
    if (!deps.isolateWorkspaces || (paused.get(workspaceId) ?? 0) >= until) return;
    paused.set(workspaceId, until);
    log.info({ workspaceId, until: new Date(until), reason }, 'workspace paused: its deliveries wait, others go on');
  };

  async function runOne(d: Delivery & { recovering: boolean }, clockNow: () => Date, summary: DrainSummary, maxWaitMs = 0) {
    // The claim may have aged while earlier rows were sent: renew it, or leave the row to whoever holds it now.
    const now = clockNow();
    const pausedUntil = deps.isolateWorkspaces ? paused.get(d.workspaceId) : undefined;
    if (pausedUntil !== undefined && pausedUntil > now.getTime()) {
      // Its workspace got into trouble after this batch was claimed: back to the queue, untried.
      await deps.deliveries.release(d.id, worker, new Date(pausedUntil));
      return;
    }
    if (!(await deps.deliveries.renew(d.id, worker, new Date(now.getTime() + leaseMs)))) {
      log.debug({ key: d.key }, 'claim lost before sending; skipping');
      return;
    }
    const handler = handlers.get(d.kind);
    log.debug({ key: d.key, attempts: d.attempts, recovering: d.recovering }, 'working delivery');
    let outcome: Outcome;
    /** Nothing this attempt did can have changed anything at Slack: it may go back untried (not `recovering` next time). */
    let untried = false;
    /** The attempt ended on a 429 or a call the rate gate held back (not a handler's own "wait"). */
    let refusedBySlack = false;
    if (!handler) {
      outcome = { status: 'cancelled', reason: `no handler for ${d.kind}` };
    } else {
      // A drain's calls wait for a slot a moment at most (the lane is wanted by the rows behind): one that cannot go soon is held back.
      const attempt = await runAttempt(() => handler.run(d, { now, recovering: d.recovering }), { maxWaitMs });
      untried = attempt.effects === 0;
      if (attempt.ok) outcome = attempt.value;
      else {
        const err = attempt.error;
        const failure = classifySlackError(err);
        refusedBySlack = isDeferredSlackCall(err) || (failure.retry && failure.reason.startsWith('rate limited'));
        if (isDeferredSlackCall(err)) {
          // The rate gate held a call back (its method is closed by a 429 in this workspace, or
          // Slack's pace leaves no slot yet): not a failure, and no pause of the workspace.
          outcome = { status: 'retry', afterMs: Math.max(0, err.deferredUntil - now.getTime()), reason: err.message, wait: true };
        } else if ((err as { notServed?: boolean }).notServed) {
          // Its workspace was uninstalled or disabled (distributed mode): nothing to send, nothing failed.
          outcome = { status: 'cancelled', reason: (err as Error).message };
        } else if (failure.retry) outcome = { status: 'retry', afterMs: failure.afterMs, reason: failure.reason };
        else {
          log.warn({ key: d.key, reason: failure.reason }, 'delivery failed permanently');
          await deps.deliveries.finish(d.id, worker, 'failed', failure.reason);
          count(summary, d.kind, 'failed');
          return;
        }
      }
    }
    if (outcome.status === 'sent') {
      await deps.deliveries.markSent(d.id, worker, now, outcome.result);
      count(summary, d.kind, 'sent');
    } else if (outcome.status === 'cancelled') {
      await deps.deliveries.finish(d.id, worker, 'cancelled', outcome.reason);
      count(summary, d.kind, 'cancelled');
    } else if (outcome.wait || outcome.reason.startsWith('rate limited')) {
      // Slack did nothing and said when to come back: not a failed attempt.
      if (!outcome.wait) pause(d.workspaceId, now.getTime() + outcome.afterMs, outcome.reason);
      const at = new Date(now.getTime() + outcome.afterMs);
      // Every call it made was refused or held back: back to the queue as if never claimed, so the
      // next attempt need not search the channel for a post this one cannot have made.
      if (untried && refusedBySlack) await deps.deliveries.release(d.id, worker, at);
      else await deps.deliveries.retryAt(d.id, worker, at, outcome.reason, { countFailure: false });
      count(summary, d.kind, 'retried');
    } else if (d.failures + 1 >= maxAttempts) {
      log.warn({ key: d.key, failures: d.failures + 1, reason: outcome.reason }, 'delivery gave up after retries');
      await deps.deliveries.finish(d.id, worker, 'failed', outcome.reason);
      count(summary, d.kind, 'failed');
    } else {
      // Exponential backoff, never sooner than asked.
      const backoff = Math.min(30 * 60_000, 15_000 * 2 ** d.failures);
      const afterMs = Math.max(outcome.afterMs, backoff);
      pause(d.workspaceId, now.getTime() + outcome.afterMs, outcome.reason);
      await deps.deliveries.retryAt(d.id, worker, new Date(now.getTime() + afterMs), outcome.reason);
      log.debug({ key: d.key, afterMs, reason: outcome.reason }, 'delivery will be retried');
      count(summary, d.kind, 'retried');
    }
  }

  /**
   * The pass's instant, moved on by the time the injected clock says has passed since it began:
   * leases and retry times are judged on it. (A test clock stands still, so how fast the machine
   * runs never changes which retries fall due within one pass.)
   */
  function passClock(now: Date): () => Date {
    const started = deps.clock.now().getTime();
    return () => new Date(now.getTime() + Math.max(0, deps.clock.now().getTime() - started));
  }

  const followMs = deps.followMs ?? 10_000;

  // Shutting down: a drain takes no new row and stops waiting for rows coming due; lanes finish the row they hold.
  let stopping = false;
  let wakeOnStop: () => void = () => {};
  const stopped = new Promise<void>((resolve) => (wakeOnStop = resolve));

  return {
    worker,
    /** Shutdown: drains in progress end after the rows their lanes hold; nothing new is claimed. */
    stop(): void {
      stopping = true;
      wakeOnStop();
    },
    /**
     * Works everything ready at `now` (of these `kinds`, if given) until nothing is left or the
     * budget is spent. A pool of lanes: each lane that finishes takes the next ready row (claimed
     * a few at a time, as lanes come free), so a slow row holds up only its own lane, never a
     * batch. With `sleep`, a drain of every kind then waits for rows coming due within `followMs`
     * (a fan-out at Slack's pace, a short Retry-After) and works them too, inside the budget; a
     * drain of some kinds only (the App Home flush) never waits.
     */
    async drain(now: Date, opts: { budgetMs?: number; batch?: number; kinds?: string[] } = {}): Promise<DrainSummary> {
      const summary: DrainSummary = { sent: 0, retried: 0, failed: 0, cancelled: 0 };
      // A budget of real time: a pass never holds the tick for longer, whatever the clock says
      // (and of pass time, for a clock that a test moves while it waits).
      const started = performance.now();
      const budget = opts.budgetMs ?? 50_000;
      const clockNow = passClock(now);
      const endsAt = now.getTime() + budget;
      const spent = () => performance.now() - started > budget || clockNow().getTime() >= endsAt;
      const lanes = Math.max(1, opts.batch ?? concurrency);
      const follow = deps.sleep && !opts.kinds ? deps.sleep : undefined;
      const filters = { ...(opts.kinds ? { kinds: opts.kinds } : {}) };
      const inFlight = new Set<Promise<void>>();
      // A lane that throws (the database went away) stops the drain once the others are done.
      let failure: { err: unknown } | undefined;
      // The instant of the last claim: rows due after it are the ones it could not have taken.
      let claimedAt = clockNow();
      try {
        for (;;) {
          if (failure || spent() || stopping) break;
          const free = lanes - inFlight.size;
          if (free > 0) {
            const at = clockNow();
            claimedAt = at;
            const skip = pausedNow(at);
            const rows = await deps.deliveries.claim({ now: at, worker, limit: free, leaseMs, ...filters, ...(skip ? { skipWorkspaces: skip } : {}) });
            for (const d of rows) {
              const lane: Promise<void> = runOne(d, clockNow, summary, deps.drainMaxWaitMs ?? 0)
                .catch((err: unknown) => {
                  failure ??= { err };
                })
                .finally(() => inFlight.delete(lane));
              inFlight.add(lane);
            }
          }
          // Every lane busy, or nothing else ready yet: look again as soon as a lane comes free.
          if (inFlight.size > 0) {
            await Promise.race(inFlight);
            continue;
          }
          // Nothing ready and nothing running: wait for the next row coming due soon, or stop.
          if (!follow) break;
          const at = clockNow();
          const skip = pausedNow(at);
          // After the last claim, not after now: a row that came due in between is still to be taken.
          const next = await deps.deliveries.nextDue({ after: claimedAt, before: new Date(Math.min(at.getTime() + followMs, endsAt)), ...filters, ...(skip ? { skipWorkspaces: skip } : {}) });
          // A paused workspace's rows come due when its pause ends.
          const resumes = skip ? Math.min(...skip.map((w) => paused.get(w) ?? Infinity)) : Infinity;
          const wake = Math.min(next?.getTime() ?? Infinity, resumes <= at.getTime() + followMs ? resumes : Infinity);
          if (!Number.isFinite(wake) || wake >= endsAt) break;
          await Promise.race([follow(Math.max(0, wake - at.getTime())), stopped]);
        }
      } finally {
        // Even when a claim throws, the drain returns only when its lanes are done.
        await Promise.allSettled(inFlight);
      }
      if (failure) throw failure.err;
      return summary;
    },
    /** Works just these keys now (an answer just submitted), if no one else holds them. */
    async runKeys(keys: string[], now: Date): Promise<DrainSummary> {
      const summary: DrainSummary = { sent: 0, retried: 0, failed: 0, cancelled: 0 };
      const clockNow = passClock(now);
      const skip = pausedNow(now);
      const batch = await deps.deliveries.claim({ now, worker, limit: keys.length, leaseMs, keys, ...(skip ? { skipWorkspaces: skip } : {}) });
      // In order, one at a time: these are a person's own follow-ups (their blockers, in the order written).
      // A lane of its own, so a short wait for a slot at Slack's pace holds up nobody else.
      for (const d of batch) await runOne(d, clockNow, summary, deps.keysMaxWaitMs ?? 0);
      return summary;
    },
  };
}

export type Dispatcher = ReturnType<typeof createDispatcher>;
