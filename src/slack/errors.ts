import { isRefused, isUserError, type UserError } from '../shared/errors.ts';
import { refusalText } from './blocks/refusals.ts';
import type { Logger } from '../shared/logger.ts';
import { noteOutcome } from './instrument.ts';

export const apology = 'Sorry — something went wrong on our side and nothing was changed. Please try again in a minute.';

export const slackTrouble = "Sorry — Slack didn't let that through in time (nothing else was changed). Please try again.";

/** Slack error codes that say the moment passed (a trigger used or expired), not that we are broken. */
const momentPassed = new Set(['expired_trigger_id', 'exchanged_trigger_id', 'invalid_trigger_id', 'trigger_expired', 'expired_url', 'ratelimited']);

/**
 * A failure talking to Slack that is not a defect of ours: a Web API call or response_url
 * post that timed out, was refused, or could not connect; a trigger that expired. Logged
 * as a warning, and the person is asked to try again.
 */
export function isSlackTrouble(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const e = err as { code?: string; name?: string; message?: string; data?: { error?: string } };
  if (e.code === 'slack_webapi_request_error' || e.code === 'slack_webapi_rate_limited_error' || e.code === 'slack_bolt_respond_error') return true;
  if (e.code === 'slack_webapi_platform_error' && e.data?.error && momentPassed.has(e.data.error)) return true;
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return true;
  return e.name === 'TypeError' && e.message === 'fetch failed';
}

/** A user error's wording: a refusal thrown as data is worded from its facts; any other, its message. */
export function userErrorText(err: UserError): string {
  return (isRefused(err) && refusalText(err.refusal)) || err.message;
}

/** What to tell the user about a failure: their own mistake as it is, anything else as an apology (logged). */
export function userFacingMessage(err: unknown, log: Logger, context: Record<string, unknown>): string {
  if (isUserError(err)) {
    noteOutcome('user_error');
    return `:warning: ${userErrorText(err)}`;
  }
  if (isSlackTrouble(err)) {
    noteOutcome('slack_error');
    log.warn({ err, ...context }, 'Slack did not take a reply or call in time');
    return `:warning: ${slackTrouble}`;
  }
  noteOutcome('error');
  log.error({ err, ...context }, 'request failed');
  return `:warning: ${apology}`;
}

/** A command that failed after its ack: tell the caller through response_url, and never throw from here. */
export async function answerFailure(
  respond: (msg: { response_type: 'ephemeral'; text: string }) => Promise<unknown>,
  err: unknown,
  log: Logger,
  command: { command: string; text: string; user_id: string },
): Promise<void> {
  await respond({ response_type: 'ephemeral', text: userFacingMessage(err, log, { command: command.command, text: command.text, userId: command.user_id }) }).catch((e) =>
    // The response_url is Slack's (or, forged, nobody's): failing to reach it is not our defect.
    log.warn({ err: e }, 'could not answer the user'),
  );
}

/**
 * Runs `fn` with a deadline: after `ms` the caller gets an error (so it can still answer
 * Slack within 3 s) and `signal` is aborted, so work that checks it before committing
 * rolls back instead of saving after we said it did not.
 */
export async function withDeadline<T>(fn: (signal: AbortSignal) => Promise<T>, ms: number, what: string): Promise<T> {
  const controller = new AbortController();
  try {
    return await withTimeout(fn(controller.signal), ms, what);
  } catch (err) {
    controller.abort();
    throw err;
  }
}

/** Rejects after `ms` so a slow database cannot make us miss Slack's 3-second ack window. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
