import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import type { LoopReading } from '../slack/capacity.ts';

/**
 * Watches this process's event loop: every `sampleMs`, `onSample` gets the longest delay the
 * loop showed since the last sample (ms; a timer due every `resolutionMs` measures it, so an idle
 * loop reads about `resolutionMs`) and its utilization over the sample (`performance.eventLoopUtilization`:
 * the share of the time it was not waiting for I/O). Node's own histogram
 * (`perf_hooks.monitorEventLoopDelay`) does the timing in C++; this only reads and resets it
 * (a reset forgets the timer's last firing, so a delay that starts right after a sample may be
 * read short: the reading errs low, never high). Timers are unref'd: watching never keeps the
 * process alive. `stop()` ends it.
 */
export function watchEventLoop(opts: { onSample: (sample: LoopReading) => void; sampleMs?: number; resolutionMs?: number }) {
  const histogram = monitorEventLoopDelay({ resolution: opts.resolutionMs ?? 10 });
  histogram.enable();
  const sampleMs = opts.sampleMs ?? 100;
  let last = performance.now();
  let used = performance.eventLoopUtilization();
  const timer = setInterval(() => {
    // The sample's own lateness counts too: a loop held for the whole interval may leave the
    // histogram without a reading.
    const now = performance.now();
    const late = now - last - sampleMs;
    last = now;
    const lagMs = Math.max(histogram.count > 0 ? histogram.max / 1e6 : 0, late);
    histogram.reset();
    const delta = performance.eventLoopUtilization(used);
    used = performance.eventLoopUtilization();
    opts.onSample({ lagMs, utilization: delta.utilization });
  }, sampleMs);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      histogram.disable();
    },
  };
}
