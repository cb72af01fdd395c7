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
 * thread with every ack still to come: past the point where the loop lags, each command worked
 * makes every ack behind it later, and under a flood the acks drift towards Slack's 3 s. So the
 * number of commands a process works at once follows the loop's lag, as a congestion window
 * does: halved in each sample where the loop's longest delay passed `targetLagMs`, grown by a
 * tenth (at least one) in each sample under it, between `min` and the limit given. A quiet
 * process keeps its whole limit; a flooded one works a few commands at a time and answers the
 * rest "busy" at the door, which costs about what an ack costs.
 */
export type LimitPolicy = { min: number; targetLagMs: number };

/** 50 ms: well over a healthy loop's turns (a few ms) and well under what Slack allows. */
export const defaultLimitPolicy: LimitPolicy = { min: 2, targetLagMs: 40 };

/** The next limit after one sample of the event loop's longest delay (pure). */
export function nextLimit(limit: number, lagMs: number, max: number, policy: LimitPolicy = defaultLimitPolicy): number {
  const next = lagMs > policy.targetLagMs ? Math.floor(limit / 2) : limit + 1;
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
    /** One sample of the event loop's longest delay since the last (ms): moves the limit now. */
    adapt(lagMs: number) {
      current = nextLimit(current, lagMs, limit, policy);
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
