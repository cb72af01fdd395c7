import type { DigestContent } from '../digests/digest.models.ts';
import { toCsv } from './csv.ts';

/**
 * People's data, pure: what an export contains, and what forgetting someone leaves of a
 * stored digest. Nothing here reads the database or the clock.
 */

export type ExportScope =
  /** A manager's export: everything of the teams they manage. */
  | { kind: 'teams'; teamIds: number[] }
  /** One person's own data (theirs, or the one an admin names). */
  | { kind: 'person'; userId: string };

export type ExportData = {
  answers: { team: string; date: string; userId: string; name: string; status: string; answeredAt: Date | null; edits: number; answers: { question: string; answer: string }[] | null }[];
  blockers: { id: number; team: string; reporterId: string; ownerId: string | null; status: string; text: string; openedDate: string; resolvedAt: Date | null; resolvedBy: string | null }[];
  tasks: { id: number; team: string; title: string; assigneeId: string; createdBy: string; estimateMinutes: number | null; dueDate: string | null; status: string; createdAt: Date; doneAt: Date | null; sourceUrl: string | null }[];
  /** Team exports only. */
  digests?: { id: number; team: string; kind: string; periodStart: string; periodEnd: string; content: DigestContent; channelId: string | null; createdAt: Date }[];
  /** Milestones of the teams (team exports), or those the person added (person exports). */
  milestones: { id: number; team: string; name: string; targetDate: string; budgetMinutes: number | null; state: string; createdBy: string; createdAt: Date; doneAt: Date | null }[];
  /** Risks of the teams (team exports), or those the person owns or raised (person exports). */
  risks: { id: number; team: string; text: string; likelihood: number; impact: number; ownerId: string | null; mitigation: string | null; milestone: string | null; state: string; createdBy: string; createdAt: Date; updatedAt: Date; closedAt: Date | null }[];
  /** Person exports only. */
  timeOff?: { fromDate: string; toDate: string }[];
  /** Person exports only: their own region, and the default region of each team they are on. */
  holidayRegions?: { source: 'own' | 'team'; team: string | null; region: string }[];
  /**
   * Person exports only: their calendar feed, if connected. The address is a secret (whoever
   * holds it reads the calendar), so an export carries it redacted: scheme and host only.
   */
  calendar?: { address: string; connectedAt: Date; lastTriedAt: Date | null; lastReadAt: Date | null; lastError: string | null }[];
  /** Person exports only: the dates their calendar marks as days off (dates only, as stored). */
  calendarDays?: string[];
};

const iso = (d: Date | null) => (d ? d.toISOString() : '');
const hours = (minutes: number | null) => (minutes === null ? null : Math.round((minutes / 60) * 100) / 100);

/** The CSV files of an export, by file name, rows in a stable order. */
export function exportFiles(data: ExportData): Record<string, string> {
  const files: Record<string, string> = {};
  files['answers.csv'] = toCsv(
    ['team', 'date', 'user_id', 'name', 'status', 'answered_at', 'edits', 'question', 'answer'],
    data.answers.flatMap((e) => {
      const base = [e.team, e.date, e.userId, e.name, e.status, iso(e.answeredAt), e.edits] as const;
      // An entry without text (skipped, missed, or its text deleted) is still one row: participation.
      return e.answers?.length ? e.answers.map((a) => [...base, a.question, a.answer]) : [[...base, '', '']];
    }),
  );
  files['blockers.csv'] = toCsv(
    ['id', 'team', 'reporter_id', 'owner_id', 'status', 'text', 'opened_date', 'resolved_at', 'resolved_by'],
    data.blockers.map((b) => [b.id, b.team, b.reporterId, b.ownerId, b.status, b.text, b.openedDate, iso(b.resolvedAt), b.resolvedBy]),
  );
  files['tasks.csv'] = toCsv(
    ['id', 'team', 'title', 'assignee_id', 'created_by', 'estimate_hours', 'due_date', 'status', 'created_at', 'done_at', 'source_url'],
    data.tasks.map((t) => [t.id, t.team, t.title, t.assigneeId, t.createdBy, hours(t.estimateMinutes), t.dueDate, t.status, iso(t.createdAt), iso(t.doneAt), t.sourceUrl]),
  );
  if (data.digests) {
    files['digests.csv'] = toCsv(
      ['id', 'team', 'kind', 'period_start', 'period_end', 'status', 'headline', 'answered', 'expected', 'participation_pct', 'open_blockers', 'overloaded', 'channel_id', 'created_at'],
      data.digests.map((d) => {
        const c = d.content;
        return [d.id, d.team, d.kind, d.periodStart, d.periodEnd, c.status, c.headline, c.participation.team.answered, c.participation.team.expected, c.stats.participationPct, c.stats.openBlockers, c.stats.overloaded, d.channelId, iso(d.createdAt)];
      }),
    );
  }
  files['milestones.csv'] = toCsv(
    ['id', 'team', 'name', 'target_date', 'budget_hours', 'state', 'created_by', 'created_at', 'done_at'],
    data.milestones.map((m) => [m.id, m.team, m.name, m.targetDate, hours(m.budgetMinutes), m.state, m.createdBy, iso(m.createdAt), iso(m.doneAt)]),
  );
  files['risks.csv'] = toCsv(
    ['id', 'team', 'text', 'likelihood', 'impact', 'owner_id', 'mitigation', 'milestone', 'state', 'created_by', 'created_at', 'updated_at', 'closed_at'],
    data.risks.map((r) => [r.id, r.team, r.text, r.likelihood, r.impact, r.ownerId, r.mitigation, r.milestone, r.state, r.createdBy, iso(r.createdAt), iso(r.updatedAt), iso(r.closedAt)]),
  );
  if (data.holidayRegions) files['holiday_regions.csv'] = toCsv(['source', 'team', 'region'], data.holidayRegions.map((r) => [r.source, r.team, r.region]));
  if (data.calendar) {
    files['calendar.csv'] = toCsv(
      ['address', 'connected_at', 'last_tried_at', 'last_read_at', 'last_error'],
      data.calendar.map((c) => [c.address, iso(c.connectedAt), iso(c.lastTriedAt), iso(c.lastReadAt), c.lastError]),
    );
  }
  if (data.calendarDays) files['calendar_days_off.csv'] = toCsv(['date'], data.calendarDays.map((d) => [d]));
  if (data.timeOff) files['time_off.csv'] = toCsv(['from_date', 'to_date'], data.timeOff.map((a) => [a.fromDate, a.toDate]));
  return files;
}

export const forgottenName = 'Former member';
export const forgottenText = '(deleted at the author’s request)';

/**
 * A stored digest without one person: their name, what they reported and the blockers
 * they wrote are gone; every count (participation, open blockers, overloaded, the trend)
 * stays as it was, so history and charts read the same.
 */
export function scrubDigest(c: DigestContent, userId: string): DigestContent {
  const mine = (id: string | null) => id === userId;
  // The headline names at most the first overloaded person, by the name the digest stored.
  const names = [...c.participation.members, ...c.workload].filter((m) => mine(m.userId) && m.name.length > 0).map((m) => m.name);
  const headline = names.reduce((h, n) => h.split(n).join(forgottenName), c.headline);
  return {
    ...c,
    headline,
    participation: { ...c.participation, members: c.participation.members.map((m) => (mine(m.userId) ? { ...m, name: forgottenName } : m)) },
    progress: c.progress.filter((p) => !mine(p.userId)),
    blockers: {
      opened: c.blockers.opened.map((b) => (mine(b.reporterId) ? { ...b, text: forgottenText } : b)),
      resolved: c.blockers.resolved.map((b) => (mine(b.reporterId) ? { ...b, text: forgottenText } : b)),
      open: c.blockers.open.map((b) => (mine(b.reporterId) ? { ...b, text: forgottenText } : b)),
    },
    workload: c.workload.map((w) => (mine(w.userId) ? { ...w, name: forgottenName } : w)),
    // A risk they owned keeps its numbers; their name goes.
    ...(c.topRisks ? { topRisks: c.topRisks.map((r) => (r.ownerId && mine(r.ownerId) ? { ...r, ownerName: forgottenName } : r)) } : {}),
  };
}

/** Whether a digest mentions the person at all (so only those are rewritten). */
export function digestMentions(c: DigestContent, userId: string): boolean {
  return (
    c.participation.members.some((m) => m.userId === userId) ||
    c.progress.some((p) => p.userId === userId) ||
    [...c.blockers.opened, ...c.blockers.resolved, ...c.blockers.open].some((b) => b.reporterId === userId) ||
    c.workload.some((w) => w.userId === userId) ||
    (c.topRisks ?? []).some((r) => r.ownerId === userId)
  );
}

export type ForgetSummary = { answers: number; blockers: number; teams: number; timeOff: number; digests: number };

/** Whose data an export holds, for the note that comes with it. */
export type ExportOf = { kind: 'teams'; teamNames: string[] } | { kind: 'own' } | { kind: 'person'; userId: string };

/**
 * Why an export or a forget was refused, as data thrown with `refused(…)` (src/shared/errors.ts)
 * and worded by src/slack/blocks/refusals.ts.
 */
export type PrivacyRefusal = { code: 'privacy.forbidden'; target: string; action: 'forget' | 'export' };
