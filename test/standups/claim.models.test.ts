import { describe, expect, it } from 'vitest';
import { claimStaleMs, newClaim, slotState } from '../../src/standups/claim.models.ts';

const now = new Date('2026-12-01T09:00:00Z');
const ago = (ms: number) => new Date(now.getTime() - ms);

describe('a post slot (the day parent, an answer reply)', () => {
  it('is posted once it has a ts, whatever claim is left beside it', () => {
    expect(slotState({ ts: '1.2', claim: 'x', claimedAt: ago(1000), claimFailed: false }, now)).toEqual({ kind: 'posted', ts: '1.2' });
  });
  it('is free, with nothing to look for, when never claimed', () => {
    expect(slotState({ ts: null, claim: null, claimedAt: null, claimFailed: false }, now)).toEqual({ kind: 'free', recovering: false });
  });
  it('is busy while a live worker holds it', () => {
    expect(slotState({ ts: null, claim: 'x', claimedAt: ago(claimStaleMs), claimFailed: false }, now)).toEqual({ kind: 'busy' });
  });
  it('is free again, looking before posting, once the claim is stale or failed', () => {
    expect(slotState({ ts: null, claim: 'x', claimedAt: ago(claimStaleMs + 1), claimFailed: false }, now)).toEqual({ kind: 'free', recovering: true });
    expect(slotState({ ts: null, claim: 'x', claimedAt: ago(0), claimFailed: true }, now)).toEqual({ kind: 'free', recovering: true });
    expect(slotState({ ts: null, claim: 'x', claimedAt: null, claimFailed: false }, now)).toEqual({ kind: 'free', recovering: true });
  });
  it('hands out claims that never repeat', () => {
    expect(new Set(Array.from({ length: 100 }, newClaim)).size).toBe(100);
  });
});
