import type { KnownBlock } from '@slack/types';
import { escapeMrkdwn, listJoin, plural, truncate } from '../../shared/text.ts';
import { actions } from '../ids.ts';
import type { Message } from './standup.blocks.ts';

/** Pure Block Kit builders for blockers. Blocker text is user text: always escaped, always cut to fit. */

export type BlockerView = { id: number; text: string; reporterId: string; ownerId: string | null; ageDays: number };

const section = (text: string): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text: truncate(text, 3000) } });
export const blockerText = (text: string, max = 500) => truncate(escapeMrkdwn(text.replace(/\s+/g, ' ').trim()), max);
const age = (days: number) => (days === 0 ? 'raised today' : `open ${plural(days, 'working day')}`);

/** Blocks per listed blocker (a section and its buttons) and the most a message can show. */
export const maxListed = 20;

export function blockerListMessage(p: { teamName: string; items: BlockerView[]; forUserId?: string }): Message {
  const title = `Open blockers — ${escapeMrkdwn(p.teamName)}${p.forUserId ? ` · <@${p.forUserId}>` : ''}`;
  if (!p.items.length) return { text: `${title}: none`, blocks: [section(`*${title}*\n:tada: Nothing open.`)] };
  const blocks: KnownBlock[] = [section(`*${title}* (${p.items.length}, oldest first)`)];
  for (const b of p.items.slice(0, maxListed)) {
    blocks.push(section(`*#${b.id}* ${blockerText(b.text)}\n_${age(b.ageDays)} · raised by <@${b.reporterId}> · ${b.ownerId ? `owner <@${b.ownerId}>` : 'no owner yet'}_`));
    blocks.push({
      type: 'actions',
      block_id: `blocker_${b.id}`,
      elements: [
        { type: 'button', action_id: actions.blockerHelp, text: { type: 'plain_text', text: "I'll help" }, value: String(b.id) },
        { type: 'button', action_id: actions.blockerResolve, style: 'primary', text: { type: 'plain_text', text: 'Resolved' }, value: String(b.id) },
      ],
    });
  }
  if (p.items.length > maxListed) {
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `… and ${p.items.length - maxListed} more. \`/blocker list @user\` narrows it down.` }] });
  }
  return { text: `${title}: ${p.items.length} open`, blocks };
}

/** Announced once in the day's thread, to the team's managers (and the owner). */
export function announcement(p: { id: number; text: string; reporterName: string; mention: string[] }): Message {
  const who = p.mention.length ? `${listJoin(p.mention.map((u) => `<@${u}>`))} — ` : '';
  const text = `:construction: ${who}new blocker *#${p.id}* from ${escapeMrkdwn(p.reporterName)}: ${blockerText(p.text, 2000)}`;
  return { text: truncate(text, 3000), blocks: [section(text), { type: 'context', elements: [{ type: 'mrkdwn', text: '`/blocker list` shows every open one, with "I\'ll help" and "Resolved".' }] }] };
}

export function escalationMessage(p: { id: number; text: string; reporterId: string; ownerId: string | null; ageDays: number; teamName: string; teamChannelId: string; level: 1 | 2 }): Message {
  const badge = p.level === 2 ? ':rotating_light:' : ':warning:';
  const text =
    `${badge} Blocker *#${p.id}* in <#${p.teamChannelId}> has been open ${plural(p.ageDays, 'working day')}: ${blockerText(p.text, 1500)}\n` +
    `Raised by <@${p.reporterId}> · ${p.ownerId ? `owner <@${p.ownerId}>` : '*no owner yet*'}`;
  return {
    text: truncate(`Blocker #${p.id} open ${plural(p.ageDays, 'working day')}: ${escapeMrkdwn(p.text)}`, 3000),
    blocks: [
      section(text),
      {
        type: 'actions',
        block_id: `blocker_${p.id}`,
        elements: [
          { type: 'button', action_id: actions.blockerHelp, text: { type: 'plain_text', text: "I'll help" }, value: String(p.id) },
          { type: 'button', action_id: actions.blockerResolve, style: 'primary', text: { type: 'plain_text', text: 'Resolved' }, value: String(p.id) },
        ],
      },
    ],
  };
}

export function resolvedNote(p: { id: number; text: string; byId: string; ageDays: number }): Message {
  const text = `:white_check_mark: Blocker *#${p.id}* resolved by <@${p.byId}> after ${p.ageDays === 0 ? 'less than a day' : plural(p.ageDays, 'working day')}: ~${blockerText(p.text, 300)}~`;
  return { text: truncate(text, 3000), blocks: [section(text)] };
}

/** A button value (at most 2000 characters) carrying the team and as much of the text as fits. */
export function choiceValue(teamId: number, text: string): string {
  let x = text;
  let value = JSON.stringify({ t: teamId, x });
  while (value.length > 2000) {
    x = x.slice(0, Math.max(0, x.length - Math.ceil((value.length - 2000) / 2) - 1));
    value = JSON.stringify({ t: teamId, x });
  }
  return value;
}

/** In a DM, for someone in several teams: which team is this blocker for? */
export function chooseTeamMessage(p: { text: string; teams: { id: number; name: string }[] }): Message {
  return {
    text: 'Which team is this blocker for?',
    blocks: [
      section(`Which team is this blocker for?\n>${blockerText(p.text, 500)}`),
      {
        type: 'actions',
        block_id: 'blocker_choose_team',
        elements: p.teams.slice(0, 5).map((t) => ({
          type: 'button' as const,
          action_id: `${actions.blockerRaiseIn}_${t.id}`,
          text: { type: 'plain_text' as const, text: truncate(t.name, 70) },
          value: choiceValue(t.id, p.text),
        })),
      },
    ],
  };
}
