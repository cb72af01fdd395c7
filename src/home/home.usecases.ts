import type { BlockersRepository } from '../blockers/blockers.repository.ts';
import type { Blocker } from '../blockers/blockers.schema.ts';
import type { DeliveriesRepository } from '../outbox/deliveries.repository.ts';
import type { Dispatcher } from '../outbox/dispatcher.ts';
import type { HomeRepository } from './home.repository.ts';
import { homeSlotEnd, homeSlotOf, kinds } from '../outbox/kinds.ts';
import type { Actor } from '../shared/actor.ts';
import type { Clock } from '../shared/clock.ts';
import type { Logger } from '../shared/logger.ts';
import type { Bound } from '../shared/use-cases.ts';
import { addDays, localDateOf } from '../shared/time.ts';
import { isWorkingDay, memberZone, promptInstant } from '../standups/schedule.models.ts';
import type { StandupsRepository } from '../standups/standups.repository.ts';
import type { TeamsRepository } from '../teams/teams.repository.ts';
import type { Team } from '../teams/teams.schema.ts';
import type { UsersService } from '../workspaces/users.service.ts';
import { mondayOf } from '../workload/workload.models.ts';
import type { WorkloadUseCases } from '../workload/workload.usecases.ts';
import { formatInstant, nextWeekly, participationOf, standupState, type HomeData, type ManagedTeam, type MilestoneAtRisk } from './home.models.ts';
import type { Availability } from '../availability/availability.models.ts';
import type { LocalDate } from '../shared/time.ts';

/** At most this many teams are read for one Home: the view could not show more anyway. */
export const maxHomeTeams = 20;
/** People refreshed for one change at most (the actor, who it touched, the team's managers). */
export const maxRefreshPeople = 100;
/** People looked up for one change (a settings change names the whole team): bounded work per input. */
export const maxCandidates = 5000;

/**
 * App Home: what a person's Home shows (gathered at publish time, so a published view is
 * as fresh as its publish), and the refreshes changes ask for, coalesced in the outbox.
 */
export type HomeDeps = {
  teams: TeamsRepository;
  standups: StandupsRepository;
  blockers: BlockersRepository;
  /** Who has opened their Home: only their Homes are kept fresh. */
  homes: HomeRepository;
  ageOf: (b: Pick<Blocker, 'openedDate'>, team: Team, now: Date) => number;
  workload: Pick<WorkloadUseCases, 'snapshot'>;
  users: UsersService;
  deliveries: DeliveriesRepository;
  dispatcher: () => Dispatcher;
  clock: Clock;
  logger: Logger;
  /** The one "is this person working on this date" (time off, public holidays, calendar days). */
  availability?: (team: Team, userId: string, date: LocalDate) => Promise<Availability>;
  /** A team's open milestones at risk or late, worst first. */
  milestonesAtRisk?: (team: Team) => Promise<MilestoneAtRisk[]>;
};

/** A manager's dashboard of one team: this week's participation, open blockers, who is overloaded, the next digest. */
async function managedTeam(deps: Pick<HomeDeps, 'standups' | 'blockers' | 'workload' | 'ageOf' | 'milestonesAtRisk'>, team: Team, now: Date): Promise<ManagedTeam> {
  const today = localDateOf(now, team.timezone);
  const monday = mondayOf(today);
  const entries = await deps.standups.entriesBetween(team.id, monday, today);
  const open = await deps.blockers.openOfTeam(team.id);
  const { loads, members } = await deps.workload.snapshot(team, now);
  const names = new Map(members.map((m) => [m.userId, m.name ?? m.userId]));
  const overloaded: ManagedTeam['overloaded'] = [];
  for (const l of loads) {
    for (const [i, w] of l.weeks.entries()) {
      if (w.utilisation !== null && w.utilisation > team.overloadThreshold) {
        overloaded.push({ userId: l.userId, name: names.get(l.userId) ?? l.userId, week: i === 0 ? 'this week' : 'next week', utilisation: w.utilisation });
      }
    }
  }
  overloaded.sort((a, b) => b.utilisation - a.utilisation);
  const digestAt = nextWeekly(now, team.digestDay, team.digestTime, team.timezone);
  return {
    teamId: team.id,
    teamName: team.name,
    channelId: team.channelId,
    weekStart: monday,
    participation: participationOf(entries.map((e) => e.status)),
    blockers: open
      .map((b) => ({ id: b.id, text: b.text, ageDays: deps.ageOf(b, team, now), reporterId: b.reporterId, ownerId: b.ownerId }))
      .sort((a, b) => b.ageDays - a.ageDays || a.id - b.id),
    blockerThresholdDays: team.blockerThresholdDays,
    overloaded,
    overloadThreshold: team.overloadThreshold,
    nextDigest: { at: digestAt, label: formatInstant(digestAt, team.timezone), channelId: team.stakeholderChannelId ?? team.channelId },
    milestonesAtRisk: deps.milestonesAtRisk ? await deps.milestonesAtRisk(team) : [],
  };
}

/** Everything one person's Home shows, as of now. */
export async function view(deps: Omit<HomeDeps, 'homes' | 'deliveries' | 'dispatcher' | 'logger'>, workspaceId: string, userId: string): Promise<HomeData> {
  const { teams, standups } = deps;
  const now = deps.clock.now();
  const mine = (await teams.teamsOfUser(workspaceId, userId)).slice(0, maxHomeTeams);
  if (!mine.length) return { kind: 'newcomer', userId };
  const tz = (await deps.users.cached(workspaceId, userId))?.tz;
  const data: Extract<HomeData, { kind: 'person' }> = { kind: 'person', userId, standups: [], blockers: [], tasks: [], loads: [], timeOff: [], managed: [] };
  const today = localDateOf(now, tz ?? 'UTC');
  data.timeOff = (await standups.awayOf(workspaceId, userId, today)).map((a) => ({ id: a.id, fromDate: a.fromDate, toDate: a.toDate }));
  for (const team of mine) {
    const member = await teams.member(team.id, userId);
    if (!member) continue;
    if (member.isParticipant) {
      const zone = memberZone(team, tz);
      const date = localDateOf(now, zone);
      const entry = await standups.entry(team.id, userId, date);
      const off = deps.availability ? await deps.availability(team, userId, date) : undefined;
      const away = data.timeOff.some((a) => a.fromDate <= date && date <= a.toDate) || (off !== undefined && !off.working && off.reason === 'calendar');
      const holiday = off !== undefined && !off.working && off.reason === 'holiday';
      const state = standupState({ workingDay: isWorkingDay(team, date), away, holiday, entryStatus: entry?.status, promptDue: promptInstant(team, zone, date) <= now });
      data.standups.push({ teamId: team.id, teamName: team.name, channelId: team.channelId, date, state, promptTime: team.promptTime });
      const { loads, open } = await deps.workload.snapshot(team, now);
      const load = loads.find((l) => l.userId === userId);
      if (load) data.loads.push({ teamId: team.id, teamName: team.name, weeks: load.weeks });
      const nextSunday = addDays(mondayOf(localDateOf(now, team.timezone)), 13);
      for (const t of open) {
        // This week's and next week's work: undated tasks, and those due by the end of next week.
        if (t.assigneeId !== userId || (t.dueDate && t.dueDate > nextSunday)) continue;
        data.tasks.push({ id: t.id, teamId: team.id, teamName: team.name, title: t.title, estimateMinutes: t.estimateMinutes, dueDate: t.dueDate, status: t.status, sourceUrl: t.sourceUrl });
      }
    }
    for (const b of await deps.blockers.openInvolving(team.id, userId)) {
      data.blockers.push({ id: b.id, teamName: team.name, text: b.text, ageDays: deps.ageOf(b, team, now), reporterId: b.reporterId, ownerId: b.ownerId });
    }
    if (member.isManager || team.createdBy === userId) data.managed.push(await managedTeam(deps, team, now));
  }
  data.blockers.sort((a, b) => b.ageDays - a.ageDays || a.id - b.id);
  data.tasks.sort((a, b) => (a.dueDate ?? '9999').localeCompare(b.dueDate ?? '9999') || a.id - b.id);
  return data;
}

/**
 * Asks for these people's Homes to be published again, coalesced: every change in one
 * slot (homeSlotMs) enqueues the same key per person, due at the slot's end. Only people
 * who have opened their Home: nobody else has one on screen (it is published when opened).
 */
export async function refresh(deps: Pick<HomeDeps, 'homes' | 'deliveries' | 'clock'>, workspaceId: string, userIds: Iterable<string>): Promise<number> {
  const slot = homeSlotOf(deps.clock.now());
  const people = (await deps.homes.openedAmong(workspaceId, [...new Set(userIds)].slice(0, maxCandidates))).slice(0, maxRefreshPeople);
  return deps.deliveries.enqueue(people.map((userId) => kinds.homePublish.row(workspaceId, { workspaceId, userId, slot }, homeSlotEnd(slot))));
}

/**
 * Something the actor did changed data others see: their own Home, the people it touched
 * (`also`) and the managers of the team (`teamId`, or every team of the actor's) are
 * published again. Never throws: a Home that missed a change is published fresh when opened.
 */
export async function changed(
  deps: Pick<HomeDeps, 'teams' | 'blockers' | 'homes' | 'deliveries' | 'clock' | 'logger'>,
  actor: Actor,
  opts: { teamId?: number | undefined; channelId?: string | undefined; blockerId?: number; also?: string[]; everyone?: boolean } = {},
): Promise<void> {
  const { teams } = deps;
  try {
    let scope: Team[] = [];
    const people = new Set([actor.userId, ...(opts.also ?? [])]);
    const blocker = opts.blockerId === undefined ? undefined : await deps.blockers.byId(actor.workspaceId, opts.blockerId);
    if (blocker) {
      people.add(blocker.reporterId);
      if (blocker.ownerId) people.add(blocker.ownerId);
    }
    const teamId = opts.teamId ?? blocker?.teamId;
    if (teamId !== undefined) {
      const t = await teams.findById(actor.workspaceId, teamId);
      if (t) scope = [t];
    } else if (opts.channelId) {
      const t = await teams.findByChannel(actor.workspaceId, opts.channelId);
      if (t) scope = [t];
    }
    if (!scope.length) scope = (await teams.teamsOfUser(actor.workspaceId, actor.userId)).slice(0, maxHomeTeams);
    for (const t of scope) for (const m of await teams.members(t.id)) if (m.isManager || opts.everyone) people.add(m.userId);
    await refresh(deps, actor.workspaceId, people);
  } catch (err) {
    deps.logger.child('home').warn({ err, userId: actor.userId }, 'could not ask for a Home refresh');
  }
}

/** The person opened their Home tab: published now (once per slot however often they open it). */
export async function opened(deps: Pick<HomeDeps, 'homes' | 'deliveries' | 'dispatcher' | 'clock'>, workspaceId: string, userId: string): Promise<void> {
  const { clock } = deps;
  await deps.homes.markOpened(workspaceId, userId, clock.now());
  const slot = homeSlotOf(clock.now());
  const row = kinds.homePublish.row(workspaceId, { workspaceId, userId, slot, open: true }, clock.now());
  await deps.deliveries.enqueue([row]);
  await deps.dispatcher().runKeys([row.key], clock.now());
}

/** Publishes the Home refreshes that are due (every few seconds, between ticks). */
export function flush(deps: Pick<HomeDeps, 'dispatcher'>, now: Date) {
  return deps.dispatcher().drain(now, { kinds: [kinds.homePublish.kind] });
}

export const homeUseCases = { view, refresh, changed, opened, flush };
export type HomeUseCases = Bound<typeof homeUseCases, HomeDeps>;
