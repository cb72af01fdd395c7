import type { DeliveriesRepository } from '../outbox/deliveries.repository.ts';
import { kinds, type MilestoneWarning } from '../outbox/kinds.ts';
import type { Actor } from '../shared/actor.ts';
import type { Clock } from '../shared/clock.ts';
import { groupBy } from '../shared/collections.ts';
import { refused } from '../shared/errors.ts';
import { addDays, localDateOf, type LocalDate } from '../shared/time.ts';
import type { Bound } from '../shared/use-cases.ts';
import type { StandupsRepository } from '../standups/standups.repository.ts';
import type { AwayPeriod } from '../standups/standups.schema.ts';
import type { MemberWithUser, TeamsRepository } from '../teams/teams.repository.ts';
import type { Team } from '../teams/teams.schema.ts';
import type { WorkloadRepository } from '../workload/workload.repository.ts';
import type { Task } from '../workload/workload.schema.ts';
import type { UsersService } from '../workspaces/users.service.ts';
import type { MilestoneRef } from './milestone-command.parser.ts';
import { forecastMilestone, maxForecastDays, needingAttention, workingCalendar, worsened, type Forecast, type IsWorking, type MilestoneRefusal } from './milestones.models.ts';
import type { MilestonesRepository } from './milestones.repository.ts';
import type { Milestone } from './milestones.schema.ts';

export type MilestoneWithForecast = { milestone: Milestone; forecast: Forecast };
export type MilestoneList = { teamName: string; today: LocalDate; items: MilestoneWithForecast[]; defaultEstimateHours: number };

/** Open milestones a team may have at once: each is forecast on every list and digest. */
export const maxOpenMilestones = 30;
/** The tick recomputes every team's forecasts at most this often. */
export const warningPlanEveryMs = 15 * 60_000;

/**
 * "Is this member working on this date", for a team's members over [from, to]. Without one:
 * the team's working days less each person's time off. `services.ts` gives the one
 * availability function (public holidays, calendar feeds) as `MilestoneDeps.calendar`.
 */
export type CalendarSource = (team: Team, userIds: string[], from: LocalDate, to: LocalDate) => Promise<IsWorking>;

export type MilestoneDeps = {
  milestones: MilestonesRepository;
  workload: WorkloadRepository;
  teams: TeamsRepository;
  standups: StandupsRepository;
  deliveries: DeliveriesRepository;
  users: UsersService;
  clock: Clock;
  calendar?: CalendarSource;
  /** A status change and its warnings commit together: never recorded but unsent. */
  transaction: <T>(fn: (tx: { milestones: MilestonesRepository; deliveries: DeliveriesRepository }) => Promise<T>) => Promise<T>;
};

/** A refusal as data (src/slack/blocks/refusals.ts words it); the plain text is for logs. */
const refuse = (r: MilestoneRefusal, plain: string) => refused(r, plain);

const todayOf = (team: Team, now: Date) => localDateOf(now, team.timezone);
const horizonOf = (today: LocalDate) => addDays(today, maxForecastDays);

/** The away days of one workspace's people, clipped to [from, to]: bounded by the window, however long a leave. */
function awayDatesOf(away: AwayPeriod[], workspaceId: string, from: LocalDate, to: LocalDate): Map<string, Set<LocalDate>> {
  const out = new Map<string, Set<LocalDate>>();
  for (const a of away) {
    if (a.workspaceId !== workspaceId) continue;
    const set = out.get(a.userId) ?? new Set<LocalDate>();
    const end = a.toDate < to ? a.toDate : to;
    for (let d = a.fromDate > from ? a.fromDate : from; d <= end; d = addDays(d, 1)) set.add(d);
    out.set(a.userId, set);
  }
  return out;
}

/** The calendar given, or the team's working days less time off. */
function calendarOf(deps: Pick<MilestoneDeps, 'standups' | 'calendar'>): CalendarSource {
  if (deps.calendar) return deps.calendar;
  return async (team, userIds, from, to) => {
    const away = await deps.standups.awayBetween([team.workspaceId], userIds, from, to);
    return workingCalendar(team.workingDays, awayDatesOf(away, team.workspaceId, from, to));
  };
}

/** The forecasts of these milestones from what was read: no IO. */
function forecastsOf(team: Team, today: LocalDate, list: Milestone[], members: MemberWithUser[], open: Task[], done: { milestoneId: number; estimateMinutes: number | null; doneAt: Date }[], isWorking: IsWorking): MilestoneWithForecast[] {
  const participants = members.filter((m) => m.isParticipant).map((m) => ({ userId: m.userId, capacityHours: m.capacityHours ?? team.capacityHours }));
  const openTasks = open.map((t) => ({ id: t.id, title: t.title, assigneeId: t.assigneeId, estimateHours: t.estimateMinutes === null ? null : t.estimateMinutes / 60, dueDate: t.dueDate, milestoneId: t.milestoneId }));
  return list.map((milestone) => ({
    milestone,
    forecast: forecastMilestone({
      today,
      milestone: { id: milestone.id, name: milestone.name, targetDate: milestone.targetDate, budgetHours: milestone.budgetMinutes === null ? null : milestone.budgetMinutes / 60 },
      workingDays: team.workingDays,
      isWorking,
      defaultEstimateHours: team.defaultEstimateHours,
      members: participants,
      openTasks,
      doneTasks: done
        .filter((d) => d.milestoneId === milestone.id)
        .map((d) => ({ hours: d.estimateMinutes === null ? team.defaultEstimateHours : d.estimateMinutes / 60, doneDate: localDateOf(d.doneAt, team.timezone) })),
    }),
  }));
}

/** Reads a team's plan and forecasts `list` (default: its open milestones). */
export async function forecasts(deps: Pick<MilestoneDeps, 'milestones' | 'teams' | 'workload' | 'standups' | 'calendar'>, team: Team, now: Date, list?: Milestone[]): Promise<MilestoneWithForecast[]> {
  const ms = list ?? (await deps.milestones.openOfTeam(team.id));
  if (!ms.length) return [];
  const today = todayOf(team, now);
  const members = await deps.teams.members(team.id);
  const open = await deps.workload.openOfTeam(team.id);
  const done = await deps.milestones.doneTasksOf(ms.map((m) => m.id));
  const isWorking = await calendarOf(deps)(team, members.map((m) => m.userId), today, horizonOf(today));
  return forecastsOf(team, today, ms, members, open, done, isWorking);
}

/** The forecast of one milestone just read or written. */
async function forecastOne(deps: MilestoneDeps, team: Team, m: Milestone): Promise<MilestoneWithForecast> {
  const [f] = await forecasts(deps, team, deps.clock.now(), [m]);
  return f!;
}

async function isManagerOrAdmin(deps: Pick<MilestoneDeps, 'teams' | 'users'>, team: Team, actor: Actor): Promise<boolean> {
  if (team.createdBy === actor.userId) return true;
  if ((await deps.teams.member(team.id, actor.userId))?.isManager) return true;
  return (await deps.users.cached(actor.workspaceId, actor.userId))?.isAdmin === true;
}

/** Anyone on the team (or an admin) plans with milestones. */
async function onTeam(deps: Pick<MilestoneDeps, 'teams' | 'users'>, actor: Actor, team: Team): Promise<boolean> {
  return Boolean(await deps.teams.member(team.id, actor.userId)) || isManagerOrAdmin(deps, team, actor);
}

/** Whoever created it, the team's managers and admins change a milestone; refused otherwise. */
async function requireEditor(deps: Pick<MilestoneDeps, 'teams' | 'users'>, actor: Actor, team: Team, m: Milestone): Promise<void> {
  if (m.createdBy === actor.userId || (await isManagerOrAdmin(deps, team, actor))) return;
  throw refuse({ code: 'milestone.forbidden', action: 'change', teamName: team.name, milestoneId: m.id, createdBy: m.createdBy }, `only its creator or a manager may change milestone #${m.id}`);
}

function requireNotPast(deps: Pick<MilestoneDeps, 'clock'>, team: Team, date: LocalDate): void {
  if (date < todayOf(team, deps.clock.now())) throw refuse({ code: 'milestone.past', teamName: team.name, date }, `${date} is already past in the team's time zone`);
}

/**
 * A team's milestone by number or name; open unless `anyState`; refused otherwise. `afterFor`: named
 * in a `/task` command, so the refusal can say how to keep "for …" in a task's title.
 */
export async function resolve(deps: Pick<MilestoneDeps, 'milestones'>, team: Team, ref: MilestoneRef, opts: { anyState?: boolean; afterFor?: boolean } = {}): Promise<Milestone> {
  const m = 'id' in ref ? await deps.milestones.byId(team.workspaceId, ref.id) : await deps.milestones.byName(team.id, ref.name);
  if (!m || m.teamId !== team.id) throw refuse({ code: 'milestone.not_found', teamName: team.name, ref, ...(opts.afterFor ? { afterFor: true as const } : {}) }, 'no such milestone in this team');
  if (!opts.anyState && m.state !== 'open') throw refuse({ code: 'milestone.done', milestoneId: m.id, name: m.name }, `milestone #${m.id} is already done`);
  return m;
}

/** A team's open milestones with their forecasts, soonest first. */
export async function list(deps: MilestoneDeps, team: Team): Promise<MilestoneList> {
  const now = deps.clock.now();
  return { teamName: team.name, today: todayOf(team, now), items: await forecasts(deps, team, now), defaultEstimateHours: team.defaultEstimateHours };
}

/** One milestone (open or done) and its forecast. */
export async function show(deps: MilestoneDeps, team: Team, ref: MilestoneRef): Promise<{ kind: 'shown'; teamName: string; item: MilestoneWithForecast; defaultEstimateHours: number }> {
  const found = await resolve(deps, team, ref, { anyState: true });
  return { kind: 'shown', teamName: team.name, item: await forecastOne(deps, team, found), defaultEstimateHours: team.defaultEstimateHours };
}

export async function add(deps: MilestoneDeps, actor: Actor, team: Team, input: { name: string; targetDate: LocalDate; budgetMinutes?: number }): Promise<{ kind: 'added' } & MilestoneWithForecast> {
  if (!(await onTeam(deps, actor, team))) throw refuse({ code: 'milestone.forbidden', action: 'add', teamName: team.name }, 'only people in the team may add milestones');
  requireNotPast(deps, team, input.targetDate);
  if ((await deps.milestones.openOfTeam(team.id)).length >= maxOpenMilestones) throw refuse({ code: 'milestone.too_many', teamName: team.name, max: maxOpenMilestones }, `at most ${maxOpenMilestones} open milestones`);
  const clash = await deps.milestones.byName(team.id, input.name);
  if (clash) throw refuse({ code: 'milestone.exists', teamName: team.name, name: clash.name, existingId: clash.id }, 'that name is taken');
  const created = await deps.milestones.create({
    workspaceId: team.workspaceId,
    teamId: team.id,
    name: input.name,
    targetDate: input.targetDate,
    budgetMinutes: input.budgetMinutes ?? null,
    createdBy: actor.userId,
    createdAt: deps.clock.now(),
  });
  // Someone added the same name a moment before us.
  if (!created) throw refuse({ code: 'milestone.exists', teamName: team.name, name: input.name, existingId: null }, 'that name is taken');
  return { kind: 'added', ...(await forecastOne(deps, team, created)) };
}

/** An open milestone this person may change; refused otherwise. */
async function editable(deps: MilestoneDeps, actor: Actor, team: Team, ref: MilestoneRef): Promise<Milestone> {
  const m = await resolve(deps, team, ref);
  await requireEditor(deps, actor, team, m);
  return m;
}

export async function done(deps: MilestoneDeps, actor: Actor, team: Team, ref: MilestoneRef): Promise<{ kind: 'marked-done'; milestone: Milestone; openTasks: number }> {
  const m = await editable(deps, actor, team, ref);
  const openTasks = (await deps.workload.openOfTeam(team.id)).filter((t) => t.milestoneId === m.id).length;
  return { kind: 'marked-done', milestone: await deps.milestones.update(m.id, { state: 'done', doneAt: deps.clock.now() }), openTasks };
}

export async function move(deps: MilestoneDeps, actor: Actor, team: Team, ref: MilestoneRef, targetDate: LocalDate): Promise<{ kind: 'moved'; previous: LocalDate } & MilestoneWithForecast> {
  const found = await editable(deps, actor, team, ref);
  requireNotPast(deps, team, targetDate);
  const moved = await deps.milestones.update(found.id, { targetDate });
  return { kind: 'moved', ...(await forecastOne(deps, team, moved)), previous: found.targetDate };
}

export async function setBudget(deps: MilestoneDeps, actor: Actor, team: Team, ref: MilestoneRef, budgetMinutes: number | null): Promise<{ kind: 'budget-set' } & MilestoneWithForecast> {
  const found = await editable(deps, actor, team, ref);
  const updated = await deps.milestones.update(found.id, { budgetMinutes });
  return { kind: 'budget-set', ...(await forecastOne(deps, team, updated)) };
}

/** The team's milestones at risk or late, worst first: for the managers' App Home. */
export async function atRisk(deps: MilestoneDeps, team: Team): Promise<MilestoneList> {
  const all = await list(deps, team);
  const worst = needingAttention(all.items.map((i) => i.forecast)).map((f) => f.milestoneId);
  return { ...all, items: worst.map((id) => all.items.find((i) => i.milestone.id === id)!) };
}

/**
 * Warns a team's managers when a milestone's forecast gets worse (on track → at risk →
 * late): one DM each, saying why and what would fix it, at most one per milestone per
 * day (the delivery key carries the team's date). Every team's forecasts are recomputed
 * at most every `warningPlanEveryMs`. The look starts from the open milestones (an index of
 * open ones, each with its team, active teams only) and reads the members, tasks and time
 * off only of the teams that have one: with nothing open it reads a page, whatever the
 * number of teams and members.
 */
export async function planWarnings(deps: MilestoneDeps, now: Date): Promise<number> {
  const last = await deps.deliveries.plannedUntil('milestones');
  if (last && now.getTime() - last.getTime() < warningPlanEveryMs && last <= now) return 0;
  const open = await deps.milestones.openOfActiveTeams();
  let planned = 0;
  if (open.length) {
    // Grouped once: the loop below must not scan every member and task for each team.
    const openByTeam = groupBy(open, (o) => o.team.id);
    const teamIds = [...openByTeam.keys()];
    const tasksByTeam = groupBy(await deps.workload.openOfTeams(teamIds), (t) => t.teamId);
    const membersByTeam = groupBy(await deps.teams.membersOfTeams(teamIds), (m) => m.teamId);
    const done = await deps.milestones.doneTasksOf(open.map((o) => o.milestone.id));
    const calendar = calendarOf(deps);
    for (const teamOpen of openByTeam.values()) {
      const team = teamOpen[0]!.team;
      const teamMembers = membersByTeam.get(team.id) ?? [];
      const managers = teamMembers.filter((m) => m.isManager).map((m) => m.userId);
      const today = todayOf(team, now);
      const isWorking = await calendar(team, teamMembers.map((m) => m.userId), today, horizonOf(today));
      const list = teamOpen.map((o) => o.milestone);
      const items = forecastsOf(team, today, list, teamMembers, tasksByTeam.get(team.id) ?? [], done, isWorking);
      for (const { milestone: m, forecast: f } of items) {
        if (m.lastStatus === f.status) continue;
        const warn = worsened(m.lastStatus, f.status) && managers.length > 0;
        const base: Omit<MilestoneWarning, 'to'> = {
          milestoneId: m.id,
          teamId: team.id,
          teamName: team.name,
          name: m.name,
          date: today,
          from: m.lastStatus,
          status: f.status,
          target: f.target,
          finish: f.finish,
          daysLate: f.daysLate,
          uncertain: f.uncertain,
          assignees: f.assignees.slice(0, 5),
          unestimated: f.unestimated.slice(0, 10),
          unestimatedCount: f.unestimated.length,
          defaultEstimateHours: team.defaultEstimateHours,
          room: f.room,
        };
        planned += await deps.transaction(async (tx) => {
          // Another replica recorded this change first: it sends the warning.
          if (!(await tx.milestones.recordStatus(m.id, m.lastStatus, f.status, now))) return 0;
          return warn ? tx.deliveries.enqueue(managers.map((to) => kinds.milestoneWarning.row(team.workspaceId, { ...base, to }, now))) : 0;
        });
      }
    }
  }
  await deps.deliveries.setPlannedUntil(now, 'milestones');
  return planned;
}

export const milestoneUseCases = { forecasts, resolve, list, show, add, done, move, setBudget, atRisk, planWarnings };
export type MilestoneUseCases = Bound<typeof milestoneUseCases, MilestoneDeps>;
