/** Escapes user text for mrkdwn so `<!channel>` or `<@U1>` can never ping anyone. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Cuts text to `max` characters (counted as Slack does, by UTF-16 units), ending in "…". */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, Math.max(0, max - 1));
  // Never leave half a surrogate pair or half an escape entity behind.
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  cut = cut.replace(/&[a-z]{0,4}$/, '');
  return `${cut}…`;
}

/** "a, b and c" (or "a, b or c"). */
export function listJoin(items: string[], conjunction: 'and' | 'or' = 'and'): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${conjunction} ${items[items.length - 1]}`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** A user's text inline in a message of ours: on one line, escaped, cut to `max`. */
export const inlineText = (text: string, max = 500) => truncate(escapeMrkdwn(text.replace(/\s+/g, ' ').trim()), max);
