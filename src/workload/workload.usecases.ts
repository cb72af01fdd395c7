import type { BlockersRepository } from '../blockers/blockers.repository.ts';
import type { DeliveriesRepository } from '../outbox/deliveries.repository.ts';
import { kinds } from '../outbox/kinds.ts';
import type { Clock } from '../shared/clock.ts';
import { maxDaysAhead } from '../shared/input.ts';
import type { Bound } from '../shared/use-cases.ts';
import { addDays, localDateOf, type LocalDate } from '../shared/time.ts';
import type { AvailabilityUseCases } from '../availability/availability.usecases.ts';
import type { MemberWithUser, TeamsRepository } from '../teams/teams.repository.ts';
import type { Team } from '../teams/teams.schema.ts';
import type { UsersService } from '../workspaces/users.service.ts';
import type { WorkloadRepository } from './workload.repository.ts';
import { replayed, type Replayed, type RequestKey } from '../requests/requests.models.ts';
import type { RequestsRepository } from '../requests/requests.repository.ts';
import type { Task } from './workload.schema.ts';
import { computeLoad, isoWeekLabel, mondayOf, mostRoom, sortByLoad, type MemberLoad, type Overload, type PersonLoad, type TaskList, type TaskRefusal, type TaskSaved, type TeamLoad, type WeekName } from './workload.models.ts';
import type { Actor } from '../shared/actor.ts';
import { refused } from '../shared/errors.ts';
import type { DueRepository } from '../schedule/due.repository.ts';
import { nextDailyCheck } from '../schedule/due.models.ts';
import { groupBy } from '../shared/collections.ts';

/** Days a person is off (typed time off, public holidays, calendar days): what capacity is reduced by. */
type OffDays = { workspaceId: string; userId: string; fromDate: LocalDate; toDate: LocalDate };

/** A new warning needs this many more points than the last one that week. */
export const warningStep = 20;

export type WorkloadDeps = {
  workload: WorkloadRepository;
  teams: TeamsRepository;
  blockers: BlockersRepository;
  /** The stored next-due instants: warnings are looked at when load changed and once a day. */
  due: DueRepository;
  users: UsersService;
  clock: Clock;
  /** Days off (time off, public holidays, calendar): capacity is reduced by them. */
  availability: Pick<AvailabilityUseCases, 'offPeriods' | 'forEveryone'>;
  /** The warning's record and its messages commit together: never recorded but unsent. */
  transaction: <T>(fn: (tx: { workload: WorkloadRepository; deliveries: DeliveriesRepository; requests: RequestsRepository }) => Promise<T>) => Promise<T>;
};

/** Week of `now` in the team's zone: this Monday and next. */
function weeksOf(team: Team, now: Date) {
  const today = localDateOf(now, team.timezone);
  const monday = mondayOf(today);
  return { today, monday, weeks: [monday, addDays(monday, 7)] };
}

/**
 * The last day whose time off matters: the end of next week, or the latest due date
 * (a task due later is spread over the working days up to it, so leave then counts),
 * but never more than the furthest due date one may type: a row stored with an absurd
 * date (9999-12-31) must not make the time off read, or walked, unbounded.
 */
function horizonOf(team: Team, now: Date, open: Task[]): LocalDate {
  const { today, monday } = weeksOf(team, now);
  const cap = addDays(today, maxDaysAhead + 1);
  let last = addDays(monday, 13);
  for (const t of open) if (t.dueDate && t.dueDate > last) last = t.dueDate;
  return last > cap ? cap : last;
}

/** The load of every participant of a team at `now`, with the members and open tasks it was computed from. */
export async function snapshot(deps: Pick<WorkloadDeps, 'teams' | 'workload' | 'availability'>, team: Team, now: Date) {
  const { monday } = weeksOf(team, now);
  const members = (await deps.teams.members(team.id)).filter((m) => m.isParticipant);
  const open = await deps.workload.openOfTeam(team.id);
  const away = await deps.availability.offPeriods(team, members.map((m) => m.userId), monday, horizonOf(team, now, open));
  return loadsOf(team, now, members, away, open);
}

/** The load model over what was read: no IO. */
function loadsOf(team: Team, now: Date, members: MemberWithUser[], away: OffDays[], open: Task[]) {
  const { today, monday, weeks } = weeksOf(team, now);
  const lastDay = horizonOf(team, now, open);
  const awayByUser = new Map<string, OffDays[]>();
  for (const a of away) if (a.workspaceId === team.workspaceId) awayByUser.set(a.userId, [...(awayByUser.get(a.userId) ?? []), a]);
  const loads = computeLoad({
    today,
    workingDays: team.workingDays,
    defaultEstimateHours: team.defaultEstimateHours,
    overloadThreshold: team.overloadThreshold,
    weeks,
    members: members.map((m) => {
      const dates = new Set<LocalDate>();
      for (const a of awayByUser.get(m.userId) ?? []) {
        // Only the days the model looks at: a long leave costs no more than a short one.
        const to = a.toDate < lastDay ? a.toDate : lastDay;
        for (let d = a.fromDate > monday ? a.fromDate : monday; d <= to; d = addDays(d, 1)) dates.add(d);
      }
      return { userId: m.userId, capacityHours: m.capacityHours ?? team.capacityHours, awayDates: dates };
    }),
    tasks: open.map((t) => ({ id: t.id, title: t.title, assigneeId: t.assigneeId, estimateHours: t.estimateMinutes === null ? null : t.estimateMinutes / 60, dueDate: t.dueDate, status: t.status === 'in_progress' ? 'in_progress' : 'open' })),
  });
  return { today, weeks, members, loads, open };
}

const weekName = (i: number): WeekName => (i === 0 ? 'this week' : 'next week');

/** The first week a change put the assignee over the threshold, and higher than before; for the person who made it. */
function overloadOf(team: Team, before: MemberLoad | undefined, after: MemberLoad | undefined): Overload | undefined {
  if (!after) return undefined;
  for (const [i, w] of after.weeks.entries()) {
    const was = before?.weeks[i]?.utilisation ?? 0;
    if (w.utilisation !== null && w.utilisation > team.overloadThreshold && w.utilisation > was) {
      return { userId: after.userId, week: weekName(i), utilisation: w.utilisation, plannedHours: w.plannedHours, availableHours: w.availableHours };
    }
  }
  return undefined;
}

const saved = (task: Task, overload: Overload | undefined): TaskSaved => ({ kind: 'saved', task, ...(overload ? { overload } : {}) });

/** A refusal as data (src/slack/blocks/refusals.ts words it); the plain text is for logs. */
const refuse = (r: TaskRefusal, plain: string) => refused(r, plain);

/** The task `id` of this team; refused otherwise. */
async function teamTask(deps: Pick<WorkloadDeps, 'workload'>, actor: Actor, team: Team, id: number): Promise<Task> {
  const task = await deps.workload.byId(actor.workspaceId, id);
  if (!task || task.teamId !== team.id) throw refuse({ code: 'task.not_found', taskId: id, teamName: team.name }, `no task #${id} in this team`);
  return task;
}

/** The assignee, whoever created the task, a manager or an admin may change it; nobody else. */
async function mayEdit(deps: Pick<WorkloadDeps, 'teams' | 'users'>, actor: Actor, team: Team, task: Task): Promise<boolean> {
  if (task.assigneeId === actor.userId || task.createdBy === actor.userId || team.createdBy === actor.userId) return true;
  if ((await deps.teams.member(team.id, actor.userId))?.isManager) return true;
  return (await deps.users.cached(actor.workspaceId, actor.userId))?.isAdmin === true;
}

/** A task this actor may change and that is not done yet; refused otherwise. */
async function editableTask(deps: Pick<WorkloadDeps, 'workload' | 'teams' | 'users'>, actor: Actor, team: Team, id: number): Promise<Task> {
  const task = await teamTask(deps, actor, team, id);
  if (!(await mayEdit(deps, actor, team, task))) {
    throw refuse({ code: 'task.forbidden', taskId: task.id, assigneeId: task.assigneeId, createdBy: task.createdBy }, `only the assignee, its creator or a manager may change task #${id}`);
  }
  if (task.status === 'done') throw refuse({ code: 'task.done', taskId: id }, `task #${id} is already done`);
  return task;
}

/** Only people who answer standups have a capacity the load model counts; refused otherwise. */
async function requireMember(deps: Pick<WorkloadDeps, 'teams'>, team: Team, userId: string): Promise<void> {
  const m = await deps.teams.member(team.id, userId);
  if (!m?.isParticipant) throw refuse({ code: 'task.assignee_not_member', userId, teamName: team.name }, 'that person is not in the team, so their capacity is unknown');
}

async function loadOf(deps: Pick<WorkloadDeps, 'teams' | 'workload' | 'availability'>, team: Team, userId: string, now: Date) {
  return (await snapshot(deps, team, now)).loads.find((l) => l.userId === userId);
}

/** `/task add` and the task form: one task, stored once however often the form is submitted. */
export async function addTask(
  deps: WorkloadDeps,
  actor: Actor,
  team: Team,
  input: { title: string; assigneeId?: string; estimateMinutes?: number; dueDate?: LocalDate; sourceUrl?: string; milestoneId?: number },
  signal?: AbortSignal,
  once?: RequestKey,
): Promise<TaskSaved | Replayed> {
  const assigneeId = input.assigneeId ?? actor.userId;
  await deps.users.requirePeople(actor.workspaceId, [assigneeId]);
  await requireMember(deps, team, assigneeId);
  const now = deps.clock.now();
  const before = await loadOf(deps, team, assigneeId, now);
  const task = await deps.transaction(async (tx) => {
    // The task form submitted twice at once stores one task.
    if (once && !(await tx.requests.claim(team.workspaceId, once, now))) return replayed;
    const created = await tx.workload.create({
      workspaceId: team.workspaceId,
      teamId: team.id,
      title: input.title,
      assigneeId,
      createdBy: actor.userId,
      estimateMinutes: input.estimateMinutes ?? null,
      dueDate: input.dueDate ?? null,
      sourceUrl: input.sourceUrl ?? null,
      milestoneId: input.milestoneId ?? null,
      createdAt: now,
    });
    // The person was already told it failed: do not save behind their back.
    if (signal?.aborted) throw new Error('task not saved: the request timed out');
    return created;
  });
  if ('replayed' in task) return task;
  return saved(task, overloadOf(team, before, await loadOf(deps, team, assigneeId, now)));
}

/** `/task assign ID @user`. */
export async function assign(deps: WorkloadDeps, actor: Actor, team: Team, id: number, userId: string): Promise<TaskSaved> {
  await editableTask(deps, actor, team, id);
  await deps.users.requirePeople(actor.workspaceId, [userId]);
  await requireMember(deps, team, userId);
  const now = deps.clock.now();
  const before = await loadOf(deps, team, userId, now);
  const updated = await deps.workload.update(id, { assigneeId: userId });
  return saved(updated, overloadOf(team, before, await loadOf(deps, team, userId, now)));
}

/** `/task estimate ID 4h`. */
export async function estimate(deps: WorkloadDeps, actor: Actor, team: Team, id: number, minutes: number): Promise<TaskSaved> {
  return writeEstimate(deps, actor, team, id, minutes) as Promise<TaskSaved>;
}

/**
 * The estimate menu on the Home: the click's key is claimed in the transaction that writes the
 * estimate, so a click redelivered is one write, and a write that fails leaves the key unclaimed
 * for the retry (claiming first, in a statement of its own, lost the estimate in that case).
 */
export async function estimateOnce(deps: WorkloadDeps, actor: Actor, team: Team, id: number, minutes: number, once: RequestKey): Promise<TaskSaved | Replayed> {
  return writeEstimate(deps, actor, team, id, minutes, once);
}

async function writeEstimate(deps: WorkloadDeps, actor: Actor, team: Team, id: number, minutes: number, once?: RequestKey): Promise<TaskSaved | Replayed> {
  const task = await editableTask(deps, actor, team, id);
  const now = deps.clock.now();
  const before = await loadOf(deps, team, task.assigneeId, now);
  const updated = await deps.transaction(async (tx) => {
    if (once && !(await tx.requests.claim(team.workspaceId, once, now))) return replayed;
    return tx.workload.update(id, { estimateMinutes: minutes });
  });
  if ('replayed' in updated) return updated;
  return saved(updated, overloadOf(team, before, await loadOf(deps, team, task.assigneeId, now)));
}

/** Attaches a task to a milestone of its team (resolved by the caller), or detaches it (null). */
export async function setMilestone(deps: Pick<WorkloadDeps, 'workload' | 'teams' | 'users'>, actor: Actor, team: Team, id: number, milestoneId: number | null): Promise<TaskSaved> {
  await editableTask(deps, actor, team, id);
  return saved(await deps.workload.update(id, { milestoneId }), undefined);
}

/** `/task start ID`, `/task done ID`, and their buttons on the Home. */
export async function setStatus(deps: Pick<WorkloadDeps, 'workload' | 'teams' | 'users' | 'clock'>, actor: Actor, team: Team, id: number, status: 'in_progress' | 'done'): Promise<TaskSaved> {
  await editableTask(deps, actor, team, id);
  const now = deps.clock.now();
  return saved(await deps.workload.update(id, status === 'done' ? { status, doneAt: now } : { status, startedAt: now }), undefined);
}

/** The team's open tasks (or one person's). */
export async function list(deps: Pick<WorkloadDeps, 'workload'>, team: Team, userId?: string): Promise<TaskList> {
  const open = await deps.workload.openOfTeam(team.id);
  return { teamName: team.name, tasks: userId ? open.filter((t) => t.assigneeId === userId) : open, ...(userId ? { forUserId: userId } : {}) };
}

/** Everyone's load this week and next, most loaded first. */
export async function table(deps: Pick<WorkloadDeps, 'teams' | 'workload' | 'availability' | 'blockers' | 'clock'>, team: Team): Promise<TeamLoad> {
  const now = deps.clock.now();
  const { weeks, members, loads } = await snapshot(deps, team, now);
  const blockers = await deps.blockers.openOfTeam(team.id);
  const names = new Map(members.map((m) => [m.userId, m.name ?? m.userId]));
  const rows = sortByLoad(loads).map((l) => ({
    ...l,
    name: names.get(l.userId) ?? l.userId,
    awayDays: l.weeks[0]!.awayDays,
    openBlockers: blockers.filter((b) => b.reporterId === l.userId).length,
  }));
  return { teamName: team.name, weeks, rows, threshold: team.overloadThreshold };
}

/** One person's load and open tasks. */
export async function person(deps: Pick<WorkloadDeps, 'teams' | 'workload' | 'availability' | 'users' | 'clock'>, team: Team, userId: string): Promise<PersonLoad> {
  const { loads, open } = await snapshot(deps, team, deps.clock.now());
  const load = loads.find((l) => l.userId === userId);
  if (!load) throw refuse({ code: 'workload.not_member', userId, teamName: team.name }, 'that person is not answering standups in this team');
  const name = (await deps.users.cached(team.workspaceId, userId))?.name ?? userId;
  return { kind: 'person', name, load, tasks: open.filter((t) => t.assigneeId === userId) };
}

/** `/workload capacity @user 30h`: a member's own weekly hours. */
export async function setCapacity(deps: Pick<WorkloadDeps, 'teams'>, team: Team, userId: string, hours: number): Promise<{ kind: 'saved' }> {
  await requireMember(deps, team, userId);
  await deps.teams.setCapacity(team.id, userId, hours);
  return { kind: 'saved' };
}

/** Links a task to the message it was made from (its permalink, looked up after the form closed). */
export function linkSource(deps: Pick<WorkloadDeps, 'workload'>, task: Task, url: string): Promise<Task> {
  return deps.workload.update(task.id, { sourceUrl: url.slice(0, 2000) });
}

/**
 * Warns each manager once when a member goes over the threshold for this week or
 * next, and again only after a further rise of `warningStep` points.
 */
export async function planWarnings(deps: WorkloadDeps, now: Date): Promise<number> {
  // Only teams whose load changed, or whose daily look has come (src/schedule/).
  const dueTeams = await deps.due.dueTeams('warnings', now);
  if (!dueTeams.length) return 0;
  const planned = await warningsFor(deps, dueTeams.filter((t) => t.active), now);
  await deps.due.advanceTeams('warnings', dueTeams.map((t) => ({ id: t.id, rev: t.dueRev, next: t.active ? nextDailyCheck(t, now) : null })));
  return planned;
}

async function warningsFor(deps: WorkloadDeps, active: Team[], now: Date): Promise<number> {
  if (!active.length) return 0;
  const tasksByTeam = groupBy(await deps.workload.openOfTeams(active.map((t) => t.id)), (t) => t.teamId);
  const withTasks = active.filter((t) => tasksByTeam.has(t.id));
  if (!withTasks.length) return 0;
  const membersByTeam = groupBy(await deps.teams.membersOfTeams(withTasks.map((t) => t.id)), (m) => m.teamId);
  const mondays = withTasks.map((t) => weeksOf(t, now).monday).sort();
  const horizons = withTasks.map((t) => horizonOf(t, now, tasksByTeam.get(t.id)!)).sort();
  const availability = await deps.availability.forEveryone(mondays[0]!, horizons.at(-1)!);
  let planned = 0;
  for (const team of withTasks) {
    const members = membersByTeam.get(team.id) ?? [];
    const managers = members.filter((m) => m.isManager).map((m) => m.userId);
    if (!managers.length) continue;
    const participants = members.filter((m) => m.isParticipant);
    const away = availability.offPeriods(team, participants.map((m) => m.userId), weeksOf(team, now).monday, horizonOf(team, now, tasksByTeam.get(team.id)!));
    const { loads, weeks } = loadsOf(team, now, participants, away, tasksByTeam.get(team.id)!);
    for (const l of loads) {
      for (const [i, w] of l.weeks.entries()) {
        if (w.utilisation === null || w.utilisation <= team.overloadThreshold) continue;
        const week = isoWeekLabel(weeks[i]!);
        const warning = {
          userId: l.userId,
          teamId: team.id,
          teamName: team.name,
          week,
          // The payload's schema (outbox/kinds.ts) names the week as rows already queued do.
          weekLabel: weekName(i),
          utilisation: w.utilisation,
          planned: w.plannedHours,
          available: w.availableHours,
          tasks: w.tasks.map((t) => ({ id: t.id, title: t.title, hours: t.hours })),
          room: mostRoom(loads, weeks[i]!, l.userId),
        };
        const utilisation = w.utilisation;
        planned += await deps.transaction(async (tx) => {
          const recorded = await tx.workload.recordWarning({ teamId: team.id, userId: l.userId, week, percent: utilisation, at: now }, warningStep);
          if (!recorded) return 0;
          return tx.deliveries.enqueue(managers.map((to) => kinds.overloadWarning.row(team.workspaceId, { ...warning, to }, now)));
        });
      }
    }
  }
  return planned;
}

export const workloadUseCases = { snapshot, addTask, assign, estimate, estimateOnce, setMilestone, setStatus, list, table, person, setCapacity, linkSource, planWarnings };
export type WorkloadUseCases = Bound<typeof workloadUseCases, WorkloadDeps>;
