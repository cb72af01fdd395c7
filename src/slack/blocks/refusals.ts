import type { BlockerRefusal } from '../../blockers/blockers.models.ts';
import type { StandupRefusal } from '../../standups/standups.models.ts';
import type { TeamRefusal } from '../../teams/teams.models.ts';
import { blockerRefusalText } from './blocker.replies.ts';
import { standupRefusalText } from './standup.replies.ts';
import { teamRefusalText } from './team.replies.ts';

/**
 * The wording of a refusal a use case threw as data (`refused(…)` in src/shared/errors.ts), by its
 * code; `undefined` for a code no feature here words (the caller shows the plain message). Pure.
 */
export function refusalText(r: { code: string }): string | undefined {
  if (r.code === 'team.forbidden' || r.code === 'team.not_member') return teamRefusalText(r as TeamRefusal);
  if (r.code === 'team.ambiguous' || r.code === 'standup.not_member') return standupRefusalText(r as StandupRefusal);
  if (r.code === 'blocker.forbidden' || r.code === 'blocker.not_member') return blockerRefusalText(r as BlockerRefusal);
  return undefined;
}
