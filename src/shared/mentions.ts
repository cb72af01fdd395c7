/** Slack escapes mentions in command text (should_escape) as <@U123|name>. */
const mentionRe = /^<@([UW][A-Z0-9]{2,})(?:\|[^>]*)?>$/;
const channelRe = /^<#([CG][A-Z0-9]{2,})(?:\|[^>]*)?>$/;

export function parseUserMention(token: string): string | undefined {
  return mentionRe.exec(token)?.[1];
}

export function parseChannelMention(token: string): string | undefined {
  return channelRe.exec(token)?.[1];
}

/** All tokens must be user mentions; returns the ids or the first token that is not one. */
export function parseUserList(tokens: string[]): { ok: true; userIds: string[] } | { ok: false; bad: string } {
  const ids: string[] = [];
  for (const t of tokens) {
    for (const part of t.split(',').filter(Boolean)) {
      const id = parseUserMention(part);
      if (!id) return { ok: false, bad: part };
      if (!ids.includes(id)) ids.push(id);
    }
  }
  return { ok: true, userIds: ids };
}
