import type { Logger } from '../shared/logger.ts';
import { noteOutcome } from './instrument.ts';

/**
 * Bounds the work a process has accepted but not finished. A command is acked at once
 * and worked on after; under a flood the unfinished work would pile up without limit
 * (memory, and acks queued behind it past Slack's 3 s). Past the limit a command is
 * answered at once with "busy" and nothing is done, so the user can simply retry.
 *
 * A slot is always given back: when the work ends, or after `maxHoldMs` if it has not
 * (every Slack call and database statement has its own deadline, so this is the last
 * line of defence: one stuck dependency must not leave the process answering "busy" for
 * ever after it has recovered).
 */
export const busyText = ':hourglass: Coordinator is very busy right now and did nothing with that. Please try again in a minute.';

/** Commands accepted but not finished, per process. */
export const maxCommandsInFlight = 256;

/**
 * How far the limit moves with the event loop. Work accepted after an ack shares the one
 * thread with every ack still to come: under a flood, each command worked makes every ack
 * behind it later (at 200 connections, working ~1,000 commands a second put the acks' p99 at
 * 3-5x an ack-only process). So the number of commands a process works at once follows the
 * loop, as a congestion window does: halved in a sample where the loop's longest delay passed
 * `targetLagMs` while the loop was **busy** (running code at least `busyUtilization` of the
 * sample) **and the window in use** (at least half of it in flight): then the work is what holds
 * the loop. Grown by one in each sample at or under the target; otherwise left as it is; always
 * between `min` and the limit given. A lagging loop with little in flight (a neighbour taking the
 * CPU, a garbage collection, a steady rate the process keeps up with) or a loop mostly waiting
 * (commands held by a slow Slack or database, a pause now and then) moves nothing: shedding
 * would not make it quicker. A flooded process works a few commands at a time and answers the
 * rest "busy" at the door, which costs about what an ack costs; once the loop is quiet it gets
 * its whole limit back one step per sample (from 2 to 256 in about 25 s of 100 ms samples).
 * Measured in bench/ (`npm run bench -- --ack-only`): at 200 connections the acks' p99 went from
 * 4-5x to about 1.3x the ack-only floor, with a few dozen commands a second still worked (each
 * slot works one command per command's latency: with Slack answering in 200 ms, 2 slots work
 * about 10 a second).
 */
export type LimitPolicy = { min: number; targetLagMs: number; busyUtilization: number };

/**
 * 25 ms of delay as the watcher reads it (its timer's 10 ms period included: an idle loop reads
 * about 10): a turn a few times a healthy one's, far under Slack's 3 s; busy: running code half
 * the sample or more; under a flood 2 commands keep going at once.
 */
export const defaultLimitPolicy: LimitPolicy = { min: 2, targetLagMs: 25, busyUtilization: 0.5 };

/** One sample of the event loop (ops/event-loop.ts): its longest delay (ms) and the share of the sample it ran code (0–1). */
export type LoopReading = { lagMs: number; utilization: number };

/** The next limit after one sample of the event loop, with `inFlight` commands being worked (pure). */
export function nextLimit(limit: number, sample: LoopReading, inFlight: number, max: number, policy: LimitPolicy = defaultLimitPolicy): number {
  const inUse = inFlight * 2 >= limit;
  const busy = sample.utilization >= policy.busyUtilization;
  const next = sample.lagMs <= policy.targetLagMs ? limit + 1 : inUse && busy ? Math.floor(limit / 2) : limit;
  return Math.min(max, Math.max(Math.min(policy.min, max), next));
}

/** Longest a command may hold its slot: far past any deadline it has inside. */
export const maxHoldMs = 60_000;

export type CapacityGuard = ReturnType<typeof createCapacityGuard>;

export function createCapacityGuard(limit: number, log?: Logger, holdMs = maxHoldMs, policy: LimitPolicy = defaultLimitPolicy) {
  let inFlight = 0;
  let overdue = 0;
  let current = limit;
  return {
    /** The most commands it ever works at once. */
    limit,
    get inFlight() {
      return inFlight;
    },
    /** The limit now: `limit` on a quiet loop, lower while the loop lags (see `adapt`). */
    get current() {
      return current;
    },
    /** At the most it ever works at once: no room however quiet the loop (readiness reads this). */
    get saturated() {
      return inFlight >= limit;
    },
    /** No room now: a command arriving is answered "busy". */
    get shedding() {
      return inFlight >= current;
    },
    /** One sample of the event loop since the last: moves the limit now. */
    adapt(sample: LoopReading) {
      current = nextLimit(current, sample, inFlight, limit, policy);
    },
    /** Slots given back because their work ran past `holdMs` (the work may still be going). */
    get overdue() {
      return overdue;
    },
    wrap<A extends { ack: (reply?: { response_type: 'ephemeral'; text: string }) => Promise<void> }>(handler: (args: A) => Promise<void>) {
      return async (args: A) => {
        if (inFlight >= current) {
          noteOutcome('busy');
          await args.ack({ response_type: 'ephemeral', text: busyText });
          return;
        }
        inFlight++;
        let released = false;
        const release = () => {
          if (released) return;
          released = true;
          inFlight--;
        };
        const timer = setTimeout(() => {
          if (released) return;
          overdue++;
          log?.warn({ holdMs }, 'a command is still being worked on; its slot is given back');
          release();
        }, holdMs);
        timer.unref?.();
        try {
          await handler(args);
        } finally {
          clearTimeout(timer);
          release();
        }
      };
    },
  };
}
