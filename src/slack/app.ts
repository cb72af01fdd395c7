import type { AddressInfo } from 'node:net';
import { App, type LogLevel } from '@slack/bolt';
import type { WebClientOptions } from '@slack/web-api';
import type { Logger } from '../shared/logger.ts';
import { registerListeners, type ListenerDeps } from './listeners.ts';

export type SlackAppOptions = {
  botToken: string;
  signingSecret?: string | undefined;
  appToken?: string | undefined;
  apiUrl?: string | undefined;
  logger: Logger;
  deps: ListenerDeps;
  /**
   * Who the bot is, from auth.test at start-up. Bolt needs these ids for every request;
   * without them it calls auth.test again on each one, before the listener can ack.
   */
  bot: { userId: string; botId: string };
  /** Extra Web API client options (retries, timeouts); tests shorten them. */
  clientOptions?: WebClientOptions;
};

export type SlackApp = {
  app: App;
  mode: 'socket' | 'http';
  /** Starts listening; returns the bound port in HTTP mode. */
  start(port: number): Promise<{ port: number | undefined }>;
  stop(): Promise<void>;
};

/** Builds the real Bolt app from what it is given; reads no environment. */
export function createSlackApp(opts: SlackAppOptions): SlackApp {
  const log = opts.logger.child('slack');
  const mode = opts.appToken ? 'socket' : 'http';
  const clientOptions: WebClientOptions = {
    ...(opts.apiUrl ? { slackApiUrl: opts.apiUrl } : {}),
    ...opts.clientOptions,
  };

  const app = new App({
    token: opts.botToken,
    logger: log,
    logLevel: log.getLevel() as LogLevel,
    clientOptions,
    // Bolt checks the token with auth.test on start; we do it ourselves so a bad token is one clear line,
    // and hand over the ids it returned (Bolt would otherwise call auth.test on every request).
    tokenVerificationEnabled: false,
    botId: opts.bot.botId,
    botUserId: opts.bot.userId,
    ...(mode === 'socket'
      ? // The Socket Mode client opens its connection through the same Web API (SLACK_API_URL).
        { socketMode: true, appToken: opts.appToken, installerOptions: { clientOptions } }
      : {
          signingSecret: opts.signingSecret ?? '',
          endpoints: '/slack/events',
          // Ack goes back the moment a listener calls ack(); the work continues after.
          processBeforeResponse: false,
          customRoutes: [
            {
              path: '/healthz',
              method: ['GET'],
              handler: (_req, res) => {
                res.writeHead(200, { 'content-type': 'application/json' });
                res.end(JSON.stringify({ ok: true }));
              },
            },
          ],
        }),
  });

  app.error(async (error) => {
    log.error({ err: error, code: (error as { code?: string }).code }, 'unhandled error in a listener');
  });

  // Every request that passed signature verification is logged once, before any listener;
  // an event Slack sends again (same event_id, X-Slack-Retry-Num) is acknowledged and dropped.
  app.use(async ({ body, next }) => {
    const b = body as { type?: string; command?: string; event?: { type?: string }; event_id?: string };
    log.debug({ type: b.type ?? 'command', command: b.command, event: b.event?.type }, 'request received');
    if (b.type === 'event_callback' && b.event_id) {
      const first = await opts.deps.services.workspaces.firstDelivery(b.event_id, opts.deps.clock.now()).catch((err) => {
        log.warn({ err }, 'could not record the event id; handling it anyway');
        return true;
      });
      if (!first) {
        log.info({ eventId: b.event_id }, 'event already handled; Slack retried it');
        return;
      }
    }
    await next();
  });

  registerListeners(app, opts.deps);

  return {
    app,
    mode,
    async start(port: number) {
      const server = (await app.start(port)) as unknown;
      const address =
        server && typeof server === 'object' && 'address' in server
          ? ((server as { address(): AddressInfo | string | null }).address() as AddressInfo | null)
          : null;
      return { port: address && typeof address === 'object' ? address.port : undefined };
    },
    async stop() {
      await app.stop();
    },
  };
}
