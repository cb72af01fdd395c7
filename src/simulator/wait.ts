/** Polling helpers for end-to-end tests, where effects land asynchronously after an HTTP ack. */

export interface WaitOptions {
  timeoutMs?: number;
  intervalMs?: number;
  /** Included in the timeout error to say what was awaited. */
  message?: string;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

type Falsy = false | 0 | '' | null | undefined;

/**
 * Polls `predicate` until it returns a truthy value, and returns that value.
 * A predicate that throws is retried; on timeout the last thrown error is the `cause`.
 */
export async function waitFor<T>(
  predicate: () => T | Falsy | Promise<T | Falsy>,
  { timeoutMs = 30_000, intervalMs = 20, message }: WaitOptions = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await predicate();
      if (value) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const what = message ?? 'condition';
      throw new Error(`waitFor: ${what} not met within ${timeoutMs} ms`, { cause: lastError });
    }
    await sleep(intervalMs);
  }
}

/**
 * Retries an assertion (e.g. a block of `expect` calls) until it stops throwing.
 * On timeout the assertion's own last error is rethrown, so the test shows the real diff.
 */
export async function eventually<T>(
  assertion: () => T | Promise<T>,
  { timeoutMs = 30_000, intervalMs = 20 }: Omit<WaitOptions, 'message'> = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await assertion();
    } catch (error) {
      if (Date.now() >= deadline) throw error;
    }
    await sleep(intervalMs);
  }
}
