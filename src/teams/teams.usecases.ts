import type { Clock } from '../shared/clock.ts';
import { refused } from '../shared/errors.ts';
import type { Logger } from '../shared/logger.ts';
import type { UsersService } from '../workspaces/users.service.ts';
import type { SetupView } from './setup.models.ts';
import { maxQuestions, type SetupSettings } from './setup.models.ts';
import { defaultQuestions, type TeamsRepository } from './teams.repository.ts';
import type { NewTeam, Team } from './teams.schema.ts';
import { replayed, type Replayed, type RequestKey } from '../requests/requests.models.ts';
import type { RequestsRepository } from '../requests/requests.repository.ts';
import type { Actor } from '../shared/actor.ts';
import type { Bound } from '../shared/use-cases.ts';
import { checkSchedule, type ScheduleChange, type ScheduleResult, type TeamQuestions, type TeamRefusal } from './teams.models.ts';

/** Team settings: who may change them, creating a team on first use, text and modal forms. */
export type TeamDeps = {
  teams: TeamsRepository;
  users: UsersService;
  clock: Clock;
  logger: Logger;
  withTransaction: <T>(fn: (teams: TeamsRepository, requests: RequestsRepository) => Promise<T>) => Promise<T>;
};

const refuse = (r: TeamRefusal, plain: string) => refused(r, plain);

async function isAdmin(deps: Pick<TeamDeps, 'users'>, actor: Actor): Promise<boolean> {
  return Boolean((await deps.users.cached(actor.workspaceId, actor.userId))?.isAdmin);
}

/** `admin` is looked up before a transaction: inside one, only `repo` may be queried (PGlite has one connection). */
async function canManageWith(repo: TeamsRepository, team: Team, actor: Actor, admin: () => Promise<boolean>): Promise<boolean> {
  if (team.createdBy === actor.userId) return true;
  if ((await repo.member(team.id, actor.userId))?.isManager) return true;
  return admin();
}

/** The team's creator, its managers and workspace admins may change its settings. */
export function canManage(deps: Pick<TeamDeps, 'teams' | 'users'>, team: Team, actor: Actor): Promise<boolean> {
  return canManageWith(deps.teams, team, actor, () => isAdmin(deps, actor));
}

export async function requireManager(deps: Pick<TeamDeps, 'teams' | 'users'>, team: Team, actor: Actor): Promise<void> {
  if (await canManage(deps, team, actor)) return;
  const managers = (await deps.teams.members(team.id)).filter((m) => m.isManager).map((m) => m.userId);
  throw refuse({ code: 'team.forbidden', teamName: team.name, managers }, "Only the team's managers or a workspace admin can change its settings.");
}

async function defaultsFor(deps: Pick<TeamDeps, 'users' | 'clock'>, actor: Actor, channelId: string, channelName: string | undefined): Promise<NewTeam> {
  const profile = await deps.users.cached(actor.workspaceId, actor.userId);
  return {
    workspaceId: actor.workspaceId,
    channelId,
    name: channelName && channelName !== 'directmessage' && channelName !== 'privategroup' ? `#${channelName}` : 'Team',
    createdBy: actor.userId,
    timezone: profile?.tz ?? 'UTC',
    createdAt: deps.clock.now(),
    updatedAt: deps.clock.now(),
  };
}

function assertChannel(channelId: string) {
  if (channelId.startsWith('D')) {
    throw refuse({ code: 'team.in_dm' }, 'Team commands run in the channel the team is bound to, not in a DM.');
  }
}

/**
 * Creates the team with the actor as its manager, in one transaction; whoever's insert
 * did not win joins the winner's team as a plain member instead.
 */
async function createOrJoin(deps: Pick<TeamDeps, 'clock' | 'withTransaction'>, defaults: NewTeam, actor: Actor, opts: { asParticipant: boolean }): Promise<{ team: Team; created: boolean }> {
  const at = deps.clock.now();
  return deps.withTransaction(async (tx) => {
    const r = await tx.createTeam(defaults);
    if (r.created) {
      await tx.addMembers(r.team.id, [actor.userId], { managers: true, at });
      if (opts.asParticipant) await tx.addMembers(r.team.id, [actor.userId], { at });
    } else {
      await tx.addMembers(r.team.id, [actor.userId], { at });
    }
    return r;
  });
}

/** A team by id, only in the actor's workspace: an id from elsewhere finds nothing. */
export async function teamOf(deps: Pick<TeamDeps, 'teams'>, actor: Actor, teamId: number): Promise<Team> {
  const team = await deps.teams.findById(actor.workspaceId, teamId);
  if (!team) throw refuse({ code: 'team.not_found', where: 'gone' }, 'That team no longer exists.');
  return team;
}

/** The teams the actor answers standups in or manages, in their workspace. */
export function teamsOf(deps: Pick<TeamDeps, 'teams'>, actor: Actor): Promise<Team[]> {
  return deps.teams.teamsOfUser(actor.workspaceId, actor.userId);
}

/**
 * The channel's team, created (with the caller as manager) when a manager-level command
 * is its first use. Of two people creating it at the same moment exactly one does; the
 * other joins it as a plain member (`joined`) and is told so, with nothing else changed.
 */
export async function teamForSettings(deps: TeamDeps, actor: Actor, channelId: string, channelName?: string, opts: { create?: boolean } = {}): Promise<{ team: Team; created: boolean; joined?: boolean }> {
  assertChannel(channelId);
  const existing = await deps.teams.findByChannel(actor.workspaceId, channelId);
  if (existing) {
    await requireManager(deps, existing, actor);
    return { team: existing, created: false };
  }
  if (!opts.create) {
    throw refuse({ code: 'team.not_found', where: 'settings' }, 'This channel has no standup team yet, so nothing was changed.');
  }
  await deps.users.requirePeople(actor.workspaceId, [actor.userId]);
  const defaults = await defaultsFor(deps, actor, channelId, channelName);
  const r = await createOrJoin(deps, defaults, actor, { asParticipant: false });
  // Lost the race to someone allowed anyway (an admin): carry on as a manager would.
  if (!r.created && (await canManage(deps, r.team, actor))) return { team: r.team, created: false };
  return r.created ? { team: r.team, created: true } : { team: r.team, created: false, joined: true };
}

export async function setupView(deps: Pick<TeamDeps, 'teams' | 'users' | 'clock'>, actor: Actor, channelId: string, channelName?: string): Promise<SetupView> {
  assertChannel(channelId);
  const team = await deps.teams.findByChannel(actor.workspaceId, channelId);
  if (!team) {
    const d = await defaultsFor(deps, actor, channelId, channelName);
    return {
      teamName: d.name,
      channelId,
      participants: [actor.userId],
      managers: [actor.userId],
      questions: defaultQuestions,
      workingDays: [1, 2, 3, 4, 5],
      promptTime: '09:30',
      tzMode: 'member',
      timezone: d.timezone ?? 'UTC',
      deadlineTime: '13:00',
      reminderMinutes: 120,
      stakeholderChannelId: null,
      capacityHours: 40,
      blockerThresholdDays: 2,
      overloadThreshold: 100,
      dayHours: 8,
      defaultEstimateHours: 4,
      holidayRegion: null,
    };
  }
  await requireManager(deps, team, actor);
  const members = await deps.teams.members(team.id);
  return {
    teamName: team.name,
    channelId,
    participants: members.filter((m) => m.isParticipant).map((m) => m.userId),
    managers: members.filter((m) => m.isManager).map((m) => m.userId),
    questions: await deps.teams.questions(team.id),
    workingDays: team.workingDays,
    promptTime: team.promptTime,
    tzMode: team.tzMode,
    timezone: team.timezone,
    deadlineTime: team.deadlineTime,
    reminderMinutes: team.reminderMinutes,
    stakeholderChannelId: team.stakeholderChannelId,
    capacityHours: team.capacityHours,
    blockerThresholdDays: team.blockerThresholdDays,
    overloadThreshold: team.overloadThreshold,
    dayHours: team.dayHours,
    defaultEstimateHours: team.defaultEstimateHours,
    holidayRegion: team.holidayRegion,
  };
}

/**
 * Saves the whole setup at once: all of it or, on any failure, none of it. Someone who
 * loses the race to create the channel's team joins it as a member (`joined`), and their
 * settings are not applied; the same submission twice saves once (`once`).
 */
export async function saveSetup(
  deps: TeamDeps,
  actor: Actor,
  channelId: string,
  channelName: string | undefined,
  s: SetupSettings,
  signal?: AbortSignal,
  once?: RequestKey,
): Promise<{ team: Team; outcome: 'created' | 'saved' | 'joined' } | Replayed> {
  assertChannel(channelId);
  const existing = await deps.teams.findByChannel(actor.workspaceId, channelId);
  if (existing) await requireManager(deps, existing, actor);
  await deps.users.requirePeople(actor.workspaceId, [...new Set([...s.participants, ...s.managers])]);
  const defaults = existing ? undefined : await defaultsFor(deps, actor, channelId, channelName);
  const admin = existing ? false : await isAdmin(deps, actor);
  return deps.withTransaction(async (tx, requests) => {
    if (once && !(await requests.claim(actor.workspaceId, once, deps.clock.now()))) return replayed;
    let team = existing;
    let outcome: 'created' | 'saved' = 'saved';
    if (!team) {
      const r = await tx.createTeam(defaults!, []);
      team = r.team;
      if (r.created) outcome = 'created';
      else if (!(await canManageWith(tx, r.team, actor, async () => admin))) {
        // Someone else created this channel's team a moment ago: their settings stand.
        await tx.addMembers(r.team.id, [actor.userId], { at: deps.clock.now() });
        return { team: r.team, outcome: 'joined' as const };
      }
    }
    const updated = await tx.update(team, {
      workingDays: s.workingDays,
      promptTime: s.promptTime,
      tzMode: s.tzMode,
      timezone: s.timezone,
      deadlineTime: s.deadlineTime,
      reminderMinutes: s.reminderMinutes,
      stakeholderChannelId: s.stakeholderChannelId,
      capacityHours: s.capacityHours,
      blockerThresholdDays: s.blockerThresholdDays,
      ...(s.overloadThreshold !== undefined ? { overloadThreshold: s.overloadThreshold } : {}),
      ...(s.dayHours !== undefined ? { dayHours: s.dayHours } : {}),
      ...(s.defaultEstimateHours !== undefined ? { defaultEstimateHours: s.defaultEstimateHours } : {}),
      ...(s.holidayRegion !== undefined ? { holidayRegion: s.holidayRegion } : {}),
    });
    await tx.setRoster(team.id, s.participants, s.managers, deps.clock.now());
    await tx.replaceQuestions(team.id, s.questions);
    // The user was already told it failed: roll back rather than save behind their back.
    if (signal?.aborted) throw new Error('settings not saved: the request timed out');
    return { team: updated, outcome };
  });
}

export async function join(deps: Pick<TeamDeps, 'teams' | 'users' | 'clock' | 'withTransaction'>, actor: Actor, channelId: string, channelName?: string): Promise<{ team: Team; created: boolean }> {
  assertChannel(channelId);
  const existing = await deps.teams.findByChannel(actor.workspaceId, channelId);
  await deps.users.requirePeople(actor.workspaceId, [actor.userId]);
  if (!existing) return createOrJoin(deps, await defaultsFor(deps, actor, channelId, channelName), actor, { asParticipant: true });
  await deps.teams.addMembers(existing.id, [actor.userId], { at: deps.clock.now() });
  return { team: existing, created: false };
}

export async function leave(deps: Pick<TeamDeps, 'teams'>, actor: Actor, team: Team): Promise<boolean> {
  const member = await deps.teams.member(team.id, actor.userId);
  if (!member?.isParticipant) return false;
  await deps.teams.removeMembers(team.id, [actor.userId]);
  return true;
}

export async function addPeople(deps: Pick<TeamDeps, 'teams' | 'users' | 'clock'>, team: Team, actor: Actor, userIds: string[], role: 'members' | 'managers'): Promise<void> {
  await deps.users.requirePeople(actor.workspaceId, userIds);
  await deps.teams.addMembers(team.id, userIds, { managers: role === 'managers', at: deps.clock.now() });
}

export async function removePeople(deps: Pick<TeamDeps, 'teams'>, team: Team, userIds: string[], role: 'members' | 'managers'): Promise<string[]> {
  const members = await deps.teams.members(team.id);
  const unknown = userIds.filter((id) => !members.some((m) => m.userId === id && (role === 'members' ? m.isParticipant : m.isManager)));
  if (unknown.length) {
    throw refuse({ code: 'team.not_member', teamName: team.name, userIds: unknown, role }, `${unknown.length === 1 ? 'That person is' : 'Those people are'} not ${role === 'members' ? 'answering standups' : 'a manager'} in the team. Nothing was changed.`);
  }
  if (role === 'managers') {
    const remaining = members.filter((m) => m.isManager && !userIds.includes(m.userId));
    if (!remaining.length) throw refuse({ code: 'team.last_manager' }, 'A team needs at least one manager.');
    await deps.teams.removeManagers(team.id, userIds);
  } else {
    await deps.teams.removeMembers(team.id, userIds);
  }
  return userIds;
}

/** The team's questions in order, with their roles. */
export async function questionsOf(deps: Pick<TeamDeps, 'teams'>, team: Team): Promise<TeamQuestions> {
  const qs = await deps.teams.questions(team.id);
  return { teamName: team.name, questions: qs.map((q) => ({ text: q.text, kind: q.kind, required: q.required })) };
}

/** Text-form editing of the questions; kinds move with their question. */
export async function editQuestions(
  deps: Pick<TeamDeps, 'teams' | 'withTransaction'>,
  team: Team,
  cmd: { op: 'add'; text: string } | { op: 'edit'; n: number; text: string } | { op: 'remove'; n: number } | { op: 'move'; n: number; to: number } | { op: 'role'; n: number; role: 'done' | 'plan' | 'blockers' },
): Promise<void> {
  const list = (await deps.teams.questions(team.id)).map((q) => ({ text: q.text, kind: q.kind, required: q.required }));
  const check = (n: number) => {
    if (n < 1 || n > list.length) throw refuse({ code: 'question.not_found', n, count: list.length }, `There is no question ${n}; there are ${list.length}.`);
  };
  switch (cmd.op) {
    case 'add':
      if (list.length >= maxQuestions) throw refuse({ code: 'question.too_many', max: maxQuestions }, `A standup has at most ${maxQuestions} questions.`);
      list.push({ text: cmd.text, kind: 'text', required: true });
      break;
    case 'edit':
      check(cmd.n);
      list[cmd.n - 1]!.text = cmd.text;
      break;
    case 'remove':
      check(cmd.n);
      if (list.length === 1) throw refuse({ code: 'question.last' }, 'A standup needs at least one question.');
      list.splice(cmd.n - 1, 1);
      break;
    case 'move': {
      check(cmd.n);
      check(cmd.to);
      const [q] = list.splice(cmd.n - 1, 1);
      list.splice(cmd.to - 1, 0, q!);
      break;
    }
    case 'role':
      check(cmd.n);
      for (const q of list) if (q.kind === cmd.role) q.kind = 'text';
      list[cmd.n - 1]!.kind = cmd.role;
      // "Nothing" is the usual blockers answer, so that one question is optional.
      for (const q of list) q.required = q.kind !== 'blockers';
      break;
  }
  await deps.withTransaction((tx) => tx.replaceQuestions(team.id, list));
}

export function update(deps: Pick<TeamDeps, 'teams'>, team: Team, values: Parameters<TeamsRepository['update']>[1]): Promise<Team> {
  return deps.teams.update(team, values);
}

/** Moves prompts, the deadline or the reminder, or the team's zone, if prompt < reminder < deadline still holds; refused otherwise. */
export async function changeSchedule(deps: Pick<TeamDeps, 'teams'>, team: Team, change: ScheduleChange): Promise<ScheduleResult<Team>> {
  const refusal = checkSchedule(team, change);
  if (refusal) throw refuse(refusal, 'prompt < reminder < deadline would no longer hold; nothing was changed.');
  const values: Parameters<TeamsRepository['update']>[1] =
    change.kind === 'schedule'
      ? { promptTime: change.time, ...(change.days ? { workingDays: change.days } : {}) }
      : change.kind === 'deadline'
        ? { deadlineTime: change.time }
        : change.kind === 'reminder'
          ? { reminderMinutes: change.minutes }
          : change.mode === 'pinned'
            ? { tzMode: 'pinned', timezone: change.zone }
            : { tzMode: 'member' };
  return { kind: 'changed', change: change.kind, team: await deps.teams.update(team, values) };
}

export function members(deps: Pick<TeamDeps, 'teams'>, team: Team) {
  return deps.teams.members(team.id);
}

export const teamUseCases = { canManage, requireManager, teamOf, teamsOf, teamForSettings, setupView, saveSetup, join, leave, addPeople, removePeople, questionsOf, editQuestions, changeSchedule, update, members };
export type TeamUseCases = Bound<typeof teamUseCases, TeamDeps>;
