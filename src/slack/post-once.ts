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

type Found = { ts?: string; metadata?: { event_payload?: unknown } };
const hasKey = (m: Found, key: string) => (m.metadata?.event_payload as { key?: string } | undefined)?.key === key;

export async function findPosted(web: WebClient, channel: string, key: string, threadTs?: string): Promise<string | undefined> {
  if (threadTs) {
    const res = await web.conversations.replies({ channel, ts: threadTs, limit: 200, include_all_metadata: true });
    return (res.messages as Found[] | undefined)?.find((m) => hasKey(m, key))?.ts;
  }
  const res = await web.conversations.history({ channel, limit: 50, include_all_metadata: true });
  return (res.messages as Found[] | undefined)?.find((m) => hasKey(m, key))?.ts;
}

export async function postOnce(web: WebClient, p: { channel: string; threadTs?: string | undefined; key: string; recovering: boolean; message: Message }): Promise<PostOnce> {
  if (p.recovering) {
    const ts = await findPosted(web, p.channel, p.key, p.threadTs);
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

/** A DM: opens the conversation (idempotent on Slack's side), then posts once. */
export async function postDmOnce(web: WebClient, p: { userId: string; key: string; recovering: boolean; message: Message }): Promise<PostOnce> {
  const open = await web.conversations.open({ users: p.userId });
  return postOnce(web, { channel: open.channel!.id!, key: p.key, recovering: p.recovering, message: p.message });
}
