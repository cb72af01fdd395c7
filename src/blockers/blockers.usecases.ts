import type { DeliveriesRepository } from '../outbox/deliveries.repository.ts';
import { kinds } from '../outbox/kinds.ts';
import type { Clock } from '../shared/clock.ts';
import { refused } from '../shared/errors.ts';
import type { Logger } from '../shared/logger.ts';
import { localDateOf, type LocalDate } from '../shared/time.ts';
import type { TeamsRepository } from '../teams/teams.repository.ts';
import type { Team } from '../teams/teams.schema.ts';
import type { UsersService } from '../workspaces/users.service.ts';
import { DateTime } from 'luxon';
import { classifyBlockerAnswer, normaliseBlockerText } from './blocker-detection.ts';
import { blockerAge, escalationLevel, type AskAnswer, type BlockerRefusal, type ClosedBlocker, type DismissResult, type HelpResult, type ResolveResult } from './blockers.models.ts';
import type { BlockersRepository } from './blockers.repository.ts';
import type { Blocker } from './blockers.schema.ts';
import { replayed, type Replayed, type RequestKey } from '../requests/requests.models.ts';
import type { RequestsRepository } from '../requests/requests.repository.ts';
import type { Actor } from '../shared/actor.ts';
import type { DueRepository } from '../schedule/due.repository.ts';
import { nextAging } from '../schedule/due.models.ts';
import type { TeamRefusal } from '../teams/teams.models.ts';
import type { Bound } from '../shared/use-cases.ts';

/** Most blockers one answer can raise: fifty bullet lines must not ping the managers fifty times. */
export const maxBlockersPerAnswer = 10;
/** Most "is this a blocker?" questions one answer can cause. */
export const maxQuestionsPerAnswer = 3;
export const announceKeyOf = (firstBlockerId: number) => kinds.blockerAnnounce.key({ blockerIds: [firstBlockerId], more: 0 });
export type BlockerList = { teamName: string; correctionsThisMonth: number; forUserId?: string; items: { id: number; text: string; reporterId: string; ownerId: string | null; ageDays: number }[] };

/** The repositories a blocker is written with: the plain ones, or those of a transaction (the standup answer's). */
export type BlockerRepos = { blockers: BlockersRepository; deliveries: DeliveriesRepository };
type TxRepos = BlockerRepos & { requests: RequestsRepository };

export type BlockerDeps = BlockerRepos & {
  teams: TeamsRepository;
  /** The stored next-due instants: escalations are looked at when blockers age a day or change. */
  due: DueRepository;
  users: UsersService;
  clock: Clock;
  logger: Logger;
  /** Whose standup entry this is (the author of a doubtful line), and its team and day. */
  entryOwner: (entryId: number) => Promise<{ teamId: number; userId: string; date: LocalDate } | undefined>;
  transaction: <T>(fn: (tx: TxRepos) => Promise<T>) => Promise<T>;
};

export async function managersOf(deps: Pick<BlockerDeps, 'teams'>, team: Team): Promise<string[]> {
  return (await deps.teams.members(team.id)).filter((m) => m.isManager).map((m) => m.userId);
}

async function isAdmin(deps: Pick<BlockerDeps, 'users'>, actor: Actor): Promise<boolean> {
  return Boolean((await deps.users.cached(actor.workspaceId, actor.userId))?.isAdmin);
}

/**
 * Who may take a blocker on (and, as its owner, resolve it): the team's members and
 * managers, and workspace admins — nobody else in the workspace.
 */
async function mayOwn(deps: Pick<BlockerDeps, 'teams' | 'users'>, team: Team, actor: Actor): Promise<boolean> {
  return Boolean(await deps.teams.member(team.id, actor.userId)) || (await isAdmin(deps, actor));
}

async function mayResolve(deps: Pick<BlockerDeps, 'teams' | 'users'>, b: Blocker, team: Team, actor: Actor): Promise<boolean> {
  if (b.reporterId === actor.userId || team.createdBy === actor.userId) return true;
  const member = await deps.teams.member(team.id, actor.userId);
  if (member?.isManager) return true;
  // An owner resolves only while still on the team: ownership taken before the rule, or
  // kept after leaving, is no key to someone else's blocker.
  if (b.ownerId === actor.userId && member) return true;
  return isAdmin(deps, actor);
}

/**
 * Raises one blocker unless the same person already has the same one open; the
 * announcement goes through the outbox, so it is posted exactly once. `deliveries`: the
 * announcement's key when one was queued, for the caller to send at once.
 */
export async function raiseWith(
  repos: BlockerRepos,
  team: Team,
  reporterId: string,
  text: string,
  source: 'standup' | 'command',
  now: Date,
  opts: { entryId?: number; date: LocalDate; announce?: boolean },
): Promise<{ blocker: Blocker; duplicate: boolean; deliveries: string[] }> {
  const normalized = normaliseBlockerText(text) || text.trim().toLowerCase();
  const open = await repos.blockers.openOfTeam(team.id, reporterId);
  const same = open.find((b) => b.normalized === normalized);
  if (same) return { blocker: same, duplicate: true, deliveries: [] };
  // An edited answer still carries the lines it had: a blocker it raised before (even one
  // resolved since) is not raised again.
  if (opts.entryId !== undefined) {
    const earlier = (await repos.blockers.ofEntry(opts.entryId)).find((b) => b.normalized === normalized);
    if (earlier) return { blocker: earlier, duplicate: true, deliveries: [] };
  }
  const blocker = await repos.blockers.create({
    workspaceId: team.workspaceId,
    teamId: team.id,
    reporterId,
    text: text.trim().slice(0, 3000),
    normalized,
    source,
    entryId: opts.entryId ?? null,
    // The reporter's own day: the thread it belongs to and the day its age counts from.
    openedDate: opts.date,
    openedAt: now,
  });
  const announceKey = opts.announce !== false ? await announceTogether(repos, team, [blocker], 0, now) : undefined;
  return { blocker, duplicate: false, deliveries: announceKey ? [announceKey] : [] };
}

/** One announcement for blockers raised together (one answer's), keyed by the first. */
async function announceTogether(repos: BlockerRepos, team: Team, raised: Blocker[], more: number, now: Date): Promise<string | undefined> {
  if (!raised.length) return undefined;
  const row = kinds.blockerAnnounce.row(team.workspaceId, { blockerIds: raised.map((b) => b.id), more }, now);
  await repos.blockers.setAnnounceKey(raised.map((b) => b.id), row.key);
  await repos.deliveries.enqueue([row]);
  return row.key;
}

/** Resolves open blockers and queues their resolution notes (with `repos` of the caller's transaction). */
export async function resolveWith(repos: BlockerRepos, ids: number[], by: string, now: Date): Promise<Blocker[]> {
  const done = await repos.blockers.resolve(ids, by, now);
  await repos.deliveries.enqueue(done.map((b) => kinds.blockerResolved.row(b.workspaceId, { blockerId: b.id }, now)));
  return done;
}

/**
 * Blockers in a standup answer: new ones raised (at most `maxBlockersPerAnswer`) and
 * announced together in one message; repeats of open ones left as they are; lines the
 * detector is unsure of are not announced — their author is asked. Returns the
 * deliveries to send at once.
 */
export async function fromAnswer(repos: BlockerRepos, team: Team, reporterId: string, answer: string, entry: { id: number; date: LocalDate }, now: Date): Promise<{ raised: Blocker[]; deliveries: string[] }> {
  const detection = classifyBlockerAnswer(answer, await repos.blockers.corrections(team.id));
  const sure = detection.items.filter((i) => i.verdict === 'blocker');
  const raised: Blocker[] = [];
  for (const item of sure.slice(0, maxBlockersPerAnswer)) {
    const r = await raiseWith(repos, team, reporterId, item.text, 'standup', now, { entryId: entry.id, date: entry.date, announce: false });
    if (!r.duplicate) raised.push(r.blocker);
  }
  const deliveries: string[] = [];
  const announceKey = await announceTogether(repos, team, raised, Math.max(0, sure.length - maxBlockersPerAnswer), now);
  if (announceKey) deliveries.push(announceKey);
  const asks = detection.items.filter((i) => i.verdict === 'unsure').slice(0, maxQuestionsPerAnswer);
  const rows = asks.map((i) => kinds.blockerAsk.row(team.workspaceId, { teamId: team.id, entryId: entry.id, userId: reporterId, text: i.text.slice(0, 1500) }, now));
  await repos.deliveries.enqueue(rows);
  deliveries.push(...rows.map((r) => r.key));
  return { raised, deliveries };
}

/** A refusal as data (src/slack/blocks/refusals.ts words it); the plain text is for logs. */
const refuse = (r: BlockerRefusal | TeamRefusal, plain: string) => refused(r, plain);

const closed = (b: Blocker): ClosedBlocker => ({ id: b.id, status: b.status === 'dismissed' ? 'dismissed' : 'resolved', resolvedBy: b.resolvedBy });

async function loadScoped(deps: Pick<BlockerDeps, 'blockers' | 'teams'>, actor: Actor, id: number): Promise<{ blocker: Blocker; team: Team }> {
  const blocker = await deps.blockers.byId(actor.workspaceId, id);
  const team = blocker && (await deps.teams.findById(actor.workspaceId, blocker.teamId));
  if (!blocker || !team) throw refuse({ code: 'blocker.not_found', id }, `There is no blocker #${id} here.`);
  return { blocker, team };
}

/**
 * The author's answer to "Is this a blocker?": tracked (raised and announced) or not;
 * either way the team's corrections learn the line. Only the author may answer.
 */
export async function answerAsk(
  deps: Pick<BlockerDeps, 'teams' | 'entryOwner' | 'clock' | 'transaction'>,
  actor: Actor,
  ask: { teamId: number; entryId: number; text: string } | undefined,
  track: boolean,
  once: RequestKey,
): Promise<AskAnswer | Replayed> {
  if (!ask) throw refuse({ code: 'blocker.stale_question' }, 'This question is from an older message.');
  const team = await deps.teams.findById(actor.workspaceId, ask.teamId);
  if (!team) throw refuse({ code: 'team.not_found', where: 'gone' }, 'That team no longer exists.');
  const entry = await deps.entryOwner(ask.entryId);
  if (!entry || entry.teamId !== team.id || entry.userId !== actor.userId) throw refuse({ code: 'blocker.not_yours' }, 'Only the person who wrote that answer can say whether it is a blocker.');
  const now = deps.clock.now();
  const normalized = normaliseBlockerText(ask.text) || ask.text.trim().toLowerCase();
  return deps.transaction(async (tx): Promise<AskAnswer | Replayed> => {
    if (!(await tx.requests.claim(team.workspaceId, once, now))) return replayed;
    await tx.blockers.correct({ workspaceId: team.workspaceId, teamId: team.id, normalized, verdict: track ? 'blocker' : 'nothing', blockerId: null, byUserId: actor.userId, createdAt: now });
    if (!track) return { kind: 'untracked', teamName: team.name, text: ask.text, deliveries: [] };
    const r = await raiseWith(tx, team, actor.userId, ask.text, 'standup', now, { entryId: ask.entryId, date: entry.date });
    return r.duplicate ? { kind: 'duplicate', id: r.blocker.id, deliveries: [] } : { kind: 'tracked', id: r.blocker.id, teamName: team.name, deliveries: r.deliveries };
  });
}

/** The resolution note of blocker `id`: sent at once by the listener (a no-op when nothing is queued under it). */
const resolutionNote = (id: number) => [kinds.blockerResolved.key({ blockerId: id })];

/**
 * "Not a blocker" on an announcement or in `/blocker list`: closes it as a misreading
 * and teaches the team's detection that line. For whoever may resolve it.
 */
export async function dismiss(
  deps: Pick<BlockerDeps, 'blockers' | 'teams' | 'users' | 'clock' | 'transaction'>,
  actor: Actor,
  id: number,
  once: RequestKey,
): Promise<(DismissResult & { deliveries: string[] }) | Replayed> {
  const { blocker, team } = await loadScoped(deps, actor, id);
  const deliveries = resolutionNote(id);
  if (blocker.status !== 'open') return { kind: 'closed', blocker: closed(blocker), deliveries };
  if (!(await mayResolve(deps, blocker, team, actor))) {
    throw refuse({ code: 'blocker.forbidden', action: 'dismiss', id, reporterId: blocker.reporterId }, `Only whoever raised blocker #${id} or a manager can say it is not one. Nothing was changed.`);
  }
  const now = deps.clock.now();
  const done = await deps.transaction(async (tx) => {
    if (!(await tx.requests.claim(team.workspaceId, once, now))) return replayed;
    const dismissed = await tx.blockers.dismiss(id, actor.userId, now);
    if (!dismissed) return undefined;
    // Only a reading of a standup answer teaches detection; a /blocker was meant.
    if (dismissed.source === 'standup') {
      await tx.blockers.correct({ workspaceId: team.workspaceId, teamId: team.id, normalized: dismissed.normalized, verdict: 'nothing', blockerId: id, byUserId: actor.userId, createdAt: now });
    }
    await tx.deliveries.enqueue([kinds.blockerResolved.row(team.workspaceId, { blockerId: id }, now)]);
    return dismissed;
  });
  if (done && 'replayed' in done) return done;
  if (!done) return { kind: 'already-closed', id, deliveries };
  return done.source === 'standup' ? { kind: 'dismissed', id, learned: { teamName: team.name, text: done.text }, deliveries } : { kind: 'dismissed', id, deliveries };
}

/** `/blocker TEXT` and the team chooser: `deliveries` is the announcement to send at once (none for a duplicate). */
export async function raise(deps: Pick<BlockerDeps, 'users' | 'clock' | 'transaction'>, actor: Actor, team: Team, text: string, once?: RequestKey): Promise<{ blocker: Blocker; duplicate: boolean; deliveries: string[] } | Replayed> {
  const now = deps.clock.now();
  const tz = (await deps.users.cached(actor.workspaceId, actor.userId))?.tz;
  const date = localDateOf(now, team.tzMode === 'member' && tz ? tz : team.timezone);
  // The blocker and its announcement commit together, with the click that asked for it.
  return deps.transaction(async (tx) => {
    if (once && !(await tx.requests.claim(team.workspaceId, once, now))) return replayed;
    return raiseWith(tx, team, actor.userId, text, 'command', now, { date });
  });
}

/** The team's open blockers (or those involving one person), oldest first, with their ages. */
export async function list(deps: Pick<BlockerDeps, 'blockers' | 'clock'>, _actor: Actor, team: Team, userId?: string): Promise<BlockerList> {
  const now = deps.clock.now();
  const open = userId ? await deps.blockers.openInvolving(team.id, userId) : await deps.blockers.openOfTeam(team.id);
  const monthStart = DateTime.fromJSDate(now, { zone: team.timezone }).startOf('month').toJSDate();
  return {
    teamName: team.name,
    correctionsThisMonth: await deps.blockers.correctionsSince(team.id, monthStart),
    ...(userId ? { forUserId: userId } : {}),
    items: open.map((b) => ({ id: b.id, text: b.text, reporterId: b.reporterId, ownerId: b.ownerId, ageDays: blockerAge(b, team, now) })),
  };
}

/** `/blocker resolve ID` and its button: `deliveries` is the resolution note to send at once. */
export async function resolve(
  deps: Pick<BlockerDeps, 'blockers' | 'teams' | 'users' | 'clock' | 'transaction'>,
  actor: Actor,
  id: number,
  once?: RequestKey,
): Promise<(ResolveResult & { deliveries: string[] }) | Replayed> {
  const { blocker, team } = await loadScoped(deps, actor, id);
  const deliveries = resolutionNote(id);
  if (blocker.status !== 'open') return { kind: 'closed', blocker: closed(blocker), deliveries };
  if (!(await mayResolve(deps, blocker, team, actor))) {
    const managers = await managersOf(deps, team);
    throw refuse(
      { code: 'blocker.forbidden', action: 'resolve', id, reporterId: blocker.reporterId, ownerId: blocker.ownerId, managers },
      `Only whoever raised blocker #${id}, its owner or a manager can resolve it. Nothing was changed.`,
    );
  }
  const done = await deps.transaction(async (tx) => {
    if (once && !(await tx.requests.claim(team.workspaceId, once, deps.clock.now()))) return replayed;
    return resolveWith(tx, [id], actor.userId, deps.clock.now());
  });
  if (!Array.isArray(done)) return done;
  return done.length ? { kind: 'resolved', id, deliveries } : { kind: 'already-resolved', id, deliveries };
}

/** "I'll help": the clicker becomes the owner, if they may (see mayOwn). */
export async function help(deps: Pick<BlockerDeps, 'blockers' | 'teams' | 'users' | 'clock' | 'transaction'>, actor: Actor, id: number, once?: RequestKey): Promise<HelpResult | Replayed> {
  const { blocker, team } = await loadScoped(deps, actor, id);
  if (blocker.status !== 'open') return { kind: 'closed', blocker: closed(blocker) };
  // Checked here, not in the listener: an owner may resolve, so ownership is a permission.
  if (!(await mayOwn(deps, team, actor))) {
    throw refuse({ code: 'blocker.not_member', teamName: team.name }, `Only people in the team can take on its blockers. Nothing was changed.`);
  }
  if (blocker.ownerId === actor.userId) return { kind: 'already-owner', id };
  const taken = await deps.transaction(async (tx) => {
    if (once && !(await tx.requests.claim(team.workspaceId, once, deps.clock.now()))) return replayed;
    return tx.blockers.takeOwnership(id, actor.userId);
  });
  if (taken === undefined) {
    const now = await deps.blockers.byId(actor.workspaceId, id);
    return now && now.status !== 'open' ? { kind: 'closed', blocker: closed(now) } : { kind: 'already-owner', id };
  }
  if ('replayed' in taken) return taken;
  return { kind: 'owner', id, reporterId: blocker.reporterId, previousOwnerId: blocker.ownerId };
}

/** Escalations of the teams whose blockers aged a day (or changed) since the last look; then their next look. */
export async function planEscalations(deps: Pick<BlockerDeps, 'due' | 'blockers' | 'teams' | 'deliveries'>, now: Date): Promise<number> {
  const dueTeams = await deps.due.dueTeams('escalation', now);
  if (!dueTeams.length) return 0;
  const rows = await deps.blockers.openWithTeams(dueTeams.filter((t) => t.active).map((t) => t.id));
  const planned = [];
  const managersByTeam = new Map<number, string[]>();
  for (const { blocker: b, team } of rows) {
    const level = escalationLevel(blockerAge(b, team, now), team.blockerThresholdDays);
    if (level === 0) continue;
    let managers = managersByTeam.get(team.id);
    if (!managers) managersByTeam.set(team.id, (managers = await managersOf(deps, team)));
    const recipients = [...managers, ...(team.stakeholderChannelId ? [team.stakeholderChannelId] : [])];
    for (const to of recipients) {
      planned.push(kinds.blockerEscalate.row(team.workspaceId, { blockerId: b.id, level, to }, now));
    }
  }
  const n = await deps.deliveries.enqueue(planned);
  await deps.due.advanceTeams('escalation', dueTeams.map((t) => ({ id: t.id, rev: t.dueRev, next: t.active ? nextAging(t, now) : null })));
  return n;
}

export async function setThreshold(deps: Pick<BlockerDeps, 'teams'>, team: Team, days: number): Promise<Team> {
  return deps.teams.update(team, { blockerThresholdDays: days });
}

export const blockerUseCases = { managersOf, answerAsk, dismiss, raise, list, resolve, help, planEscalations, setThreshold };
export type BlockerUseCases = Bound<typeof blockerUseCases, BlockerDeps>;
