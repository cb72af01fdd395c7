import type { MilestonesRepository } from '../milestones/milestones.repository.ts';
import type { DeliveriesRepository } from '../outbox/deliveries.repository.ts';
import { kinds } from '../outbox/kinds.ts';
import type { Actor } from '../shared/actor.ts';
import type { Clock } from '../shared/clock.ts';
import { refused } from '../shared/errors.ts';
import { localDateOf, localToInstant } from '../shared/time.ts';
import type { Bound } from '../shared/use-cases.ts';
import type { TeamsRepository } from '../teams/teams.repository.ts';
import type { Team } from '../teams/teams.schema.ts';
import type { UsersService } from '../workspaces/users.service.ts';
import type { RiskFields } from './risk-command.parser.ts';
import { firstWorkingDayOfWeek, isoWeekOf, sortRisks, type RiskRefusal } from './risks.models.ts';
import type { RisksRepository, RiskWithMilestone } from './risks.repository.ts';
import type { Risk } from './risks.schema.ts';

export type RiskList = { teamName: string; risks: RiskWithMilestone[]; all: boolean };

/** Open risks a team may hold: the list and the digest stay readable. */
export const maxOpenRisks = 200;
/** The review nudges are planned at most this often. */
export const reviewPlanEveryMs = 15 * 60_000;

export type RiskDeps = {
  risks: RisksRepository;
  milestones: MilestonesRepository;
  teams: TeamsRepository;
  deliveries: DeliveriesRepository;
  users: UsersService;
  clock: Clock;
};

type Access = Pick<RiskDeps, 'teams' | 'users'>;

async function isManagerOrAdmin(deps: Access, team: Team, actor: Actor): Promise<boolean> {
  if (team.createdBy === actor.userId) return true;
  if ((await deps.teams.member(team.id, actor.userId))?.isManager) return true;
  return (await deps.users.cached(actor.workspaceId, actor.userId))?.isAdmin === true;
}

/** A refusal as data (src/slack/blocks/refusals.ts words it); the plain text is for logs. */
const refuse = (r: RiskRefusal, plain: string) => refused(r, plain);

/** The team's risk this person may change; refused otherwise. */
async function editableRisk(deps: Access & Pick<RiskDeps, 'risks'>, actor: Actor, team: Team, id: number): Promise<Risk> {
  const r = await deps.risks.byId(team.workspaceId, id);
  if (!r || r.teamId !== team.id) throw refuse({ code: 'risk.not_found', teamName: team.name, riskId: id }, `no risk #${id} in this team`);
  // Whoever raised it, its owner, the team's managers and admins change a risk.
  if (r.createdBy === actor.userId || r.ownerId === actor.userId || (await isManagerOrAdmin(deps, team, actor))) return r;
  throw refuse({ code: 'risk.forbidden', action: 'change', riskId: r.id, createdBy: r.createdBy, ownerId: r.ownerId }, `only its raiser, its owner or a manager may change risk #${id}`);
}

/** Validates the fields that name someone or something; returns what to store, refused otherwise. */
async function resolveFields(deps: Pick<RiskDeps, 'users' | 'milestones'>, actor: Actor, team: Team, f: RiskFields): Promise<{ ownerId?: string | null; milestoneId?: number | null }> {
  const out: { ownerId?: string | null; milestoneId?: number | null } = {};
  if (f.ownerId) {
    await deps.users.requirePeople(actor.workspaceId, [f.ownerId]);
    out.ownerId = f.ownerId;
  } else if (f.ownerId === null) out.ownerId = null;
  if (f.milestone === null) out.milestoneId = null;
  else if (f.milestone) {
    const m = 'id' in f.milestone ? await deps.milestones.byId(team.workspaceId, f.milestone.id) : await deps.milestones.byName(team.id, f.milestone.name);
    if (!m || m.teamId !== team.id) throw refuse({ code: 'risk.milestone_not_found', teamName: team.name, ref: f.milestone }, 'no such milestone in this team');
    out.milestoneId = m.id;
  }
  return out;
}

async function withName(deps: Pick<RiskDeps, 'milestones'>, team: Team, r: Risk): Promise<RiskWithMilestone> {
  return { ...r, milestoneName: r.milestoneId ? ((await deps.milestones.byId(team.workspaceId, r.milestoneId))?.name ?? null) : null };
}

export async function add(deps: RiskDeps, actor: Actor, team: Team, input: { text: string; likelihood: number; impact: number } & RiskFields): Promise<{ kind: 'added'; risk: RiskWithMilestone }> {
  if (!(await deps.teams.member(team.id, actor.userId)) && !(await isManagerOrAdmin(deps, team, actor))) throw refuse({ code: 'risk.forbidden', action: 'add', teamName: team.name }, 'only people in the team may add risks');
  if ((await deps.risks.countOpen(team.id)) >= maxOpenRisks) throw refuse({ code: 'risk.too_many', teamName: team.name, max: maxOpenRisks }, `at most ${maxOpenRisks} open risks`);
  const refs = await resolveFields(deps, actor, team, input);
  const now = deps.clock.now();
  const created = await deps.risks.create({
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
  return { kind: 'added', risk: await withName(deps, team, created) };
}

export async function update(deps: RiskDeps, actor: Actor, team: Team, id: number, f: RiskFields): Promise<{ kind: 'updated'; risk: RiskWithMilestone }> {
  const found = await editableRisk(deps, actor, team, id);
  if (found.state !== 'open') throw refuse({ code: 'risk.closed', riskId: id, action: 'update' }, `risk #${id} is closed`);
  const refs = await resolveFields(deps, actor, team, f);
  const updated = await deps.risks.update(id, {
    ...(f.likelihood !== undefined ? { likelihood: f.likelihood } : {}),
    ...(f.impact !== undefined ? { impact: f.impact } : {}),
    ...(f.mitigation !== undefined ? { mitigation: f.mitigation } : {}),
    ...refs,
    updatedAt: deps.clock.now(),
  });
  return { kind: 'updated', risk: await withName(deps, team, updated) };
}

export async function close(deps: RiskDeps, actor: Actor, team: Team, id: number): Promise<{ kind: 'closed'; risk: Risk }> {
  const found = await editableRisk(deps, actor, team, id);
  if (found.state !== 'open') throw refuse({ code: 'risk.closed', riskId: id, action: 'close' }, `risk #${id} is already closed`);
  const now = deps.clock.now();
  return { kind: 'closed', risk: await deps.risks.update(id, { state: 'closed', closedAt: now, updatedAt: now }) };
}

/** Open risks, highest score first (or, with `all`, the closed ones too, at most 100). */
export async function list(deps: Pick<RiskDeps, 'risks'>, team: Team, all = false): Promise<RiskList> {
  const rows = all ? await deps.risks.allOfTeam(team.id, 100) : await deps.risks.openOfTeam(team.id);
  const open = sortRisks(rows.filter((r) => r.state === 'open'));
  return { teamName: team.name, all, risks: [...open, ...rows.filter((r) => r.state !== 'open')] };
}

/** The highest open risks of a team, for the digest. */
export async function top(deps: Pick<RiskDeps, 'risks'>, team: Team, n = 5): Promise<RiskWithMilestone[]> {
  return sortRisks(await deps.risks.openOfTeam(team.id)).slice(0, n);
}

/** A person's open risks in a workspace, highest first: the weekly review nudge. */
export async function ownedBy(deps: Pick<RiskDeps, 'risks'>, workspaceId: string, userId: string): Promise<RiskWithMilestone[]> {
  return sortRisks(await deps.risks.openOwnedBy(workspaceId, userId));
}

/**
 * The weekly review nudge: each owner of open risks gets one DM per ISO week, from their
 * team's first working day at its prompt time. The delivery key is the person and the
 * week, so several risks, several teams, several replicas and every tick of the week
 * add up to one message. The look starts from the owned open risks (an index of them, each
 * with its team, active teams only): teams without one are not read.
 */
export async function planReviews(deps: Pick<RiskDeps, 'risks' | 'deliveries'>, now: Date): Promise<number> {
  const last = await deps.deliveries.plannedUntil('risk-reviews');
  if (last && now.getTime() - last.getTime() < reviewPlanEveryMs && last <= now) return 0;
  const rows = [];
  for (const { ownerId: userId, team } of await deps.risks.ownersOfOpenInActiveTeams()) {
    const today = localDateOf(now, team.timezone);
    const from = localToInstant(firstWorkingDayOfWeek(today, team.workingDays), team.promptTime, team.timezone);
    if (now < from) continue;
    rows.push(kinds.riskReview.row(team.workspaceId, { workspaceId: team.workspaceId, userId, week: isoWeekOf(today) }, now));
  }
  const n = rows.length ? await deps.deliveries.enqueue(rows) : 0;
  await deps.deliveries.setPlannedUntil(now, 'risk-reviews');
  return n;
}

export const riskUseCases = { add, update, close, list, top, ownedBy, planReviews };
export type RiskUseCases = Bound<typeof riskUseCases, RiskDeps>;
