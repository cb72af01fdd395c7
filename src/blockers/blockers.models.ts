import { addDays, localDateOf, localToInstant, weekdayOf, type LocalDate } from '../shared/time.ts';

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

/** 0 = fine, 1 = open for the threshold, 2 = open for twice the threshold. */
export function escalationLevel(ageDays: number, thresholdDays: number): 0 | 1 | 2 {
  if (thresholdDays <= 0) return 0;
  if (ageDays >= 2 * thresholdDays) return 2;
  if (ageDays >= thresholdDays) return 1;
  return 0;
}
