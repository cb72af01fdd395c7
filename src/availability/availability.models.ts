import { addDays, weekdayOf, type LocalDate } from '../shared/time.ts';

/**
 * The one answer to "is this person working on this local date, and if not, why".
 * Prompts, reminders, deadline lists, blocker ages, workload capacity, overload
 * warnings, digest participation and `/standup status` all ask it, fed with the same
 * inputs: the team's working days, the person's away periods, their public holidays
 * (from their region) and the days off read from their calendar feed.
 */
export type OffReason = 'weekend' | 'away' | 'holiday' | 'calendar';

/** What is known about one person's days off around a window of dates. */
export type MemberDays = {
  /** `/standup away` periods, inclusive local dates. */
  away: readonly { from: LocalDate; to: LocalDate }[];
  /** Public holidays of the person's region (local date → name). */
  holidays: ReadonlyMap<LocalDate, string>;
  /** Days off read from the person's calendar feed. */
  calendar: ReadonlySet<LocalDate>;
};

export const noDaysOff: MemberDays = { away: [], holidays: new Map(), calendar: new Set() };

export type Availability = { working: true } | { working: false; reason: OffReason; holiday?: string };

/**
 * Not a team working day wins (nothing was expected anyway); then time off the person
 * typed; then a public holiday; then their calendar. The order only decides the label.
 */
export function availabilityOn(workingDays: readonly number[], days: MemberDays, date: LocalDate): Availability {
  if (!workingDays.includes(weekdayOf(date))) return { working: false, reason: 'weekend' };
  if (days.away.some((p) => p.from <= date && date <= p.to)) return { working: false, reason: 'away' };
  const holiday = days.holidays.get(date);
  if (holiday !== undefined) return { working: false, reason: 'holiday', holiday };
  if (days.calendar.has(date)) return { working: false, reason: 'calendar' };
  return { working: true };
}

export function isWorkingOn(workingDays: readonly number[], days: MemberDays, date: LocalDate): boolean {
  return availabilityOn(workingDays, days, date).working;
}

/** A day off on a team working day (weekends are not listed). */
export type DayOff = { date: LocalDate; reason: Exclude<OffReason, 'weekend'> };

/** The team working days in [from, to] this person is off, in date order; at most `limit` days looked at. */
export function daysOffBetween(workingDays: readonly number[], days: MemberDays, from: LocalDate, to: LocalDate, limit = 800): DayOff[] {
  const out: DayOff[] = [];
  let n = 0;
  for (let d = from; d <= to && n < limit; d = addDays(d, 1), n++) {
    const a = availabilityOn(workingDays, days, d);
    if (!a.working && a.reason !== 'weekend') out.push({ date: d, reason: a.reason });
  }
  return out;
}

/** Words shown where a day's state is shown. */
export const offWords: Record<Exclude<OffReason, 'weekend'>, string> = { away: 'away', holiday: 'holiday', calendar: 'away (calendar)' };
