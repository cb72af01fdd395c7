import { addDays, localDateOf, localToInstant, weekdayOf, type LocalDate } from '../shared/time.ts';
import { holidaysBetween } from '../availability/holidays.models.ts';

/** Pure rules about blockers: age in working days and escalation levels. */

/**
 * Working days after `from` up to and including `to`: raised Thursday, it is 2 on Monday.
 * `daysOff` (the team's public holidays) do not count: a blocker does not age on a holiday.
 */
export function workingDaysBetween(from: LocalDate, to: LocalDate, workingDays: number[], daysOff?: Iterable<LocalDate>): number {
  if (to <= from) return 0;
  let off = 0;
  for (const d of daysOff ?? []) if (d > from && d <= to && workingDays.includes(weekdayOf(d))) off++;
  return countWorking(from, to, workingDays) - off;
}

function countWorking(from: LocalDate, to: LocalDate, workingDays: number[]): number {
  let n = 0;
  // Whole weeks first, so a year-old blocker costs no more than a new one.
  let d = from;
  const perWeek = new Set(workingDays).size;
  const span = Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86400_000);
  const weeks = Math.floor(span / 7);
  n += weeks * perWeek;
  d = addDays(from, weeks * 7);
  while (d < to) {
    d = addDays(d, 1);
    if (workingDays.includes(weekdayOf(d))) n++;
  }
  return n;
}

/**
 * The date blockers are aged against: the team's local date once its prompt time has
 * passed (escalations arrive with the day's standup, not at midnight), else the day before.
 */
export function agingDate(now: Date, team: { timezone: string; promptTime: string }): LocalDate {
  const today = localDateOf(now, team.timezone);
  return now >= localToInstant(today, team.promptTime, team.timezone) ? today : addDays(today, -1);
}

/** A blocker's age in working days on `now`; the team's public holidays (its default region) do not age it. */
export function blockerAge(b: { openedDate: LocalDate }, team: { timezone: string; promptTime: string; workingDays: number[]; holidayRegion: string | null }, now: Date): number {
  const to = agingDate(now, team);
  return workingDaysBetween(b.openedDate, to, team.workingDays, holidaysBetween(team.holidayRegion, b.openedDate, to).keys());
}

/** 0 = fine, 1 = open for the threshold, 2 = open for twice the threshold. */
export function escalationLevel(ageDays: number, thresholdDays: number): 0 | 1 | 2 {
  if (thresholdDays <= 0) return 0;
  if (ageDays >= 2 * thresholdDays) return 2;
  if (ageDays >= thresholdDays) return 1;
  return 0;
}

/** A blocker that is no longer open, as a click on it is told: resolved, or marked as not one, and by whom. */
export type ClosedBlocker = { id: number; status: 'resolved' | 'dismissed'; resolvedBy: string | null };

/** `/blocker resolve` or a Resolve click. */
export type ResolveResult =
  | { kind: 'resolved'; id: number }
  /** Resolved by someone else between the look and the write. */
  | { kind: 'already-resolved'; id: number }
  | { kind: 'closed'; blocker: ClosedBlocker };

/** "I'll help": the clicker owns it now (`previousOwnerId` had it before), or nothing changed. */
export type HelpResult =
  | { kind: 'owner'; id: number; reporterId: string; previousOwnerId: string | null }
  | { kind: 'already-owner'; id: number }
  | { kind: 'closed'; blocker: ClosedBlocker };

/** "Not a blocker": closed as a misreading; a line read from a standup answer is learned (`learned`). */
export type DismissResult =
  | { kind: 'dismissed'; id: number; learned?: { teamName: string; text: string } }
  | { kind: 'already-closed'; id: number }
  | { kind: 'closed'; blocker: ClosedBlocker };

/** The author's answer to "Is this a blocker?", with the outbox rows to send at once. */
export type AskAnswer = (
  | { kind: 'untracked'; teamName: string; text: string }
  | { kind: 'tracked'; id: number; teamName: string }
  | { kind: 'duplicate'; id: number }
) & { deliveries: string[] };

/** Why a blocker command or click changed nothing (thrown with `refused`; src/slack/blocks/blocker.replies.ts words it). */
export type BlockerRefusal =
  | { code: 'blocker.not_found'; id: number }
  /** "Is this a blocker?" from a message older than the question format, or forged. */
  | { code: 'blocker.stale_question' }
  /** Only the author of the answer says whether a line of it is a blocker. */
  | { code: 'blocker.not_yours' }
  | { code: 'blocker.forbidden'; action: 'resolve'; id: number; reporterId: string; ownerId: string | null; managers: string[] }
  | { code: 'blocker.forbidden'; action: 'dismiss'; id: number; reporterId: string }
  | { code: 'blocker.not_member'; teamName: string };
