import { memberZone, planDue, type ScheduleTeam } from '../standups/schedule.models.ts';
import { addDays, localDateOf, localToInstant, weekdayOf } from '../shared/time.ts';

/**
 * The next instant at which the tick has something to do for a member or a team. The tick
 * selects rows whose instant has come (an index range scan) and advances them with these
 * functions, so a minute in which nothing is due costs a few empty index scans.
 *
 * Each function answers "the first instant strictly after `after`", computed with the same
 * rules that plan the work (planDue for prompts, reminders and deadlines), so the two can never
 * disagree. Whether a person works on a date (time off, holidays) is decided when an instant
 * fires, not here: an away day still wakes the tick, which then sends nothing and moves on.
 * null = never (a team with no working days).
 */

/** Far enough to hold the next working day of any weekly schedule, plus DST slack. */
const horizonMs = 9 * 86_400_000;

/** The member's next prompt or reminder after `after`, in their zone (or the team's, when pinned). */
export function nextMemberDue(team: ScheduleTeam, tz: string | null, after: Date): Date | null {
  const items = planDue({ teams: [team], members: [{ teamId: team.id, userId: '-', tz }], from: after, to: new Date(after.getTime() + horizonMs) });
  return earliest(items.filter((i) => i.kind !== 'deadline').map((i) => i.dueAt));
}

/** What a member's instants depend on: two members with the same key share them, whatever their team. */
const scheduleKey = (team: ScheduleTeam) => `${team.workingDays.join(',')}|${team.promptTime}|${team.reminderMinutes ?? ''}|${team.deadlineTime}`;

/**
 * A pass's memo of nextMemberDue: members with the same schedule in the same zone share their
 * instants, so advancing 50,000 members computes a few hundred instants, not 50,000.
 */
export function memberDueMemo(after: Date): (team: ScheduleTeam, tz: string | null) => Date | null {
  const memo = new Map<string, Date | null>();
  return (team, tz) => {
    const zone = memberZone(team, tz);
    const key = `${scheduleKey(team)}|${zone}`;
    let next = memo.get(key);
    if (next === undefined) memo.set(key, (next = nextMemberDue({ ...team, tzMode: 'pinned', timezone: zone }, null, after)));
    return next;
  };
}

/** The same for team deadlines: teams with the same schedule over the same zones share theirs. */
export function deadlineMemo(after: Date): (team: ScheduleTeam, zones: (string | null)[]) => Date | null {
  const memo = new Map<string, Date | null>();
  return (team, zones) => {
    const effective = [...new Set(zones.map((z) => memberZone(team, z)))].sort();
    const key = `${scheduleKey(team)}|${effective.join(',')}`;
    let next = memo.get(key);
    // The zones are resolved already: each stands for itself.
    if (next === undefined) memo.set(key, (next = nextDeadline({ ...team, tzMode: 'member' }, effective, after)));
    return next;
  };
}

/** The team's next report deadline after `after`: the latest of its members' zones, as planDue fires it. */
export function nextDeadline(team: ScheduleTeam, zones: (string | null)[], after: Date): Date | null {
  if (!zones.length) return null;
  const members = [...new Set(zones)].map((tz, i) => ({ teamId: team.id, userId: `-${i}`, tz }));
  const items = planDue({ teams: [team], members, from: after, to: new Date(after.getTime() + horizonMs) });
  return earliest(items.filter((i) => i.kind === 'deadline').map((i) => i.dueAt));
}

/** The team's next weekly digest instant after `after` (its zone, its day and time). */
export function nextDigest(team: { timezone: string; digestDay: number; digestTime: string }, after: Date): Date | null {
  const today = localDateOf(after, team.timezone);
  const monday = addDays(today, 1 - weekdayOf(today));
  for (const week of [0, 7, 14]) {
    const day = addDays(monday, week + team.digestDay - 1);
    const at = localToInstant(day, team.digestTime, team.timezone);
    if (at > after) return at;
  }
  return null;
}

/**
 * When a team's blockers next age by a day: their age counts working days up to the team's
 * prompt time (blockers.models agingDate), so escalation levels change only then.
 */
export function nextAging(team: { timezone: string; promptTime: string }, after: Date): Date {
  const today = localDateOf(after, team.timezone);
  for (const d of [0, 1, 2]) {
    const at = localToInstant(addDays(today, d), team.promptTime, team.timezone);
    if (at > after) return at;
  }
  /* c8 ignore next: a local time exists on one of three consecutive days */
  return new Date(after.getTime() + 86_400_000);
}

/** The next local midnight in the team's zone: overload warnings are looked at once a day (and when load changes). */
export function nextDailyCheck(team: { timezone: string }, after: Date): Date {
  const today = localDateOf(after, team.timezone);
  for (const d of [1, 2]) {
    const at = localToInstant(addDays(today, d), '00:00', team.timezone);
    if (at > after) return at;
  }
  /* c8 ignore next */
  return new Date(after.getTime() + 86_400_000);
}

function earliest(instants: Date[]): Date | null {
  let best: Date | null = null;
  for (const t of instants) if (!best || t < best) best = t;
  return best;
}
