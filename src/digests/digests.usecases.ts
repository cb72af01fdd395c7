import type { AvailabilityUseCases } from '../availability/availability.usecases.ts';
import type { BlockersRepository } from '../blockers/blockers.repository.ts';
import type { DeliveriesRepository } from '../outbox/deliveries.repository.ts';
import { kinds } from '../outbox/kinds.ts';
import type { Clock } from '../shared/clock.ts';
import type { Bound } from '../shared/use-cases.ts';
import { addDays, localDateOf, localToInstant, weekdayOf } from '../shared/time.ts';
import type { StandupsRepository } from '../standups/standups.repository.ts';
import type { TeamsRepository } from '../teams/teams.repository.ts';
import type { Team } from '../teams/teams.schema.ts';
import { mondayOf } from '../workload/workload.models.ts';
import { memberZone } from '../standups/schedule.models.ts';
import type { WorkloadRepository } from '../workload/workload.repository.ts';
import type { WorkloadUseCases } from '../workload/workload.usecases.ts';
import type { DueRepository } from '../schedule/due.repository.ts';
import { nextDigest } from '../schedule/due.models.ts';
import { composeDigest, type DigestContent, type PostedDigest } from './digest.models.ts';
import type { DigestsRepository } from './digests.repository.ts';
import type { Forecast } from '../milestones/milestones.models.ts';

/** A weekly digest more than this late (Coordinator was down) is skipped: the next one covers it. */
export const digestCatchUpMs = 24 * 3600_000;

export type DigestDeps = {
  digests: DigestsRepository;
  teams: TeamsRepository;
  standups: StandupsRepository;
  blockers: BlockersRepository;
  tasks: WorkloadRepository;
  workload: Pick<WorkloadUseCases, 'snapshot'>;
  deliveries: DeliveriesRepository;
  /** The stored next-due instants: the tick reads only teams whose digest has come. */
  due: DueRepository;
  clock: Clock;
  /** Days off (time off, public holidays, calendar): not expected to answer on them. */
  availability: Pick<AvailabilityUseCases, 'offPeriods'>;
  /** The team's open milestones and their forecasts as of `now` (the "Milestones" section). */
  milestones?: (team: Team, now: Date) => Promise<{ forecast: Forecast }[]>;
  /** The team's highest open risks (the "Top risks" section). */
  risks?: (team: Team) => Promise<{ id: number; text: string; likelihood: number; impact: number; ownerId: string | null; mitigation: string | null; milestoneName: string | null }[]>;
};

/**
 * The week a digest at `now` covers: Monday to Sunday of the team's current week, or of
 * the week before when it goes out early in the week (a Monday digest reports last week).
 */
function periodAt(team: Team, now: Date) {
  const today = localDateOf(now, team.timezone);
  const early = weekdayOf(today) <= 3 && team.digestDay <= 3;
  const start = addDays(mondayOf(today), early ? -7 : 0);
  return { today, start, end: addDays(start, 6) };
}

/** Gathers a period's history from the database and composes the digest (pure). */
export async function compose(deps: Omit<DigestDeps, 'deliveries' | 'due' | 'clock'>, team: Team, now: Date): Promise<DigestContent> {
  const { teams } = deps;
  const { today, start, end } = periodAt(team, now);
  const members = (await teams.members(team.id)).filter((m) => m.isParticipant);
  const entries = await deps.standups.entriesBetween(team.id, start, end);
  // Typed time off, public holidays and calendar days: none of them count against participation.
  const away = await deps.availability.offPeriods(team, members.map((m) => m.userId), start, end);
  const periodStartInstant = localToInstant(start, '00:00', team.timezone);
  const blockers = await deps.blockers.forDigest(team.id, start, periodStartInstant);
  const done = await deps.tasks.doneBetween(team.id, periodStartInstant, now);
  const open = await deps.tasks.openOfTeam(team.id);
  const nextStart = addDays(start, 7);
  const { loads } = await deps.workload.snapshot(team, now);
  const earlier = await deps.digests.weeklyBefore(team.id, start, 7);
  const forecasts = deps.milestones ? (await deps.milestones(team, now)).map((m) => m.forecast) : undefined;
  const risks = deps.risks ? await deps.risks(team) : undefined;
  // Risk owners by name (a digest mentions nobody); managers who do not answer standups included.
  const names = new Map((risks?.length ? await teams.members(team.id) : []).map((m) => [m.userId, m.name ?? m.userId]));
  return composeDigest({
    teamName: team.name,
    today,
    periodStart: start,
    periodEnd: end,
    workingDays: team.workingDays,
    blockerThresholdDays: team.blockerThresholdDays,
    overloadThreshold: team.overloadThreshold,
    members: members.map((m) => ({ userId: m.userId, name: m.name ?? m.userId, joinedDate: localDateOf(m.joinedAt, team.timezone), zone: memberZone(team, m.tz) })),
    asOf: now,
    promptTime: team.promptTime,
    entries: entries.map((e) => ({ userId: e.userId, date: e.date, status: e.status, answers: e.answers })),
    away,
    // A blocker marked "not a blocker" was a misreading: it was never new, open or resolved.
    blockers: blockers.flatMap((b) => (b.status === 'dismissed' ? [] : [{ ...b, status: b.status }])).map((b) => ({
      id: b.id,
      text: b.text,
      reporterId: b.reporterId,
      ownerId: b.ownerId,
      openedDate: b.openedDate,
      resolvedDate: b.resolvedAt ? localDateOf(b.resolvedAt, team.timezone) : null,
      status: b.status,
    })),
    tasksDone: done.map((t) => ({ id: t.id, title: t.title, assigneeId: t.assigneeId })),
    tasksDueNextWeek: open.filter((t) => t.dueDate && t.dueDate >= nextStart && t.dueDate <= addDays(nextStart, 6)).map((t) => ({ id: t.id, title: t.title, assigneeId: t.assigneeId, dueDate: t.dueDate!, estimateMinutes: t.estimateMinutes })),
    loads,
    previous: earlier[0]?.content.stats,
    history: earlier
      .slice()
      .reverse()
      .map((d) => ({ periodStart: d.periodStart, participationPct: d.content.stats.participationPct })),
    ...(forecasts ? { milestones: forecasts } : {}),
    ...(risks ? { risks: risks.map((r) => ({ ...r, ownerName: r.ownerId ? (names.get(r.ownerId) ?? 'someone outside the team') : null })) } : {}),
  });
}

/** What the digest would say now, without posting it. */
export function preview(deps: Omit<DigestDeps, 'deliveries' | 'due'>, team: Team): Promise<DigestContent> {
  return compose(deps, team, deps.clock.now());
}

/** `/digest post`: now, once per click (a double click in the same minute posts one). Returns the delivery's key. */
export async function postNow(deps: Pick<DigestDeps, 'deliveries' | 'clock'>, team: Team): Promise<string> {
  const now = deps.clock.now();
  const row = kinds.digest.row(team.workspaceId, { teamId: team.id, kind: 'manual', slot: String(Math.floor(now.getTime() / 60_000)) }, now);
  await deps.deliveries.enqueue([row]);
  return row.key;
}

/** `/digest history`: the team's last eight digests, newest first (none: an empty list). */
export async function history(deps: Pick<DigestDeps, 'digests'>, team: Team): Promise<PostedDigest[]> {
  const rows = await deps.digests.recent(team.id, 8);
  return rows.map((r) => ({ periodStart: r.periodStart, periodEnd: r.periodEnd, kind: r.kind, headline: r.content.headline, channelId: r.channelId }));
}

/** Plans each team's weekly digest for its day and time in its zone, once per period. */
export async function plan(deps: Pick<DigestDeps, 'deliveries' | 'due'>, now: Date): Promise<number> {
  const last = await deps.deliveries.plannedUntil('digests');
  const floor = new Date(now.getTime() - digestCatchUpMs);
  const from = last && last > floor ? last : floor;
  if (from >= now) return 0;
  const dueTeams = await deps.due.dueTeams('digest', now);
  const active = dueTeams.filter((t) => t.active);
  const rows = [];
  for (const team of active) {
    // This week's digest instant and last week's (the window may straddle a Monday).
    for (const weekOffset of [0, -7]) {
      const monday = addDays(mondayOf(localDateOf(now, team.timezone)), weekOffset);
      const day = addDays(monday, team.digestDay - weekdayOf(monday));
      const at = localToInstant(day, team.digestTime, team.timezone);
      if (at > from && at <= now && at >= team.createdAt) {
        rows.push(kinds.digest.row(team.workspaceId, { teamId: team.id, kind: 'weekly', slot: monday }, at));
      }
    }
  }
  const n = await deps.deliveries.enqueue(rows);
  await deps.due.advanceTeams('digest', dueTeams.map((t) => ({ id: t.id, rev: t.dueRev, next: t.active ? nextDigest(t, now) : null })));
  await deps.deliveries.setPlannedUntil(now, 'digests');
  return n;
}

export const digestUseCases = { compose, preview, postNow, history, plan };
export type DigestUseCases = Bound<typeof digestUseCases, DigestDeps>;
