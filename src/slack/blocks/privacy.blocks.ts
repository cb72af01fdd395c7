import type { KnownBlock } from '@slack/types';
import type { ForgetSummary } from '../../privacy/privacy.models.ts';
import { plural } from '../../shared/text.ts';
import { actions } from '../ids.ts';
import type { Message } from './standup.blocks.ts';

/** Pure Block Kit for people's data: the forget confirmation and its outcome. */

const who = (target: string, self: boolean) => (self ? 'you' : `<@${target}>`);

export function forgetConfirmation(p: { target: string; self: boolean; summary: ForgetSummary }): Message {
  const s = p.summary;
  const subject = who(p.target, p.self);
  const text =
    `:warning: *Forget ${subject}?* This cannot be undone.\n` +
    `• the text of ${plural(s.answers, 'standup answer')} is deleted (the days stay, answered or not, so participation counts do not change)\n` +
    `• ${plural(s.blockers, 'blocker')} ${p.self ? 'you' : 'they'} raised lose their text\n` +
    `• ${p.self ? 'you leave' : 'they leave'} ${plural(s.teams, 'team')} and stop getting prompts; ${plural(s.timeOff, 'time-off entry', 'time-off entries')} and the stored profile (name, time zone) are deleted\n` +
    `• stored digests no longer name ${p.self ? 'you' : 'them'} or quote ${p.self ? 'you' : 'them'}\n` +
    'Tasks stay (they are the team’s plan). Messages already posted in Slack are Slack’s to delete.';
  const blocks: KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text } },
    {
      type: 'actions',
      elements: [
        { type: 'button', action_id: actions.forgetConfirm, style: 'danger', text: { type: 'plain_text', text: p.self ? 'Forget me' : 'Forget them' }, value: p.target },
        { type: 'button', action_id: actions.forgetCancel, text: { type: 'plain_text', text: 'Cancel' }, value: p.target },
      ],
    },
  ];
  return { text: `Forget ${subject}? This cannot be undone.`, blocks };
}

export function forgotten(p: { target: string; self: boolean; summary: ForgetSummary }): string {
  const s = p.summary;
  return `:wastebasket: Forgot ${who(p.target, p.self)}: ${plural(s.answers, 'answer')} cleared, ${plural(s.blockers, 'blocker text', 'blocker texts')} deleted, removed from ${plural(s.teams, 'team')}, ${plural(s.timeOff, 'time-off entry', 'time-off entries')} and the profile deleted, ${plural(s.digests, 'stored digest')} rewritten. Counts are kept.`;
}
