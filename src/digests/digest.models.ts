import { workingDaysBetween } from '../blockers/blockers.models.ts';
import { addDays, localToInstant, weekdayOf, type LocalDate } from '../shared/time.ts';
import type { MemberLoad } from '../workload/workload.models.ts';

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
};

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
  const status: DigestContent['status'] =
    open.some((b) => b.ageDays >= 2 * input.blockerThresholdDays) || overloadedPeople.length >= 2 || (pct !== null && pct < 50)
      ? 'At risk'
      : old.length || overloadedPeople.length || (pct !== null && pct < 80)
        ? 'Needs attention'
        : 'On track';
  const parts: string[] = [status];
  if (old.length) parts.push(`${old.length} ${old.length === 1 ? 'blocker' : 'blockers'} open ${input.blockerThresholdDays}+ days`);
  else parts.push(open.length ? `${open.length} open ${open.length === 1 ? 'blocker' : 'blockers'}` : 'no open blockers');
  if (overloadedPeople.length) {
    const first = overloadedPeople[0]!;
    const when = first.band === 'overloaded' ? 'this week' : 'next week';
    parts.push(`${first.name} overloaded ${when}${overloadedPeople.length > 1 ? ` (+${overloadedPeople.length - 1} more)` : ''}`);
  }
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
  };
}
