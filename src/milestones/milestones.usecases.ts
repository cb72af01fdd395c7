import type { DeliveriesRepository } from '../outbox/deliveries.repository.ts';
import { kinds, type MilestoneWarning } from '../outbox/kinds.ts';
import type { Actor } from '../shared/actor.ts';
import type { Clock } from '../shared/clock.ts';
import { userError } from '../shared/errors.ts';
import { escapeMrkdwn } from '../shared/text.ts';
import { addDays, localDateOf, type LocalDate } from '../shared/time.ts';
import type { StandupsRepository } from '../standups/standups.repository.ts';
import type { AwayPeriod } from '../standups/standups.schema.ts';
import type { MemberWithUser, TeamsRepository } from '../teams/teams.repository.ts';
import type { Team } from '../teams/teams.schema.ts';
import type { WorkloadRepository } from '../workload/workload.repository.ts';
import type { Task } from '../workload/workload.schema.ts';
import type { UsersService } from '../workspaces/users.service.ts';
import type { MilestoneRef } from './milestone-command.parser.ts';
import { forecastMilestone, maxForecastDays, needingAttention, workingCalendar, worsened, type Forecast, type IsWorking } from './milestones.models.ts';
import type { MilestonesRepository } from './milestones.repository.ts';
import type { Milestone } from './milestones.schema.ts';

export type MilestoneWithForecast = { milestone: Milestone; forecast: Forecast };
export type MilestoneList = { teamName: string; today: LocalDate; items: MilestoneWithForecast[]; defaultEstimateHours: number };

/** Open milestones a team may have at once: each is forecast on every list and digest. */
export const maxOpenMilestones = 30;
/** The tick recomputes every team's forecasts at most this often. */
export const warningPlanEveryMs = 15 * 60_000;

/**
 * "Is this member working on this date", for a team's members over [from, to]. Today's:
 * the team's working days less each person's time off. Public holidays and calendar feeds
 * (another feature) replace it through `createMilestoneUseCases({ calendar })`.
 */
export type CalendarSource = (team: Team, userIds: string[], from: LocalDate, to: LocalDate) => Promise<IsWorking>;

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

export function createMilestoneUseCases(deps: {
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
}) {
  const { milestones, teams, users, clock } = deps;
  const todayOf = (team: Team, now: Date) => localDateOf(now, team.timezone);
  const horizonOf = (today: LocalDate) => addDays(today, maxForecastDays);

  const defaultCalendar: CalendarSource = async (team, userIds, from, to) => {
    const away = await deps.standups.awayBetween([team.workspaceId], userIds, from, to);
    return workingCalendar(team.workingDays, awayDatesOf(away, team.workspaceId, from, to));
  };
  const calendar = deps.calendar ?? defaultCalendar;

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
  async function forecasts(team: Team, now: Date, list?: Milestone[]): Promise<MilestoneWithForecast[]> {
    const ms = list ?? (await milestones.openOfTeam(team.id));
    if (!ms.length) return [];
    const today = todayOf(team, now);
    const members = await teams.members(team.id);
    const open = await deps.workload.openOfTeam(team.id);
    const done = await milestones.doneTasksOf(ms.map((m) => m.id));
    const isWorking = await calendar(team, members.map((m) => m.userId), today, horizonOf(today));
    return forecastsOf(team, today, ms, members, open, done, isWorking);
  }

  async function isManagerOrAdmin(team: Team, userId: string, workspaceId: string) {
    if (team.createdBy === userId) return true;
    if ((await teams.member(team.id, userId))?.isManager) return true;
    return (await users.cached(workspaceId, userId))?.isAdmin === true;
  }

  /** Anyone on the team (or an admin) plans with milestones. */
  async function requireOnTeam(actor: Actor, team: Team) {
    if (await teams.member(team.id, actor.userId)) return;
    if (await isManagerOrAdmin(team, actor.userId, actor.workspaceId)) return;
    throw userError('milestone.forbidden', `Only people in ${escapeMrkdwn(team.name)} can add milestones. Nothing was changed.`);
  }

  /** Whoever created it, the team's managers and admins change a milestone. */
  async function requireEditor(actor: Actor, team: Team, m: Milestone) {
    if (m.createdBy === actor.userId || (await isManagerOrAdmin(team, actor.userId, actor.workspaceId))) return;
    throw userError('milestone.forbidden', `Only <@${m.createdBy}> (who added it) or a manager of ${escapeMrkdwn(team.name)} can change milestone #${m.id}. Nothing was changed.`);
  }

  function requireFutureTarget(team: Team, date: LocalDate) {
    const today = todayOf(team, clock.now());
    if (date < today) throw userError('milestone.past', `${date} is already past in ${escapeMrkdwn(team.name)}’s time zone; pick today or later. Nothing was changed.`);
  }

  /** A team's milestone by number or name; open unless `anyState`. */
  async function resolve(team: Team, ref: MilestoneRef, opts: { anyState?: boolean } = {}): Promise<Milestone> {
    const m = 'id' in ref ? await milestones.byId(team.workspaceId, ref.id) : await milestones.byName(team.id, ref.name);
    const label = 'id' in ref ? `#${ref.id}` : `“${escapeMrkdwn(ref.name)}”`;
    if (!m || m.teamId !== team.id) {
      throw userError('milestone.not_found', `There is no milestone ${label} in ${escapeMrkdwn(team.name)}. \`/milestone list\` shows them; \`/milestone add "Beta" 2027-02-15\` creates one. Nothing was changed.`);
    }
    if (!opts.anyState && m.state !== 'open') throw userError('milestone.done', `Milestone #${m.id} ${escapeMrkdwn(m.name)} is already done. Nothing was changed.`);
    return m;
  }

  const list = async (team: Team): Promise<MilestoneList> => {
    const now = clock.now();
    return { teamName: team.name, today: todayOf(team, now), items: await forecasts(team, now), defaultEstimateHours: team.defaultEstimateHours };
  };

  return {
    forecasts,
    resolve,
    list,

    async add(actor: Actor, team: Team, input: { name: string; targetDate: LocalDate; budgetMinutes?: number }): Promise<MilestoneWithForecast> {
      await requireOnTeam(actor, team);
      requireFutureTarget(team, input.targetDate);
      if ((await milestones.openOfTeam(team.id)).length >= maxOpenMilestones) {
        throw userError('milestone.too_many', `${escapeMrkdwn(team.name)} already has ${maxOpenMilestones} open milestones; mark some done first (\`/milestone done ID\`). Nothing was changed.`);
      }
      const clash = await milestones.byName(team.id, input.name);
      const taken = () => userError('milestone.exists', `${escapeMrkdwn(team.name)} already has a milestone called “${escapeMrkdwn(clash?.name ?? input.name)}”${clash ? ` (#${clash.id})` : ''}. Pick another name. Nothing was changed.`);
      if (clash) throw taken();
      const created = await milestones.create({
        workspaceId: team.workspaceId,
        teamId: team.id,
        name: input.name,
        targetDate: input.targetDate,
        budgetMinutes: input.budgetMinutes ?? null,
        createdBy: actor.userId,
        createdAt: clock.now(),
      });
      if (!created) throw taken();
      const [f] = await forecasts(team, clock.now(), [created]);
      return f!;
    },

    async show(team: Team, ref: MilestoneRef): Promise<{ teamName: string; item: MilestoneWithForecast; defaultEstimateHours: number }> {
      const m = await resolve(team, ref, { anyState: true });
      const [item] = await forecasts(team, clock.now(), [m]);
      return { teamName: team.name, item: item!, defaultEstimateHours: team.defaultEstimateHours };
    },

    async done(actor: Actor, team: Team, ref: MilestoneRef): Promise<{ milestone: Milestone; openTasks: number }> {
      const m = await resolve(team, ref);
      await requireEditor(actor, team, m);
      const openTasks = (await deps.workload.openOfTeam(team.id)).filter((t) => t.milestoneId === m.id).length;
      return { milestone: await milestones.update(m.id, { state: 'done', doneAt: clock.now() }), openTasks };
    },

    async move(actor: Actor, team: Team, ref: MilestoneRef, targetDate: LocalDate): Promise<MilestoneWithForecast & { previous: LocalDate }> {
      const m = await resolve(team, ref);
      await requireEditor(actor, team, m);
      requireFutureTarget(team, targetDate);
      const moved = await milestones.update(m.id, { targetDate });
      const [f] = await forecasts(team, clock.now(), [moved]);
      return { ...f!, previous: m.targetDate };
    },

    async setBudget(actor: Actor, team: Team, ref: MilestoneRef, budgetMinutes: number | null): Promise<MilestoneWithForecast> {
      const m = await resolve(team, ref);
      await requireEditor(actor, team, m);
      const updated = await milestones.update(m.id, { budgetMinutes });
      const [f] = await forecasts(team, clock.now(), [updated]);
      return f!;
    },

    /** The team's milestones at risk or late, worst first: for the managers' App Home. */
    async atRisk(team: Team): Promise<MilestoneList> {
      const all = await list(team);
      const worst = needingAttention(all.items.map((i) => i.forecast)).map((f) => f.milestoneId);
      return { ...all, items: worst.map((id) => all.items.find((i) => i.milestone.id === id)!) };
    },

    /**
     * Warns a team's managers when a milestone's forecast gets worse (on track → at risk →
     * late): one DM each, saying why and what would fix it, at most one per milestone per
     * day (the delivery key carries the team's date). Every team's forecasts are recomputed
     * at most every `warningPlanEveryMs`, in a handful of queries whatever the number of teams.
     */
    async planWarnings(now: Date): Promise<number> {
      const last = await deps.deliveries.plannedUntil('milestones');
      if (last && now.getTime() - last.getTime() < warningPlanEveryMs && last <= now) return 0;
      const active = await teams.activeTeams();
      const open = await milestones.openOfTeams(active.map((t) => t.id));
      let planned = 0;
      if (open.length) {
        const teamIds = new Set(open.map((m) => m.teamId));
        const withMilestones = active.filter((t) => teamIds.has(t.id));
        const tasks = await deps.workload.openOfTeams([...teamIds]);
        const members = await teams.membersOfActiveTeams();
        const done = await milestones.doneTasksOf(open.map((m) => m.id));
        const todays = withMilestones.map((t) => todayOf(t, now)).sort();
        const from = todays[0]!;
        const to = horizonOf(todays.at(-1)!);
        const away = deps.calendar ? [] : await deps.standups.awayOverlapping(from, to);
        for (const team of withMilestones) {
          const teamMembers = members.filter((m) => m.teamId === team.id);
          const managers = teamMembers.filter((m) => m.isManager).map((m) => m.userId);
          const today = todayOf(team, now);
          const isWorking = deps.calendar
            ? await deps.calendar(team, teamMembers.map((m) => m.userId), today, horizonOf(today))
            : workingCalendar(team.workingDays, awayDatesOf(away, team.workspaceId, today, horizonOf(today)));
          const items = forecastsOf(team, today, open.filter((m) => m.teamId === team.id), teamMembers, tasks.filter((t) => t.teamId === team.id), done, isWorking);
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
    },
  };
}

export type MilestoneUseCases = ReturnType<typeof createMilestoneUseCases>;
