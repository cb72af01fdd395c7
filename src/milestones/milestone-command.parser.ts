import { cleanText, dateOutsideWindow, parseId } from '../shared/input.ts';
import { truncate } from '../shared/text.ts';
import { isValidLocalDate, type LocalDate } from '../shared/time.ts';
import { maxMilestoneName } from './milestones.models.ts';

/** The pure parser of `/milestone`. Every outcome is a value; nothing throws. */
export type MilestoneRef = { id: number } | { name: string };
export type MilestoneCommand =
  | { kind: 'help' }
  | { kind: 'list' }
  | { kind: 'show'; ref: MilestoneRef }
  | { kind: 'add'; name: string; targetDate: LocalDate; budgetMinutes?: number }
  | { kind: 'done'; ref: MilestoneRef }
  | { kind: 'move'; ref: MilestoneRef; targetDate: LocalDate }
  | { kind: 'budget'; ref: MilestoneRef; budgetMinutes: number | null }
  | { kind: 'error'; message: string };

const err = (message: string) => ({ kind: 'error' as const, message });
const shown = (t: string) => truncate(t.replace(/[`*_~<>&]/g, ''), 40);
const addExample = 'Example: `/milestone add "Beta" 2027-02-15 budget 120h`';
/** Most hours a budget may hold: ten people for a year is about 20,000. */
export const maxBudgetHours = 20_000;

/** A name in straight or curly quotes, or a run of words. */
function unquote(text: string): string {
  const t = text.trim();
  const m = /^["“”'‘’](.*)["“”'‘’]$/s.exec(t);
  return (m ? m[1]! : t).trim();
}

/** A name must read as plain text: no mention, channel or link syntax, no line breaks. */
export function checkMilestoneName(name: string): string | undefined {
  if (!name) return `Give the milestone a name. ${addExample}`;
  if (name.length > maxMilestoneName) return `Keep the name under ${maxMilestoneName} characters. ${addExample}`;
  if (/[<>\n]/.test(name)) return `A milestone name is plain text: no mentions, channels or links. ${addExample}`;
  if (/^#?\d+$/.test(name)) return `A name that is only a number would read as an ID; add a word. ${addExample}`;
  return undefined;
}

/** "120h", "120", "15d" (days of `dayHours`) → minutes, or an error. */
export function parseBudget(text: string, dayHours: number): { minutes: number } | { error: string } {
  const m = /^(-?[0-9]{1,6}(?:\.[0-9]{1,2})?)\s*(h|hrs?|hours?|d|days?)?$/i.exec(text.trim());
  if (!m) return { error: `“${shown(text)}” is not a budget I can read: hours, like \`120h\`. ${addExample}` };
  const n = Number(m[1]);
  const hours = m[2]?.toLowerCase().startsWith('d') ? n * dayHours : n;
  if (!(hours > 0)) return { error: `A budget is a positive number of hours; “${shown(text)}” is not. ${addExample}` };
  if (hours > maxBudgetHours) return { error: `A budget is at most ${maxBudgetHours.toLocaleString('en')} hours. ${addExample}` };
  return { minutes: Math.round(hours * 60) };
}

/** A target date: a real calendar date, not in the past, within two years. */
export function checkTarget(text: string, today: LocalDate, example: string): { date: LocalDate } | { error: string } {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || !isValidLocalDate(text)) return { error: `${shown(text)} is not a date on the calendar (YYYY-MM-DD). ${example}` };
  if (text < today) return { error: `${text} is in the past; a target is today or later. ${example}` };
  const outside = dateOutsideWindow(text, today);
  if (outside) return { error: `${outside} ${example}` };
  return { date: text };
}

function parseRef(words: string[]): MilestoneRef | { error: string } | undefined {
  if (!words.length) return undefined;
  if (words.length === 1) {
    const id = parseId(words[0]);
    if (id && 'outOfRange' in id) return { error: `There is no milestone #${id.outOfRange}. \`/milestone list\` shows them.` };
    if (id) return { id: id.id };
  }
  const name = unquote(words.join(' '));
  if (name.length > maxMilestoneName) return { error: `A milestone name is at most ${maxMilestoneName} characters. \`/milestone list\` shows them.` };
  return name ? { name } : undefined;
}

export function parseMilestoneCommand(raw: string, opts: { today: LocalDate; dayHours: number }): MilestoneCommand {
  const text = cleanText(raw).trim();
  const words = text.split(/\s+/).filter(Boolean);
  const sub = (words[0] ?? '').toLowerCase();
  const args = words.slice(1);
  switch (sub) {
    case '':
    case 'list':
      return args.length ? err('`/milestone list` takes nothing more. Example: `/milestone list`') : { kind: 'list' };
    case 'help':
    case '?':
      return { kind: 'help' };
    case 'add':
      return parseAdd(text.slice(words[0]!.length).trim(), opts);
    case 'done': {
      const ref = parseRef(args);
      if (!ref) return err('Give the milestone’s number (or name). Example: `/milestone done 3`');
      return 'error' in ref ? err(ref.error) : { kind: 'done', ref };
    }
    case 'move': {
      const example = 'Example: `/milestone move 3 2027-03-01`';
      const date = args.at(-1);
      const ref = parseRef(args.slice(0, -1));
      if (!ref || !date) return err(`Give the milestone and its new target date. ${example}`);
      if ('error' in ref) return err(ref.error);
      const t = checkTarget(date, opts.today, example);
      return 'error' in t ? err(t.error) : { kind: 'move', ref, targetDate: t.date };
    }
    case 'budget': {
      const example = 'Example: `/milestone budget 3 150h` (or `off`)';
      const amount = args.at(-1);
      const ref = parseRef(args.slice(0, -1));
      if (!ref || !amount) return err(`Give the milestone and its budget. ${example}`);
      if ('error' in ref) return err(ref.error);
      if (/^(off|none)$/i.test(amount)) return { kind: 'budget', ref, budgetMinutes: null };
      const b = parseBudget(amount, opts.dayHours);
      return 'error' in b ? err(b.error.replace(addExample, example)) : { kind: 'budget', ref, budgetMinutes: b.minutes };
    }
    default: {
      // `/milestone 3` or `/milestone Beta`: one milestone's forecast.
      const ref = parseRef(words);
      if (ref && 'error' in ref) return err(ref.error);
      if (ref && ('id' in ref || words.length <= 6)) return { kind: 'show', ref };
      return err(`I don't know \`/milestone ${shown(sub)}\`. ${addExample}`);
    }
  }
}

/** `add "NAME" YYYY-MM-DD [budget 120h]`: the name may be quoted; the date follows it. */
function parseAdd(rest: string, opts: { today: LocalDate; dayHours: number }): MilestoneCommand {
  let name: string;
  let tail: string[];
  const quoted = /^["“”'‘’]([^"“”]*)["“”'‘’](?:\s+|$)(.*)$/s.exec(rest);
  if (quoted) {
    name = quoted[1]!.trim();
    tail = quoted[2]!.split(/\s+/).filter(Boolean);
  } else {
    const words = rest.split(/\s+/).filter(Boolean);
    const at = words.findIndex((w) => /^\d{4}-\d{1,2}-\d{1,2}$/.test(w) || /^-?\d/.test(w) && /[-/.]/.test(w));
    if (at < 0) return err(`Give the milestone a name and a target date. ${addExample}`);
    name = words.slice(0, at).join(' ');
    tail = words.slice(at);
  }
  const nameProblem = checkMilestoneName(name);
  if (nameProblem) return err(nameProblem);
  const date = tail[0];
  if (!date) return err(`Give the target date after the name. ${addExample}`);
  const t = checkTarget(date, opts.today, addExample);
  if ('error' in t) return err(t.error);
  const opts2 = tail.slice(1);
  if (!opts2.length) return { kind: 'add', name, targetDate: t.date };
  if (opts2[0]!.toLowerCase() !== 'budget' || opts2.length !== 2) return err(`After the date, only \`budget 120h\` may follow. ${addExample}`);
  const b = parseBudget(opts2[1]!, opts.dayHours);
  if ('error' in b) return err(b.error);
  return { kind: 'add', name, targetDate: t.date, budgetMinutes: b.minutes };
}
