import type { BlockersRepository } from '../blockers/blockers.repository.ts';
import type { DeliveriesRepository } from '../outbox/deliveries.repository.ts';
import { kinds } from '../outbox/kinds.ts';
import type { Clock } from '../shared/clock.ts';
import { userError } from '../shared/errors.ts';
import { maxDaysAhead } from '../shared/input.ts';
import { escapeMrkdwn } from '../shared/text.ts';
import { addDays, localDateOf, type LocalDate } from '../shared/time.ts';
import type { StandupsRepository } from '../standups/standups.repository.ts';
import type { AvailabilityUseCases } from '../availability/availability.usecases.ts';
import type { MemberWithUser, TeamsRepository } from '../teams/teams.repository.ts';
import type { Team } from '../teams/teams.schema.ts';
import type { UsersService } from '../workspaces/users.service.ts';
import type { WorkloadRepository } from './workload.repository.ts';
import { replayed, type Replayed, type RequestKey } from '../requests/requests.models.ts';
import type { RequestsRepository } from '../requests/requests.repository.ts';
import type { Task } from './workload.schema.ts';
import { computeLoad, isoWeekLabel, mondayOf, mostRoom, sortByLoad, type MemberLoad } from './workload.models.ts';
import type { Actor } from '../shared/actor.ts';
import type { DueRepository } from '../schedule/due.repository.ts';
import { nextDailyCheck } from '../schedule/due.models.ts';


/** Days a person is off (typed time off, public holidays, calendar days): what capacity is reduced by. */
type OffDays = { workspaceId: string; userId: string; fromDate: LocalDate; toDate: LocalDate };

export type TaskList = { teamName: string; forUserId?: string; tasks: Task[] };
export type TeamLoad = { teamName: string; weeks: LocalDate[]; rows: (MemberLoad & { name: string; awayDays: number; openBlockers: number })[]; threshold: number };
export type PersonLoad = { name: string; load: MemberLoad; tasks: Task[] };

/** A new warning needs this many more points than the last one that week. */
export const warningStep = 20;

export function createWorkloadUseCases(deps: {
  workload: WorkloadRepository;
  teams: TeamsRepository;
  standups: StandupsRepository;
  blockers: BlockersRepository;
  deliveries: DeliveriesRepository;
  /** The stored next-due instants: warnings are looked at when load changed and once a day. */
  due: DueRepository;
  users: UsersService;
  clock: Clock;
  /** Days off (time off, public holidays, calendar): capacity is reduced by them. */
  availability: () => AvailabilityUseCases;
  /** The warning's record and its messages commit together: never recorded but unsent. */
  transaction: <T>(fn: (tx: { workload: WorkloadRepository; deliveries: DeliveriesRepository; requests: RequestsRepository }) => Promise<T>) => Promise<T>;
}) {
  const { workload, teams, users, clock } = deps;

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

  async function snapshot(team: Team, now: Date, extraTasks?: (tasks: Task[]) => Task[]) {
    const { monday } = weeksOf(team, now);
    const members = (await teams.members(team.id)).filter((m) => m.isParticipant);
    let open = await workload.openOfTeam(team.id);
    if (extraTasks) open = extraTasks(open);
    const away = await deps.availability().offPeriods(team, members.map((m) => m.userId), monday, horizonOf(team, now, open));
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

  const weekLabel = (i: number) => (i === 0 ? 'this week' : 'next week');

  /** "This puts <@ana> at 130 % next week": for the person who just assigned work. */
  function overloadNotice(team: Team, before: MemberLoad | undefined, after: MemberLoad | undefined): string | undefined {
    if (!after) return undefined;
    for (const [i, w] of after.weeks.entries()) {
      const was = before?.weeks[i]?.utilisation ?? 0;
      if (w.utilisation !== null && w.utilisation > team.overloadThreshold && w.utilisation > was) {
        return `:warning: This puts <@${after.userId}> at *${w.utilisation}%* ${weekLabel(i)} (${w.plannedHours} h planned of ${w.availableHours} h). \`/workload\` shows who has room.`;
      }
    }
    return undefined;
  }

  async function teamTask(actor: Actor, team: Team, id: number): Promise<Task> {
    const task = await workload.byId(actor.workspaceId, id);
    if (!task || task.teamId !== team.id) {
      throw userError('task.not_found', `There is no task #${id} in ${escapeMrkdwn(team.name)}. \`/task list\` shows the open ones.`);
    }
    return task;
  }

  /** The assignee, whoever created the task, a manager or an admin may change it; nobody else. */
  async function requireTaskEditor(actor: Actor, team: Team, task: Task) {
    if (task.assigneeId === actor.userId || task.createdBy === actor.userId || team.createdBy === actor.userId) return;
    if ((await teams.member(team.id, actor.userId))?.isManager) return;
    if ((await users.cached(actor.workspaceId, actor.userId))?.isAdmin) return;
    throw userError('task.forbidden', `Only <@${task.assigneeId}> (the assignee), <@${task.createdBy}> (who added it) or a manager can change task #${task.id}. Nothing was changed.`);
  }

  async function requireTeamMember(team: Team, userId: string) {
    const m = await teams.member(team.id, userId);
    // Only people who answer standups have a capacity the load model counts.
    if (!m?.isParticipant) throw userError('task.assignee_not_member', `<@${userId}> is not in ${escapeMrkdwn(team.name)}, so their capacity is unknown. Add them first: \`/standup members add <@${userId}>\`. Nothing was changed.`);
  }

  async function loadOf(team: Team, userId: string, now: Date) {
    return (await snapshot(team, now)).loads.find((l) => l.userId === userId);
  }


  return {
    snapshot,

    async addTask(
      actor: Actor,
      team: Team,
      input: { title: string; assigneeId?: string; estimateMinutes?: number; dueDate?: LocalDate; sourceUrl?: string; milestoneId?: number },
      signal?: AbortSignal,
      once?: RequestKey,
    ): Promise<{ task: Task; notice?: string } | Replayed> {
      const assigneeId = input.assigneeId ?? actor.userId;
      await users.requirePeople(actor.workspaceId, [assigneeId]);
      await requireTeamMember(team, assigneeId);
      const now = clock.now();
      const before = await loadOf(team, assigneeId, now);
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
      const notice = overloadNotice(team, before, await loadOf(team, assigneeId, now));
      return { task, ...(notice ? { notice } : {}) };
    },

    async assign(actor: Actor, team: Team, id: number, userId: string): Promise<{ task: Task; notice?: string }> {
      const task = await teamTask(actor, team, id);
      await requireTaskEditor(actor, team, task);
      if (task.status === 'done') throw userError('task.done', `Task #${id} is already done.`);
      await users.requirePeople(actor.workspaceId, [userId]);
      await requireTeamMember(team, userId);
      const now = clock.now();
      const before = await loadOf(team, userId, now);
      const updated = await workload.update(id, { assigneeId: userId });
      const notice = overloadNotice(team, before, await loadOf(team, userId, now));
      return { task: updated, ...(notice ? { notice } : {}) };
    },

    async estimate(actor: Actor, team: Team, id: number, minutes: number): Promise<{ task: Task; notice?: string }> {
      const task = await teamTask(actor, team, id);
      await requireTaskEditor(actor, team, task);
      if (task.status === 'done') throw userError('task.done', `Task #${id} is already done.`);
      const now = clock.now();
      const before = await loadOf(team, task.assigneeId, now);
      const updated = await workload.update(id, { estimateMinutes: minutes });
      const notice = overloadNotice(team, before, await loadOf(team, task.assigneeId, now));
      return { task: updated, ...(notice ? { notice } : {}) };
    },

    /** Attaches a task to a milestone of its team (resolved by the caller), or detaches it (null). */
    async setMilestone(actor: Actor, team: Team, id: number, milestoneId: number | null): Promise<Task> {
      const task = await teamTask(actor, team, id);
      await requireTaskEditor(actor, team, task);
      if (task.status === 'done') throw userError('task.done', `Task #${id} is already done.`);
      return workload.update(id, { milestoneId });
    },

    async setStatus(actor: Actor, team: Team, id: number, status: 'in_progress' | 'done'): Promise<Task> {
      const task = await teamTask(actor, team, id);
      await requireTaskEditor(actor, team, task);
      if (task.status === 'done') throw userError('task.done', `Task #${id} is already done.`);
      const now = clock.now();
      return workload.update(id, status === 'done' ? { status, doneAt: now } : { status, startedAt: now });
    },

    /** The team's open tasks (or one person's). */
    async list(team: Team, userId?: string): Promise<TaskList> {
      const open = await workload.openOfTeam(team.id);
      return { teamName: team.name, tasks: userId ? open.filter((t) => t.assigneeId === userId) : open, ...(userId ? { forUserId: userId } : {}) };
    },

    /** Everyone's load this week and next, most loaded first. */
    async table(team: Team): Promise<TeamLoad> {
      const now = clock.now();
      const { weeks, members, loads } = await snapshot(team, now);
      const blockers = await deps.blockers.openOfTeam(team.id);
      const names = new Map(members.map((m) => [m.userId, m.name ?? m.userId]));
      const rows = sortByLoad(loads).map((l) => ({
        ...l,
        name: names.get(l.userId) ?? l.userId,
        awayDays: l.weeks[0]!.awayDays,
        openBlockers: blockers.filter((b) => b.reporterId === l.userId).length,
      }));
      return { teamName: team.name, weeks, rows, threshold: team.overloadThreshold };
    },

    /** One person's load and open tasks. */
    async person(team: Team, userId: string): Promise<PersonLoad> {
      const { loads, open } = await snapshot(team, clock.now());
      const load = loads.find((l) => l.userId === userId);
      if (!load) throw userError('workload.not_member', `<@${userId}> is not answering standups in ${escapeMrkdwn(team.name)}.`);
      const name = (await users.cached(team.workspaceId, userId))?.name ?? userId;
      return { name, load, tasks: open.filter((t) => t.assigneeId === userId) };
    },

    async setCapacity(team: Team, userId: string, hours: number): Promise<void> {
      await requireTeamMember(team, userId);
      await teams.setCapacity(team.id, userId, hours);
    },

    /** Links a task to the message it was made from (its permalink, looked up after the form closed). */
    linkSource: (task: Task, url: string) => workload.update(task.id, { sourceUrl: url.slice(0, 2000) }),

    /**
     * Warns each manager once when a member goes over the threshold for this week or
     * next, and again only after a further rise of `warningStep` points.
     */
    async planWarnings(now: Date): Promise<number> {
      // Only teams whose load changed, or whose daily look has come (src/schedule/).
      const dueTeams = await deps.due.dueTeams('warnings', now);
      if (!dueTeams.length) return 0;
      const planned = await warningsFor(dueTeams.filter((t) => t.active), now);
      await deps.due.advanceTeams('warnings', dueTeams.map((t) => ({ id: t.id, rev: t.dueRev, next: t.active ? nextDailyCheck(t, now) : null })));
      return planned;
    },
  };

  async function warningsFor(active: Team[], now: Date): Promise<number> {
      if (!active.length) return 0;
      const tasksByTeam = groupBy(await workload.openOfTeams(active.map((t) => t.id)), (t) => t.teamId);
      const withTasks = active.filter((t) => tasksByTeam.has(t.id));
      if (!withTasks.length) return 0;
      const membersByTeam = groupBy(await teams.membersOfTeams(withTasks.map((t) => t.id)), (m) => m.teamId);
      const mondays = withTasks.map((t) => weeksOf(t, now).monday).sort();
      const horizons = withTasks.map((t) => horizonOf(t, now, tasksByTeam.get(t.id)!)).sort();
      const availability = await deps.availability().forEveryone(mondays[0]!, horizons.at(-1)!);
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
              weekLabel: weekLabel(i),
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
}

function groupBy<T, K>(items: T[], key: (item: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

export type WorkloadUseCases = ReturnType<typeof createWorkloadUseCases>;
