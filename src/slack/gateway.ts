import { WebClient, type WebClientOptions } from '@slack/web-api';
import type { Logger } from '../shared/logger.ts';

/**
 * The Web API client for everything Coordinator sends. It never retries or waits
 * by itself: a 429 or 5xx surfaces at once, and the outbox schedules the retry
 * (honouring Retry-After) so a slow Slack never stalls a tick or duplicates a message.
 */
export function createWebClient(opts: { botToken: string; apiUrl?: string | undefined; logger: Logger; clientOptions?: WebClientOptions }) {
  return new WebClient(opts.botToken, {
    ...(opts.apiUrl ? { slackApiUrl: opts.apiUrl } : {}),
    logger: opts.logger.child('web-api'),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: 10_000,
    ...opts.clientOptions,
  });
}

/**
 * A fetch that gives up after `ms`: a response_url or Web API call that hangs must
 * never hold a listener (and its in-flight slot) for ever. Combined with any signal
 * the caller passes.
 */
export function fetchWithTimeout(ms: number, base: typeof fetch = globalThis.fetch): typeof fetch {
  return (input, init) => {
    const timeout = AbortSignal.timeout(ms);
    const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    return base(input, { ...init, signal });
  };
}

/**
 * Web API calls made by listeners, while a person waits: short, and never retried by
 * the client. A `trigger_id` lives 3 s, so a `views.open` retried later could only fail;
 * an ephemeral reply that did not go through is better reported than sent a minute
 * late. Anything that must arrive goes through the outbox instead, which retries.
 */
export const listenerCallTimeoutMs = 4000;

export function listenerClientOptions(ms = listenerCallTimeoutMs): WebClientOptions {
  return {
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: ms,
    fetch: fetchWithTimeout(ms),
  };
}
