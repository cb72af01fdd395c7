import type { PostedDigest } from '../../digests/digest.models.ts';
import { escapeMrkdwn } from '../../shared/text.ts';

/** Pure reply texts for `/digest` and the Home's digest buttons (mrkdwn; names escaped here). */

const dayNames = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** `/digest history`: the recent digests, newest first. */
export function digestHistoryText(digests: PostedDigest[]): string {
  if (!digests.length) return 'No digest has been posted yet. `/digest preview` shows what the next one says.';
  // A headline is composed from names: the characters that would make a link or a mention are dropped.
  return ['*Recent digests*', ...digests.map((r) => `• ${r.periodStart} → ${r.periodEnd} (${r.kind}) — ${r.headline.replace(/[<>&]/g, '')}${r.channelId ? ` · <#${r.channelId}>` : ''}`)].join('\n');
}

/** `/digest post` and "Post digest now": where the digest's delivery stands after trying to send it at once. */
export function digestPostedText(p: { teamName: string; channelId: string; delivery: { status: string; lastError: string | null } | undefined }): string {
  const where = `<#${p.channelId}>`;
  if (p.delivery?.status === 'sent') return `:newspaper: Posted ${escapeMrkdwn(p.teamName)}'s digest to ${where}.`;
  if (p.delivery?.status === 'failed') return `:warning: Slack refused the digest for ${where} (${p.delivery.lastError ?? 'unknown error'}). If the channel is private, invite me first: \`/invite @Coordinator\`.`;
  return `:hourglass: Slack is slow right now; the digest for ${where} is queued and goes out within a few minutes.`;
}

/** `/digest schedule fri 16:00`. */
export function digestScheduleText(t: { name: string; digestDay: number; digestTime: string; timezone: string; channelId: string }): string {
  return `:calendar: ${escapeMrkdwn(t.name)}'s digest goes out every ${dayNames[t.digestDay - 1]} at ${t.digestTime} (${t.timezone}) to <#${t.channelId}>.`;
}

/** `/digest channel #c`. */
export function digestChannelText(p: { teamName: string; channelId: string }): string {
  return `:mega: ${escapeMrkdwn(p.teamName)}'s weekly digest and blocker escalations now go to <#${p.channelId}>. Invite me there if it is private (\`/invite @Coordinator\`).`;
}
