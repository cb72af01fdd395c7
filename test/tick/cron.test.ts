import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRecordingLogger } from '../../src/shared/logger.ts';
import { startScheduler } from '../../src/tick/scheduler.ts';

/** The node-cron wiring: one pass at the top of every minute, never two at once. */
describe('startScheduler', () => {
  beforeEach(() => void vi.useFakeTimers({ now: new Date('2026-12-01T08:29:30Z') }));
  afterEach(() => void vi.useRealTimers());

  it('ticks at the top of each minute with the time of that minute', async () => {
    const { logger } = createRecordingLogger('debug');
    const at: string[] = [];
    const scheduler = startScheduler({ tick: async (now) => (at.push(now.toISOString()), {}), logger, now: () => new Date() });
    await vi.advanceTimersByTimeAsync(29_000);
    expect(at).toEqual([]);
    await vi.advanceTimersByTimeAsync(2_000);
    await vi.advanceTimersByTimeAsync(60_000);
    await scheduler.stop();
    expect(at.map((t) => t.slice(0, 16))).toEqual(['2026-12-01T08:30', '2026-12-01T08:31']);
  });

  it('skips a minute while the previous pass is still running, and stop() waits for it', async () => {
    const { logger, entries } = createRecordingLogger('debug');
    let calls = 0;
    let finish!: () => void;
    const scheduler = startScheduler({
      tick: async () => {
        calls++;
        await new Promise<void>((resolve) => (finish = resolve));
        return { sent: 1 };
      },
      logger,
      now: () => new Date(),
    });
    await vi.advanceTimersByTimeAsync(31_000); // 08:30: a pass starts and hangs
    await vi.advanceTimersByTimeAsync(60_000); // 08:31: still running
    expect(calls).toBe(1);
    expect(entries.some((e) => e.level === 'warn' && e.message === 'previous tick still running; skipping this minute')).toBe(true);
    let stopped = false;
    const stopping = scheduler.stop().then(() => (stopped = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(false);
    finish();
    await stopping;
    expect(entries.some((e) => e.level === 'info' && e.message === 'tick')).toBe(true);
  });

  it('logs a failed pass and keeps going', async () => {
    const { logger, entries } = createRecordingLogger('debug');
    let calls = 0;
    const scheduler = startScheduler({
      tick: async () => {
        calls++;
        if (calls === 1) throw new Error('database unavailable');
        return {};
      },
      logger,
      now: () => new Date(),
    });
    await vi.advanceTimersByTimeAsync(91_000);
    await scheduler.stop();
    expect(calls).toBe(2);
    expect(entries.some((e) => e.level === 'error' && e.message === 'tick failed; the next one retries')).toBe(true);
  });

  it('flushes App Home refreshes every 5 seconds between ticks, never two at once, and stop() waits for it', async () => {
    const { logger } = createRecordingLogger('debug');
    const flushed: string[] = [];
    let finish: (() => void) | undefined;
    const scheduler = startScheduler({
      tick: async () => ({}),
      flush: async (now) => {
        flushed.push(now.toISOString().slice(11, 19));
        if (flushed.length === 3) await new Promise<void>((resolve) => (finish = resolve));
      },
      logger,
      now: () => new Date(),
    });
    await vi.advanceTimersByTimeAsync(11_000); // 08:29:30 → 08:29:41
    expect(flushed).toEqual(['08:29:35', '08:29:40']);
    await vi.advanceTimersByTimeAsync(15_000); // the third hangs: 08:29:50 and 08:29:55 are skipped
    expect(flushed).toEqual(['08:29:35', '08:29:40', '08:29:45']);
    let stopped = false;
    const stopping = scheduler.stop().then(() => (stopped = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(false);
    finish!();
    await stopping;
  });
});
