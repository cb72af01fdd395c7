import { cleanText, dateOutsideWindow, parseId } from '../shared/input.ts';
import { parseUserMention } from '../shared/mentions.ts';
import { truncate } from '../shared/text.ts';
import { isValidLocalDate, type LocalDate } from '../shared/time.ts';
import { looksLikeEstimate, parseEstimate } from './workload.models.ts';
import { maxMilestoneName } from '../milestones/milestones.models.ts';

/** A milestone as typed after `for` or in `/task milestone`: its number or its name. */
export type TaskMilestoneRef = { id: number } | { name: string };

/** The pure parser of `/task`. Every outcome is a value; nothing throws. */
export type TaskCommand =
  | { kind: 'help' }
  | { kind: 'modal' }
  | {
      kind: 'add';
      title: string;
      assigneeId?: string;
      estimateMinutes?: number;
      dueDate?: LocalDate;
      milestone?: TaskMilestoneRef;
      /**
       * The title with its "for NAME" kept, when NAME was a bare word: "Load tests for payments"
       * names no milestone, so the caller keeps it in the title when no milestone has that name.
       */
      titleWithFor?: string;
    }
  | { kind: 'milestone'; id: number; milestone: TaskMilestoneRef | null }
  | { kind: 'list'; userId?: string }
  | { kind: 'done' | 'start'; id: number }
  | { kind: 'assign'; id: number; userId: string }
  | { kind: 'estimate'; id: number; minutes: number }
  | { kind: 'error'; message: string };

const err = (message: string) => ({ kind: 'error' as const, message });
const shown = (t: string) => truncate(t.replace(/[`*_~<>&]/g, ''), 40);
/** A well-formed number no task can have: "no such task", not usage. */
const noTask = (n: string) => err(`There is no task #${n}. \`/task list\` shows the open ones.`);
export const maxTitleLength = 200;

export function parseTaskCommand(text: string, opts: { dayHours: number; today: LocalDate }): TaskCommand {
  const words = cleanText(text).trim().split(/\s+/).filter(Boolean);
  const sub = (words[0] ?? '').toLowerCase();
  const args = words.slice(1);
  switch (sub) {
    case '':
      return { kind: 'modal' };
    case 'help':
    case '?':
      return { kind: 'help' };
    case 'add':
      return parseAdd(args, opts);
    case 'list': {
      if (args.length === 0) return { kind: 'list' };
      const userId = args.length === 1 ? parseUserMention(args[0]!) : undefined;
      return userId ? { kind: 'list', userId } : err('List everyone’s tasks, or one person’s. Example: `/task list @ana`');
    }
    case 'done':
    case 'start': {
      const id = args.length === 1 ? parseId(args[0]) : undefined;
      if (id && 'outOfRange' in id) return noTask(id.outOfRange);
      return id ? { kind: sub, id: id.id } : err(`Give the task number from \`/task list\`. Example: \`/task ${sub} 12\``);
    }
    case 'assign': {
      const id = parseId(args[0]);
      const userId = args.length === 2 ? parseUserMention(args[1]!) : undefined;
      if (!id || !userId) return err('Give the task number and the person. Example: `/task assign 12 @ana`');
      return 'outOfRange' in id ? noTask(id.outOfRange) : { kind: 'assign', id: id.id, userId };
    }
    case 'milestone': {
      const example = 'Example: `/task milestone 12 Beta` (or `none` to detach it)';
      const id = parseId(args[0]);
      if (!id || args.length < 2) return err(`Give the task number and the milestone. ${example}`);
      if ('outOfRange' in id) return noTask(id.outOfRange);
      const ref = milestoneRef(args.slice(1).join(' '));
      if (!ref) return err(`Give the milestone’s name or number. ${example}`);
      return { kind: 'milestone', id: id.id, milestone: /^(none|off)$/i.test(args.slice(1).join(' ')) ? null : ref };
    }
    case 'estimate': {
      const id = parseId(args[0]);
      const est = args.length === 2 ? parseEstimate(args[1]!, opts.dayHours) : undefined;
      if (!id || !est) return err('Give the task number and the remaining estimate. Example: `/task estimate 12 4h` (or `2d`, `30m`)');
      if ('error' in est) return err(est.error);
      if ('outOfRange' in id) return noTask(id.outOfRange);
      return { kind: 'estimate', id: id.id, minutes: est.minutes };
    }
    default:
      return err(`I don't know \`/task ${shown(sub)}\`. Example: \`/task add Write the release notes 3h due 2026-12-04\``);
  }
}

/** "Beta", "“Public beta”" or "3"/"#3" → a reference to a milestone. */
export function milestoneRef(text: string): TaskMilestoneRef | undefined {
  const t = text.trim().replace(/^["“‘'](.*)["”’']$/s, '$1').trim();
  // Longer than any milestone name: not one.
  if (!t || t.length > maxMilestoneName) return undefined;
  const id = parseId(t);
  return id && 'id' in id ? { id: id.id } : { name: t };
}

/**
 * `add TITLE [@assignee] [6h|2d|30m] [due YYYY-MM-DD]`: the options are read from the
 * end, in any order, so a title may itself contain "2d" or "due" ("Fix the 2d grid").
 */
function parseAdd(args: string[], opts: { dayHours: number; today: LocalDate }): TaskCommand {
  const example = 'Example: `/task add Write the release notes @ana 3h due 2026-12-04`';
  let assigneeId: string | undefined;
  let estimateMinutes: number | undefined;
  let dueDate: LocalDate | undefined;
  let milestone: TaskMilestoneRef | undefined;
  let forWords: string[] | undefined;
  let end = args.length;
  while (end > 1) {
    const w = args[end - 1]!;
    // `for Beta`, `for 3`, `for "Public beta"`: the milestone it delivers (the title keeps at least one word).
    if (milestone === undefined && !parseUserMention(w)) {
      let from = end - 1;
      if (/["”’]$/.test(w) && !/^["“‘]/.test(w)) {
        for (let j = end - 2; j >= 2; j--) {
          if (/^["“‘]/.test(args[j]!)) {
            from = j;
            break;
          }
        }
      }
      if (from >= 2 && args[from - 1]!.toLowerCase() === 'for') {
        const ref = milestoneRef(args.slice(from, end).join(' '));
        if (ref) {
          milestone = ref;
          // Quoted or a number: meant as a milestone. A bare word may be the title's own ("for payments").
          if ('name' in ref && !/^["“‘']/.test(args[from]!)) forWords = args.slice(from - 1, end);
          end = from - 1;
          continue;
        }
      }
    }
    const mention = parseUserMention(w);
    if (mention && !assigneeId) {
      assigneeId = mention;
      end--;
      continue;
    }
    if (mention) return err(`A task has one assignee. ${example}`);
    const est = parseEstimate(w, opts.dayHours);
    // "1e309h" or "３h" meant an estimate: an error, never title text.
    if (est && 'error' in est) return err(est.error);
    if (est && estimateMinutes === undefined) {
      estimateMinutes = est.minutes;
      end--;
      continue;
    }
    if (/^\d{4}-\d{2}-\d{2}$/.test(w) && args[end - 2]?.toLowerCase() === 'due' && dueDate === undefined) {
      if (!isValidLocalDate(w)) return err(`${w} is not a date on the calendar. ${example}`);
      if (w < opts.today) return err(`${w} is in the past. ${example}`);
      // A due date years out is a typo (9999, 2206 for 2026), and every plan would span it.
      const outside = dateOutsideWindow(w, opts.today);
      if (outside) return err(`${outside} ${example}`);
      dueDate = w;
      end -= 2;
      continue;
    }
    // "due tomorrow", "due friday", "due 4/12": a date we cannot read, not part of the title.
    const dateLike = /^(today|tomorrow|next|eod|eow|(mon|tue|wed|thu|fri|sat|sun)[a-z]*|\d[\d./-]*)$/i.test(w);
    if (w.toLowerCase() === 'due' || /^\d{4}-\d{2}-\d{2}$/.test(w) || (dateLike && args[end - 2]?.toLowerCase() === 'due')) {
      return err(`Write the due date as \`due YYYY-MM-DD\`. ${example}`);
    }
    break;
  }
  const joined = args.slice(0, end).join(' ');
  if (!joined) return err(`Give the task a title. ${example}`);
  if (parseUserMention(args[0] ?? '') && end === 1) return err(`Give the task a title. ${example}`);
  // A lone "4h" or "1e309m" was meant as the estimate of a task with no title yet.
  if (end === 1 && (parseEstimate(args[0]!, opts.dayHours) !== undefined || looksLikeEstimate(args[0]!))) return err(`Give the task a title before its estimate. ${example}`);
  if (joined.length > maxTitleLength) return err(`Keep the title under ${maxTitleLength} characters. ${example}`);
  return {
    kind: 'add',
    title: joined,
    ...(assigneeId ? { assigneeId } : {}),
    ...(estimateMinutes !== undefined ? { estimateMinutes } : {}),
    ...(dueDate ? { dueDate } : {}),
    ...(milestone ? { milestone } : {}),
    ...(forWords && `${joined} ${forWords.join(' ')}`.length <= maxTitleLength ? { titleWithFor: `${joined} ${forWords.join(' ')}` } : {}),
  };
}
