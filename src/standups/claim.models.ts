import { randomUUID } from 'node:crypto';

/**
 * Posting a message that must exist once (a day's parent, an answer's reply) is claimed
 * first, so two workers never post it together. The claim lives in its own columns
 * beside the message's ts: the ts column only ever holds a real Slack ts.
 */
export type PostSlot = {
  /** The posted message's ts, once it exists. */
  ts: string | null;
  /** The token of whoever last claimed the right to post it. */
  claim: string | null;
  claimedAt: Date | null;
  /** That claimant gave up after an error: the post may have reached Slack anyway. */
  claimFailed: boolean;
};

/** A claim whose worker went silent this long is taken over (the post is searched for first). */
export const claimStaleMs = 60_000;

export type SlotState =
  | { kind: 'posted'; ts: string }
  /** Another worker is posting it now: come back shortly. */
  | { kind: 'busy' }
  /** Free to claim; `recovering` when an earlier attempt may have posted (look before posting). */
  | { kind: 'free'; recovering: boolean };

export function slotState(slot: PostSlot, now: Date): SlotState {
  if (slot.ts) return { kind: 'posted', ts: slot.ts };
  if (slot.claim === null) return { kind: 'free', recovering: false };
  const stale = slot.claimFailed || slot.claimedAt === null || now.getTime() - slot.claimedAt.getTime() > claimStaleMs;
  return stale ? { kind: 'free', recovering: true } : { kind: 'busy' };
}

/** A fresh claim token: unique, so a takeover never mistakes another worker's claim for its own. */
export const newClaim = (): string => randomUUID();
