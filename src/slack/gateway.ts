import { WebClient, type WebClientOptions } from '@slack/web-api';
import type { Clock } from '../shared/clock.ts';
import type { Logger } from '../shared/logger.ts';
import { attemptMaxWaitMs, DeferredSlackCall, noteSlackCall } from '../shared/slack-attempt.ts';
import type { HomeView } from '@slack/types';
import type { Message } from './blocks/standup.blocks.ts';
import { postOnce, wideSearch, type PostClient, type PostOnce } from './post-once.ts';
import type { HistoryPace, RateGate, SlackCall } from './rate-gate.models.ts';

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
  /** `since`: the earliest an earlier attempt could have posted it (its claim, or the delivery's creation); bounds the search. */
  postOnce(workspaceId: string, p: { channel: string; threadTs?: string | undefined; key: string; recovering: boolean; message: Message; since?: Date | undefined }): Promise<PostOnce>;
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
 * How the gateway keeps to Slack's pace (rate-gate.models.ts): one gate for the process, the
 * injected clock it decides on, and how long a call may wait for its slot before it is handed
 * back to the outbox instead (`maxWaitMs`, default 0; an attempt may say otherwise: the outbox's
 * drains never wait, a person's own answer may, see shared/slack-attempt.ts). `sleep` waits for
 * a reserved slot (real time in production; the decision itself was taken on the clock).
 * `history`: pages of a channel or thread read per search and their size (default five of 200;
 * one of 15 where Slack allows one read a minute).
 */
export type Pacing = {
  gate: RateGate;
  clock: Clock;
  maxWaitMs?: number;
  sleep?: (ms: number) => Promise<void>;
  logger?: Logger;
  history?: Pick<HistoryPace, 'pageSize' | 'pages' | 'fromSince'>;
};

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Calls whose repetition could post twice: they make an attempt "tried" (see shared/slack-attempt.ts). */
const effectful = new Set(['chat.postMessage', 'files.completeUploadExternal']);

/** DM channels remembered (workspace and person → channel): bounded, oldest forgotten first. */
const dmCacheSize = 20_000;
/** Errors after which a remembered DM channel is not trusted again. */
const staleChannelErrors = new Set(['channel_not_found', 'is_archived', 'not_in_channel', 'cannot_dm_bot', 'user_disabled']);

/**
 * `clientFor` gives the client that acts for a workspace: the one token's in single-workspace
 * mode, the installation's own (opened from the store, refreshed when due) in distributed mode.
 * With `pacing`, every call goes through the rate gate first: after a 429 on a method in a
 * workspace no call of that method goes there before Retry-After (a call that would is thrown
 * back as a `DeferredSlackCall`, untried), and calls keep to Slack's documented pace per
 * workspace, method and (for posts) channel. A person's DM channel is opened once and
 * remembered, so prompts and reminders of the same person do not spend a Tier 3 call each.
 */
export function createSlackGateway(clientFor: (workspaceId: string) => WebClient | Promise<WebClient>, pacing?: Pacing): SlackGateway {
  type Found = { files?: { name?: string; title?: string }[] };
  const log = pacing?.logger?.child('rate-gate');
  const sleep = pacing?.sleep ?? realSleep;
  const maxWaitMs = pacing?.maxWaitMs ?? 0;
  const dmChannels = new Map<string, string>();
  const search = pacing?.history ?? wideSearch;

  async function paced<T>(call: SlackCall, fn: () => Promise<T>): Promise<T> {
    if (pacing) {
      const { gate, clock } = pacing;
      const now = clock.now().getTime();
      const d = gate.decide(call, now, attemptMaxWaitMs() ?? maxWaitMs);
      if (!d.go) throw new DeferredSlackCall(call.method, d.untilMs, d.why);
      if (d.atMs > now) {
        await sleep(d.atMs - now);
        // A 429 may have closed the method while this call waited for its slot.
        const closed = gate.closedUntil(call, clock.now().getTime());
        if (closed !== undefined) throw new DeferredSlackCall(call.method, closed, 'retry-after');
      }
    }
    // Only a post or an upload can leave something a retry might duplicate; opening a DM, reading,
    // joining, updating a message or publishing a Home can be done again as they are.
    const refused = effectful.has(call.method) ? noteSlackCall() : () => {};
    try {
      return await fn();
    } catch (err) {
      const e = err as { code?: string; retryAfter?: number };
      if (e?.code === 'slack_webapi_rate_limited_error') {
        // Slack did nothing: the attempt is not the worse for this call, and nobody calls the method again before Retry-After.
        refused();
        if (pacing) {
          const until = pacing.gate.limited(call, Math.max(1, e.retryAfter ?? 1) * 1000, pacing.clock.now().getTime());
          log?.info({ workspaceId: call.workspaceId, method: call.method, ...(call.channel ? { channel: call.channel } : {}), until: new Date(until) }, 'Slack answered 429: no more of these calls there until Retry-After');
        }
      }
      throw err;
    }
  }

  /** The client's calls that posting once needs, each through the gate. */
  function pacedClient(workspaceId: string, web: WebClient): PostClient {
    return {
      chat: { postMessage: (a) => paced({ workspaceId, method: 'chat.postMessage', channel: a.channel }, () => web.chat.postMessage(a)) },
      conversations: {
        open: (a) => paced({ workspaceId, method: 'conversations.open' }, () => web.conversations.open(a)),
        history: (a) => paced({ workspaceId, method: 'conversations.history' }, () => web.conversations.history(a)),
        replies: (a) => paced({ workspaceId, method: 'conversations.replies' }, () => web.conversations.replies(a)),
        join: (a) => paced({ workspaceId, method: 'conversations.join' }, () => web.conversations.join(a)),
      },
    };
  }

  async function openDm(workspaceId: string, userId: string): Promise<string | undefined> {
    const key = `${workspaceId}|${userId}`;
    const known = dmChannels.get(key);
    if (known) return known;
    const web = await clientFor(workspaceId);
    const id = (await paced({ workspaceId, method: 'conversations.open' }, () => web.conversations.open({ users: userId }))).channel?.id;
    if (id) {
      if (dmChannels.size >= dmCacheSize) dmChannels.delete(dmChannels.keys().next().value!);
      dmChannels.set(key, id);
    }
    return id;
  }

  return {
    postOnce: async (workspaceId, p) => postOnce(pacedClient(workspaceId, await clientFor(workspaceId)), p, search),
    async postDmOnce(workspaceId, p) {
      const channel = await openDm(workspaceId, p.userId);
      if (!channel) throw new Error('conversations.open gave no channel');
      try {
        return await postOnce(pacedClient(workspaceId, await clientFor(workspaceId)), { channel, key: p.key, recovering: p.recovering, message: p.message }, search);
      } catch (err) {
        if (staleChannelErrors.has((err as { data?: { error?: string } }).data?.error ?? '')) dmChannels.delete(`${workspaceId}|${p.userId}`);
        throw err;
      }
    },
    async update(workspaceId, p) {
      const web = await clientFor(workspaceId);
      await paced({ workspaceId, method: 'chat.update' }, () => web.chat.update({ channel: p.channel, ts: p.ts, ...p.message }));
    },
    openDm,
    async hasFile(workspaceId, p) {
      const web = await clientFor(workspaceId);
      const res = p.ts
        ? await paced({ workspaceId, method: 'conversations.replies' }, () => web.conversations.replies({ channel: p.channel, ts: p.ts!, limit: search.pageSize }))
        : await paced({ workspaceId, method: 'conversations.history' }, () => web.conversations.history({ channel: p.channel, limit: Math.min(50, search.pageSize) }));
      return ((res.messages as Found[] | undefined) ?? []).some((m) => m.files?.some((f) => f.name === p.filename || f.title === p.filename));
    },
    async uploadFile(workspaceId, p) {
      const web = await clientFor(workspaceId);
      // filesUploadV2 is two Tier 4 calls and the bytes; the gate paces it as its completing call.
      await paced({ workspaceId, method: 'files.completeUploadExternal' }, () =>
        web.filesUploadV2({
          channel_id: p.channel,
          ...(p.threadTs ? { thread_ts: p.threadTs } : {}),
          file: p.file,
          filename: p.filename,
          title: p.title,
          ...(p.altText ? { alt_text: p.altText } : {}),
          ...(p.initialComment ? { initial_comment: p.initialComment } : {}),
        } as Parameters<WebClient['filesUploadV2']>[0]),
      );
    },
    async publishHome(workspaceId, userId, view) {
      const web = await clientFor(workspaceId);
      await paced({ workspaceId, method: 'views.publish' }, () => web.views.publish({ user_id: userId, view }));
    },
    client: async (workspaceId) => clientFor(workspaceId),
  };
}
