import { addDays, weekdayOf, type LocalDate } from '../shared/time.ts';
import { effectiveRegion, holidaysBetween } from './holidays.models.ts';

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

/** A day or period a person is off on a team working day, with why. */
export type OffPeriod = { workspaceId: string; userId: string; fromDate: LocalDate; toDate: LocalDate; reason: 'away' | 'holiday' | 'calendar' };

/** A team as far as availability is concerned. */
export type AvailabilityTeam = { workspaceId: string; workingDays: number[]; holidayRegion: string | null };

/**
 * What people's availability is built from (time off typed, public holidays of their region,
 * calendar feeds), read once for a window and asked per person and date through
 * `availabilityOn`: the one function every feature uses.
 */
export type AvailabilityIndex = {
  memberDays(team: AvailabilityTeam, userId: string): MemberDays;
  on(team: AvailabilityTeam, userId: string, date: LocalDate): Availability;
  offPeriods(team: AvailabilityTeam, userIds: string[], from: LocalDate, to: LocalDate): OffPeriod[];
};

export function indexAvailability(input: {
  from: LocalDate;
  to: LocalDate;
  away: { workspaceId: string; userId: string; fromDate: LocalDate; toDate: LocalDate }[];
  regions: Map<string, string>;
  calendar: Map<string, string[]>;
}): AvailabilityIndex {
  const awayOf = new Map<string, { from: LocalDate; to: LocalDate }[]>();
  for (const a of input.away) {
    const k = `${a.workspaceId}:${a.userId}`;
    const list = awayOf.get(k);
    if (list) list.push({ from: a.fromDate, to: a.toDate });
    else awayOf.set(k, [{ from: a.fromDate, to: a.toDate }]);
  }
  const holidayCache = new Map<string, Map<LocalDate, string>>();
  const holidaysOf = (region: string | null) => {
    if (!region) return new Map<LocalDate, string>();
    let h = holidayCache.get(region);
    if (!h) holidayCache.set(region, (h = holidaysBetween(region, input.from, input.to)));
    return h;
  };
  const calendarCache = new Map<string, Set<LocalDate>>();
  const memberDays = (team: AvailabilityTeam, userId: string): MemberDays => {
    const k = `${team.workspaceId}:${userId}`;
    let cal = calendarCache.get(k);
    if (!cal) calendarCache.set(k, (cal = new Set(input.calendar.get(k) ?? [])));
    return { away: awayOf.get(k) ?? [], holidays: holidaysOf(effectiveRegion(input.regions.get(k), team.holidayRegion)), calendar: cal };
  };
  return {
    memberDays,
    on: (team, userId, date) => availabilityOn(team.workingDays, memberDays(team, userId), date),
    offPeriods(team, userIds, from, to) {
      const out: OffPeriod[] = [];
      for (const userId of userIds) {
        const days = memberDays(team, userId);
        // Typed time off as it was typed; holidays and calendar days one day each.
        for (const p of days.away) if (p.from <= to && p.to >= from) out.push({ workspaceId: team.workspaceId, userId, fromDate: p.from, toDate: p.to, reason: 'away' });
        for (const d of daysOffBetween(team.workingDays, days, from < input.from ? input.from : from, to > input.to ? input.to : to)) {
          if (d.reason !== 'away') out.push({ workspaceId: team.workspaceId, userId, fromDate: d.date, toDate: d.date, reason: d.reason });
        }
      }
      return out;
    },
  };
}

/* What the availability use cases return: data, rendered by src/slack/blocks/availability.*.ts. */

export type HolidayDate = { date: LocalDate; name: string };

/** `/standup holidays XX`: my own region set, or cleared (then the team's applies, if it has one). */
export type MyRegionSet = { kind: 'region-cleared'; teamRegion: string | null } | { kind: 'region-set'; region: string; name: string; next: HolidayDate[] };

/** `/standup holidays team XX`. */
export type TeamRegionSet = { kind: 'team-region-cleared'; teamName: string } | { kind: 'team-region-set'; teamName: string; region: string; name: string };

/** `/standup holidays`: whose region applies, its next holidays, and the days off my calendar adds (null: no calendar). */
export type MyHolidays = { kind: 'no-region' } | { kind: 'holidays'; region: string; source: 'own' | 'team'; next: HolidayDate[]; calendarDaysOff: number | null };

/** `/standup calendar URL`: the address as it may be shown (its secret parts hidden), and the first read's delivery key. */
export type CalendarConnected = { kind: 'calendar-connected'; address: string; key: string };

export type CalendarDisconnected = { kind: 'calendar-disconnected' } | { kind: 'no-calendar' };

/** `/standup calendar`: the feed (address redacted), how its last read went, and its upcoming days off. */
export type CalendarStatus = { kind: 'no-calendar' } | { kind: 'calendar'; address: string; lastError: string | null; lastReadAt: Date | null; upcoming: LocalDate[] };

/**
 * Why a region or a calendar address was refused (thrown with `refused`; src/slack/blocks/availability.replies.ts
 * words it): `problem` is the parser's sentence, which names what was typed, gives an example and holds no markup.
 */
export type AvailabilityRefusal = { code: 'holidays.bad_region'; problem: string } | { code: 'calendar.bad_url'; problem: string };
