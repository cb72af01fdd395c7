import type { Clock } from '../shared/clock.ts';
import { userError } from '../shared/errors.ts';
import type { Logger } from '../shared/logger.ts';
import { escapeMrkdwn, listJoin } from '../shared/text.ts';
import type { UsersService } from '../workspaces/users.service.ts';
import type { SetupView } from './setup.models.ts';
import { maxQuestions, type SetupSettings } from './setup.models.ts';
import { defaultQuestions, type TeamsRepository } from './teams.repository.ts';
import type { NewTeam, Team } from './teams.schema.ts';
import { replayed, type Replayed, type RequestKey } from '../requests/requests.models.ts';
import type { RequestsRepository } from '../requests/requests.repository.ts';
import type { Actor } from '../shared/actor.ts';


/** Team settings: who may change them, creating a team on first use, text and modal forms. */
export function createTeamUseCases(deps: { teams: TeamsRepository; users: UsersService; clock: Clock; logger: Logger; withTransaction: <T>(fn: (teams: TeamsRepository, requests: RequestsRepository) => Promise<T>) => Promise<T> }) {
  const { teams, users } = deps;

  async function isAdmin(actor: Actor): Promise<boolean> {
    return Boolean((await users.cached(actor.workspaceId, actor.userId))?.isAdmin);
  }

  /** `admin` is looked up before a transaction: inside one, only `repo` may be queried (PGlite has one connection). */
  async function canManageWith(repo: TeamsRepository, team: Team, actor: Actor, admin: () => Promise<boolean>): Promise<boolean> {
    if (team.createdBy === actor.userId) return true;
    if ((await repo.member(team.id, actor.userId))?.isManager) return true;
    return admin();
  }

  const canManage = (team: Team, actor: Actor) => canManageWith(teams, team, actor, () => isAdmin(actor));

  async function requireManager(team: Team, actor: Actor): Promise<void> {
    if (await canManage(team, actor)) return;
    const managers = (await teams.members(team.id)).filter((m) => m.isManager).map((m) => `<@${m.userId}>`);
    throw userError(
      'team.forbidden',
      `Only ${escapeMrkdwn(team.name)}'s managers${managers.length ? ` (${listJoin(managers)})` : ''} or a workspace admin can change its settings. Ask one of them, or use \`/standup join\` / \`/standup leave\` for yourself.`,
    );
  }

  async function defaultsFor(actor: Actor, channelId: string, channelName: string | undefined): Promise<NewTeam> {
    const profile = await users.cached(actor.workspaceId, actor.userId);
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
      throw userError('team.in_dm', 'Run this in the channel your team uses: the team is bound to the channel where it is set up. Example: `/standup setup` in #team-standup');
    }
  }

  /**
   * Creates the team with the actor as its manager, in one transaction; whoever's insert
   * did not win joins the winner's team as a plain member instead.
   */
  async function createOrJoin(defaults: NewTeam, actor: Actor, opts: { asParticipant: boolean }): Promise<{ team: Team; created: boolean }> {
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

  return {
    canManage,
    requireManager,

    /** A team by id, only in the actor's workspace: an id from elsewhere finds nothing. */
    async teamOf(actor: Actor, teamId: number): Promise<Team> {
      const team = await teams.findById(actor.workspaceId, teamId);
      if (!team) throw userError('team.not_found', 'That team no longer exists.');
      return team;
    },

    /** The teams the actor answers standups in or manages, in their workspace. */
    teamsOf: (actor: Actor) => teams.teamsOfUser(actor.workspaceId, actor.userId),

    /**
     * The channel's team, created (with the caller as manager) when a manager-level command
     * is its first use. Of two people creating it at the same moment exactly one does; the
     * other joins it as a plain member (`joined`) and is told so, with nothing else changed.
     */
    async teamForSettings(actor: Actor, channelId: string, channelName?: string, opts: { create?: boolean } = {}): Promise<{ team: Team; created: boolean; joined?: boolean }> {
      assertChannel(channelId);
      const existing = await teams.findByChannel(actor.workspaceId, channelId);
      if (existing) {
        await requireManager(existing, actor);
        return { team: existing, created: false };
      }
      if (!opts.create) {
        throw userError('team.not_found', 'This channel has no standup team yet, so nothing was changed. Create one with `/standup setup` here (or `/standup members add @a @b`).');
      }
      await users.requirePeople(actor.workspaceId, [actor.userId]);
      const defaults = await defaultsFor(actor, channelId, channelName);
      const r = await createOrJoin(defaults, actor, { asParticipant: false });
      // Lost the race to someone allowed anyway (an admin): carry on as a manager would.
      if (!r.created && (await canManage(r.team, actor))) return { team: r.team, created: false };
      return r.created ? { team: r.team, created: true } : { team: r.team, created: false, joined: true };
    },

    async setupView(actor: Actor, channelId: string, channelName?: string): Promise<SetupView> {
      assertChannel(channelId);
      const team = await teams.findByChannel(actor.workspaceId, channelId);
      if (!team) {
        const d = await defaultsFor(actor, channelId, channelName);
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
      await requireManager(team, actor);
      const members = await teams.members(team.id);
      return {
        teamName: team.name,
        channelId,
        participants: members.filter((m) => m.isParticipant).map((m) => m.userId),
        managers: members.filter((m) => m.isManager).map((m) => m.userId),
        questions: await teams.questions(team.id),
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
    },

    /**
     * Saves the whole setup at once: all of it or, on any failure, none of it. Someone who
     * loses the race to create the channel's team joins it as a member (`joined`), and their
     * settings are not applied; the same submission twice saves once (`once`).
     */
    async saveSetup(
      actor: Actor,
      channelId: string,
      channelName: string | undefined,
      s: SetupSettings,
      signal?: AbortSignal,
      once?: RequestKey,
    ): Promise<{ team: Team; outcome: 'created' | 'saved' | 'joined' } | Replayed> {
      assertChannel(channelId);
      const existing = await teams.findByChannel(actor.workspaceId, channelId);
      if (existing) await requireManager(existing, actor);
      await users.requirePeople(actor.workspaceId, [...new Set([...s.participants, ...s.managers])]);
      const defaults = existing ? undefined : await defaultsFor(actor, channelId, channelName);
      const admin = existing ? false : await isAdmin(actor);
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
    },

    async join(actor: Actor, channelId: string, channelName?: string): Promise<{ team: Team; created: boolean }> {
      assertChannel(channelId);
      const existing = await teams.findByChannel(actor.workspaceId, channelId);
      await users.requirePeople(actor.workspaceId, [actor.userId]);
      if (!existing) return createOrJoin(await defaultsFor(actor, channelId, channelName), actor, { asParticipant: true });
      await teams.addMembers(existing.id, [actor.userId], { at: deps.clock.now() });
      return { team: existing, created: false };
    },

    async leave(actor: Actor, team: Team): Promise<boolean> {
      const member = await teams.member(team.id, actor.userId);
      if (!member?.isParticipant) return false;
      await teams.removeMembers(team.id, [actor.userId]);
      return true;
    },

    async addPeople(team: Team, actor: Actor, userIds: string[], role: 'members' | 'managers'): Promise<void> {
      await users.requirePeople(actor.workspaceId, userIds);
      await teams.addMembers(team.id, userIds, { managers: role === 'managers', at: deps.clock.now() });
    },

    async removePeople(team: Team, userIds: string[], role: 'members' | 'managers'): Promise<string[]> {
      const members = await teams.members(team.id);
      const unknown = userIds.filter((id) => !members.some((m) => m.userId === id && (role === 'members' ? m.isParticipant : m.isManager)));
      if (unknown.length) {
        throw userError('team.not_member', `${listJoin(unknown.map((id) => `<@${id}>`))} ${unknown.length === 1 ? 'is' : 'are'} not ${role === 'members' ? 'answering standups' : 'a manager'} in ${escapeMrkdwn(team.name)}. Nothing was changed. \`/standup members\` lists who is.`);
      }
      if (role === 'managers') {
        const remaining = members.filter((m) => m.isManager && !userIds.includes(m.userId));
        if (!remaining.length) throw userError('team.last_manager', 'A team needs at least one manager. Add another first: `/standup managers add @alice`');
        await teams.removeManagers(team.id, userIds);
      } else {
        await teams.removeMembers(team.id, userIds);
      }
      return userIds;
    },

    async describeQuestions(team: Team): Promise<string> {
      const qs = await teams.questions(team.id);
      const role = { done: ' _(done since last time)_', plan: ' _(plan for today)_', blockers: ' _(blockers)_', text: '' } as const;
      return [`*Questions of ${escapeMrkdwn(team.name)}*`, ...qs.map((q, i) => `${i + 1}. ${escapeMrkdwn(q.text)}${role[q.kind]}${q.required ? '' : ' _(optional)_'}`)].join('\n');
    },

    /** Text-form editing of the questions; kinds move with their question. */
    async editQuestions(
      team: Team,
      cmd: { op: 'add'; text: string } | { op: 'edit'; n: number; text: string } | { op: 'remove'; n: number } | { op: 'move'; n: number; to: number } | { op: 'role'; n: number; role: 'done' | 'plan' | 'blockers' },
    ): Promise<void> {
      const list = (await teams.questions(team.id)).map((q) => ({ text: q.text, kind: q.kind, required: q.required }));
      const check = (n: number) => {
        if (n < 1 || n > list.length) throw userError('question.not_found', `There is no question ${n}; there are ${list.length}. \`/standup questions\` lists them. Nothing was changed.`);
      };
      switch (cmd.op) {
        case 'add':
          if (list.length >= maxQuestions) throw userError('question.too_many', `A standup has at most ${maxQuestions} questions. Remove one first: \`/standup question remove 4\``);
          list.push({ text: cmd.text, kind: 'text', required: true });
          break;
        case 'edit':
          check(cmd.n);
          list[cmd.n - 1]!.text = cmd.text;
          break;
        case 'remove':
          check(cmd.n);
          if (list.length === 1) throw userError('question.last', 'A standup needs at least one question. Nothing was changed.');
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
    },

    update: (team: Team, values: Parameters<TeamsRepository['update']>[1]) => teams.update(team, values),
    members: (team: Team) => teams.members(team.id),
  };
}

export type TeamUseCases = ReturnType<typeof createTeamUseCases>;
