import { WebClient, type WebClientOptions } from '@slack/web-api';
import type { Logger } from '../shared/logger.ts';

/** The Web API client used outside of requests (scheduled work, the CLI). */
export function createWebClient(opts: { botToken: string; apiUrl?: string | undefined; logger: Logger; clientOptions?: WebClientOptions }) {
  return new WebClient(opts.botToken, {
    ...(opts.apiUrl ? { slackApiUrl: opts.apiUrl } : {}),
    logger: opts.logger.child('web-api'),
    ...opts.clientOptions,
  });
}
