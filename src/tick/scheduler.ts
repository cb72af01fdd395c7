import cron from 'node-cron';
import type { Logger } from '../shared/logger.ts';

export type TickSummary = Record<string, number>;
export type Tick = (now: Date) => Promise<TickSummary>;

/**
 * Runs `tick(now)` at the top of every minute. A pass still running when the next
 * minute starts is not overlapped; the next pass catches up what it missed.
 */
export function startScheduler({ tick, logger, now }: { tick: Tick; logger: Logger; now: () => Date }) {
  const log = logger.child('scheduler');
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
      await running;
    },
  };
}
