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

/** Longest a command may hold its slot: far past any deadline it has inside. */
export const maxHoldMs = 60_000;

export type CapacityGuard = ReturnType<typeof createCapacityGuard>;

export function createCapacityGuard(limit: number, log?: Logger, holdMs = maxHoldMs) {
  let inFlight = 0;
  let overdue = 0;
  return {
    limit,
    get inFlight() {
      return inFlight;
    },
    get saturated() {
      return inFlight >= limit;
    },
    /** Slots given back because their work ran past `holdMs` (the work may still be going). */
    get overdue() {
      return overdue;
    },
    wrap<A extends { ack: (reply?: { response_type: 'ephemeral'; text: string }) => Promise<void> }>(handler: (args: A) => Promise<void>) {
      return async (args: A) => {
        if (inFlight >= limit) {
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
