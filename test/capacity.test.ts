import { describe, expect, it } from 'vitest';
import { busyText, createCapacityGuard } from '../src/slack/capacity.ts';

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
