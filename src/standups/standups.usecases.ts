import type { DeliveriesRepository } from '../outbox/deliveries.repository.ts';
import type { Dispatcher } from '../outbox/dispatcher.ts';
import { kinds } from '../outbox/kinds.ts';
import type { Clock } from '../shared/clock.ts';
import { refused } from '../shared/errors.ts';
import type { Logger } from '../shared/logger.ts';
import { cleanText } from '../shared/input.ts';
import { addDays, localDateOf, type LocalDate } from '../shared/time.ts';
import type { TeamsRepository } from '../teams/teams.repository.ts';
import type { Team } from '../teams/teams.schema.ts';
import type { UsersService } from '../workspaces/users.service.ts';
import { catchUpLimitMs, memberZone, planDue, type DaySummary } from './schedule.models.ts';
import type { StandupsRepository } from './standups.repository.ts';
import { summarizeDay, unnamedFormerMembers, type DayFacts } from './day-summary.models.ts';
import type { AnswerItem, StandupEntry } from './standups.schema.ts';
import { fromAnswer, resolveWith } from '../blockers/blockers.usecases.ts';
import type { BlockersRepository } from '../blockers/blockers.repository.ts';
import { replayed, type Replayed, type RequestKey } from '../requests/requests.models.ts';
import type { RequestsRepository } from '../requests/requests.repository.ts';
import type { Actor } from '../shared/actor.ts';
import type { DueRepository } from '../schedule/due.repository.ts';
import { deadlineMemo, memberDueMemo } from '../schedule/due.models.ts';
import type { AvailabilityUseCases } from '../availability/availability.usecases.ts';
import { answerFieldKey, type AwayResult, type SkipResult, type StandupRefusal } from './standups.models.ts';
import type { TeamRefusal } from '../teams/teams.models.ts';
import type { Bound } from '../shared/use-cases.ts';


export const maxAnswerLength = 3000;
/** Upcoming periods of time off one person may have. */
export const maxAwayPeriods = 30;

export type StandupDeps = {
  teams: TeamsRepository;
  standups: StandupsRepository;
  /** The member's open blockers, for the answer form's "still blocking me". */
  blockers: BlockersRepository;
  deliveries: DeliveriesRepository;
  /** The stored next-due instants: the tick reads only what has come. */
  due: DueRepository;
  users: UsersService;
  clock: Clock;
  logger: Logger;
  dispatcher: () => Dispatcher;
  /** Whether a person works on a date: time off, public holidays, calendar feeds. */
  availability: () => AvailabilityUseCases;
  /** Runs `fn` in one database transaction with repositories bound to it. */
  transaction: <T>(fn: (tx: { standups: StandupsRepository; deliveries: DeliveriesRepository; blockers: BlockersRepository; requests: RequestsRepository }) => Promise<T>) => Promise<T>;
};

const refuse = (r: StandupRefusal | TeamRefusal, plain: string) => refused(r, plain);

async function todayFor(deps: Pick<StandupDeps, 'users' | 'clock'>, team: Team, workspaceId: string, userId: string): Promise<LocalDate> {
  const profile = await deps.users.cached(workspaceId, userId);
  return localDateOf(deps.clock.now(), memberZone(team, profile?.tz));
}

/** Off on that date (away, a public holiday, a calendar day off, not a team working day): checked again at send time. */
export async function isAway(deps: Pick<StandupDeps, 'availability'>, team: Team, userId: string, date: LocalDate): Promise<boolean> {
  return !(await deps.availability().on(team, userId, date)).working;
}

/**
 * Who answered, who is pending and who is away on a team's day. Only people who were
 * asked that day are expected: someone who joined after their prompt time, or whose
 * prompt was missed while Coordinator was down, is not "missing".
 */
export async function daySummary(deps: Pick<StandupDeps, 'standups' | 'users'>, team: Team, date: LocalDate, closed: boolean): Promise<DaySummary> {
  return summarize(deps, team, date, closed, await deps.standups.dayFacts(team, date, date));
}

/** Read for the days "today" can be in any zone, with the asker's stored profile: their zone says which. */
async function statusOf(deps: Pick<StandupDeps, 'users' | 'clock'>, actor: Actor, team: Team, facts: DayFacts & { actor: { tz: string | null; refreshedAt: Date } | null }): Promise<DaySummary> {
  const profile = await deps.users.cachedFrom(actor.workspaceId, actor.userId, facts.actor);
  return summarize(deps, team, localDateOf(deps.clock.now(), memberZone(team, profile?.tz)), false, facts);
}

/** One read (standups.dayFacts) and the pure rule; a former member with no stored profile is looked up. */
async function summarize(deps: Pick<StandupDeps, 'users'>, team: Team, date: LocalDate, closed: boolean, facts: DayFacts): Promise<DaySummary> {
  const names = new Map<string, string>();
  for (const id of unnamedFormerMembers(facts, date)) names.set(id, (await deps.users.cached(team.workspaceId, id))?.name ?? id);
  return summarizeDay(team, date, closed, facts, (id) => names.get(id) ?? id);
}

/**
 * Plans everything due since the last pass (at most 26 hours back) under unique keys. Only
 * members and teams whose stored next instant has come are read (src/schedule/): planDue then
 * covers (last pass, now] for them exactly as for everyone, and their instants move on.
 */
export async function plan(deps: Pick<StandupDeps, 'deliveries' | 'due' | 'standups' | 'availability'>, now: Date): Promise<{ planned: number; missed: number }> {
  const { deliveries } = deps;
  const last = await deliveries.plannedUntil();
  const floor = new Date(now.getTime() - 26 * 3600_000);
  const from = last && last > floor ? last : floor;
  if (from >= now) return { planned: 0, missed: 0 };
  const dueMembers = await deps.due.dueMembers(now);
  const dueTeams = await deps.due.dueTeams('deadline', now);
  if (!dueMembers.length && !dueTeams.length) {
    await deliveries.setPlannedUntil(now);
    return { planned: 0, missed: 0 };
  }
  const teamOf = new Map((await deps.due.teamsByIds([...new Set(dueMembers.map((m) => m.teamId))])).map((t) => [t.id, t]));
  const working = dueMembers.filter((m) => teamOf.get(m.teamId)?.active && m.isParticipant);
  const memberTeams = new Map(working.map((m) => [m.teamId, teamOf.get(m.teamId)!]));
  const deadlineTeams = dueTeams.filter((t) => t.active);
  const deadlineMembers = await deps.due.participantsOf(deadlineTeams.map((t) => t.id));
  const teamById = new Map([...memberTeams.values(), ...deadlineTeams].map((t) => [t.id, t]));
  // Everyone's availability around the window (time off, holidays, calendar days), by date
  // alone: listing every member's id would be one bound parameter each, and Postgres takes
  // at most 65,535. Read only when someone is due; the check sits where a due prompt or
  // reminder is planned (and again when it is sent).
  const availability = working.length
    ? await deps.availability().forEveryone(localDateOf(new Date(from.getTime() - 2 * 86400_000), 'UTC'), localDateOf(new Date(now.getTime() + 2 * 86400_000), 'UTC'))
    : undefined;
  const away = (teamId: number, userId: string, date: LocalDate) => (availability ? !availability.on(teamById.get(teamId)!, userId, date).working : false);
  let items = [
    ...planDue({ teams: [...memberTeams.values()], members: working, from, to: now, isAway: away }).filter((i) => i.kind !== 'deadline'),
    ...planDue({ teams: deadlineTeams, members: deadlineMembers, from, to: now }).filter((i) => i.kind === 'deadline'),
  ];
  // Nothing from before a team existed or a member joined: they were not part of it yet.
  const joinedAt = new Map(working.map((m) => [`${m.teamId}:${m.userId}`, m.joinedAt.getTime()]));
  items = items.filter((i) =>
    i.kind === 'deadline' ? i.dueAt.getTime() >= teamById.get(i.teamId)!.createdAt.getTime() : i.dueAt.getTime() >= (joinedAt.get(`${i.teamId}:${i.userId}`) ?? 0),
  );
  const late = (dueAt: Date) => now.getTime() - dueAt.getTime() > catchUpLimitMs;
  await deps.standups.ensureEntries(
    items
      .filter((i) => i.kind === 'prompt')
      .map((i) => ({ teamId: i.teamId, userId: (i as { userId: string }).userId, date: i.date, promptAt: i.dueAt, status: late(i.dueAt) ? ('missed' as const) : ('pending' as const) })),
  );
  const rows = items.map((i) => {
    const workspaceId = teamById.get(i.teamId)!.workspaceId;
    if (i.kind === 'deadline') return kinds.deadline.row(workspaceId, { teamId: i.teamId, date: i.date }, i.dueAt, 'pending');
    return kinds[i.kind].row(workspaceId, { teamId: i.teamId, userId: i.userId, date: i.date }, i.dueAt, late(i.dueAt) ? 'missed' : 'pending');
  });
  await deliveries.enqueue(rows);
  // Only once the rows are in: a pass that dies before this leaves the instants due, and the next pass plans them again.
  const nextOf = memberDueMemo(now);
  await deps.due.advanceMembers(
    dueMembers.map((m) => {
      const team = teamOf.get(m.teamId);
      return { teamId: m.teamId, userId: m.userId, rev: m.dueRev, next: team?.active && m.isParticipant ? nextOf(team, m.tz) : null };
    }),
  );
  const zones = new Map<number, (string | null)[]>();
  for (const m of deadlineMembers) zones.set(m.teamId, [...(zones.get(m.teamId) ?? []), m.tz]);
  const deadlineOf = deadlineMemo(now);
  await deps.due.advanceTeams(
    'deadline',
    dueTeams.map((t) => ({ id: t.id, rev: t.dueRev, next: t.active ? deadlineOf(t, zones.get(t.id) ?? []) : null })),
  );
  await deliveries.setPlannedUntil(now);
  return { planned: rows.filter((r) => r.status === 'pending').length, missed: rows.filter((r) => r.status === 'missed').length };
}

/** The team a command from this channel is about (in a DM: the user's only team). */
export async function teamForCommand(deps: Pick<StandupDeps, 'teams'>, actor: Actor, channelId: string): Promise<Team> {
  const team = await deps.teams.findByChannel(actor.workspaceId, channelId);
  if (team) return team;
  // Elsewhere (a DM, #support…), the person's own team when they have exactly one.
  const mine = await deps.teams.teamsOfUser(actor.workspaceId, actor.userId);
  if (mine.length === 1) return mine[0]!;
  if (mine.length > 1) {
    throw refuse({ code: 'team.ambiguous', channelIds: mine.map((t) => t.channelId) }, `You're in ${mine.length} teams. Run the command in the team's channel.`);
  }
  if (channelId.startsWith('D')) throw refuse({ code: 'team.none' }, "You're not in any standup team yet.");
  throw refuse({ code: 'team.not_found', where: 'channel' }, 'This channel has no standup team yet.');
}

const notMember = (team: Team, when: 'opening' | 'submitting' | 'skipping') =>
  refuse({ code: 'standup.not_member', teamName: team.name, channelId: team.channelId, when }, "You're not answering this team's standups.");

/** What the answer form shows a member: the questions, their stored answer or last plan, their open blockers. */
export async function answerView(deps: Pick<StandupDeps, 'teams' | 'standups' | 'blockers' | 'users' | 'clock'>, actor: Actor, team: Team, date?: LocalDate) {
  const member = await deps.teams.member(team.id, actor.userId);
  if (!member?.isParticipant) throw notMember(team, 'opening');
  const day = date ?? (await todayFor(deps, team, actor.workspaceId, actor.userId));
  const questions = await deps.teams.questions(team.id);
  const entry = await deps.standups.entry(team.id, actor.userId, day);
  const initial: Record<number, string> = {};
  if (entry?.answers) {
    for (const a of entry.answers) initial[a.questionId] = a.answer;
  } else {
    const previous = await deps.standups.previousAnswer(team.id, actor.userId, day);
    const plan = previous?.answers?.find((a) => a.kind === 'plan')?.answer;
    const done = questions.find((q) => q.kind === 'done');
    if (plan && done) initial[done.id] = plan;
  }
  const open = await deps.blockers.openOfTeam(team.id, actor.userId);
  return {
    teamName: team.name,
    date: day,
    teamId: team.id,
    questions,
    initial,
    editing: entry?.status === 'answered',
    openBlockers: open.map((b) => ({ id: b.id, text: b.text })),
  };
}

/**
 * Checks and stores an answer; returns field errors for the modal instead when
 * something is wrong. Posting happens afterwards, through the outbox: the listener sends
 * `key` (the answer), then `followUps` (blockers it raised or resolved) and `dayKey` (the
 * day's summary) at once. `values` and the errors are keyed by `answerFieldKey(question id)`.
 */
export async function submitAnswer(
  deps: Pick<StandupDeps, 'teams' | 'clock' | 'transaction'>,
  actor: Actor,
  ref: { teamId: number; date: LocalDate },
  values: Record<string, string | undefined>,
  carry: { shown: number[]; kept: number[] } = { shown: [], kept: [] },
  signal?: AbortSignal,
  once?: RequestKey,
): Promise<{ errors: Record<string, string> } | { entry: StandupEntry; key: string; followUps: string[]; dayKey: string } | Replayed> {
  const team = await deps.teams.findById(actor.workspaceId, ref.teamId);
  if (!team) throw refuse({ code: 'team.not_found', where: 'gone' }, 'That team no longer exists.');
  const member = await deps.teams.member(team.id, actor.userId);
  if (!member?.isParticipant) throw notMember(team, 'submitting');
  const questions = await deps.teams.questions(team.id);
  const errors: Record<string, string> = {};
  const answers: AnswerItem[] = [];
  for (const q of questions) {
    const field = answerFieldKey(q.id);
    const text = cleanText(values[field] ?? '').trim();
    if (q.required && !text) errors[field] = 'Please answer this one (a word is enough).';
    else if (text.length > maxAnswerLength) errors[field] = `That's ${text.length} characters; Slack shows at most ${maxAnswerLength}. Please shorten it by ${text.length - maxAnswerLength}.`;
    answers.push({ questionId: q.id, kind: q.kind, question: q.text, answer: text });
  }
  if (Object.keys(errors).length) return { errors };
  const now = deps.clock.now();
  // The answer, its blockers and what must be posted commit together, or not at all.
  return deps.transaction(async (tx) => {
    // The same submission twice (a double click on Submit): the second changes nothing.
    if (once && !(await tx.requests.claim(team.workspaceId, once, now))) return replayed;
    const entry = await tx.standups.saveAnswer(team.id, actor.userId, ref.date, answers, now);
    // Unticked "still blocking me" boxes resolve those blockers (only the member's own, only open ones).
    const mine = new Set((await tx.blockers.openOfTeam(team.id, actor.userId)).map((b) => b.id));
    const unticked = carry.shown.filter((id) => mine.has(id) && !carry.kept.includes(id));
    const resolved = await resolveWith(tx, unticked, actor.userId, now);
    const blockerAnswer = answers.find((a) => a.kind === 'blockers')?.answer ?? '';
    const raised = await fromAnswer(tx, team, actor.userId, blockerAnswer, { id: entry.id, date: entry.date }, now);
    const row = kinds.answer.row(team.workspaceId, { entryId: entry.id }, now);
    await tx.deliveries.requeue(row);
    const key = row.key;
    const followUps = [...raised.deliveries, ...resolved.map((b) => kinds.blockerResolved.key({ blockerId: b.id }))];
    // The member was already told it failed: roll back rather than save behind their back.
    if (signal?.aborted) throw new Error('answer not saved: the request timed out');
    // The day's summary (its count of answers) is refreshed after the rest.
    return { entry, key, followUps, dayKey: kinds.day.key({ teamId: team.id, date: ref.date }) };
  });
}

/** Posts what was just submitted without waiting for the next tick; the tick retries on failure. */
export async function deliverNow(deps: Pick<StandupDeps, 'dispatcher' | 'clock'>, keys: string[]) {
  return deps.dispatcher().runKeys(keys, deps.clock.now());
}

export async function skip(deps: Pick<StandupDeps, 'teams' | 'standups' | 'deliveries' | 'users' | 'dispatcher' | 'clock' | 'logger' | 'transaction'>, actor: Actor, team: Team, date?: LocalDate, once?: RequestKey): Promise<SkipResult | Replayed> {
  const member = await deps.teams.member(team.id, actor.userId);
  if (!member?.isParticipant) throw notMember(team, 'skipping');
  const day = date ?? (await todayFor(deps, team, actor.workspaceId, actor.userId));
  // The skip, the prompt's "skipped" update and the day's parent refresh are written together: a
  // failure leaves none of them, and the retry (its key unclaimed) does all three.
  const outcome = await deps.transaction(async (tx) => {
    if (once && !(await tx.requests.claim(team.workspaceId, once, deps.clock.now()))) return replayed;
    const status = await tx.standups.skip(team.id, actor.userId, day, deps.clock.now());
    if (status === 'answered') return { status, promptKey: undefined };
    const entry = await tx.standups.entry(team.id, actor.userId, day);
    let promptKey: string | undefined;
    if (entry?.promptChannelId && entry.promptTs) {
      // The prompt DM marked skipped through the outbox (retried after a 429 or an outage), sent at once below.
      const row = kinds.promptSkipped.row(team.workspaceId, { teamId: team.id, userId: actor.userId, date: day }, deps.clock.now());
      await tx.deliveries.requeue(row);
      promptKey = row.key;
    }
    const parent = await tx.standups.day(team.id, day);
    if (parent?.parentTs) await tx.deliveries.requeue(kinds.day.row(team.workspaceId, { teamId: team.id, date: day }, deps.clock.now()));
    return { status, promptKey };
  });
  if ('replayed' in outcome) return outcome;
  if (outcome.status === 'answered') return { kind: 'already-answered', teamName: team.name, date: day };
  if (outcome.promptKey) {
    await deps.dispatcher().runKeys([outcome.promptKey], deps.clock.now()).catch((err) => deps.logger.child('standups').warn({ err }, 'prompt update left to the next tick'));
  }
  return { kind: 'skipped', teamName: team.name, date: day };
}

/** Who has answered today, who has not yet, who is away. */
export async function status(deps: Pick<StandupDeps, 'standups' | 'users' | 'clock'>, actor: Actor, team: Team): Promise<DaySummary> {
  const utc = localDateOf(deps.clock.now(), 'UTC');
  return statusOf(deps, actor, team, await deps.standups.dayFacts(team, addDays(utc, -1), addDays(utc, 1), actor.userId));
}

/** `status` of the team bound to this channel, read with the team in one round trip; undefined when the channel has none. */
export async function statusInChannel(deps: Pick<StandupDeps, 'standups' | 'users' | 'clock'>, actor: Actor, channelId: string): Promise<DaySummary | undefined> {
  const utc = localDateOf(deps.clock.now(), 'UTC');
  const found = await deps.standups.dayFactsInChannel(actor.workspaceId, channelId, addDays(utc, -1), addDays(utc, 1), actor.userId);
  return found && statusOf(deps, actor, found.team, found);
}

export async function away(deps: Pick<StandupDeps, 'standups' | 'clock'>, actor: Actor, cmd: { op: 'add'; from: LocalDate; to: LocalDate } | { op: 'list' } | { op: 'cancel'; id: number }): Promise<AwayResult> {
  const today = localDateOf(deps.clock.now(), 'UTC');
  if (cmd.op === 'add') {
    // Each period is read by every workload pass that spans it: a person's list stays short.
    const upcoming = await deps.standups.awayOf(actor.workspaceId, actor.userId, addDays(today, -1));
    if (upcoming.length >= maxAwayPeriods) {
      throw refuse({ code: 'away.too_many', planned: upcoming.length, max: maxAwayPeriods }, `At most ${maxAwayPeriods} periods of time off planned.`);
    }
    const period = await deps.standups.addAway({ workspaceId: actor.workspaceId, userId: actor.userId, fromDate: cmd.from, toDate: cmd.to });
    return { kind: 'added', period: { id: period.id, fromDate: cmd.from, toDate: cmd.to } };
  }
  if (cmd.op === 'cancel') {
    const ok = await deps.standups.cancelAway(actor.workspaceId, actor.userId, cmd.id);
    if (!ok) throw refuse({ code: 'away.not_found', id: cmd.id }, `You have no time off numbered ${cmd.id}.`);
    return { kind: 'cancelled', id: cmd.id };
  }
  const periods = await deps.standups.awayOf(actor.workspaceId, actor.userId, addDays(today, -1));
  return { kind: 'list', periods: periods.map((p) => ({ id: p.id, fromDate: p.fromDate, toDate: p.toDate })) };
}

export const standupUseCases = { daySummary, isAway, plan, teamForCommand, answerView, submitAnswer, deliverNow, skip, status, statusInChannel, away };
export type StandupUseCases = Bound<typeof standupUseCases, StandupDeps>;
