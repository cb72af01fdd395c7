import { describe, expect, it } from 'vitest';
import { DeferredSlackCall, isDeferredSlackCall, noteSlackCall, runAttempt } from '../../src/shared/slack-attempt.ts';

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('what one outbox attempt did at Slack', () => {
  it('counts the calls that may have changed something, minus those Slack refused', async () => {
    const r = await runAttempt(async () => {
      noteSlackCall();
      const refused = noteSlackCall();
      refused();
      refused(); // taking it back twice changes nothing
      return 'done';
    });
    expect(r).toEqual({ ok: true, value: 'done', effects: 1 });
  });

  it('keeps concurrent attempts apart, across awaits', async () => {
    const lane = (calls: number) =>
      runAttempt(async () => {
        for (let i = 0; i < calls; i++) {
          await tick();
          noteSlackCall();
        }
      });
    const [a, b, c] = await Promise.all([lane(1), lane(3), lane(0)]);
    expect([a.effects, b.effects, c.effects]).toEqual([1, 3, 0]);
  });

  it('reports a throw with what happened before it, and counts nothing outside an attempt', async () => {
    noteSlackCall()();
    const held = new DeferredSlackCall('conversations.open', Date.parse('2026-12-01T08:30:30Z'), 'retry-after');
    const r = await runAttempt(async () => {
      throw held;
    });
    expect(r).toEqual({ ok: false, error: held, effects: 0 });
    expect(isDeferredSlackCall(held) && held.deferredUntil).toBe(Date.parse('2026-12-01T08:30:30Z'));
    expect(held.message).toBe('conversations.open held back (retry-after) until 2026-12-01T08:30:30.000Z');
    expect(isDeferredSlackCall(new Error('x'))).toBe(false);
  });
});
