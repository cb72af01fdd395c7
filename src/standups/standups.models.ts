import type { LocalDate } from '../shared/time.ts';

/**
 * What the standups use cases answer, as data: src/slack/blocks/standup.replies.ts words it.
 * Also the key of each question's answer in submitted values (the answer form's block ids).
 */

/** Submitted answers are keyed `q_<question id>`: the form's block ids are these keys. */
export const answerFieldPrefix = 'q_';
export const answerFieldKey = (questionId: number) => `${answerFieldPrefix}${questionId}`;

/** "Skip today" or `/standup skip`. */
export type SkipResult = { kind: 'skipped'; teamName: string; date: LocalDate } | { kind: 'already-answered'; teamName: string; date: LocalDate };

export type AwayPeriod = { id: number; fromDate: LocalDate; toDate: LocalDate };

/** `/standup away …`: a period added, one cancelled, or the person's list. */
export type AwayResult = { kind: 'added'; period: AwayPeriod } | { kind: 'cancelled'; id: number } | { kind: 'list'; periods: AwayPeriod[] };

/** Why a standup command changed nothing (thrown with `refused`; src/slack/blocks/standup.replies.ts words it). */
export type StandupRefusal =
  /** Outside any team's channel (a DM), for someone in no team. */
  | { code: 'team.none' }
  | { code: 'away.too_many'; planned: number; max: number }
  | { code: 'away.not_found'; id: number }
  | { code: 'team.ambiguous'; channelIds: string[] }
  /** Someone who does not answer this team's standups: opening the form, submitting it, or skipping. */
  | { code: 'standup.not_member'; teamName: string; channelId: string; when: 'opening' | 'submitting' | 'skipping' };
