import type { QuestionInput } from './setup.models.ts';

/** What the team use cases answer, as data: src/slack/blocks/team.replies.ts words it. */

/** A team's questions in order, as `/standup questions` lists them. */
export type TeamQuestions = { teamName: string; questions: QuestionInput[] };

/** Refusals whose wording names a team or people. */
export type TeamRefusal =
  /** Settings are for the team's managers (listed) and workspace admins. */
  | { code: 'team.forbidden'; teamName: string; managers: string[] }
  /** Removing people who are not on the team in that role. */
  | { code: 'team.not_member'; teamName: string; userIds: string[]; role: 'members' | 'managers' };
