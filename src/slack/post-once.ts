import type { WebClient } from '@slack/web-api';
import type { Message } from './blocks/standup.blocks.ts';

/**
 * Posting that survives retries: every message Coordinator sends on a schedule or
 * from the outbox carries its delivery key as message metadata. When a retry may
 * follow a send that Slack accepted without us knowing (a timeout, a 5xx after the
 * write, a crash before the row was marked), the channel or thread is searched for
 * that key first, and the message is posted only if it is not there.
 */
export const metadataEventType = 'coordinator_delivery';

export type PostOnce = { channel: string; ts: string; found: boolean };

/** The calls posting once needs: a WebClient, or the gateway's paced view of one. */
export type PostClient = {
  chat: Pick<WebClient['chat'], 'postMessage'>;
  conversations: Pick<WebClient['conversations'], 'open' | 'history' | 'replies' | 'join'>;
};

type Found = { ts?: string; metadata?: { event_payload?: unknown } };
const hasKey = (m: Found, key: string) => (m.metadata?.event_payload as { key?: string } | undefined)?.key === key;

/**
 * How much of a channel or thread one search reads: `pages` of `pageSize` messages. A retry
 * follows its first attempt closely, so the message is recent. Where Slack allows one read a
 * minute (apps outside the Marketplace, rate-gate.models.ts `historyPaces`), one page of 15: a
 * second page would wait a minute, the attempt would go back to the queue and start again.
 */
export type SearchLimits = {
  pageSize: number;
  pages: number;
  /** Read from `since` on (one page must reach the message: a thread lists its oldest replies first). */
  fromSince?: boolean;
};
/** Marketplace and internal apps (Tier 3 reads): five pages of 200. */
export const wideSearch: SearchLimits = { pageSize: 200, pages: 5 };

/**
 * Messages older than this cannot be the one looked for: the earliest instant an attempt could
 * have posted it, less a minute for clocks. A thread lists its oldest replies first, so without it
 * one page of a long thread would never reach a reply posted late in the day.
 */
const oldestOf = (since: Date | undefined, limits: SearchLimits) => (since && limits.fromSince ? { oldest: ((since.getTime() - 60_000) / 1000).toFixed(6) } : {});

async function search(web: PostClient, channel: string, key: string, threadTs: string | undefined, limits: SearchLimits, since?: Date): Promise<string | undefined> {
  let cursor: string | undefined;
  for (let page = 0; page < limits.pages; page++) {
    const res = threadTs
      ? await web.conversations.replies({ channel, ts: threadTs, limit: limits.pageSize, include_all_metadata: true, ...oldestOf(since, limits), ...(cursor ? { cursor } : {}) })
      : await web.conversations.history({ channel, limit: limits.pageSize, include_all_metadata: true, ...oldestOf(since, limits), ...(cursor ? { cursor } : {}) });
    const found = (res.messages as Found[] | undefined)?.find((m) => hasKey(m, key));
    if (found?.ts) return found.ts;
    cursor = res.response_metadata?.next_cursor || undefined;
    if (!cursor) return undefined;
  }
  return undefined;
}

export async function findPosted(web: PostClient, channel: string, key: string, threadTs?: string, limits: SearchLimits = wideSearch, since?: Date): Promise<string | undefined> {
  try {
    return await search(web, channel, key, threadTs, limits, since);
  } catch (err) {
    // The bot may post to a public channel it has not joined (chat:write.public) but not read it:
    // join once and look again, rather than never sending.
    if ((err as { data?: { error?: string } }).data?.error !== 'not_in_channel') throw err;
    await web.conversations.join({ channel });
    return search(web, channel, key, threadTs, limits, since);
  }
}

export async function postOnce(
  web: PostClient,
  p: { channel: string; threadTs?: string | undefined; key: string; recovering: boolean; message: Message; since?: Date | undefined },
  limits: SearchLimits = wideSearch,
): Promise<PostOnce> {
  if (p.recovering) {
    const ts = await findPosted(web, p.channel, p.key, p.threadTs, limits, p.since);
    if (ts) return { channel: p.channel, ts, found: true };
  }
  const res = await web.chat.postMessage({
    channel: p.channel,
    ...(p.threadTs ? { thread_ts: p.threadTs } : {}),
    ...p.message,
    unfurl_links: false,
    metadata: { event_type: metadataEventType, event_payload: { key: p.key } },
  });
  return { channel: res.channel ?? p.channel, ts: res.ts!, found: false };
}
