/** A request that was already handled: the caller answers with silence. */
export type Replayed = { replayed: true };
export const replayed: Replayed = { replayed: true };
export const isReplayed = (x: unknown): x is Replayed => typeof x === 'object' && x !== null && (x as Replayed).replayed === true;

/**
 * One request key, and how long it stands: `windowMs` lets the same key through again
 * once that much time has passed (a button clicked deliberately a minute later is a new
 * intent; a double click or a redelivery is not). Without it the key stands until pruned.
 */
export type RequestKey = { key: string; windowMs?: number };
