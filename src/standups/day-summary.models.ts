import { indexAvailability, type AvailabilityTeam } from '../availability/availability.models.ts';
import type { LocalDate } from '../shared/time.ts';
import { isWorkingDay, memberZone, promptInstant, type DaySummary, type ScheduleTeam } from './schedule.models.ts';

/**
 * Everything a team's day summary is made of, as one read brings it (standups.repository.ts
 * `dayFacts`): the participants, the entries of a few days around the day asked (a person's
 * "today" depends on their zone), and their time off, holiday regions and calendar days.
 */
export type DayFacts = {
  from: LocalDate;
  to: LocalDate;
  /** Participants, in roster order (joined, then id), with their stored profile's name and zone. */
  members: { userId: string; joinedAt: Date; name: string | null; tz: string | null }[];
  /** Entries dated in [from, to], in the order they were answered; `name` from the stored profile. */
  entries: { userId: string; date: LocalDate; status: string; name: string | null }[];
  away: { userId: string; fromDate: LocalDate; toDate: LocalDate }[];
  /** Own holiday regions, by user. */
  regions: Map<string, string>;
  /** Calendar days off in [from, to], by user. */
  calendar: Map<string, string[]>;
};

export type DaySummaryTeam = ScheduleTeam & AvailabilityTeam & { name: string; createdAt: Date };

/**
 * Who answered, who is pending and who is away on a team's day. Only people who were asked
 * that day are expected: someone who joined after their prompt time, or whose prompt was
 * missed while Coordinator was down, is not "missing". Someone who answered and then left the
 * team still counts as answered (under their stored name; `formerName` for one with none).
 */
export function summarizeDay(team: DaySummaryTeam, date: LocalDate, closed: boolean, facts: DayFacts, formerName: (userId: string) => string = (u) => u): DaySummary {
  const entries = facts.entries.filter((e) => e.date === date);
  const byUser = new Map(entries.map((e) => [e.userId, e]));
  const ws = team.workspaceId;
  const index = indexAvailability({
    from: facts.from,
    to: facts.to,
    away: facts.away.map((a) => ({ workspaceId: ws, ...a })),
    regions: new Map([...facts.regions].map(([u, r]) => [`${ws}:${u}`, r])),
    calendar: new Map([...facts.calendar].map(([u, d]) => [`${ws}:${u}`, d])),
  });
  const name = (m: { userId: string; name: string | null }) => m.name ?? m.userId;
  const answered: string[] = [];
  const pending: string[] = [];
  const awayNames: string[] = [];
  const holidayNames: string[] = [];
  const working = isWorkingDay(team, date);
  for (const m of facts.members) {
    const e = byUser.get(m.userId);
    const a = index.on(team, m.userId, date);
    const off = !a.working && a.reason !== 'weekend';
    if (e?.status === 'answered') answered.push(name(m));
    else if (off && a.reason === 'holiday') holidayNames.push(name(m));
    else if (off || e?.status === 'skipped' || e?.status === 'away') awayNames.push(name(m));
    else if (e?.status === 'pending') pending.push(name(m));
    else if (!e && working) {
      // Not asked yet (their prompt comes later in their zone): expected if they were on the team by then.
      const promptAt = promptInstant(team, memberZone(team, m.tz), date);
      if (m.joinedAt <= promptAt && team.createdAt <= promptAt) pending.push(name(m));
    }
  }
  const members = new Set(facts.members.map((m) => m.userId));
  for (const e of entries) {
    if (e.status === 'answered' && !members.has(e.userId)) answered.push(e.name ?? formerName(e.userId));
  }
  return { teamName: team.name, date, answered, pending, away: awayNames, holiday: holidayNames, closed };
}

/** Former members who answered on the day and have no stored profile (their name must be looked up). */
export function unnamedFormerMembers(facts: DayFacts, date: LocalDate): string[] {
  const members = new Set(facts.members.map((m) => m.userId));
  return facts.entries.filter((e) => e.date === date && e.status === 'answered' && !members.has(e.userId) && e.name === null).map((e) => e.userId);
}
