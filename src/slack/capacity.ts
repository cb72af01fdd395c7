/**
 * Bounds the work a process has accepted but not finished. A command is acked at once
 * and worked on after; under a flood the unfinished work would pile up without limit
 * (memory, and acks queued behind it past Slack's 3 s). Past the limit a command is
 * answered at once with "busy" and nothing is done, so the user can simply retry.
 */
export const busyText = ':hourglass: Coordinator is very busy right now and did nothing with that. Please try again in a minute.';

export function createCapacityGuard(limit: number) {
  let inFlight = 0;
  return {
    get inFlight() {
      return inFlight;
    },
    wrap<A extends { ack: (reply?: { response_type: 'ephemeral'; text: string }) => Promise<void> }>(handler: (args: A) => Promise<void>) {
      return async (args: A) => {
        if (inFlight >= limit) {
          await args.ack({ response_type: 'ephemeral', text: busyText });
          return;
        }
        inFlight++;
        try {
          await handler(args);
        } finally {
          inFlight--;
        }
      };
    },
  };
}
