import { describe, expect, it } from 'vitest';
import { busyText, createCapacityGuard, defaultLimitPolicy, nextLimit } from '../src/slack/capacity.ts';

describe('createCapacityGuard', () => {
  it('answers "busy" at once past the limit, and takes work again as it finishes', async () => {
    const guard = createCapacityGuard(2);
    const acks: (string | undefined)[] = [];
    const releases: (() => void)[] = [];
    const handler = guard.wrap(async ({ ack }: { ack: (r?: { response_type: 'ephemeral'; text: string }) => Promise<void> }) => {
      await ack();
      await new Promise<void>((r) => releases.push(r));
    });
    const call = () => handler({ ack: async (r) => void acks.push(r?.text) });
    const running = [call(), call()];
    await new Promise((r) => setTimeout(r, 0));
    expect(guard.inFlight).toBe(2);
    await call();
    expect(acks).toEqual([undefined, undefined, busyText]);
    releases.forEach((r) => r());
    await Promise.all(running);
    expect(guard.inFlight).toBe(0);
    const again = call();
    await new Promise((r) => setTimeout(r, 0));
    expect(acks.at(-1)).toBeUndefined();
    releases.at(-1)!();
    await again;
  });
});

describe('nextLimit: the commands worked at once follow the event loop', () => {
  const policy = { min: 4, targetLagMs: 40, busyUtilization: 0.5 };
  /** A loop running code the whole sample, `lagMs` its longest delay. */
  const busy = (lagMs: number) => ({ lagMs, utilization: 1 });
  it('halves in a sample where the loop lagged past the target with the window in use, down to the minimum', () => {
    expect(nextLimit(256, busy(41), 256, 256, policy)).toBe(128);
    expect(nextLimit(256, busy(41), 128, 256, policy)).toBe(128);
    expect(nextLimit(9, busy(500), 9, 256, policy)).toBe(4);
    expect(nextLimit(4, busy(500), 4, 256, policy)).toBe(4);
  });
  it('keeps the limit when the loop lags with little in flight: the work is not what holds it', () => {
    expect(nextLimit(256, busy(500), 127, 256, policy)).toBe(256);
    expect(nextLimit(256, busy(500), 0, 256, policy)).toBe(256);
    expect(nextLimit(16, busy(500), 7, 256, policy)).toBe(16);
  });
  it('keeps the limit when the loop lagged but mostly waited: commands held by a slow Slack or database do not hold the loop', () => {
    expect(nextLimit(256, { lagMs: 500, utilization: 0.49 }, 256, 256, policy)).toBe(256);
    expect(nextLimit(8, { lagMs: 60, utilization: 0.1 }, 8, 256, policy)).toBe(8);
    expect(nextLimit(8, { lagMs: 60, utilization: 0.5 }, 8, 256, policy)).toBe(4);
  });
  it('grows by one in a sample at or under the target, up to the limit given', () => {
    expect(nextLimit(4, busy(40), 4, 256, policy)).toBe(5);
    expect(nextLimit(4, busy(10), 0, 256, policy)).toBe(5);
    expect(nextLimit(256, busy(0), 256, 256, policy)).toBe(256);
  });
  it('never goes over a limit smaller than the minimum', () => {
    expect(nextLimit(2, busy(500), 2, 2, policy)).toBe(2);
    expect(nextLimit(2, busy(0), 2, 2, policy)).toBe(2);
  });
  it('comes back to the whole limit after a flood, one step a sample', () => {
    let limit = 256;
    for (let i = 0; i < 10; i++) limit = nextLimit(limit, busy(300), limit, 256, policy);
    expect(limit).toBe(4);
    let samples = 0;
    while (limit < 256) {
      limit = nextLimit(limit, busy(12), limit, 256, policy);
      samples++;
    }
    expect(samples).toBe(252);
  });
  it('the default keeps some work going under a flood and tolerates a loop turn well under Slack\'s limit', () => {
    expect(defaultLimitPolicy.min).toBeGreaterThan(0);
    expect(defaultLimitPolicy.targetLagMs).toBeLessThan(3000);
    expect(defaultLimitPolicy.busyUtilization).toBeGreaterThan(0);
  });
});

describe('createCapacityGuard under a lagging loop', () => {
  type Ack = (r?: { response_type: 'ephemeral'; text: string }) => Promise<void>;
  it('answers "busy" past the lowered limit while readiness (saturated) still reads the whole limit, and takes work again as the loop recovers', async () => {
    const guard = createCapacityGuard(4, undefined, undefined, { min: 1, targetLagMs: 40, busyUtilization: 0.5 });
    const acks: (string | undefined)[] = [];
    const releases: (() => void)[] = [];
    const handler = guard.wrap(async ({ ack }: { ack: Ack }) => {
      await ack();
      await new Promise<void>((r) => releases.push(r));
    });
    const call = () => handler({ ack: async (r) => void acks.push(r?.text) });
    const tick = () => new Promise((r) => setTimeout(r, 0));
    // A lagging loop with nothing in flight keeps the limit.
    guard.adapt({ lagMs: 120, utilization: 1 });
    expect(guard.current).toBe(4);
    // With the window in use it halves, sample after sample.
    const running = [call(), call()];
    await tick();
    guard.adapt({ lagMs: 120, utilization: 1 });
    expect(guard.current).toBe(2);
    guard.adapt({ lagMs: 120, utilization: 1 });
    expect(guard.current).toBe(1);
    expect([guard.inFlight, guard.shedding, guard.saturated]).toEqual([2, true, false]);
    await call();
    expect(acks).toEqual([undefined, undefined, busyText]);
    // Quiet samples give room back one at a time.
    guard.adapt({ lagMs: 12, utilization: 1 });
    expect([guard.current, guard.shedding]).toEqual([2, true]);
    guard.adapt({ lagMs: 12, utilization: 1 });
    expect([guard.current, guard.shedding]).toEqual([3, false]);
    running.push(call());
    await tick();
    expect(acks).toEqual([undefined, undefined, busyText, undefined]);
    releases.forEach((r) => r());
    await Promise.all(running);
    expect(guard.inFlight).toBe(0);
  });
});
