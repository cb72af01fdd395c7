import type { MilestonesRepository } from '../milestones/milestones.repository.ts';
import type { DeliveriesRepository } from '../outbox/deliveries.repository.ts';
import { kinds } from '../outbox/kinds.ts';
import type { Actor } from '../shared/actor.ts';
import type { Clock } from '../shared/clock.ts';
import { userError } from '../shared/errors.ts';
import { escapeMrkdwn } from '../shared/text.ts';
import { localDateOf, localToInstant } from '../shared/time.ts';
import type { TeamsRepository } from '../teams/teams.repository.ts';
import type { Team } from '../teams/teams.schema.ts';
import type { UsersService } from '../workspaces/users.service.ts';
import type { RiskFields } from './risk-command.parser.ts';
import { firstWorkingDayOfWeek, isoWeekOf, sortRisks } from './risks.models.ts';
import type { RisksRepository, RiskWithMilestone } from './risks.repository.ts';
import type { Risk } from './risks.schema.ts';

export type RiskList = { teamName: string; risks: RiskWithMilestone[]; all: boolean };

/** Open risks a team may hold: the list and the digest stay readable. */
export const maxOpenRisks = 200;
/** The review nudges are planned at most this often. */
export const reviewPlanEveryMs = 15 * 60_000;

export function createRiskUseCases(deps: {
  risks: RisksRepository;
  milestones: MilestonesRepository;
  teams: TeamsRepository;
  deliveries: DeliveriesRepository;
  users: UsersService;
  clock: Clock;
}) {
  const { risks, teams, users, clock } = deps;

  async function isManagerOrAdmin(team: Team, actor: Actor) {
    if (team.createdBy === actor.userId) return true;
    if ((await teams.member(team.id, actor.userId))?.isManager) return true;
    return (await users.cached(actor.workspaceId, actor.userId))?.isAdmin === true;
  }

  async function teamRisk(team: Team, id: number): Promise<Risk> {
    const r = await risks.byId(team.workspaceId, id);
    if (!r || r.teamId !== team.id) throw userError('risk.not_found', `There is no risk #${id} in ${escapeMrkdwn(team.name)}. \`/risk list\` shows them. Nothing was changed.`);
    return r;
  }

  /** Whoever raised it, its owner, the team's managers and admins change a risk. */
  async function requireEditor(actor: Actor, team: Team, r: Risk) {
    if (r.createdBy === actor.userId || r.ownerId === actor.userId || (await isManagerOrAdmin(team, actor))) return;
    throw userError('risk.forbidden', `Only <@${r.createdBy}> (who raised it)${r.ownerId ? `, <@${r.ownerId}> (its owner)` : ''} or a manager can change risk #${r.id}. Nothing was changed.`);
  }

  /** Validates the fields that name someone or something; returns what to store. */
  async function resolveFields(actor: Actor, team: Team, f: RiskFields) {
    const out: { ownerId?: string | null; milestoneId?: number | null } = {};
    if (f.ownerId) {
      await users.requirePeople(actor.workspaceId, [f.ownerId]);
      out.ownerId = f.ownerId;
    } else if (f.ownerId === null) out.ownerId = null;
    if (f.milestone === null) out.milestoneId = null;
    else if (f.milestone) {
      const m = 'id' in f.milestone ? await deps.milestones.byId(team.workspaceId, f.milestone.id) : await deps.milestones.byName(team.id, f.milestone.name);
      if (!m || m.teamId !== team.id) {
        const label = 'id' in f.milestone ? `#${f.milestone.id}` : `“${escapeMrkdwn(f.milestone.name)}”`;
        throw userError('risk.milestone_not_found', `There is no milestone ${label} in ${escapeMrkdwn(team.name)}. \`/milestone list\` shows them. Nothing was changed.`);
      }
      out.milestoneId = m.id;
    }
    return out;
  }

  const withName = async (team: Team, r: Risk): Promise<RiskWithMilestone> => ({
    ...r,
    milestoneName: r.milestoneId ? ((await deps.milestones.byId(team.workspaceId, r.milestoneId))?.name ?? null) : null,
  });

  return {
    async add(actor: Actor, team: Team, input: { text: string; likelihood: number; impact: number } & RiskFields): Promise<RiskWithMilestone> {
      if (!(await teams.member(team.id, actor.userId)) && !(await isManagerOrAdmin(team, actor))) {
        throw userError('risk.forbidden', `Only people in ${escapeMrkdwn(team.name)} can add to its risk register. Nothing was changed.`);
      }
      if ((await risks.countOpen(team.id)) >= maxOpenRisks) throw userError('risk.too_many', `${escapeMrkdwn(team.name)} already has ${maxOpenRisks} open risks; close some first. Nothing was changed.`);
      const refs = await resolveFields(actor, team, input);
      const now = clock.now();
      const created = await risks.create({
        workspaceId: team.workspaceId,
        teamId: team.id,
        text: input.text,
        likelihood: input.likelihood,
        impact: input.impact,
        ownerId: refs.ownerId ?? null,
        mitigation: input.mitigation ?? null,
        milestoneId: refs.milestoneId ?? null,
        createdBy: actor.userId,
        createdAt: now,
        updatedAt: now,
      });
      return withName(team, created);
    },

    async update(actor: Actor, team: Team, id: number, f: RiskFields): Promise<RiskWithMilestone> {
      const r = await teamRisk(team, id);
      await requireEditor(actor, team, r);
      if (r.state !== 'open') throw userError('risk.closed', `Risk #${id} is closed. Nothing was changed.`);
      const refs = await resolveFields(actor, team, f);
      const updated = await risks.update(id, {
        ...(f.likelihood !== undefined ? { likelihood: f.likelihood } : {}),
        ...(f.impact !== undefined ? { impact: f.impact } : {}),
        ...(f.mitigation !== undefined ? { mitigation: f.mitigation } : {}),
        ...refs,
        updatedAt: clock.now(),
      });
      return withName(team, updated);
    },

    async close(actor: Actor, team: Team, id: number): Promise<Risk> {
      const r = await teamRisk(team, id);
      await requireEditor(actor, team, r);
      if (r.state !== 'open') throw userError('risk.closed', `Risk #${id} is already closed.`);
      const now = clock.now();
      return risks.update(id, { state: 'closed', closedAt: now, updatedAt: now });
    },

    /** Open risks, highest score first (or, with `all`, the closed ones too, at most 100). */
    async list(team: Team, all = false): Promise<RiskList> {
      const rows = all ? await risks.allOfTeam(team.id, 100) : await risks.openOfTeam(team.id);
      const open = sortRisks(rows.filter((r) => r.state === 'open'));
      return { teamName: team.name, all, risks: [...open, ...rows.filter((r) => r.state !== 'open')] };
    },

    /** The highest open risks of a team, for the digest. */
    async top(team: Team, n = 5): Promise<RiskWithMilestone[]> {
      return sortRisks(await risks.openOfTeam(team.id)).slice(0, n);
    },

    /** A person's open risks in a workspace, highest first: the weekly review nudge. */
    async ownedBy(workspaceId: string, userId: string): Promise<RiskWithMilestone[]> {
      return sortRisks(await risks.openOwnedBy(workspaceId, userId));
    },

    /**
     * The weekly review nudge: each owner of open risks gets one DM per ISO week, from their
     * team's first working day at its prompt time. The delivery key is the person and the
     * week, so several risks, several teams, several replicas and every tick of the week
     * add up to one message.
     */
    async planReviews(now: Date): Promise<number> {
      const last = await deps.deliveries.plannedUntil('risk-reviews');
      if (last && now.getTime() - last.getTime() < reviewPlanEveryMs && last <= now) return 0;
      const active = await teams.activeTeams();
      const owned = await risks.ownedOpenOfTeams(active.map((t) => t.id));
      const rows = [];
      for (const team of active) {
        const owners = new Set(owned.filter((r) => r.teamId === team.id).map((r) => r.ownerId!));
        if (!owners.size) continue;
        const today = localDateOf(now, team.timezone);
        const from = localToInstant(firstWorkingDayOfWeek(today, team.workingDays), team.promptTime, team.timezone);
        if (now < from) continue;
        const week = isoWeekOf(today);
        for (const userId of owners) rows.push(kinds.riskReview.row(team.workspaceId, { workspaceId: team.workspaceId, userId, week }, now));
      }
      const n = rows.length ? await deps.deliveries.enqueue(rows) : 0;
      await deps.deliveries.setPlannedUntil(now, 'risk-reviews');
      return n;
    },
  };
}

export type RiskUseCases = ReturnType<typeof createRiskUseCases>;
