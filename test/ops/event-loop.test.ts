import { afterEach, describe, expect, it } from 'vitest';
import { watchEventLoop } from '../../src/ops/event-loop.ts';

/**
 * The watcher on the real event loop. Only the direction that holds on any machine is asserted:
 * a loop held for 150 ms reads at least 100 ms of lag (the hold less one sample interval: a timer due
 * during the hold is at least that late; a busier machine reads more, never less).
 */
let stop: (() => void) | undefined;
afterEach(() => stop?.());

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('watchEventLoop', () => {
  it('reports a loop held by synchronous work as at least that long a delay', async () => {
    const samples: number[] = [];
    const utilizations: number[] = [];
    stop = watchEventLoop({
      onSample: (s) => {
        samples.push(s.lagMs);
        utilizations.push(s.utilization);
      },
      sampleMs: 50,
    }).stop;
    await wait(120);
    const held = samples.length;
    const start = performance.now();
    while (performance.now() - start < 150) {
      // the loop is held: no timer can fire
    }
    await wait(120);
    expect(samples.length).toBeGreaterThan(held);
    expect(Math.max(...samples.slice(held))).toBeGreaterThanOrEqual(100);
    // The sample that saw the hold also saw the loop running code for most of it.
    expect(Math.max(...utilizations.slice(held))).toBeGreaterThan(0.5);
  });

  it('stops sampling when stopped', async () => {
    const samples: number[] = [];
    const w = watchEventLoop({ onSample: (s) => samples.push(s.lagMs), sampleMs: 20 });
    await wait(80);
    w.stop();
    const seen = samples.length;
    expect(seen).toBeGreaterThan(0);
    await wait(100);
    expect(samples.length).toBe(seen);
  });
});
