import { monitorEventLoopDelay, performance } from 'node:perf_hooks';

/**
 * Watches this process's event loop: every `sampleMs`, `onSample` gets the longest delay the
 * loop showed since the last sample (ms; a timer due every `resolutionMs` measures it, so an idle
 * loop reads about `resolutionMs`). Node's own histogram (`perf_hooks.monitorEventLoopDelay`)
 * does the timing in C++; this only reads and resets it. Timers are unref'd: watching never
 * keeps the process alive. `stop()` ends it.
 */
export function watchEventLoop(opts: { onSample: (lagMs: number) => void; sampleMs?: number; resolutionMs?: number }) {
  const histogram = monitorEventLoopDelay({ resolution: opts.resolutionMs ?? 10 });
  histogram.enable();
  const sampleMs = opts.sampleMs ?? 100;
  let last = performance.now();
  const timer = setInterval(() => {
    // The sample's own lateness counts too: a loop held for the whole interval may leave the
    // histogram without a reading.
    const now = performance.now();
    const late = now - last - sampleMs;
    last = now;
    const lagMs = Math.max(histogram.count > 0 ? histogram.max / 1e6 : 0, late);
    histogram.reset();
    opts.onSample(lagMs);
  }, sampleMs);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      histogram.disable();
    },
  };
}
