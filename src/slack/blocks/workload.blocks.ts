import type { KnownBlock, ModalView } from '@slack/types';
import { escapeMrkdwn, listJoin, plural, truncate } from '../../shared/text.ts';
import { formatDay, type LocalDate } from '../../shared/time.ts';
import { bandWords, formatHours, type Band, type MemberLoad, type WeekLoad } from '../../workload/workload.models.ts';
import type { Task } from '../../workload/workload.schema.ts';
import { fields, views } from '../ids.ts';
import type { Message } from './standup.blocks.ts';
import { linesText } from './digest.blocks.ts';

/** Pure Block Kit builders for tasks and workload. */

const section = (text: string): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text: truncate(text, 3000) } });
const context = (text: string): KnownBlock => ({ type: 'context', elements: [{ type: 'mrkdwn', text: truncate(text, 3000) }] });

const bandIcon: Record<Band, string> = { away: ':palm_tree:', under: ':white_circle:', healthy: ':large_green_circle:', 'at-risk': ':large_yellow_circle:', overloaded: ':red_circle:' };

/** `██████░░░░` for 60 %; past 100 % the bar is full and says by how much. */
export function bar(utilisation: number | null): string {
  if (utilisation === null) return '`          `';
  const filled = Math.max(0, Math.min(10, Math.round(utilisation / 10)));
  return `\`${'█'.repeat(filled)}${'░'.repeat(10 - filled)}\``;
}

export function weekCell(w: WeekLoad): string {
  if (w.band === 'away') return `${bandIcon.away} away${w.plannedHours ? ` (${w.plannedHours} h planned)` : ''}`;
  return `${bandIcon[w.band]} ${bandWords[w.band]} ${bar(w.utilisation)} *${w.utilisation}%* · ${w.plannedHours}/${w.availableHours} h`;
}

export function taskLine(t: Pick<Task, 'id' | 'title' | 'estimateMinutes' | 'dueDate' | 'status' | 'sourceUrl'>): string {
  const est = t.estimateMinutes === null ? '_unestimated_' : formatHours(t.estimateMinutes);
  const due = t.dueDate ? ` · due ${formatDay(t.dueDate)}` : '';
  const state = t.status === 'in_progress' ? ' · :arrow_forward: in progress' : '';
  const title = escapeMrkdwn(truncate(t.title, 200));
  const linked = t.sourceUrl && /^https:\/\/[^\s|<>]+$/.test(t.sourceUrl) ? `<${t.sourceUrl}|${title}>` : title;
  return `*#${t.id}* ${linked} · ${est}${due}${state}`;
}

export const maxWorkloadRows = 40;

/** The team table: one row per member, overloaded first; this week and next. */
export function workloadTable(p: { teamName: string; weeks: LocalDate[]; rows: (MemberLoad & { name: string; awayDays: number; openBlockers: number })[]; threshold: number }): Message {
  const nextWeek = p.weeks[1];
  const header = `*Workload — ${escapeMrkdwn(p.teamName)}* · this week and next (w/c ${formatDay(nextWeek!)}) · overloaded above ${p.threshold}%`;
  const blocks: KnownBlock[] = [section(header)];
  for (const r of p.rows.slice(0, maxWorkloadRows)) {
    const signals = [
      r.inProgress ? `${r.inProgress} in progress` : '',
      r.unestimated ? `${r.unestimated} unestimated` : '',
      r.openBlockers ? `${plural(r.openBlockers, 'open blocker')}` : '',
      r.awayDays ? `away ${plural(r.awayDays, 'day')}` : '',
    ].filter(Boolean);
    blocks.push(
      section(
        `*${escapeMrkdwn(r.name)}*${signals.length ? ` — ${signals.join(' · ')}` : ''}\n` +
          `this week ${weekCell(r.weeks[0]!)}\nnext week ${weekCell(r.weeks[1]!)}`,
      ),
    );
  }
  if (p.rows.length > maxWorkloadRows) blocks.push(context(`… and ${p.rows.length - maxWorkloadRows} more. \`/workload @user\` shows anyone.`));
  if (!p.rows.length) blocks.push(section('Nobody on the team yet. `/standup members add @a @b` adds people.'));
  blocks.push(context(`Planned = remaining estimates spread over working days up to each due date. :red_circle: over ${p.threshold}% · :large_yellow_circle: 85–${p.threshold}% · :large_green_circle: 60–85% · :white_circle: under 60%`));
  return { text: `Workload — ${escapeMrkdwn(p.teamName)}`, blocks };
}

export function personLoad(p: { name: string; load: MemberLoad; tasks: Task[] }): Message {
  const blocks: KnownBlock[] = [section(`*Workload — ${escapeMrkdwn(p.name)}*`)];
  for (const [i, w] of p.load.weeks.entries()) {
    const lines = w.tasks.slice(0, 15).map((t) => `• #${t.id} ${escapeMrkdwn(truncate(t.title, 120))} — ${t.hours} h${t.estimated ? '' : ' _(default estimate)_'}`);
    if (w.tasks.length > 15) lines.push(`… and ${w.tasks.length - 15} more`);
    blocks.push(section(`*${i === 0 ? 'This week' : `Week of ${formatDay(w.week)}`}* ${weekCell(w)}\n${lines.join('\n') || '_nothing planned_'}`));
  }
  const later = p.tasks.filter((t) => t.dueDate && t.dueDate > (p.load.weeks.at(-1)?.week ?? '') && !p.load.weeks.some((w) => w.tasks.some((x) => x.id === t.id)));
  if (later.length) blocks.push(context(`Later: ${later.slice(0, 10).map((t) => `#${t.id} ${escapeMrkdwn(truncate(t.title, 60))}`).join(', ')}`));
  return { text: `Workload — ${escapeMrkdwn(p.name)}`, blocks };
}

export function taskListMessage(p: { teamName: string; forUserId?: string; tasks: Task[] }): Message {
  const title = `Open tasks — ${escapeMrkdwn(p.teamName)}${p.forUserId ? ` · <@${p.forUserId}>` : ''}`;
  if (!p.tasks.length) return { text: `${title}: none`, blocks: [section(`*${title}*\nNothing open. \`/task add …\` plans something.`)] };
  const byAssignee = new Map<string, Task[]>();
  for (const t of p.tasks) byAssignee.set(t.assigneeId, [...(byAssignee.get(t.assigneeId) ?? []), t]);
  const blocks: KnownBlock[] = [section(`*${title}* (${p.tasks.length})`)];
  let listed = 0;
  for (const [assignee, list] of byAssignee) {
    if (blocks.length >= 45) break;
    // Whole lines within the section's 3000 characters; the rest is counted, never cut mid-link.
    blocks.push(section(linesText(`<@${assignee}>`, list.map(taskLine), { budget: 2900, maxLines: 20 })));
    listed += list.length;
  }
  if (listed < p.tasks.length) blocks.push(context(`… and ${p.tasks.length - listed} more. \`/task list @user\` narrows it down.`));
  return { text: `${title}: ${p.tasks.length} open`, blocks };
}

/** The managers' DM when someone goes over the threshold. */
export function overloadMessage(p: { userId: string; teamName: string; weekLabel: string; utilisation: number; planned: number; available: number; tasks: { id: number; title: string; hours: number }[]; room: { userId: string; utilisation: number }[] }): Message {
  const tasks = p.tasks.slice(0, 8).map((t) => `• #${t.id} ${escapeMrkdwn(truncate(t.title, 150))} — ${t.hours} h`);
  if (p.tasks.length > 8) tasks.push(`… and ${p.tasks.length - 8} more`);
  const room = p.room.length ? `Most room that week: ${listJoin(p.room.map((r) => `<@${r.userId}> (${r.utilisation}%)`))}.` : 'Nobody else on the team has room that week.';
  const text = `:red_circle: Overloaded: <@${p.userId}> is at *${p.utilisation}%* ${p.weekLabel} in ${escapeMrkdwn(p.teamName)} (${p.planned} h planned of ${p.available} h available).\n${tasks.join('\n')}\n${room}`;
  return { text: truncate(escapeMrkdwn(`${p.utilisation}% ${p.weekLabel}: overloaded in ${p.teamName}`), 3000), blocks: [section(text), context('`/workload` shows the whole team; `/task assign ID @user` moves work.')] };
}

export function taskModal(p: { channelId: string; assigneeId: string; title?: string; sourceTs?: string; sourceChannel?: string }): ModalView {
  const f = fields.task;
  return {
    type: 'modal',
    callback_id: views.task,
    private_metadata: JSON.stringify({ c: p.channelId, ...(p.sourceTs ? { s: p.sourceTs, sc: p.sourceChannel } : {}) }),
    title: { type: 'plain_text', text: 'New task' },
    submit: { type: 'plain_text', text: 'Add task' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      { type: 'input', block_id: f.title.block, label: { type: 'plain_text', text: 'Title' }, element: { type: 'plain_text_input', action_id: f.title.action, max_length: 200, ...(p.title ? { initial_value: p.title.slice(0, 200) } : {}) } },
      { type: 'input', block_id: f.assignee.block, label: { type: 'plain_text', text: 'Assignee' }, element: { type: 'users_select', action_id: f.assignee.action, initial_user: p.assigneeId } },
      {
        type: 'input',
        block_id: f.estimate.block,
        optional: true,
        label: { type: 'plain_text', text: 'Estimate' },
        hint: { type: 'plain_text', text: 'e.g. 4h, 2d or 30m. Left empty, the team’s default counts.' },
        element: { type: 'plain_text_input', action_id: f.estimate.action, placeholder: { type: 'plain_text', text: '4h' } },
      },
      { type: 'input', block_id: f.due.block, optional: true, label: { type: 'plain_text', text: 'Due' }, element: { type: 'datepicker', action_id: f.due.action } },
      {
        type: 'input',
        block_id: f.milestone.block,
        optional: true,
        label: { type: 'plain_text', text: 'Milestone' },
        hint: { type: 'plain_text', text: 'The name or number of an open milestone (/milestone list), if this task delivers one.' },
        element: { type: 'plain_text_input', action_id: f.milestone.action, max_length: 80, placeholder: { type: 'plain_text', text: 'Beta' } },
      },
    ],
  };
}
