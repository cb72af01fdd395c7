import type { QuestionInput } from './setup.models.ts';

/** What the team use cases answer, as data: src/slack/blocks/team.replies.ts words it. */

/** A team's questions in order, as `/standup questions` lists them. */
export type TeamQuestions = { teamName: string; questions: QuestionInput[] };

/** Why a team command changed nothing (thrown with `refused`; src/slack/blocks/team.replies.ts words it). */
export type TeamRefusal =
  /** Team commands run in the team's channel, not in a DM. */
  | { code: 'team.in_dm' }
  /** `gone`: a team id (a button, a form) that no longer exists; `channel`: no team in this channel (`settings`: nothing was changed). */
  | { code: 'team.not_found'; where: 'gone' | 'channel' | 'settings' }
  | { code: 'team.last_manager' }
  | { code: 'question.not_found'; n: number; count: number }
  | { code: 'question.too_many'; max: number }
  | { code: 'question.last' }
  | ScheduleRefusal
  /** Settings are for the team's managers (listed) and workspace admins. */
  | { code: 'team.forbidden'; teamName: string; managers: string[] }
  /** Removing people who are not on the team in that role. */
  | { code: 'team.not_member'; teamName: string; userIds: string[]; role: 'members' | 'managers' };

/** A change of when prompts, reminders and the deadline come (`/standup schedule|deadline|reminder|timezone`). */
export type ScheduleChange =
  | { kind: 'schedule'; time: string; days?: number[] }
  | { kind: 'deadline'; time: string }
  | { kind: 'reminder'; minutes: number | null }
  | { kind: 'timezone'; mode: 'member' }
  | { kind: 'timezone'; mode: 'pinned'; zone: string };

/** The change made: `team` as it is now. */
export type ScheduleResult<T> = { kind: 'changed'; change: ScheduleChange['kind']; team: T };

/** Why a schedule change was refused: prompts must come before the deadline, and so must a reminder; nothing is changed then. */
export type ScheduleRefusal =
  | { code: 'schedule.prompt_not_before_deadline'; deadlineTime: string }
  | { code: 'schedule.deadline_not_after_prompt'; promptTime: string }
  | { code: 'schedule.reminder_after_deadline'; minutes: number; promptTime: string; deadlineTime: string };

/** Whether a schedule change keeps prompt < reminder < deadline (undefined), or why not; times are "HH:MM" (they compare as text). */
export function checkSchedule(team: { promptTime: string; deadlineTime: string }, change: ScheduleChange): ScheduleRefusal | undefined {
  if (change.kind === 'schedule' && team.deadlineTime <= change.time) return { code: 'schedule.prompt_not_before_deadline', deadlineTime: team.deadlineTime };
  if (change.kind === 'deadline' && change.time <= team.promptTime) return { code: 'schedule.deadline_not_after_prompt', promptTime: team.promptTime };
  if (change.kind === 'reminder' && change.minutes !== null) {
    const [ph, pm] = team.promptTime.split(':').map(Number) as [number, number];
    const [dh, dm] = team.deadlineTime.split(':').map(Number) as [number, number];
    if (ph * 60 + pm + change.minutes >= dh * 60 + dm) return { code: 'schedule.reminder_after_deadline', minutes: change.minutes, promptTime: team.promptTime, deadlineTime: team.deadlineTime };
  }
  return undefined;
}
