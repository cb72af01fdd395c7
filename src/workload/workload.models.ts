import { DateTime } from 'luxon';
import { truncate } from '../shared/text.ts';
import { addDays, countWorkingDays, weekdayOf, type LocalDate } from '../shared/time.ts';
import type { Task } from './workload.schema.ts';

/**
 * Pure workload rules, as resource planners define them: hours planned into a week
 * against hours available that week. Nothing here reads the clock or the database.
 */

export type Band = 'away' | 'under' | 'healthy' | 'at-risk' | 'overloaded';

/** Each band in words: a coloured circle alone says nothing to a screen reader or a colour-blind reader. */
export const bandWords: Record<Band, string> = { away: 'away', under: 'under', healthy: 'healthy', 'at-risk': 'at risk', overloaded: 'overloaded' };
export const bandWord = (b: string): string => bandWords[b as Band] ?? b;

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
 *
 * Bounded whatever the dates: only the reported weeks' days are visited; a task's working
 * days up to its due date are counted in closed form (whole weeks, then the away dates it
 * spans), never walked, so a task due in 9999 costs what one due tomorrow does.
 * `meter.days`, when given, counts the days visited (tests check the bound with it).
 */
export function computeLoad(input: LoadInput, meter?: { days: number }): MemberLoad[] {
  const perWeekDays = new Set(input.workingDays).size || 1;
  const isWorking = (d: LocalDate) => input.workingDays.includes(weekdayOf(d));
  const weekEnd = (monday: LocalDate) => addDays(monday, 6);
  const thisMonday = mondayOf(input.today);
  const weekDays = input.weeks.map((monday) => Array.from({ length: 7 }, (_, i) => addDays(monday, i)));

  return input.members.map((m) => {
    const daily = m.capacityHours / perWeekDays;
    const canWork = (d: LocalDate) => isWorking(d) && !m.awayDates.has(d);
    // Away working days, sorted once: a task's share counts those up to its due date.
    const awayWorking = [...m.awayDates].filter((d) => d >= input.today && isWorking(d)).sort();
    const workDaysUntil = (last: LocalDate) => {
      let away = 0;
      for (const d of awayWorking) {
        if (d > last) break;
        away++;
      }
      return countWorkingDays(input.today, last, input.workingDays) - away;
    };
    const mine = input.tasks.filter((t) => t.assigneeId === m.userId);
    const shares = mine.map((t) => {
      const hours = t.estimateHours ?? input.defaultEstimateHours;
      const last = t.dueDate && t.dueDate >= input.today ? t.dueDate : t.dueDate ? input.today : weekEnd(thisMonday);
      const days = workDaysUntil(last);
      // No day left to do it on: all of it lands on today.
      return { task: t, last, days, perDay: days > 0 ? hours / days : hours };
    });

    const weeks = input.weeks.map((monday, w): WeekLoad => {
      let available = 0;
      let awayDays = 0;
      const contributions = new Map<number, { id: number; title: string; hours: number; estimated: boolean; dueDate: LocalDate | null }>();
      let planned = 0;
      for (const d of weekDays[w]!) {
        if (meter) meter.days++;
        if (isWorking(d) && m.awayDates.has(d)) awayDays++;
        if (canWork(d)) available += daily;
        if (d < input.today) continue;
        for (const s of shares) {
          const lands = s.days > 0 ? d <= s.last && canWork(d) : d === input.today;
          if (!lands) continue;
          planned += s.perDay;
          const c = contributions.get(s.task.id);
          if (c) c.hours += s.perDay;
          else contributions.set(s.task.id, { id: s.task.id, title: s.task.title, hours: s.perDay, estimated: s.task.estimateHours !== null, dueDate: s.task.dueDate });
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

/** "6h", "2d", "30m", "1.5h" → minutes; d is the team's working day. Undefined when it is no estimate at all. */
export function parseEstimate(text: string, dayHours: number): { minutes: number } | { error: string } | undefined {
  const t = text.trim();
  // ASCII digits only, at most two decimals ("1,000h" is not one hour).
  const m = /^(-?[0-9]{1,6}(?:[.,][0-9]{1,2})?)(m|mins?|minutes?|h|hrs?|hours?|d|days?)$/i.exec(t);
  if (!m) return looksLikeEstimate(t) ? { error: `“${truncate(t, 20)}” is not an estimate I can read: a plain number and a unit. Example: \`4h\`, \`2d\`, \`30m\` or \`1.5h\`` } : undefined;
  const n = Number(m[1]!.replace(',', '.'));
  const unit = m[2]!.toLowerCase();
  const minutes = Math.round(unit.startsWith('m') ? n : unit.startsWith('h') ? n * 60 : n * dayHours * 60);
  if (!(minutes > 0)) return { error: `“${text}” is not a positive estimate. Example: \`4h\`, \`2d\` or \`30m\`` };
  if (minutes > 200 * 60) return { error: `“${truncate(t, 20)}” is more than 200 hours; split it into smaller tasks. Example: \`3d\`` };
  return { minutes };
}

/**
 * A token meant as an estimate that is not a valid one: a number in any script or
 * notation ("1e309h", "0x10h", "1_000h", "٣h", "３h", "+2h", "NaNh", "Infinityh") and a
 * unit. It is answered with an error, never read as title text. "4th" or "3rd" are not.
 */
export function looksLikeEstimate(token: string): boolean {
  const unit = '(?:m|mins?|minutes?|h|hrs?|hours?|d|days?)';
  return new RegExp(`^[+\\-]?(?:(?:\\p{Nd}|\\.\\p{Nd})[\\p{Nd}.,_eExXa-fA-F+\\-]*|nan|inf|infinity)${unit}$`, 'iu').test(token.trim());
}

export function formatHours(minutes: number): string {
  const h = minutes / 60;
  return Number.isInteger(h) ? `${h}h` : h >= 1 ? `${round1(h)}h` : `${minutes}m`;
}

/* What the workload use cases return: data, rendered by src/slack/blocks/workload.*.ts. */

export type TaskList = { teamName: string; forUserId?: string; tasks: Task[] };
export type TeamLoad = { teamName: string; weeks: LocalDate[]; rows: (MemberLoad & { name: string; awayDays: number; openBlockers: number })[]; threshold: number };
export type PersonLoad = { kind: 'person'; name: string; load: MemberLoad; tasks: Task[] };

/** Which of the two weeks the load model looks at. */
export type WeekName = 'this week' | 'next week';

/** A change to a task put its assignee over the team's threshold (more than before): the one who made it is told. */
export type Overload = { userId: string; week: WeekName; utilisation: number; plannedHours: number; availableHours: number };

/**
 * Why a task or workload command changed nothing, as data thrown with `refused(…)`
 * (src/shared/errors.ts) and worded by src/slack/blocks/refusals.ts. A code starting
 * `task.assignee` is shown under the task form's assignee field.
 */
export type TaskRefusal =
  | { code: 'task.not_found'; taskId: number; teamName: string }
  | { code: 'task.forbidden'; taskId: number; assigneeId: string; createdBy: string }
  | { code: 'task.done'; taskId: number }
  /** Only people who answer the team's standups have a capacity the load model counts. */
  | { code: 'task.assignee_not_member'; userId: string; teamName: string }
  /** `/workload @user` for someone who does not answer the team's standups. */
  | { code: 'workload.not_member'; userId: string; teamName: string };

/** A task added or changed, and whether that overloads its assignee. */
export type TaskSaved = { kind: 'saved'; task: Task; overload?: Overload };
