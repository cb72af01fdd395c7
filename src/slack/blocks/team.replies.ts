import type { ScheduleResult, TeamQuestions, TeamRefusal } from '../../teams/teams.models.ts';
import type { Team } from '../../teams/teams.schema.ts';
import { escapeMrkdwn, listJoin } from '../../shared/text.ts';
import type { PeopleRefusal } from '../../workspaces/people.models.ts';
import { formatWeekdays } from '../../shared/time.ts';
import { scheduleText } from './standup.replies.ts';

/** The team settings' answers, worded from what the use case returned. Pure. */

const mention = (userId: string) => `<@${userId}>`;

const roleNote = { done: ' _(done since last time)_', plan: ' _(plan for today)_', blockers: ' _(blockers)_', text: '' } as const;

/** `/standup questions`: the team's questions in order, with their roles. */
export function questionsText(q: TeamQuestions): string {
  return [`*Questions of ${escapeMrkdwn(q.teamName)}*`, ...q.questions.map((x, i) => `${i + 1}. ${escapeMrkdwn(x.text)}${roleNote[x.kind]}${x.required ? '' : ' _(optional)_'}`)].join('\n');
}

export function teamRefusalText(r: TeamRefusal): string {
  switch (r.code) {
    case 'schedule.prompt_not_before_deadline':
      return `The report deadline is ${r.deadlineTime}, so prompts must come before it. Move it first: \`/standup deadline 14:00\`. Nothing was changed.`;
    case 'schedule.deadline_not_after_prompt':
      return `The deadline must come after the prompt time (${r.promptTime}). Example: \`/standup deadline 13:00\`. Nothing was changed.`;
    case 'schedule.reminder_after_deadline':
      return `A reminder ${r.minutes} minutes after the ${r.promptTime} prompt would come after the ${r.deadlineTime} deadline. Example: \`/standup reminder 60m\`, or move the deadline first. Nothing was changed.`;
    case 'team.in_dm':
      return 'Run this in the channel your team uses: the team is bound to the channel where it is set up. Example: `/standup setup` in #team-standup';
    case 'team.not_found':
      if (r.where === 'gone') return 'That team no longer exists.';
      if (r.where === 'settings') return 'This channel has no standup team yet, so nothing was changed. Create one with `/standup setup` here (or `/standup members add @a @b`).';
      return 'This channel has no standup team yet. Run `/standup setup` here to create one (or `/standup members add @a @b`).';
    case 'team.last_manager':
      return 'A team needs at least one manager. Add another first: `/standup managers add @alice`';
    case 'question.not_found':
      return `There is no question ${r.n}; there are ${r.count}. \`/standup questions\` lists them. Nothing was changed.`;
    case 'question.too_many':
      return `A standup has at most ${r.max} questions. Remove one first: \`/standup question remove 4\``;
    case 'question.last':
      return 'A standup needs at least one question. Nothing was changed.';
    case 'team.forbidden':
      return `Only ${escapeMrkdwn(r.teamName)}'s managers${r.managers.length ? ` (${listJoin(r.managers.map(mention))})` : ''} or a workspace admin can change its settings. Ask one of them, or use \`/standup join\` / \`/standup leave\` for yourself.`;
    case 'team.not_member':
      return `${listJoin(r.userIds.map(mention))} ${r.userIds.length === 1 ? 'is' : 'are'} not ${r.role === 'members' ? 'answering standups' : 'a manager'} in ${escapeMrkdwn(r.teamName)}. Nothing was changed. \`/standup members\` lists who is.`;
  }
}

/** People a command named who are not active people of the workspace, or are bots. */
export function peopleRefusalText(r: PeopleRefusal): string {
  const each = r.people.map((p) => (p.problem === 'bot' ? `${mention(p.userId)} is a bot` : `${mention(p.userId)} is not in this workspace`));
  return `${each.join('; ')}. Nothing was changed. Example: \`/standup members add @alice @bob\``;
}

/** What the replies below need of a team: its name, creator and schedule. */
type TeamFacts = Pick<Team, 'name' | 'createdBy' | 'tzMode' | 'timezone' | 'reminderMinutes' | 'promptTime' | 'workingDays' | 'deadlineTime'>;

/** `/standup join`: the team created (the joiner manages it) or joined. */
export function joinText(team: TeamFacts, created: boolean): string {
  return created
    ? `:tada: Created the standup team ${escapeMrkdwn(team.name)} with you as its manager and first member. ${scheduleText(team)} \`/standup setup\` changes anything.`
    : `:wave: You're in ${escapeMrkdwn(team.name)}. ${scheduleText(team)}`;
}

/** `/standup leave`. */
export function leaveText(teamName: string, left: boolean): string {
  return left ? `You've left ${escapeMrkdwn(teamName)}'s standups; no more prompts from it. \`/standup join\` brings you back.` : `You weren't answering ${escapeMrkdwn(teamName)}'s standups.`;
}

/** `/standup members`: who answers and who manages. */
export function rosterText(teamName: string, members: { userId: string; isParticipant: boolean; isManager: boolean }[]): string {
  const who = (pred: (m: (typeof members)[number]) => boolean) => listJoin(members.filter(pred).map((m) => mention(m.userId))) || '—';
  return `*${escapeMrkdwn(teamName)}*\nAnswering: ${who((m) => m.isParticipant)}\nManagers: ${who((m) => m.isManager)}`;
}

/** People added to or removed from a team (`created`: the command made the team first). */
export function peopleChangedText(p: { team: TeamFacts; op: 'add' | 'remove'; role: 'members' | 'managers'; userIds: string[]; created: boolean }): string {
  const mentions = listJoin(p.userIds.map(mention));
  if (p.op === 'remove') return `Removed ${mentions} ${p.role === 'managers' ? 'as managers' : 'from the standup'}.`;
  const what = p.role === 'managers' ? 'as managers' : 'to the standup';
  return `${p.created ? `:tada: Created the standup team ${escapeMrkdwn(p.team.name)} (you manage it). ` : ''}Added ${mentions} ${what}. ${scheduleText(p.team)}`;
}

/** Someone else created the channel's team a moment before: the person joined it as a member (`via` the command or the setup form). */
export function lostRaceText(team: TeamFacts, via: 'command' | 'setup'): string {
  return via === 'setup'
    ? `:wave: ${mention(team.createdBy)} set up ${escapeMrkdwn(team.name)} here a moment before you, so you joined it as a member and your settings were not saved. Ask a manager to change them.`
    : `:wave: ${mention(team.createdBy)} created ${escapeMrkdwn(team.name)} here a moment before you, so you joined it as a member; nobody else was added. Ask a manager to add people: \`/standup members add @a\`. ${scheduleText(team)}`;
}

/** `/standup schedule|timezone|deadline|reminder`: the schedule now (a change that would break it is refused: teamRefusalText). */
export function scheduleChangeText(r: ScheduleResult<TeamFacts>): string {
  const t = r.team;
  if (r.change === 'schedule') return `:calendar: ${escapeMrkdwn(t.name)}: prompts at ${t.promptTime}, ${formatWeekdays(t.workingDays)}. ${scheduleText(t)}`;
  const icon = { timezone: ':globe_with_meridians:', deadline: ':alarm_clock:', reminder: ':bell:' }[r.change];
  return `${icon} ${scheduleText(t)}`;
}
