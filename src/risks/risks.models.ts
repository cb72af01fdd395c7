import { addDays, weekdayOf, type LocalDate } from '../shared/time.ts';
import { DateTime } from 'luxon';

/** Pure rules of the risk register: score, severity, ordering, and who is nudged in which week. */

export type RiskView = {
  id: number;
  text: string;
  likelihood: number;
  impact: number;
  ownerId: string | null;
  mitigation: string | null;
  milestoneId: number | null;
  milestoneName?: string | null;
};

/** Open risks at or above this score with no mitigation are flagged. */
export const flagScore = 15;

export const scoreOf = (r: Pick<RiskView, 'likelihood' | 'impact'>) => r.likelihood * r.impact;

export type Severity = 'high' | 'medium' | 'low';
/** 15–25 high, 8–14 medium, 1–7 low (the usual 5×5 matrix bands). */
export function severityOf(score: number): Severity {
  return score >= flagScore ? 'high' : score >= 8 ? 'medium' : 'low';
}

/** Score ≥ 15 and nothing written down about what is done about it. */
export const flagged = (r: Pick<RiskView, 'likelihood' | 'impact' | 'mitigation'>) => scoreOf(r) >= flagScore && !r.mitigation?.trim();

/** Highest score first; on a tie the higher impact, then the older risk. */
export function sortRisks<R extends Pick<RiskView, 'id' | 'likelihood' | 'impact'>>(risks: readonly R[]): R[] {
  return [...risks].sort((a, b) => scoreOf(b) - scoreOf(a) || b.impact - a.impact || a.id - b.id);
}

/** The ISO week of a date, "2026-W49": the weekly review nudge's key (one per person per week). */
export function isoWeekOf(date: LocalDate): string {
  const d = DateTime.fromISO(date, { zone: 'UTC' });
  return `${d.weekYear}-W${String(d.weekNumber).padStart(2, '0')}`;
}

/** The first of the team's working days in the week of `date` (the review nudge goes out then). */
export function firstWorkingDayOfWeek(date: LocalDate, workingDays: readonly number[]): LocalDate {
  const monday = addDays(date, 1 - weekdayOf(date));
  const first = Math.min(...(workingDays.length ? workingDays : [1]));
  return addDays(monday, first - 1);
}

export const maxRiskText = 300;
export const maxMitigation = 500;

/**
 * Why a risk command changed nothing, as data thrown with `refused(…)` (src/shared/errors.ts)
 * and worded by src/slack/blocks/refusals.ts.
 */
export type RiskRefusal =
  /** Adding needs a place on the team (or being one of its managers, or an admin). */
  | { code: 'risk.forbidden'; action: 'add'; teamName: string }
  /** Changing needs whoever raised it, its owner, a manager of the team, or an admin. */
  | { code: 'risk.forbidden'; action: 'change'; riskId: number; createdBy: string; ownerId: string | null }
  | { code: 'risk.too_many'; teamName: string; max: number }
  | { code: 'risk.not_found'; teamName: string; riskId: number }
  | { code: 'risk.closed'; riskId: number; action: 'update' | 'close' }
  | { code: 'risk.milestone_not_found'; teamName: string; ref: { id: number } | { name: string } };
