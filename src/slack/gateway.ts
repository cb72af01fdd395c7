import { WebClient, type WebClientOptions } from '@slack/web-api';
import type { Logger } from '../shared/logger.ts';
import type { HomeView } from '@slack/types';
import type { Message } from './blocks/standup.blocks.ts';
import { postDmOnce, postOnce, type PostOnce } from './post-once.ts';

/**
 * The Web API client for everything Coordinator sends. It never retries or waits
 * by itself: a 429 or 5xx surfaces at once, and the outbox schedules the retry
 * (honouring Retry-After) so a slow Slack never stalls a tick or duplicates a message.
 */
export function createWebClient(opts: { botToken: string | undefined; apiUrl?: string | undefined; logger: Logger; clientOptions?: WebClientOptions }) {
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

/**
 * The narrow way the product posts to Slack from the outbox: every call names the workspace
 * it is for, and the gateway picks that workspace's client (one today; one per installation
 * when Coordinator is installed in several). Posting is idempotent by delivery key (post-once).
 */
export interface SlackGateway {
  postOnce(workspaceId: string, p: { channel: string; threadTs?: string | undefined; key: string; recovering: boolean; message: Message }): Promise<PostOnce>;
  postDmOnce(workspaceId: string, p: { userId: string; key: string; recovering: boolean; message: Message }): Promise<PostOnce>;
  update(workspaceId: string, p: { channel: string; ts: string; message: Message }): Promise<void>;
  /** The DM channel with a person (opened if need be). */
  openDm(workspaceId: string, userId: string): Promise<string | undefined>;
  /** Whether a file of this name is already in a thread (`ts`) or, without one, in the channel's recent history. */
  hasFile(workspaceId: string, p: { channel: string; ts?: string; filename: string }): Promise<boolean>;
  uploadFile(workspaceId: string, p: { channel: string; threadTs?: string; file: Buffer; filename: string; title: string; altText?: string; initialComment?: string }): Promise<void>;
  /** Publishes a person's App Home tab (the whole view; Slack keeps only the last). */
  publishHome(workspaceId: string, userId: string, view: HomeView): Promise<void>;
  /** The raw client for one workspace, for the few calls above do not cover (profiles). */
  client(workspaceId: string): Promise<WebClient>;
}

/**
 * `clientFor` gives the client that acts for a workspace: the one token's in single-workspace
 * mode, the installation's own (opened from the store, refreshed when due) in distributed mode.
 */
export function createSlackGateway(clientFor: (workspaceId: string) => WebClient | Promise<WebClient>): SlackGateway {
  type Found = { files?: { name?: string; title?: string }[] };
  return {
    postOnce: async (workspaceId, p) => postOnce(await clientFor(workspaceId), p),
    postDmOnce: async (workspaceId, p) => postDmOnce(await clientFor(workspaceId), p),
    async update(workspaceId, p) {
      await (await clientFor(workspaceId)).chat.update({ channel: p.channel, ts: p.ts, ...p.message });
    },
    async openDm(workspaceId, userId) {
      return (await (await clientFor(workspaceId)).conversations.open({ users: userId })).channel?.id;
    },
    async hasFile(workspaceId, p) {
      const web = await clientFor(workspaceId);
      const res = p.ts ? await web.conversations.replies({ channel: p.channel, ts: p.ts, limit: 200 }) : await web.conversations.history({ channel: p.channel, limit: 50 });
      return ((res.messages as Found[] | undefined) ?? []).some((m) => m.files?.some((f) => f.name === p.filename || f.title === p.filename));
    },
    async uploadFile(workspaceId, p) {
      await (await clientFor(workspaceId)).filesUploadV2({
        channel_id: p.channel,
        ...(p.threadTs ? { thread_ts: p.threadTs } : {}),
        file: p.file,
        filename: p.filename,
        title: p.title,
        ...(p.altText ? { alt_text: p.altText } : {}),
        ...(p.initialComment ? { initial_comment: p.initialComment } : {}),
      } as Parameters<WebClient['filesUploadV2']>[0]);
    },
    async publishHome(workspaceId, userId, view) {
      await (await clientFor(workspaceId)).views.publish({ user_id: userId, view });
    },
    client: async (workspaceId) => clientFor(workspaceId),
  };
}
