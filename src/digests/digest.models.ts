import { workingDaysBetween } from '../blockers/blockers.models.ts';
import { addDays, localToInstant, weekdayOf, type LocalDate } from '../shared/time.ts';
import type { MemberLoad } from '../workload/workload.models.ts';
import { needingAttention, statusRank, type Forecast, type ForecastStatus } from '../milestones/milestones.models.ts';
import { flagged, scoreOf, sortRisks } from '../risks/risks.models.ts';

/**
 * Pure composition of the weekly digest: history in, content out. The content is
 * stored as it is (history, trends) and rendered to Block Kit separately.
 */

export type DigestInput = {
  teamName: string;
  today: LocalDate;
  periodStart: LocalDate;
  periodEnd: LocalDate;
  workingDays: number[];
  blockerThresholdDays: number;
  overloadThreshold: number;
  members: { userId: string; name: string; joinedDate: LocalDate; zone?: string }[];
  /** When the digest is composed, and the prompt time: a day counts only once that member was asked. */
  asOf?: Date;
  promptTime?: string;
  entries: { userId: string; date: LocalDate; status: string; answers: { kind: string; answer: string }[] | null }[];
  away: { userId: string; fromDate: LocalDate; toDate: LocalDate }[];
  blockers: { id: number; text: string; reporterId: string; ownerId: string | null; openedDate: LocalDate; resolvedDate: LocalDate | null; status: 'open' | 'resolved' }[];
  tasksDone: { id: number; title: string; assigneeId: string }[];
  tasksDueNextWeek: { id: number; title: string; assigneeId: string; dueDate: LocalDate; estimateMinutes: number | null }[];
  loads: MemberLoad[];
  previous?: DigestStats | undefined;
  /** Participation of earlier digests, oldest first, for the chart. */
  history?: { periodStart: LocalDate; participationPct: number | null }[];
  /** The team's open milestones and their forecasts. */
  milestones?: Forecast[];
  /** The team's open risks (any order; the digest keeps the highest five). */
  risks?: { id: number; text: string; likelihood: number; impact: number; ownerId?: string | null; ownerName: string | null; mitigation: string | null; milestoneName: string | null }[];
};

export type DigestMilestone = {
  id: number;
  name: string;
  status: ForecastStatus;
  uncertain: boolean;
  target: LocalDate;
  finish: LocalDate | null;
  daysLate: number | null;
  openTasks: number;
  plannedHours: number;
  doneHours: number;
  budgetHours: number | null;
  budgetPct: number | null;
};
export type DigestRisk = { id: number; text: string; score: number; likelihood: number; impact: number; ownerId?: string | null; ownerName: string | null; mitigation: string | null; milestoneName: string | null; flagged: boolean };

/** Milestones in the digest: worst first, then soonest target; at most this many (the thread has them all). */
export const digestMilestoneLimit = 10;
export const digestTopRisks = 5;

export type DigestStats = { participationPct: number | null; openBlockers: number; overloaded: number };
export type Arrow = '↑' | '↓' | '=';

export type DigestContent = {
  teamName: string;
  periodStart: LocalDate;
  periodEnd: LocalDate;
  headline: string;
  status: 'On track' | 'Needs attention' | 'At risk';
  participation: { team: { answered: number; expected: number; pct: number | null }; members: { userId: string; name: string; answered: number; expected: number; awayDays: number }[] };
  progress: { userId: string; name: string; items: string[] }[];
  blockers: {
    opened: { id: number; text: string; reporterId: string; ownerId: string | null }[];
    resolved: { id: number; text: string; reporterId: string; ageDays: number }[];
    open: { id: number; text: string; reporterId: string; ownerId: string | null; ageDays: number }[];
  };
  workload: { userId: string; name: string; thisWeek: number | null; nextWeek: number | null; band: string; nextBand: string }[];
  trend: { participation: Arrow; openBlockers: Arrow; overloaded: Arrow; previous: DigestStats | null };
  dueNextWeek: { id: number; title: string; assigneeId: string; dueDate: LocalDate; estimateMinutes: number | null }[];
  stats: DigestStats;
  history: { periodStart: LocalDate; participationPct: number | null }[];
  /** Absent in digests stored before milestones existed. */
  milestones?: DigestMilestone[];
  topRisks?: DigestRisk[];
  /** Open risks in all (the top five are listed). */
  openRisks?: number;
};

const arrow = (now: number | null, before: number | null | undefined): Arrow => {
  if (now === null || before === null || before === undefined || now === before) return '=';
  return now > before ? '↑' : '↓';
};

/** Working days in [from, to]. */
function workingDates(from: LocalDate, to: LocalDate, workingDays: number[]): LocalDate[] {
  const out: LocalDate[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) if (workingDays.includes(weekdayOf(d))) out.push(d);
  return out;
}

/** One line: what a done answer says, without bullets, for the progress section. */
function doneItems(answer: string): string[] {
  return answer
    .split('\n')
    .map((l) => l.replace(/^\s*(?:[-*•–]|\d+[.)])\s*/, '').trim())
    .filter((l) => l.length > 0 && !/^(n\/?a|none|nothing|-+)$/i.test(l));
}

export function composeDigest(input: DigestInput): DigestContent {
  const until = input.today < input.periodEnd ? input.today : input.periodEnd;
  const nameOf = new Map(input.members.map((m) => [m.userId, m.name]));
  const name = (id: string) => nameOf.get(id) ?? id;

  // Participation: working days so far in the period, less time off and skipped days.
  const members = input.members.map((m) => {
    const from = m.joinedDate > input.periodStart ? m.joinedDate : input.periodStart;
    const asked = (d: LocalDate) => !input.asOf || !input.promptTime || !m.zone || localToInstant(d, input.promptTime, m.zone) <= input.asOf;
    const days = workingDates(from, until, input.workingDays).filter(asked);
    const awayDays = days.filter((d) => input.away.some((a) => a.userId === m.userId && a.fromDate <= d && d <= a.toDate)).length;
    const mine = input.entries.filter((e) => e.userId === m.userId && days.includes(e.date));
    const skipped = mine.filter((e) => e.status === 'skipped' || e.status === 'away').length;
    const answered = mine.filter((e) => e.status === 'answered').length;
    return { userId: m.userId, name: m.name, answered, expected: Math.max(answered, days.length - awayDays - skipped), awayDays: awayDays + skipped };
  });
  const answered = members.reduce((s, m) => s + m.answered, 0);
  const expected = members.reduce((s, m) => s + m.expected, 0);
  const pct = expected ? Math.round((answered / expected) * 100) : null;

  // Progress: the "done" answers of the period and the tasks finished, by member.
  const progress = new Map<string, string[]>();
  const add = (userId: string, item: string) => progress.set(userId, [...(progress.get(userId) ?? []), item]);
  for (const e of [...input.entries].sort((a, b) => a.date.localeCompare(b.date))) {
    if (e.status !== 'answered' || e.date < input.periodStart || e.date > input.periodEnd) continue;
    for (const a of e.answers ?? []) if (a.kind === 'done') for (const item of doneItems(a.answer)) add(e.userId, item);
  }
  for (const t of input.tasksDone) add(t.assigneeId, `✓ #${t.id} ${t.title}`);

  const age = (openedDate: LocalDate, end: LocalDate) => workingDaysBetween(openedDate, end, input.workingDays);
  const open = input.blockers
    .filter((b) => b.status === 'open')
    .map((b) => ({ id: b.id, text: b.text, reporterId: b.reporterId, ownerId: b.ownerId, ageDays: age(b.openedDate, input.today) }))
    .sort((a, b) => b.ageDays - a.ageDays || a.id - b.id);
  const opened = input.blockers
    .filter((b) => b.openedDate >= input.periodStart && b.openedDate <= input.periodEnd)
    .map((b) => ({ id: b.id, text: b.text, reporterId: b.reporterId, ownerId: b.ownerId }));
  const resolved = input.blockers
    .filter((b) => b.status === 'resolved' && b.resolvedDate && b.resolvedDate >= input.periodStart && b.resolvedDate <= input.periodEnd)
    .map((b) => ({ id: b.id, text: b.text, reporterId: b.reporterId, ageDays: age(b.openedDate, b.resolvedDate!) }));

  const workload = input.loads
    .map((l) => ({
      userId: l.userId,
      name: name(l.userId),
      thisWeek: l.weeks[0]?.utilisation ?? null,
      nextWeek: l.weeks[1]?.utilisation ?? null,
      band: l.weeks[0]?.band ?? 'away',
      nextBand: l.weeks[1]?.band ?? 'away',
    }))
    .sort((a, b) => Math.max(b.thisWeek ?? -1, b.nextWeek ?? -1) - Math.max(a.thisWeek ?? -1, a.nextWeek ?? -1));
  const overloadedPeople = workload.filter((w) => w.band === 'overloaded' || w.nextBand === 'overloaded');

  const stats: DigestStats = { participationPct: pct, openBlockers: open.length, overloaded: overloadedPeople.length };
  const previous = input.previous ?? null;
  const trend = {
    participation: arrow(stats.participationPct, previous?.participationPct),
    openBlockers: arrow(stats.openBlockers, previous?.openBlockers),
    overloaded: arrow(stats.overloaded, previous?.overloaded),
    previous,
  };

  const old = open.filter((b) => b.ageDays >= input.blockerThresholdDays);
  let status: DigestContent['status'] =
    open.some((b) => b.ageDays >= 2 * input.blockerThresholdDays) || overloadedPeople.length >= 2 || (pct !== null && pct < 50)
      ? 'At risk'
      : old.length || overloadedPeople.length || (pct !== null && pct < 80)
        ? 'Needs attention'
        : 'On track';
  // Milestones: worst first, then the soonest target.
  const forecasts = input.milestones ?? [];
  const ordered = [...needingAttention(forecasts), ...forecasts.filter((f) => f.status === 'on-track').sort((a, b) => a.target.localeCompare(b.target) || a.milestoneId - b.milestoneId)];
  const milestones: DigestMilestone[] = ordered.map((f) => ({
    id: f.milestoneId,
    name: f.name,
    status: f.status,
    uncertain: f.uncertain,
    target: f.target,
    finish: f.finish,
    daysLate: f.daysLate,
    openTasks: f.openTasks,
    plannedHours: f.plannedHours,
    doneHours: f.doneHours,
    budgetHours: f.budgetHours,
    budgetPct: f.budgetPct,
  }));
  const late = milestones.filter((m) => m.status === 'late');
  const worstMilestone = milestones.reduce((w, m) => Math.max(w, statusRank[m.status]), 0);
  const topRisks: DigestRisk[] = sortRisks(input.risks ?? [])
    .slice(0, digestTopRisks)
    .map((r) => ({ id: r.id, text: r.text, score: scoreOf(r), likelihood: r.likelihood, impact: r.impact, ownerId: r.ownerId ?? null, ownerName: r.ownerName, mitigation: r.mitigation, milestoneName: r.milestoneName, flagged: flagged(r) }));
  const rank = { 'On track': 0, 'Needs attention': 1, 'At risk': 2 } as const;
  const byMilestones = (['On track', 'Needs attention', 'At risk'] as const)[worstMilestone]!;
  if (rank[byMilestones] > rank[status]) status = byMilestones;

  const parts: string[] = [status];
  if (old.length) parts.push(`${old.length} ${old.length === 1 ? 'blocker' : 'blockers'} open ${input.blockerThresholdDays}+ days`);
  else parts.push(open.length ? `${open.length} open ${open.length === 1 ? 'blocker' : 'blockers'}` : 'no open blockers');
  if (overloadedPeople.length) {
    const first = overloadedPeople[0]!;
    const when = first.band === 'overloaded' ? 'this week' : 'next week';
    parts.push(`${first.name} overloaded ${when}${overloadedPeople.length > 1 ? ` (+${overloadedPeople.length - 1} more)` : ''}`);
  }
  if (late.length) parts.push(`${late.length === 1 ? `milestone ${late[0]!.name}` : `${late.length} milestones`} late`);
  else if (worstMilestone) parts.push(`${milestones.filter((m) => m.status === 'at-risk').length} milestone${milestones.filter((m) => m.status === 'at-risk').length === 1 ? '' : 's'} at risk`);
  if (pct !== null) parts.push(`${pct}% participation`);

  return {
    teamName: input.teamName,
    periodStart: input.periodStart,
    periodEnd: input.periodEnd,
    headline: parts.join(' · '),
    status,
    participation: { team: { answered, expected, pct }, members },
    progress: [...progress.entries()].map(([userId, items]) => ({ userId, name: name(userId), items })),
    blockers: { opened, resolved, open },
    workload,
    trend,
    dueNextWeek: [...input.tasksDueNextWeek].sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.id - b.id),
    stats,
    history: [...(input.history ?? []), { periodStart: input.periodStart, participationPct: pct }].slice(-8),
    ...(input.milestones ? { milestones } : {}),
    ...(input.risks ? { topRisks, openRisks: input.risks.length } : {}),
  };
}

/** A digest as `/digest history` lists it: its period, how it was sent, its headline and where. */
export type PostedDigest = { periodStart: LocalDate; periodEnd: LocalDate; kind: 'weekly' | 'manual'; headline: string; channelId: string | null };
