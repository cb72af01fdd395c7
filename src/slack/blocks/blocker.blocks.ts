import type { KnownBlock } from '@slack/types';
import { escapeMrkdwn, inlineText, listJoin, plural, truncate } from '../../shared/text.ts';
import { actions } from '../ids.ts';
import type { Message } from './standup.blocks.ts';

/** Pure Block Kit builders for blockers. Blocker text is user text: always escaped, always cut to fit. */

export type BlockerView = { id: number; text: string; reporterId: string; ownerId: string | null; ageDays: number };

const section = (text: string): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text: truncate(text, 3000) } });
export const blockerText = inlineText;
const age = (days: number) => (days === 0 ? 'raised today' : `open ${plural(days, 'working day')}`);

/** Blocks per listed blocker (a section and its buttons) and the most a message can show. */
export const maxListed = 20;

export function blockerListMessage(p: { teamName: string; items: BlockerView[]; forUserId?: string; correctionsThisMonth?: number }): Message {
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
        { type: 'button', action_id: actions.blockerNot, text: { type: 'plain_text', text: 'Not a blocker' }, value: String(b.id) },
      ],
    });
  }
  const notes: string[] = [];
  if (p.items.length > maxListed) notes.push(`… and ${p.items.length - maxListed} more. \`/blocker list @user\` narrows it down.`);
  if (p.correctionsThisMonth) notes.push(`${plural(p.correctionsThisMonth, 'correction')} to blocker detection this month ("Not a blocker", "Track it").`);
  if (notes.length) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: notes.join(' ') }] });
  return { text: `${title}: ${p.items.length} open`, blocks };
}

/**
 * Announced once in the day's thread, to the team's managers (and owners): the blockers of
 * one answer in one message, each with "I'll help" and "Not a blocker".
 */
export function announcement(p: { items: { id: number; text: string }[]; more: number; reporterName: string; mention: string[] }): Message {
  const who = p.mention.length ? `${listJoin(p.mention.map((u) => `<@${u}>`))} — ` : '';
  const items = p.items.slice(0, maxAnnounced);
  const extra = p.more + (p.items.length - items.length);
  const name = escapeMrkdwn(p.reporterName);
  const head =
    items.length === 1
      ? `:construction: ${who}new blocker *#${items[0]!.id}* from ${name}: ${blockerText(items[0]!.text, 2000)}`
      : `:construction: ${who}${items.length} new blockers from ${name}:`;
  const blocks: KnownBlock[] = [section(head)];
  for (const [i, b] of items.entries()) {
    if (items.length > 1) blocks.push(section(`*#${b.id}* ${blockerText(b.text, 1500)}`));
    blocks.push({ type: 'actions', block_id: `blocker_${b.id}_${i}`, elements: blockerButtons(b.id) });
  }
  const tail = extra > 0 ? `… and ${plural(extra, 'more line')} in the answer, not tracked (at most ${maxAnnounced} from one answer). ` : '';
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `${tail}\`/blocker list\` shows every open one. "Not a blocker" teaches Coordinator for this team.` }] });
  const text = items.length === 1 ? head : `${head} ${items.map((b) => `#${b.id} ${blockerText(b.text, 200)}`).join(' · ')}`;
  return { text: truncate(text, 3000), blocks };
}

/** Most blockers one announcement lists (each a section and a row of buttons: 21 blocks). */
export const maxAnnounced = 10;

function blockerButtons(id: number) {
  return [
    { type: 'button' as const, action_id: actions.blockerHelp, text: { type: 'plain_text' as const, text: "I'll help" }, value: String(id) },
    { type: 'button' as const, action_id: actions.blockerNot, text: { type: 'plain_text' as const, text: 'Not a blocker' }, value: String(id) },
  ];
}

/** The author of a doubtful line is asked, in a DM, before anyone is told. */
export function unsureQuestion(p: { teamName: string; text: string; value: string }): Message {
  const text = `:thinking_face: Is this a blocker? “${blockerText(p.text, 1500)}” (your standup answer in ${escapeMrkdwn(p.teamName)})`;
  return {
    text: truncate(text, 3000),
    blocks: [
      section(`${text}\nTracking it tells the managers and keeps it until it is resolved.`),
      {
        type: 'actions',
        block_id: 'blocker_unsure',
        elements: [
          { type: 'button', action_id: actions.blockerTrack, style: 'primary', text: { type: 'plain_text', text: 'Track it' }, value: p.value },
          { type: 'button', action_id: actions.blockerUntracked, text: { type: 'plain_text', text: 'Not a blocker' }, value: p.value },
        ],
      },
    ],
  };
}

/** Button value of the question: team, entry and as much of the line as fits. */
export function askValue(teamId: number, entryId: number, text: string): string {
  return fitButtonValue((x) => JSON.stringify({ t: teamId, e: entryId, x }), text);
}

export function parseAskValue(value: string | undefined): { teamId: number; entryId: number; text: string } | undefined {
  try {
    const v = JSON.parse(value ?? '') as { t?: unknown; e?: unknown; x?: unknown };
    const ok = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n > 0 && n <= 2_147_483_647;
    if (!ok(v.t) || !ok(v.e) || typeof v.x !== 'string' || !v.x.trim()) return undefined;
    return { teamId: v.t, entryId: v.e, text: v.x };
  } catch {
    return undefined;
  }
}

/** In the thread where it was announced: it was not a blocker after all. */
export function dismissedNote(p: { id: number; text: string; byId: string }): Message {
  const text = `:heavy_minus_sign: *#${p.id}* was not a blocker (marked by <@${p.byId}>): ~${blockerText(p.text, 300)}~`;
  return { text: truncate(text, 3000), blocks: [section(text)] };
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
  return fitButtonValue((x) => JSON.stringify({ t: teamId, x }), text);
}

/** Slack's limit on a button value. */
const maxButtonValue = 2000;

/** `make(text)` with the text cut (by whole code points, never half an emoji) until it fits a button value. */
function fitButtonValue(make: (text: string) => string, text: string): string {
  let chars = Array.from(text);
  let value = make(text);
  while (value.length > maxButtonValue && chars.length > 0) {
    chars = chars.slice(0, Math.max(0, chars.length - Math.max(1, Math.ceil((value.length - maxButtonValue) / 2))));
    value = make(chars.join(''));
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
