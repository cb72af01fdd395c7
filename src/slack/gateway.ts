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
