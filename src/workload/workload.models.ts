import { DateTime } from 'luxon';
import { addDays, weekdayOf, type LocalDate } from '../shared/time.ts';

/**
 * Pure workload rules, as resource planners define them: hours planned into a week
 * against hours available that week. Nothing here reads the clock or the database.
 */

export type Band = 'away' | 'under' | 'healthy' | 'at-risk' | 'overloaded';

export type LoadTask = {
  id: number;
  title: string;
  assigneeId: string;
  /** Remaining hours; null when nobody estimated it. */
  estimateHours: number | null;
  dueDate: LocalDate | null;
  status: 'open' | 'in_progress';
};

export type LoadMember = { userId: string; capacityHours: number; awayDates: ReadonlySet<LocalDate> };

export type LoadInput = {
  today: LocalDate;
  workingDays: number[];
  defaultEstimateHours: number;
  overloadThreshold: number;
  members: LoadMember[];
  tasks: LoadTask[];
  /** Monday of each ISO week to report (this week first). */
  weeks: LocalDate[];
};

export type WeekLoad = {
  week: LocalDate;
  plannedHours: number;
  availableHours: number;
  /** Percent, or null when nothing is available (away all week). */
  utilisation: number | null;
  band: Band;
  awayDays: number;
  tasks: { id: number; title: string; hours: number; estimated: boolean; dueDate: LocalDate | null }[];
};

export type MemberLoad = { userId: string; inProgress: number; unestimated: number; weeks: WeekLoad[] };

export function mondayOf(date: LocalDate): LocalDate {
  return addDays(date, 1 - weekdayOf(date));
}

/** "2026-W49". */
export function isoWeekLabel(monday: LocalDate): string {
  const d = DateTime.fromISO(monday, { zone: 'UTC' });
  return `${d.weekYear}-W${String(d.weekNumber).padStart(2, '0')}`;
}

export function band(utilisation: number | null, overloadThreshold: number): Band {
  if (utilisation === null) return 'away';
  if (utilisation > overloadThreshold) return 'overloaded';
  if (utilisation >= Math.min(85, overloadThreshold)) return 'at-risk';
  if (utilisation >= 60) return 'healthy';
  return 'under';
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/**
 * Each open task's remaining hours are spread evenly over its assignee's working days
 * (away days excluded) from today to its due date; with no due date, over the rest of
 * this week; overdue work, or work with no day left to do it on, lands on today.
 * Available hours are the whole week's (capacity less time off), so utilisation does not
 * creep up as the week goes by while estimates stay the same.
 */
export function computeLoad(input: LoadInput): MemberLoad[] {
  const perWeekDays = new Set(input.workingDays).size || 1;
  const isWorking = (d: LocalDate) => input.workingDays.includes(weekdayOf(d));
  const weekEnd = (monday: LocalDate) => addDays(monday, 6);
  const thisMonday = mondayOf(input.today);

  return input.members.map((m) => {
    const daily = m.capacityHours / perWeekDays;
    const canWork = (d: LocalDate) => isWorking(d) && !m.awayDates.has(d);
    const hoursByDay = new Map<LocalDate, { id: number; title: string; hours: number; estimated: boolean; dueDate: LocalDate | null }[]>();
    const put = (d: LocalDate, entry: { id: number; title: string; hours: number; estimated: boolean; dueDate: LocalDate | null }) => {
      const list = hoursByDay.get(d);
      if (list) list.push(entry);
      else hoursByDay.set(d, [entry]);
    };
    const mine = input.tasks.filter((t) => t.assigneeId === m.userId);
    for (const t of mine) {
      const hours = t.estimateHours ?? input.defaultEstimateHours;
      const estimated = t.estimateHours !== null;
      const last = t.dueDate && t.dueDate >= input.today ? t.dueDate : t.dueDate ? input.today : weekEnd(thisMonday);
      const days: LocalDate[] = [];
      for (let d = input.today; d <= last; d = addDays(d, 1)) if (canWork(d)) days.push(d);
      if (!days.length) days.push(input.today);
      for (const d of days) put(d, { id: t.id, title: t.title, hours: hours / days.length, estimated, dueDate: t.dueDate });
    }

    const weeks = input.weeks.map((monday): WeekLoad => {
      let available = 0;
      let awayDays = 0;
      const contributions = new Map<number, { id: number; title: string; hours: number; estimated: boolean; dueDate: LocalDate | null }>();
      let planned = 0;
      for (let i = 0; i < 7; i++) {
        const d = addDays(monday, i);
        if (isWorking(d) && m.awayDates.has(d)) awayDays++;
        if (canWork(d)) available += daily;
        for (const e of hoursByDay.get(d) ?? []) {
          planned += e.hours;
          const c = contributions.get(e.id);
          if (c) c.hours += e.hours;
          else contributions.set(e.id, { ...e });
        }
      }
      const utilisation = available > 0 ? Math.round((planned / available) * 100) : null;
      return {
        week: monday,
        plannedHours: round1(planned),
        availableHours: round1(available),
        utilisation,
        band: available > 0 ? band(utilisation, input.overloadThreshold) : 'away',
        awayDays,
        tasks: [...contributions.values()].map((c) => ({ ...c, hours: round1(c.hours) })).sort((a, b) => b.hours - a.hours),
      };
    });
    return {
      userId: m.userId,
      inProgress: mine.filter((t) => t.status === 'in_progress').length,
      unestimated: mine.filter((t) => t.estimateHours === null).length,
      weeks,
    };
  });
}

/** Overloaded people first (most loaded first), then by utilisation, the away last. */
export function sortByLoad(loads: MemberLoad[], weekIndex = 0): MemberLoad[] {
  const key = (l: MemberLoad) => l.weeks[weekIndex]?.utilisation ?? -1;
  const worst = (l: MemberLoad) => Math.max(...l.weeks.map((w) => w.utilisation ?? -1));
  return [...loads].sort((a, b) => worst(b) - worst(a) || key(b) - key(a) || a.userId.localeCompare(b.userId));
}

/** Teammates with the most room that week, for a warning's suggestion. */
export function mostRoom(loads: MemberLoad[], week: LocalDate, except: string, n = 2): { userId: string; utilisation: number }[] {
  return loads
    .filter((l) => l.userId !== except)
    .map((l) => ({ userId: l.userId, utilisation: l.weeks.find((w) => w.week === week)?.utilisation }))
    .filter((x): x is { userId: string; utilisation: number } => typeof x.utilisation === 'number')
    .sort((a, b) => a.utilisation - b.utilisation)
    .slice(0, n);
}

/** "6h", "2d", "30m", "1.5h" → minutes; d is the team's working day. */
export function parseEstimate(text: string, dayHours: number): { minutes: number } | { error: string } | undefined {
  const m = /^(-?\d+(?:[.,]\d+)?)(m|min|h|hr|hrs|d|day|days)$/i.exec(text.trim());
  if (!m) return undefined;
  const n = Number(m[1]!.replace(',', '.'));
  const unit = m[2]!.toLowerCase();
  const minutes = Math.round(unit.startsWith('m') ? n : unit.startsWith('h') ? n * 60 : n * dayHours * 60);
  if (!(minutes > 0)) return { error: `“${text}” is not a positive estimate. Example: \`4h\`, \`2d\` or \`30m\`` };
  if (minutes > 200 * 60) return { error: `“${text}” is more than 200 hours; split it into smaller tasks. Example: \`3d\`` };
  return { minutes };
}

export function formatHours(minutes: number): string {
  const h = minutes / 60;
  return Number.isInteger(h) ? `${h}h` : h >= 1 ? `${round1(h)}h` : `${minutes}m`;
}
