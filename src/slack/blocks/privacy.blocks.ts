import type { KnownBlock } from '@slack/types';
import type { ExportOf, ForgetSummary, PrivacyRefusal } from '../../privacy/privacy.models.ts';
import { escapeMrkdwn, plural } from '../../shared/text.ts';
import { actions } from '../ids.ts';
import type { Message } from './standup.blocks.ts';

/** Pure Block Kit and replies for people's data: exports, the forget confirmation and its outcome, retention. */

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

/** Why an export or a forget was refused, in words (by refusals.ts). */
export function privacyRefusalText(r: PrivacyRefusal): string {
  return r.action === 'forget'
    ? `Only <@${r.target}> themself or a workspace admin can have their data forgotten. Nothing was changed. To forget your own: \`/coordinator forget me\``
    : `Only <@${r.target}> themself or a workspace admin can export their data. Your own: \`/coordinator export me\``;
}

/** The note that comes with an export's zip in the requester's DM. */
export function exportNote(p: { of: ExportOf; files: string[] }): string {
  const label = p.of.kind === 'teams' ? p.of.teamNames.join(', ') : p.of.kind === 'own' ? 'your own data' : `<@${p.of.userId}>'s data`;
  return `:package: Your Coordinator export (${label}): ${p.files.join(', ')}. CSV files, one row per record; they open in any spreadsheet.`;
}

/** `/coordinator export`'s answer, from what became of its delivery when it was tried at once. */
export function exportRequested(delivery: { status: string; lastError?: string | null } | undefined): string {
  if (delivery?.status === 'sent') return ':package: Your export is in your DM with me: a zip of CSV files.';
  if (delivery?.status === 'failed') return `:warning: Slack refused the upload (${delivery.lastError ?? 'unknown error'}). Please try again later.`;
  return ':hourglass: Your export is being prepared; it arrives in your DM with me within a few minutes.';
}

/** `/coordinator retention N|off`: what the team now keeps. */
export function retentionSet(p: { teamName: string; months: number | null }): string {
  return p.months === null
    ? `:file_cabinet: ${escapeMrkdwn(p.teamName)} keeps standup answers (no retention limit).`
    : `:file_cabinet: In ${escapeMrkdwn(p.teamName)}, the text of standup answers older than ${plural(p.months, 'month')} is deleted every day from now on (who answered on which day is kept for participation).`;
}

/** `/coordinator retention`: what the team keeps, and how to change it. */
export function retentionShown(p: { teamName: string; months: number | null }): string {
  return p.months === null
    ? `${escapeMrkdwn(p.teamName)} keeps standup answers (no retention limit). Managers: \`/coordinator retention 12\` deletes answer text older than 12 months.`
    : `${escapeMrkdwn(p.teamName)} deletes the text of standup answers older than ${plural(p.months, 'month')}. \`/coordinator retention off\` keeps them.`;
}
