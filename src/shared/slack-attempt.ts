import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * What one outbox attempt did at Slack, so the dispatcher can tell an attempt that changed
 * nothing there (every call it made was refused with a 429, or held back by the rate gate before
 * it was made) from one that may have posted. Only the first kind can go back to the queue
 * untried; any other must look before it posts again (post-once's `recovering`).
 *
 * The gateway counts its calls into the attempt it runs in (AsyncLocalStorage follows each
 * lane's awaits, so concurrent lanes never mix their counts); outside an attempt, nothing is counted.
 */
type Attempt = { effects: number };
const current = new AsyncLocalStorage<Attempt>();

export type AttemptResult<T> = { ok: true; value: T; effects: number } | { ok: false; error: unknown; effects: number };

/** Runs one attempt and says how many of its Slack calls may have changed something. */
export async function runAttempt<T>(fn: () => Promise<T>): Promise<AttemptResult<T>> {
  const attempt: Attempt = { effects: 0 };
  try {
    const value = await current.run(attempt, fn);
    return { ok: true, value, effects: attempt.effects };
  } catch (error) {
    return { ok: false, error, effects: attempt.effects };
  }
}

/** A call is about to go to Slack: counted; the returned function takes it back when Slack refused it (429). */
export function noteSlackCall(): () => void {
  const attempt = current.getStore();
  if (!attempt) return () => {};
  attempt.effects++;
  let undone = false;
  return () => {
    if (undone) return;
    undone = true;
    attempt.effects--;
  };
}

/**
 * A call the rate gate held back before it was made: Slack closed its method for this workspace
 * (a 429's Retry-After) or its pace leaves no slot soon enough. Not a failure: come back at `untilMs`.
 */
export class DeferredSlackCall extends Error {
  readonly deferredUntil: number;
  constructor(
    readonly method: string,
    untilMs: number,
    readonly why: 'retry-after' | 'pace',
  ) {
    super(`${method} held back (${why}) until ${new Date(untilMs).toISOString()}`);
    this.name = 'DeferredSlackCall';
    this.deferredUntil = untilMs;
  }
}

export function isDeferredSlackCall(err: unknown): err is DeferredSlackCall {
  return err instanceof DeferredSlackCall;
}
