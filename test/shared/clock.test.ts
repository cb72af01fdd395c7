import { describe, expect, it } from 'vitest';
import { createOffsetClock } from '../../src/shared/clock.ts';

describe('createOffsetClock', () => {
  it('starts at the given instant and moves on at the real pace', () => {
    let real = Date.parse('2026-11-28T13:00:00Z');
    const clock = createOffsetClock(new Date('2026-12-01T08:30:00Z'), () => real);
    expect(clock.now().toISOString()).toBe('2026-12-01T08:30:00.000Z');
    real += 90_000;
    expect(clock.now().toISOString()).toBe('2026-12-01T08:31:30.000Z');
  });
});
