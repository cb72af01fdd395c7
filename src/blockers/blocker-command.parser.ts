import { cleanText, parseId } from '../shared/input.ts';
import { parseUserMention } from '../shared/mentions.ts';

/** Pure parser of `/blocker` text. Anything that is not a subcommand is a blocker to raise. */
export type BlockerCommand =
  | { kind: 'help' }
  | { kind: 'raise'; text: string }
  | { kind: 'list'; userId?: string }
  | { kind: 'resolve'; id: number }
  | { kind: 'threshold'; days: number }
  | { kind: 'error'; message: string };

export const maxBlockerLength = 1500;

export function parseBlockerCommand(text: string): BlockerCommand {
  const trimmed = cleanText(text).trim();
  const words = trimmed.split(/\s+/).filter(Boolean);
  const sub = (words[0] ?? '').toLowerCase();
  const error = (message: string): BlockerCommand => ({ kind: 'error', message });
  if (!trimmed) return error('Say what is blocking you. Example: `/blocker waiting for staging DB access`');
  if ((sub === 'help' || sub === '?') && words.length === 1) return { kind: 'help' };
  // A subcommand typed wrong ("list @a @b", "resolve 12 13") gets usage: raised as a blocker it
  // would ping the managers. "list of servers is down" is still a blocker.
  const args = words.slice(1);
  const mentions = args.some((a) => /^<?@/.test(a));
  const numbers = args.some((a) => /^#?\p{Nd}/u.test(a));
  if (sub === 'list' && (args.length <= 1 || mentions)) {
    if (words.length === 1) return { kind: 'list' };
    const userId = words.length === 2 ? parseUserMention(words[1]!) : undefined;
    if (userId) return { kind: 'list', userId };
    return error('`/blocker list` shows the team’s open blockers, or one person’s. Example: `/blocker list @ana`');
  }
  if (sub === 'resolve' && (args.length <= 1 || numbers)) {
    const id = words.length === 2 ? parseId(words[1]) : undefined;
    if (id && 'outOfRange' in id) return error(`There is no blocker #${id.outOfRange}; \`/blocker list\` shows the open ones. Example: \`/blocker resolve 12\``);
    if (!id) return error('Give one blocker number from `/blocker list`. Example: `/blocker resolve 12`');
    return { kind: 'resolve', id: id.id };
  }
  if (sub === 'threshold' && (args.length <= 1 || numbers)) {
    const days = words.length === 2 ? /^([0-9]{1,2})d?$/.exec(words[1]!)?.[1] : undefined;
    if (!days || Number(days) < 1 || Number(days) > 30) {
      return error('Give the number of working days (1–30) before an open blocker is escalated. Example: `/blocker threshold 3`');
    }
    return { kind: 'threshold', days: Number(days) };
  }
  if (trimmed.length > maxBlockerLength) {
    return error(`That's ${trimmed.length} characters; keep a blocker under ${maxBlockerLength} (details can go in the thread). Example: \`/blocker CI red since the Node upgrade\``);
  }
  return { kind: 'raise', text: trimmed };
}
