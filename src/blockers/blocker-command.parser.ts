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
  const trimmed = text.trim();
  const words = trimmed.split(/\s+/).filter(Boolean);
  const sub = (words[0] ?? '').toLowerCase();
  if (!trimmed) return { kind: 'error', message: 'Say what is blocking you. Example: `/blocker waiting for staging DB access`' };
  if ((sub === 'help' || sub === '?') && words.length === 1) return { kind: 'help' };
  if (sub === 'list' && words.length <= 2) {
    if (words.length === 1) return { kind: 'list' };
    const userId = parseUserMention(words[1]!);
    if (userId) return { kind: 'list', userId };
  }
  if (sub === 'resolve' && words.length === 2) {
    const id = /^#?(\d{1,9})$/.exec(words[1]!)?.[1];
    if (!id || Number(id) === 0) return { kind: 'error', message: 'Give the blocker number from `/blocker list`. Example: `/blocker resolve 12`' };
    return { kind: 'resolve', id: Number(id) };
  }
  if (sub === 'resolve' && words.length === 1) return { kind: 'error', message: 'Which one? Example: `/blocker resolve 12` (numbers are in `/blocker list`)' };
  if (sub === 'threshold' && words.length <= 2) {
    const days = /^(\d{1,2})d?$/.exec(words[1] ?? '')?.[1];
    if (!days || Number(days) < 1 || Number(days) > 30) {
      return { kind: 'error', message: 'Give the number of working days (1–30) before an open blocker is escalated. Example: `/blocker threshold 3`' };
    }
    return { kind: 'threshold', days: Number(days) };
  }
  if (trimmed.length > maxBlockerLength) {
    return { kind: 'error', message: `That's ${trimmed.length} characters; keep a blocker under ${maxBlockerLength} (details can go in the thread). Example: \`/blocker CI red since the Node upgrade\`` };
  }
  return { kind: 'raise', text: trimmed };
}
