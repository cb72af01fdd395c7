import { addDays, isValidZone, localDateOf, localToInstant, weekdayOf, type LocalDate } from '../shared/time.ts';
import { kinds } from '../outbox/kinds.ts';

/**
 * Pure scheduling: which prompts, reminders and deadlines fall due in a window of
 * time. The scheduler asks for (last pass, now] and records what it gets under
 * unique keys, so asking twice never schedules anything twice.
 */

export type ScheduleTeam = {
  id: number;
  workingDays: number[];
  promptTime: string;
  tzMode: 'member' | 'pinned';
  timezone: string;
  reminderMinutes: number | null;
  deadlineTime: string;
};

export type ScheduleMember = { teamId: number; userId: string; tz: string | null };

export type DueItem =
  | { kind: 'prompt'; key: string; teamId: number; userId: string; date: LocalDate; dueAt: Date }
  | { kind: 'reminder'; key: string; teamId: number; userId: string; date: LocalDate; dueAt: Date }
  | { kind: 'deadline'; key: string; teamId: number; date: LocalDate; dueAt: Date };

/** Who answered, who is pending and who is away on a team's day (names). */
export type DaySummary = {
  teamName: string;
  date: LocalDate;
  answered: string[];
  pending: string[];
  away: string[];
  /** On a public holiday of their region: not missing, and not "away" either. */
  holiday?: string[];
  closed: boolean;
};

/** Prompts and reminders more than this late are recorded as missed, not sent. */
export const catchUpLimitMs = 2 * 60 * 60 * 1000;

/** The zone a member is prompted in: their own unless the team pins one (or theirs is unknown). */
export function memberZone(team: Pick<ScheduleTeam, 'tzMode' | 'timezone'>, tz: string | null | undefined): string {
  if (team.tzMode === 'pinned' || !tz || !isValidZone(tz)) return team.timezone;
  return tz;
}

export function isWorkingDay(team: Pick<ScheduleTeam, 'workingDays'>, date: LocalDate): boolean {
  return team.workingDays.includes(weekdayOf(date));
}

export function promptInstant(team: ScheduleTeam, zone: string, date: LocalDate): Date {
  return localToInstant(date, team.promptTime, zone);
}

function datesAround(from: Date, to: Date, zone: string): LocalDate[] {
  const first = addDays(localDateOf(from, zone), -1);
  const last = localDateOf(to, zone);
  const out: LocalDate[] = [];
  for (let d = first; d <= last; d = addDays(d, 1)) out.push(d);
  return out;
}


/**
 * Everything due in (from, to]. `isAway(teamId, userId, date)` leaves out people on
 * time off; a reminder is planned with its prompt's day and checked again at send time.
 */
export function planDue(input: {
  teams: ScheduleTeam[];
  members: ScheduleMember[];
  from: Date;
  to: Date;
  isAway?: (teamId: number, userId: string, date: LocalDate) => boolean;
}): DueItem[] {
  const { from, to } = input;
  // Thousands of members share a few dozen zones: each zone's dates and instants are computed once per pass.
  const datesCache = new Map<string, LocalDate[]>();
  const datesFor = (zone: string) => {
    let d = datesCache.get(zone);
    if (!d) datesCache.set(zone, (d = datesAround(from, to, zone)));
    return d;
  };
  const instantCache = new Map<string, Date>();
  const instant = (date: LocalDate, time: string, zone: string) => {
    const key = `${date}|${time}|${zone}`;
    let i = instantCache.get(key);
    if (!i) instantCache.set(key, (i = localToInstant(date, time, zone)));
    return i;
  };
  const inWindow = (t: Date) => t.getTime() > from.getTime() && t.getTime() <= to.getTime();
  const byTeam = new Map<number, ScheduleMember[]>();
  for (const m of input.members) {
    const list = byTeam.get(m.teamId);
    if (list) list.push(m);
    else byTeam.set(m.teamId, [m]);
  }
  const out: DueItem[] = [];
  for (const team of input.teams) {
    const members = byTeam.get(team.id) ?? [];
    const zones = members.map((m) => memberZone(team, m.tz));
    members.forEach((m, i) => {
      const zone = zones[i]!;
      for (const date of datesFor(zone)) {
        if (!isWorkingDay(team, date)) continue;
        const promptAt = instant(date, team.promptTime, zone);
        const reminderAt = team.reminderMinutes != null ? new Date(promptAt.getTime() + team.reminderMinutes * 60_000) : undefined;
        const promptDue = inWindow(promptAt);
        const reminderDue = reminderAt !== undefined && inWindow(reminderAt);
        if (!promptDue && !reminderDue) continue;
        if (input.isAway?.(team.id, m.userId, date)) continue;
        if (promptDue) out.push({ kind: 'prompt', key: kinds.prompt.key({ teamId: team.id, userId: m.userId, date }), teamId: team.id, userId: m.userId, date, dueAt: promptAt });
        if (reminderDue) out.push({ kind: 'reminder', key: kinds.reminder.key({ teamId: team.id, userId: m.userId, date }), teamId: team.id, userId: m.userId, date, dueAt: reminderAt! });
      }
    });
    if (members.length === 0) continue;
    // Team dates: any member's local date in the window, checked against the latest deadline.
    const dates = new Set<LocalDate>();
    const teamZones = [...new Set(zones)];
    for (const z of teamZones) for (const d of datesFor(z)) dates.add(d);
    for (const date of dates) {
      if (!isWorkingDay(team, date)) continue;
      const at = new Date(Math.max(...teamZones.map((z) => instant(date, team.deadlineTime, z).getTime())));
      if (inWindow(at)) out.push({ kind: 'deadline', key: kinds.deadline.key({ teamId: team.id, date }), teamId: team.id, date, dueAt: at });
    }
  }
  return out;
}
