import type { BlockerRefusal } from '../../blockers/blockers.models.ts';
import type { StandupRefusal } from '../../standups/standups.models.ts';
import type { TeamRefusal } from '../../teams/teams.models.ts';
import { blockerRefusalText } from './blocker.replies.ts';
import { standupRefusalText } from './standup.replies.ts';
import { teamRefusalText } from './team.replies.ts';

type FeatureRefusal = BlockerRefusal | StandupRefusal | TeamRefusal;

/** Every refusal code with its wording: a feature's new refusal that nobody words does not compile. */
const wordings: { [C in FeatureRefusal['code']]: (r: Extract<FeatureRefusal, { code: C }>) => string } = {
  'team.forbidden': teamRefusalText,
  'team.not_member': teamRefusalText,
  'team.ambiguous': standupRefusalText,
  'standup.not_member': standupRefusalText,
  'blocker.forbidden': blockerRefusalText,
  'blocker.not_member': blockerRefusalText,
};

/**
 * The wording of a refusal a use case threw as data (`refused(…)` in src/shared/errors.ts), by its
 * code; `undefined` for a code no feature here words (the caller shows the plain message). Pure.
 */
export function refusalText(r: { code: string }): string | undefined {
  if (!Object.hasOwn(wordings, r.code)) return undefined;
  return (wordings as Record<string, (r: never) => string>)[r.code]!(r as never);
}
