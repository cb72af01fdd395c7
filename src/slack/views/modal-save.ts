import { isUserError } from '../../shared/errors.ts';
import type { Logger } from '../../shared/logger.ts';
import { userErrorText, withDeadline } from '../errors.ts';

type ErrorsAck = (response: { response_action: 'errors'; errors: Record<string, string> }) => Promise<void>;

/**
 * How every modal saves: the write runs inside Slack's 3 seconds (it is abandoned, and rolled
 * back, past `budgetMs`), and a failure is answered on the form itself — the user's own mistake
 * as it is, anything else as a short apology — so the form stays open with what they typed.
 * Returns the saved value, or `undefined` when the form was answered with an error.
 */
export async function saveFromModal<T>(opts: {
  ack: ErrorsAck;
  log: Logger;
  /** For the timeout error, e.g. 'saving the task'. */
  what: string;
  /** Logged (with `context`) when the failure is ours. */
  failureLog: string;
  context?: Record<string, unknown>;
  /** The apology when the failure is ours; it says whether anything changed. */
  apology: string;
  /** The block the message is shown under. */
  blockFor: (err: unknown) => string;
  /** Modal errors are plain text: mrkdwn markers are taken out unless kept. */
  keepMarkup?: boolean;
  budgetMs?: number;
  save: (signal: AbortSignal) => Promise<T>;
}): Promise<T | undefined> {
  try {
    return await withDeadline(opts.save, opts.budgetMs ?? 2200, opts.what);
  } catch (err) {
    const userMessage = isUserError(err) ? (opts.keepMarkup ? userErrorText(err) : userErrorText(err).replace(/[*`]/g, '')) : opts.apology;
    if (!isUserError(err)) opts.log.error({ err, ...opts.context }, opts.failureLog);
    await opts.ack({ response_action: 'errors', errors: { [opts.blockFor(err)]: userMessage.slice(0, 2000) } });
    return undefined;
  }
}
