import { addDays, countWorkingDays, daysBetween, weekdayOf, type LocalDate } from '../shared/time.ts';

/**
 * Pure milestone rules: the delivery forecast, the status thresholds, the budget and the
 * burn-up. Nothing here reads the clock or the database; "is this person working on this
 * date" is a function passed in, so public holidays and calendar feeds plug in later
 * without touching the forecast.
 */

export type ForecastStatus = 'on-track' | 'at-risk' | 'late';
export const statusRank: Record<ForecastStatus, number> = { 'on-track': 0, 'at-risk': 1, late: 2 };
export const statusWords: Record<ForecastStatus, string> = { 'on-track': 'on track', 'at-risk': 'at risk', late: 'late' };

/** A finish fewer than this many working days before the target is "at risk". */
export const marginWorkingDays = 2;
/** The forecast never simulates more days than this: a finish further out is "beyond two years". */
export const maxForecastDays = 2 * 365;

/** Whether a person works on a date (team working day, not away, not a holiday). */
export type IsWorking = (userId: string, date: LocalDate) => boolean;

export type PlanTask = {
  id: number;
  title: string;
  assigneeId: string;
  /** Remaining hours; null when nobody estimated it. */
  estimateHours: number | null;
  dueDate: LocalDate | null;
  milestoneId: number | null;
};

export type ForecastInput = {
  today: LocalDate;
  milestone: { id: number; name: string; targetDate: LocalDate; budgetHours: number | null };
  /** The team's working weekdays (ISO, 1 = Monday): a day's hours are the weekly capacity over these. */
  workingDays: number[];
  isWorking: IsWorking;
  defaultEstimateHours: number;
  /** The team's members and their weekly hours. An assignee who is not here has no capacity. */
  members: { userId: string; capacityHours: number }[];
  /** Every open task of the team: the milestone's own and the work competing with it. */
  openTasks: PlanTask[];
  /** The milestone's finished tasks: hours (estimate, or the default) and the day each was done. */
  doneTasks: { hours: number; doneDate: LocalDate }[];
  marginDays?: number;
  maxDays?: number;
};

export type AssigneeForecast = {
  userId: string;
  /** Hours of this milestone still on them. */
  remainingHours: number;
  /** Their last milestone task's projected finish; null when it never finishes (no capacity, or beyond the horizon). */
  finish: LocalDate | null;
  /** Hours a week they have for the milestone until the target, after the work due before it. */
  freeHoursPerWeek: number;
  /** False when they are not on the team (no capacity is known). */
  member: boolean;
};

export type Forecast = {
  milestoneId: number;
  name: string;
  target: LocalDate;
  status: ForecastStatus;
  /** Some open task is unestimated: counted with the team default. */
  uncertain: boolean;
  /** Projected finish of the last open task; null when it never finishes within the horizon. */
  finish: LocalDate | null;
  /** Calendar days after the target (positive = late), when there is a finish. */
  daysLate: number | null;
  openTasks: number;
  remainingHours: number;
  doneHours: number;
  /** Done + remaining. */
  plannedHours: number;
  budgetHours: number | null;
  /** Planned as a percentage of the budget. */
  budgetPct: number | null;
  unestimated: { id: number; title: string }[];
  /** Milestone assignees, the one who finishes last first. */
  assignees: AssigneeForecast[];
  /** Teammates with the most hours a week free until the target (not milestone assignees), for "what would fix it". */
  room: { userId: string; freeHoursPerWeek: number }[];
  /** Done hours, cumulative, by week (Monday), the last eight weeks with work done. */
  burnUp: { week: LocalDate; doneHours: number }[];
};

const round1 = (n: number) => Math.round(n * 10) / 10;
const mondayOf = (d: LocalDate) => addDays(d, 1 - weekdayOf(d));

/** The "is working" function of today's data: team working days, less each person's away days. */
export function workingCalendar(workingDays: readonly number[], awayDates: ReadonlyMap<string, ReadonlySet<LocalDate>>): IsWorking {
  const days = new Set(workingDays);
  // The forecast asks about the same dates for every person: each date's weekday is worked out once.
  const working = new Map<LocalDate, boolean>();
  return (userId, date) => {
    let w = working.get(date);
    if (w === undefined) working.set(date, (w = days.has(weekdayOf(date))));
    return w && !awayDates.get(userId)?.has(date);
  };
}

/**
 * Forecasts a milestone's finish by simulating, day by day, each person's queue of open work
 * in order of due date (a task with no due date: the end of this week, or the milestone's
 * target for its own tasks; on a tie, other work first), spending each working day's hours
 * (weekly capacity ÷ working days a week) on the head of the queue. Bounded: at most
 * `maxDays` days per person, and only the people who hold the milestone's work are
 * simulated past its target.
 */
export function forecastMilestone(input: ForecastInput, meter?: { days: number }): Forecast {
  const { today, milestone } = input;
  const target = milestone.targetDate;
  const maxDays = Math.min(input.maxDays ?? maxForecastDays, maxForecastDays);
  const margin = input.marginDays ?? marginWorkingDays;
  const perWeek = new Set(input.workingDays).size || 1;
  const endOfWeek = addDays(mondayOf(today), 6);
  const hoursOf = (t: PlanTask) => t.estimateHours ?? input.defaultEstimateHours;
  const mine = input.openTasks.filter((t) => t.milestoneId === milestone.id);
  const unestimated = mine.filter((t) => t.estimateHours === null).map((t) => ({ id: t.id, title: t.title }));
  const remainingHours = round1(mine.reduce((s, t) => s + hoursOf(t), 0));
  const capacity = new Map(input.members.map((m) => [m.userId, m.capacityHours]));
  // Hours a week = free hours over the team's working days to the target, times working days a week.
  const workDaysToTarget = target >= today ? countWorkingDays(today, target, input.workingDays) : 0;
  const perWeekOf = (hours: number) => (workDaysToTarget ? round1((hours / workDaysToTarget) * perWeek) : 0);

  // Each day's date, worked out once for every person simulated.
  const dates: LocalDate[] = [];
  const dayAt = (i: number) => dates[i] ?? (dates[i] = addDays(today, i));
  type Sim = { finish: LocalDate | null; free: number };
  const simulate = (userId: string, mustFinish: boolean): Sim => {
    const daily = (capacity.get(userId) ?? 0) / perWeek;
    const queue = input.openTasks
      .filter((t) => t.assigneeId === userId)
      .map((t) => {
        const ours = t.milestoneId === milestone.id;
        return { ours, left: hoursOf(t), due: t.dueDate ?? (ours ? target : endOfWeek), id: t.id };
      })
      .sort((a, b) => a.due.localeCompare(b.due) || Number(a.ours) - Number(b.ours) || a.id - b.id)
      // Work queued after the milestone's last task does not take time from it.
      .map((q) => ({ ...q, ahead: false }));
    let lastOurs = -1;
    queue.forEach((q, i) => {
      if (q.ours) lastOurs = i;
    });
    for (let i = 0; i < lastOurs; i++) if (!queue[i]!.ours) queue[i]!.ahead = true;
    let ours = queue.filter((q) => q.ours).length;
    let free = 0;
    let finish: LocalDate | null = ours === 0 ? today : null;
    if (daily <= 0) return { finish: ours === 0 ? today : null, free: 0 };
    for (let i = 0; i < maxDays; i++) {
      const d = dayAt(i);
      const beforeTarget = d <= target;
      if (!beforeTarget && (!mustFinish || ours === 0)) break;
      if (meter) meter.days++;
      if (!input.isWorking(userId, d)) continue;
      let h = daily;
      while (h > 1e-9 && queue.length) {
        const head = queue[0]!;
        const spent = Math.min(h, head.left);
        head.left -= spent;
        h -= spent;
        if (!head.ahead && beforeTarget) free += spent;
        if (head.left <= 1e-9) {
          queue.shift();
          if (head.ours && --ours === 0) finish = d;
        }
      }
      // Hours left over before the target are free for the milestone too.
      if (beforeTarget) free += h;
    }
    return { finish, free };
  };

  const assigneeIds = [...new Set(mine.map((t) => t.assigneeId))];
  const assignees: AssigneeForecast[] = assigneeIds.map((userId) => {
    const sim = simulate(userId, true);
    return {
      userId,
      remainingHours: round1(mine.filter((t) => t.assigneeId === userId).reduce((s, t) => s + hoursOf(t), 0)),
      finish: sim.finish,
      freeHoursPerWeek: perWeekOf(sim.free),
      member: capacity.has(userId),
    };
  });
  assignees.sort((a, b) => (a.finish === b.finish ? b.remainingHours - a.remainingHours : a.finish === null ? -1 : b.finish === null ? 1 : b.finish.localeCompare(a.finish)));

  // Room: what teammates have left before the target after their own queue, this milestone's work included;
  // those who are themselves behind have none to give.
  const behind = new Set(assignees.filter((a) => a.finish === null || a.finish > target).map((a) => a.userId));
  const room = workDaysToTarget
    ? input.members
        .filter((m) => !behind.has(m.userId))
        .map((m) => {
          const own = assignees.find((a) => a.userId === m.userId)?.remainingHours ?? 0;
          return { userId: m.userId, freeHoursPerWeek: perWeekOf(Math.max(0, simulate(m.userId, false).free - own)) };
        })
        .filter((r) => r.freeHoursPerWeek > 0)
        .sort((a, b) => b.freeHoursPerWeek - a.freeHoursPerWeek || a.userId.localeCompare(b.userId))
        .slice(0, 3)
    : [];

  const finish = mine.length === 0 ? null : assignees.some((a) => a.finish === null) ? null : assignees.reduce<LocalDate>((last, a) => (a.finish! > last ? a.finish! : last), today);
  const uncertain = unestimated.length > 0;
  const status = statusOf({ openTasks: mine.length, finish, target, uncertain, margin, workingDays: input.workingDays });
  const doneHours = round1(input.doneTasks.reduce((s, t) => s + t.hours, 0));
  const plannedHours = round1(doneHours + remainingHours);
  const budgetHours = milestone.budgetHours;
  return {
    milestoneId: milestone.id,
    name: milestone.name,
    target,
    status,
    uncertain,
    finish,
    daysLate: finish ? daysBetween(target, finish) : null,
    openTasks: mine.length,
    remainingHours,
    doneHours,
    plannedHours,
    budgetHours,
    budgetPct: budgetHours ? Math.round((plannedHours / budgetHours) * 100) : null,
    unestimated,
    assignees,
    room,
    burnUp: burnUp(input.doneTasks),
  };
}

/**
 * The status thresholds. Nothing left: on track. No finish, or a finish after the target:
 * late. A finish fewer than `margin` working days before the target, or an uncertain
 * forecast: at risk. Otherwise on track.
 */
export function statusOf(p: { openTasks: number; finish: LocalDate | null; target: LocalDate; uncertain: boolean; margin: number; workingDays: readonly number[] }): ForecastStatus {
  if (p.openTasks === 0) return 'on-track';
  if (p.finish === null || p.finish > p.target) return 'late';
  const slack = countWorkingDays(addDays(p.finish, 1), p.target, p.workingDays);
  return slack < p.margin || p.uncertain ? 'at-risk' : 'on-track';
}

/** Cumulative done hours by week, the last eight weeks in which something was done. */
export function burnUp(done: { hours: number; doneDate: LocalDate }[]): { week: LocalDate; doneHours: number }[] {
  const byWeek = new Map<LocalDate, number>();
  for (const t of done) byWeek.set(mondayOf(t.doneDate), (byWeek.get(mondayOf(t.doneDate)) ?? 0) + t.hours);
  let total = 0;
  return [...byWeek.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([week, hours]) => ({ week, doneHours: round1((total += hours)) }))
    .slice(-8);
}

/** True when `next` is a worse status than `previous` (never computed counts as on track). */
export function worsened(previous: ForecastStatus | null, next: ForecastStatus): boolean {
  return statusRank[next] > statusRank[previous ?? 'on-track'];
}

/** Milestones that need a manager's eye, worst first, then soonest target. */
export function needingAttention(forecasts: Forecast[]): Forecast[] {
  return forecasts.filter((f) => f.status !== 'on-track').sort((a, b) => statusRank[b.status] - statusRank[a.status] || a.target.localeCompare(b.target) || a.milestoneId - b.milestoneId);
}

/** A milestone name as typed: one line, no mrkdwn or mention syntax needed to read it. */
export const maxMilestoneName = 80;

/**
 * Why a milestone command changed nothing, as data thrown with `refused(…)` (src/shared/errors.ts)
 * and worded by src/slack/blocks/refusals.ts.
 */
export type MilestoneRefusal =
  /** Adding needs a place on the team (or being one of its managers, or an admin). */
  | { code: 'milestone.forbidden'; action: 'add'; teamName: string }
  /** Changing needs whoever added it, a manager of the team, or an admin. */
  | { code: 'milestone.forbidden'; action: 'change'; teamName: string; milestoneId: number; createdBy: string }
  | { code: 'milestone.past'; teamName: string; date: LocalDate }
  | { code: 'milestone.too_many'; teamName: string; max: number }
  | { code: 'milestone.exists'; teamName: string; name: string; existingId: number | null }
  /** `afterFor`: named in a `/task` command ("… for Beta" in `/task add`), so the wording says how to keep it in a title. */
  | { code: 'milestone.not_found'; teamName: string; ref: { id: number } | { name: string }; afterFor?: true }
  | { code: 'milestone.done'; milestoneId: number; name: string };
