import type { TeamQuestions, TeamRefusal } from '../../teams/teams.models.ts';
import { escapeMrkdwn, listJoin } from '../../shared/text.ts';

/** The team settings' answers, worded from what the use case returned. Pure. */

const mention = (userId: string) => `<@${userId}>`;

const roleNote = { done: ' _(done since last time)_', plan: ' _(plan for today)_', blockers: ' _(blockers)_', text: '' } as const;

/** `/standup questions`: the team's questions in order, with their roles. */
export function questionsText(q: TeamQuestions): string {
  return [`*Questions of ${escapeMrkdwn(q.teamName)}*`, ...q.questions.map((x, i) => `${i + 1}. ${escapeMrkdwn(x.text)}${roleNote[x.kind]}${x.required ? '' : ' _(optional)_'}`)].join('\n');
}

export function teamRefusalText(r: TeamRefusal): string {
  switch (r.code) {
    case 'team.forbidden':
      return `Only ${escapeMrkdwn(r.teamName)}'s managers${r.managers.length ? ` (${listJoin(r.managers.map(mention))})` : ''} or a workspace admin can change its settings. Ask one of them, or use \`/standup join\` / \`/standup leave\` for yourself.`;
    case 'team.not_member':
      return `${listJoin(r.userIds.map(mention))} ${r.userIds.length === 1 ? 'is' : 'are'} not ${r.role === 'members' ? 'answering standups' : 'a manager'} in ${escapeMrkdwn(r.teamName)}. Nothing was changed. \`/standup members\` lists who is.`;
  }
}
