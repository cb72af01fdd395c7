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
type Attempt = { effects: number; maxWaitMs: number | undefined };
const current = new AsyncLocalStorage<Attempt>();

export type AttemptResult<T> = { ok: true; value: T; effects: number } | { ok: false; error: unknown; effects: number };

/**
 * Runs one attempt and says how many of its Slack calls may have changed something.
 * `maxWaitMs`: how long a call of this attempt may wait for its slot at Slack's pace before it is
 * held back instead (a drain: 0, its lane is wanted by other rows; a person's own answer: a few seconds).
 */
export async function runAttempt<T>(fn: () => Promise<T>, opts: { maxWaitMs?: number } = {}): Promise<AttemptResult<T>> {
  const attempt: Attempt = { effects: 0, maxWaitMs: opts.maxWaitMs };
  try {
    const value = await current.run(attempt, fn);
    return { ok: true, value, effects: attempt.effects };
  } catch (error) {
    return { ok: false, error, effects: attempt.effects };
  }
}

/** The wait for a slot allowed to the attempt this call runs in (undefined: outside an attempt, or not said). */
export function attemptMaxWaitMs(): number | undefined {
  return current.getStore()?.maxWaitMs;
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
