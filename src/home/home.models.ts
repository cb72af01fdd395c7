import { DateTime } from 'luxon';
import type { LocalDate, LocalTime } from '../shared/time.ts';
import type { WeekLoad } from '../workload/workload.models.ts';

/**
 * What a person's App Home shows, as data: the use case gathers it, the builder in
 * slack/blocks/home.blocks.ts renders it. Pure types and rules, no IO.
 */

/** Where one of my standups stands today. */
export type StandupState = 'to-answer' | 'answered' | 'skipped' | 'away' | 'holiday' | 'day-off' | 'later';

export type HomeStandup = { teamId: number; teamName: string; channelId: string; date: LocalDate; state: StandupState; promptTime: LocalTime };
export type HomeBlocker = { id: number; teamName: string; text: string; ageDays: number; reporterId: string; ownerId: string | null };
export type HomeTask = { id: number; teamId: number; teamName: string; title: string; estimateMinutes: number | null; dueDate: LocalDate | null; status: string; sourceUrl: string | null };
export type HomeLoad = { teamId: number; teamName: string; weeks: WeekLoad[] };
export type HomeAway = { id: number; fromDate: LocalDate; toDate: LocalDate };

export type Participation = { answered: number; expected: number; pct: number | null };
export type ManagerBlocker = { id: number; text: string; ageDays: number; reporterId: string; ownerId: string | null };
export type Overloaded = { userId: string; name: string; week: 'this week' | 'next week'; utilisation: number };

/**
 * One team a person manages. Sections are rendered from these fields in order by the
 * builder's `managerSections`; a feature adds a field here and a section there
 * (issue 17: milestones at risk).
 */
export type ManagedTeam = {
  teamId: number;
  teamName: string;
  channelId: string;
  weekStart: LocalDate;
  participation: Participation;
  /** Open blockers, oldest first (all of them: the builder cuts the list). */
  blockers: ManagerBlocker[];
  blockerThresholdDays: number;
  overloaded: Overloaded[];
  overloadThreshold: number;
  /** The next weekly digest, in the team's zone. */
  nextDigest: { at: Date; label: string; channelId: string };
  /** Open milestones at risk or late, worst first (all of them: the builder cuts the list). */
  milestonesAtRisk: MilestoneAtRisk[];
};

export type MilestoneAtRisk = { id: number; name: string; status: 'at-risk' | 'late'; target: LocalDate; finish: LocalDate | null; uncertain: boolean };

export type HomeData =
  | { kind: 'newcomer'; userId: string }
  | {
      kind: 'person';
      userId: string;
      standups: HomeStandup[];
      blockers: HomeBlocker[];
      tasks: HomeTask[];
      loads: HomeLoad[];
      timeOff: HomeAway[];
      managed: ManagedTeam[];
    };

/** A member's state on a team's day, from their entry, time off and the team's days (`later`: their prompt is still to come). */
export function standupState(p: { workingDay: boolean; away: boolean; holiday?: boolean; entryStatus: string | undefined; promptDue: boolean }): StandupState {
  if (p.entryStatus === 'answered') return 'answered';
  if (p.entryStatus === 'skipped') return 'skipped';
  if (p.workingDay && p.holiday) return 'holiday';
  if (p.away || p.entryStatus === 'away') return 'away';
  if (!p.workingDay) return 'day-off';
  if (p.entryStatus === 'pending' || p.entryStatus === 'missed' || p.promptDue) return 'to-answer';
  return 'later';
}

/** Answers given of those asked for (skipped and away days are not expected). */
export function participationOf(statuses: readonly string[]): Participation {
  const answered = statuses.filter((s) => s === 'answered').length;
  const expected = statuses.filter((s) => s === 'answered' || s === 'pending' || s === 'missed').length;
  return { answered, expected, pct: expected ? Math.round((answered * 100) / expected) : null };
}

/** The next instant at `day` (1 = Monday) and `time` in `zone` strictly after `now`. */
export function nextWeekly(now: Date, day: number, time: LocalTime, zone: string): Date {
  const [h, m] = time.split(':').map(Number) as [number, number];
  const local = DateTime.fromJSDate(now, { zone });
  let at = local.set({ weekday: day as 1, hour: h, minute: m, second: 0, millisecond: 0 });
  if (at.toMillis() <= now.getTime()) at = at.plus({ weeks: 1 });
  return at.toJSDate();
}

/** "Fri 4 Dec, 16:00 (Europe/Berlin)". */
export function formatInstant(at: Date, zone: string): string {
  return `${DateTime.fromJSDate(at, { zone }).toFormat('ccc d LLL, HH:mm')} (${zone})`;
}
