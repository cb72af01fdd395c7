import type { Block, KnownBlock, ModalView } from '@slack/types';
import type { Question } from '../../teams/teams.schema.ts';
import type { AnswerItem } from '../../standups/standups.schema.ts';
import { escapeMrkdwn, listJoin, truncate } from '../../shared/text.ts';
import { formatDay, type LocalDate } from '../../shared/time.ts';
import { actions, answerBlockId, fields, views } from '../ids.ts';
import type { DaySummary } from '../../standups/schedule.models.ts';

/** Pure Block Kit builders for standups: data in, JSON out, no IO. */

export type Message = { text: string; blocks: (KnownBlock | Block)[] };

export type PromptRef = { teamId: number; date: LocalDate };

export const encodeRef = (ref: PromptRef) => JSON.stringify({ t: ref.teamId, d: ref.date });
/** The blocker ids the answer modal showed as "still blocking me". */
export function decodeShownBlockers(value: string | undefined): number[] {
  try {
    const v = JSON.parse(value ?? '') as { b?: unknown };
    return Array.isArray(v.b) ? v.b.filter((x): x is number => Number.isInteger(x)) : [];
  } catch {
    return [];
  }
}

export function decodeRef(value: string | undefined): PromptRef | undefined {
  try {
    const v = JSON.parse(value ?? '') as { t?: unknown; d?: unknown };
    if (typeof v.t === 'number' && typeof v.d === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v.d)) return { teamId: v.t, date: v.d };
  } catch {
    /* not ours */
  }
  return undefined;
}

const section = (text: string): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text: truncate(text, 3000) } });
const context = (text: string): KnownBlock => ({ type: 'context', elements: [{ type: 'mrkdwn', text: truncate(text, 3000) }] });

function answerButtons(ref: PromptRef, opts: { answerLabel?: string; skip?: boolean } = {}): KnownBlock {
  const elements: KnownBlock & { type: 'actions' } = {
    type: 'actions',
    block_id: 'standup_prompt',
    elements: [
      { type: 'button', style: 'primary', action_id: actions.promptAnswer, text: { type: 'plain_text', text: opts.answerLabel ?? 'Answer' }, value: encodeRef(ref) },
    ],
  };
  if (opts.skip !== false) {
    elements.elements.push({ type: 'button', action_id: actions.promptSkip, text: { type: 'plain_text', text: 'Skip today' }, value: encodeRef(ref) });
  }
  return elements;
}

export function promptMessage(p: { teamName: string; channelId: string; date: LocalDate; questionCount: number; teamId: number }): Message {
  const day = formatDay(p.date);
  return {
    text: `Standup for ${escapeMrkdwn(p.teamName)} · ${day}`,
    blocks: [
      section(`:wave: *Standup for ${escapeMrkdwn(p.teamName)}* · ${day}\n${p.questionCount} quick questions; your answer goes to <#${p.channelId}>'s thread for today.`),
      answerButtons({ teamId: p.teamId, date: p.date }),
    ],
  };
}

export function reminderMessage(p: { teamName: string; date: LocalDate; teamId: number; deadline: string }): Message {
  const day = formatDay(p.date);
  return {
    text: `Reminder: your standup for ${escapeMrkdwn(p.teamName)} (${day}) is still open`,
    blocks: [section(`:hourglass_flowing_sand: Your standup for *${escapeMrkdwn(p.teamName)}* (${day}) is still open — the team reads it at ${p.deadline}.`), answerButtons({ teamId: p.teamId, date: p.date })],
  };
}

export function promptAnsweredMessage(p: { teamName: string; channelId: string; date: LocalDate; teamId: number }): Message {
  const day = formatDay(p.date);
  return {
    text: `Standup for ${escapeMrkdwn(p.teamName)} · ${day} — answered`,
    blocks: [
      section(`:white_check_mark: *Standup for ${escapeMrkdwn(p.teamName)}* · ${day}\nThanks — your answer is in <#${p.channelId}>. You can still edit it.`),
      answerButtons({ teamId: p.teamId, date: p.date }, { answerLabel: 'Edit answer', skip: false }),
    ],
  };
}

export function promptSkippedMessage(p: { teamName: string; date: LocalDate; teamId: number }): Message {
  const day = formatDay(p.date);
  return {
    text: `Standup for ${escapeMrkdwn(p.teamName)} · ${day} — skipped`,
    blocks: [
      section(`:palm_tree: *Standup for ${escapeMrkdwn(p.teamName)}* · ${day}\nSkipped today; you won't be counted as missing.`),
      answerButtons({ teamId: p.teamId, date: p.date }, { answerLabel: 'Answer anyway', skip: false }),
    ],
  };
}

export { answerBlockId };

/** The answer modal: one input per question, pre-filled with what the member wrote (or planned) before. */
export function answerModal(p: {
  teamName: string;
  date: LocalDate;
  teamId: number;
  questions: Question[];
  initial: Record<number, string>;
  editing: boolean;
  openBlockers?: { id: number; text: string }[];
}): ModalView {
  const blocks: KnownBlock[] = [context(`*${escapeMrkdwn(p.teamName)}* · ${formatDay(p.date)}${p.editing ? ' · editing your answer' : ''}`)];
  for (const q of p.questions.slice(0, 40)) {
    const initial = p.initial[q.id];
    blocks.push({
      type: 'input',
      block_id: answerBlockId(q.id),
      optional: !q.required,
      label: { type: 'plain_text', text: truncate(q.text, 2000) },
      element: {
        type: 'plain_text_input',
        action_id: fields.answer.action,
        multiline: true,
        ...(initial ? { initial_value: initial.slice(0, 3000) } : {}),
        ...(q.kind === 'blockers' ? { placeholder: { type: 'plain_text', text: 'One per line, or "none"' } } : {}),
      },
    });
  }
  // The member's open blockers, ticked: untick one to resolve it; ticked ones carry forward.
  const shown = (p.openBlockers ?? []).slice(0, 10);
  if (shown.length) {
    // Option text is limited to 75 characters: the number and as much of the text as fits.
    const options = shown.map((b) => {
      const prefix = `#${b.id} `;
      return { text: { type: 'plain_text' as const, text: prefix + truncate(b.text.replace(/\s+/g, ' ').trim(), 75 - prefix.length) }, value: String(b.id) };
    });
    blocks.push({
      type: 'input',
      block_id: fields.carry.block,
      optional: true,
      label: { type: 'plain_text', text: 'Still blocking you? Untick what is resolved' },
      element: { type: 'checkboxes', action_id: fields.carry.action, options, initial_options: options },
    });
  }
  return {
    type: 'modal',
    callback_id: views.answer,
    private_metadata: JSON.stringify({ t: p.teamId, d: p.date, b: shown.map((b) => b.id) }),
    title: { type: 'plain_text', text: 'Standup' },
    submit: { type: 'plain_text', text: p.editing ? 'Save' : 'Post' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks,
  };
}

/** The member's answer as a reply in the day's thread; user text is escaped. */
export function answerReply(p: { name: string; answers: AnswerItem[]; edited: boolean; status?: 'late' }): Message {
  const blocks: KnownBlock[] = [section(`*${escapeMrkdwn(p.name)}*${p.edited ? ' _(edited)_' : ''}`)];
  for (const a of p.answers.slice(0, 45)) {
    if (!a.answer.trim()) continue;
    const question = `*${escapeMrkdwn(truncate(a.question, 300))}*\n`;
    blocks.push(section(question + truncate(escapeMrkdwn(a.answer.trim()), 3000 - question.length)));
  }
  const plain = p.answers
    .filter((a) => a.answer.trim())
    .map((a) => `${a.question}\n${a.answer.trim()}`)
    .join('\n');
  return { text: truncate(escapeMrkdwn(`${p.name}: ${plain}`), 3000), blocks };
}

export type { DaySummary } from '../../standups/schedule.models.ts';

/** The day's parent message: how many answered, and after the deadline who is missing and who is away. */
export function parentMessage(s: DaySummary): Message {
  const expected = s.answered.length + s.pending.length;
  const headline = `*Standup — ${formatDay(s.date)}* · ${s.answered.length} of ${expected} answered`;
  const names = (list: string[], max = 40) =>
    list.length > max ? `${list.slice(0, max).map(escapeMrkdwn).join(', ')} and ${list.length - max} more` : listJoin(list.map(escapeMrkdwn));
  const lines = [headline];
  if (s.closed && s.pending.length) lines.push(`:hourglass: Missing: ${names(s.pending)}`);
  else if (s.closed) lines.push(':tada: Everyone answered.');
  if (s.away.length) lines.push(`:palm_tree: Away: ${names(s.away)}`);
  if (s.holiday?.length) lines.push(`:confetti_ball: Holiday: ${names(s.holiday)}`);
  const blocks: KnownBlock[] = [section(lines.join('\n'))];
  blocks.push(context(s.closed ? 'Answers are in the thread. Late answers still land here.' : 'Answers arrive in the thread as people post them.'));
  return { text: `Standup — ${formatDay(s.date)} · ${s.answered.length} of ${expected} answered (${escapeMrkdwn(s.teamName)})`, blocks };
}

export function statusReply(s: { teamName: string; answered: string[]; pending: string[]; away: string[]; holiday?: string[]; date: LocalDate }): Message {
  const list = (xs: string[]) => (xs.length ? listJoin(xs.map(escapeMrkdwn)) : '—');
  const text = [
    `*${escapeMrkdwn(s.teamName)}* · ${formatDay(s.date)}`,
    `:white_check_mark: Answered (${s.answered.length}): ${list(s.answered)}`,
    `:hourglass: Pending (${s.pending.length}): ${list(s.pending)}`,
    `:palm_tree: Away (${s.away.length}): ${list(s.away)}`,
    ...(s.holiday?.length ? [`:confetti_ball: Holiday (${s.holiday.length}): ${list(s.holiday)}`] : []),
  ].join('\n');
  return { text: truncate(text, 3000), blocks: [section(text)] };
}

export function plainReply(text: string): Message {
  return { text: truncate(text, 3000), blocks: [section(text)] };
}
