import cron from 'node-cron';
import type { Logger } from '../shared/logger.ts';

export type TickSummary = Record<string, number>;
export type Tick = (now: Date) => Promise<TickSummary>;

/**
 * Runs `tick(now)` at the top of every minute. A pass still running when the next
 * minute starts is not overlapped; the next pass catches up what it missed.
 */
export function startScheduler({ tick, logger, now, flush }: { tick: Tick; logger: Logger; now: () => Date; flush?: (now: Date) => Promise<unknown> }) {
  const log = logger.child('scheduler');
  // Between ticks, every few seconds: what must not wait a minute (App Home refreshes, coalesced in the outbox).
  let flushing: Promise<void> | null = null;
  const fast = flush
    ? cron.schedule('*/5 * * * * *', () => {
        if (flushing) return;
        flushing = flush(now())
          .then(() => undefined)
          .catch((err) => log.warn({ err }, 'flush failed; the next one retries'))
          .finally(() => {
            flushing = null;
          });
      })
    : undefined;
  let running: Promise<void> | null = null;
  const task = cron.schedule('* * * * *', () => {
    if (running) {
      log.warn({}, 'previous tick still running; skipping this minute');
      return;
    }
    const at = now();
    running = tick(at)
      .then((summary) => {
        if (Object.values(summary).some((n) => n > 0)) log.info({ at: at.toISOString(), ...summary }, 'tick');
      })
      .catch((err) => log.error({ err, at: at.toISOString() }, 'tick failed; the next one retries'))
      .finally(() => {
        running = null;
      });
  });
  return {
    async stop() {
      await task.stop();
      await fast?.stop();
      await running;
      await flushing;
    },
  };
}
