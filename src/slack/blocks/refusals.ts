import type { AvailabilityRefusal } from '../../availability/availability.models.ts';
import type { BlockerRefusal } from '../../blockers/blockers.models.ts';
import type { MilestoneRefusal } from '../../milestones/milestones.models.ts';
import type { PrivacyRefusal } from '../../privacy/privacy.models.ts';
import type { RiskRefusal } from '../../risks/risks.models.ts';
import type { StandupRefusal } from '../../standups/standups.models.ts';
import type { TeamRefusal } from '../../teams/teams.models.ts';
import type { TaskRefusal } from '../../workload/workload.models.ts';
import type { PeopleRefusal } from '../../workspaces/people.models.ts';
import { availabilityRefusalText } from './availability.replies.ts';
import { blockerRefusalText } from './blocker.replies.ts';
import { milestoneRefusalText, riskRefusalText } from './milestone.blocks.ts';
import { privacyRefusalText } from './privacy.blocks.ts';
import { standupRefusalText } from './standup.replies.ts';
import { peopleRefusalText, teamRefusalText } from './team.replies.ts';
import { taskRefusalText } from './workload.replies.ts';

/**
 * Every refusal a use case throws as data (`refused(…)` in src/shared/errors.ts): one discriminated
 * union over `code`, each code with its own typed facts. Listeners word none of them; src/slack/errors.ts
 * answers a failure with `refusalText`.
 */
export type FeatureRefusal = BlockerRefusal | StandupRefusal | TeamRefusal | TaskRefusal | MilestoneRefusal | RiskRefusal | PrivacyRefusal | PeopleRefusal | AvailabilityRefusal;

/** Every refusal code with its wording: a feature's new refusal that nobody words does not compile. */
const wordings: { [C in FeatureRefusal['code']]: (r: Extract<FeatureRefusal, { code: C }>) => string } = {
  'team.forbidden': teamRefusalText,
  'team.not_member': teamRefusalText,
  'team.in_dm': teamRefusalText,
  'team.not_found': teamRefusalText,
  'team.last_manager': teamRefusalText,
  'question.not_found': teamRefusalText,
  'question.too_many': teamRefusalText,
  'question.last': teamRefusalText,
  'schedule.prompt_not_before_deadline': teamRefusalText,
  'schedule.deadline_not_after_prompt': teamRefusalText,
  'schedule.reminder_after_deadline': teamRefusalText,
  'team.ambiguous': standupRefusalText,
  'team.none': standupRefusalText,
  'standup.not_member': standupRefusalText,
  'away.too_many': standupRefusalText,
  'away.not_found': standupRefusalText,
  'blocker.forbidden': blockerRefusalText,
  'blocker.not_member': blockerRefusalText,
  'blocker.not_found': blockerRefusalText,
  'blocker.stale_question': blockerRefusalText,
  'blocker.not_yours': blockerRefusalText,
  'task.not_found': taskRefusalText,
  'task.forbidden': taskRefusalText,
  'task.done': taskRefusalText,
  'task.assignee_not_member': taskRefusalText,
  'workload.not_member': taskRefusalText,
  'milestone.forbidden': milestoneRefusalText,
  'milestone.past': milestoneRefusalText,
  'milestone.too_many': milestoneRefusalText,
  'milestone.exists': milestoneRefusalText,
  'milestone.not_found': milestoneRefusalText,
  'milestone.done': milestoneRefusalText,
  'risk.forbidden': riskRefusalText,
  'risk.too_many': riskRefusalText,
  'risk.not_found': riskRefusalText,
  'risk.closed': riskRefusalText,
  'risk.milestone_not_found': riskRefusalText,
  'privacy.forbidden': privacyRefusalText,
  'people.invalid': peopleRefusalText,
  'holidays.bad_region': availabilityRefusalText,
  'calendar.bad_url': availabilityRefusalText,
};

/**
 * The wording of a refusal a use case threw as data, by its code; `undefined` for a code no
 * feature here words (the caller shows the plain message). Pure.
 */
export function refusalText(r: { code: string }): string | undefined {
  if (!Object.hasOwn(wordings, r.code)) return undefined;
  return (wordings as Record<string, (r: never) => string>)[r.code]!(r as never);
}
