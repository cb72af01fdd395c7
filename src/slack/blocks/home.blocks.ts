import type { Button, HomeView, KnownBlock, PlainTextOption } from '@slack/types';
import { escapeMrkdwn, inlineText, plural, truncate } from '../../shared/text.ts';
import { formatDay } from '../../shared/time.ts';
import { formatHours } from '../../workload/workload.models.ts';
import type { HomeData, HomeStandup, ManagedTeam, StandupState } from '../../home/home.models.ts';
import { actions } from '../ids.ts';
import { encodeRef } from './standup.blocks.ts';
import { weekCell } from './workload.blocks.ts';

/** Pure Block Kit for the App Home: data in, a `home` view out, within Slack's 100 blocks. */

export const maxHomeBlocks = 100;
/** How many of each list the Home shows before "and N more" with the command that shows all. */
export const homeCaps = { standups: 6, blockers: 5, tasks: 6, timeOff: 4, managed: 4, managerBlockers: 5, overloaded: 5, milestones: 5 } as const;

const section = (text: string): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text: truncate(text, 3000) } });
const context = (text: string): KnownBlock => ({ type: 'context', elements: [{ type: 'mrkdwn', text: truncate(text, 3000) }] });
const header = (text: string): KnownBlock => ({ type: 'header', text: { type: 'plain_text', text: truncate(text, 150) } });
const divider: KnownBlock = { type: 'divider' };
const button = (text: string, action_id: string, value: string, style?: 'primary' | 'danger'): Button => ({ type: 'button', action_id, text: { type: 'plain_text', text: truncate(text, 75) }, value, ...(style ? { style } : {}) });
const more = (n: number, what: string, command: string) => context(`… and ${n} more ${what}. \`${command}\` shows all.`);

/** Values of the Home's own buttons: small JSON, checked again when clicked. */
export const taskValue = (p: { teamId: number; taskId: number; minutes?: number }) => JSON.stringify({ t: p.teamId, i: p.taskId, ...(p.minutes ? { m: p.minutes } : {}) });
export function decodeTaskValue(value: string | undefined): { teamId: number; taskId: number; minutes?: number } | undefined {
  try {
    const v = JSON.parse(value ?? '') as { t?: unknown; i?: unknown; m?: unknown };
    const ok = (n: unknown): n is number => Number.isSafeInteger(n) && (n as number) > 0 && (n as number) < 2 ** 31;
    if (!ok(v.t) || !ok(v.i)) return undefined;
    if (v.m !== undefined && !ok(v.m)) return undefined;
    return { teamId: v.t, taskId: v.i, ...(v.m !== undefined ? { minutes: v.m as number } : {}) };
  } catch {
    return undefined;
  }
}

const estimateChoices = [30, 60, 120, 240, 480, 960, 1920];

const stateWords: Record<StandupState, string> = {
  'to-answer': ':speech_balloon: to answer',
  answered: ':white_check_mark: answered',
  skipped: ':fast_forward: skipped',
  away: ':palm_tree: away',
  holiday: ':tada: public holiday',
  'day-off': ':zzz: not a working day',
  later: ':hourglass_flowing_sand: prompt later today',
};

function standupBlocks(s: HomeStandup): KnownBlock[] {
  const later = s.state === 'later' ? ` (at ${s.promptTime})` : '';
  const blocks: KnownBlock[] = [section(`*${escapeMrkdwn(s.teamName)}* · ${formatDay(s.date)} — ${stateWords[s.state]}${later}`)];
  const ref = encodeRef({ teamId: s.teamId, date: s.date });
  const buttons: Button[] = [];
  if (s.state === 'answered') buttons.push(button('Edit', actions.promptAnswer, ref));
  else if (s.state === 'to-answer' || s.state === 'later') buttons.push(button('Answer', actions.promptAnswer, ref, 'primary'), button('Skip today', actions.promptSkip, ref));
  else if (s.state === 'skipped') buttons.push(button('Answer anyway', actions.promptAnswer, ref));
  if (buttons.length) blocks.push({ type: 'actions', block_id: `home_standup_${s.teamId}`, elements: buttons });
  return blocks;
}

/**
 * The manager's dashboard of one team, as sections in order. A feature adds its section
 * here (issue 17: milestones at risk), reading a field it adds to ManagedTeam.
 */
export const managerSections: ((t: ManagedTeam) => KnownBlock[])[] = [
  (t) => {
    const p = t.participation;
    return [section(`*Participation this week* (since ${formatDay(t.weekStart)}): ${p.pct === null ? 'no standups asked yet' : `${p.answered}/${p.expected} answers (${p.pct}%)`}`)];
  },
  (t) => {
    if (!t.blockers.length) return [section('*Open blockers*: none :tada:')];
    const lines = t.blockers.slice(0, homeCaps.managerBlockers).map((b) => {
      const old = b.ageDays >= t.blockerThresholdDays ? ' :warning:' : '';
      return `• #${b.id} ${inlineText(b.text, 150)} — *${plural(b.ageDays, 'working day')}*${old} · by <@${b.reporterId}> · ${b.ownerId ? `owner <@${b.ownerId}>` : '_no owner_'}`;
    });
    const rest = t.blockers.length - homeCaps.managerBlockers;
    if (rest > 0) lines.push(`… and ${rest} more: \`/blocker list\` in <#${t.channelId}> shows all.`);
    return [section(`*Open blockers* (${t.blockers.length}, oldest first)\n${lines.join('\n')}`)];
  },
  (t) => {
    if (!t.overloaded.length) return [section(`*Overloaded* (above ${t.overloadThreshold}%): nobody this week or next`)];
    const lines = t.overloaded.slice(0, homeCaps.overloaded).map((o) => `• ${escapeMrkdwn(truncate(o.name, 80))} — *${o.utilisation}%* ${o.week}`);
    const rest = t.overloaded.length - homeCaps.overloaded;
    if (rest > 0) lines.push(`… and ${rest} more: \`/workload\` in <#${t.channelId}> shows everyone.`);
    return [section(`*Overloaded* (above ${t.overloadThreshold}%)\n${lines.join('\n')}`)];
  },
  (t) => {
    if (!t.milestonesAtRisk.length) return [];
    const lines = t.milestonesAtRisk.slice(0, homeCaps.milestones).map((m) => {
      const finish = m.finish ? `finish ${formatDay(m.finish)}` : 'no finish in sight';
      const word = m.status === 'late' ? ':red_circle: *late*' : ':large_yellow_circle: *at risk*';
      return `• #${m.id} ${inlineText(m.name, 100)} — ${word}: ${finish}, target ${formatDay(m.target)}${m.uncertain ? ' (unestimated work)' : ''}`;
    });
    const rest = t.milestonesAtRisk.length - homeCaps.milestones;
    if (rest > 0) lines.push(`… and ${rest} more: \`/milestone list\` in <#${t.channelId}> shows all.`);
    return [section(`*Milestones at risk* (${t.milestonesAtRisk.length})\n${lines.join('\n')}`)];
  },
  (t) => [
    section(`*Next digest*: ${t.nextDigest.label} to <#${t.nextDigest.channelId}>`),
    {
      type: 'actions',
      block_id: `home_manage_${t.teamId}`,
      elements: [
        button('Preview digest', actions.homeDigestPreview, String(t.teamId)),
        button('Post digest now', actions.homeDigestPost, String(t.teamId)),
        button('Settings', actions.homeSettings, String(t.teamId)),
      ],
    },
  ],
];

const footer = context(
  'How to: `/standup` answer today · `/standup skip` · `/standup away 2026-12-21 2027-01-03` · `/blocker TEXT` · `/blocker list` · `/task add TITLE 4h` · `/task list` · `/workload` · `/digest preview` · `/standup setup` (managers) · `/standup help`',
);

function welcome(): HomeView {
  return {
    type: 'home',
    blocks: [
      header('Welcome to Coordinator'),
      section('Coordinator runs your team’s standups asynchronously, at each person’s own local time, keeps track of blockers until someone resolves them, watches everyone’s workload, and sends stakeholders a weekly digest.'),
      section('*Start a team* — in your team’s channel, run `/standup setup`: pick the members and press Save. Defaults are sensible; everything can be changed later.'),
      section('*Join a team* — in its channel, run `/standup join`. You’ll get a short DM at the team’s prompt time on its working days.'),
      divider,
      section('This tab becomes your cockpit once you are in a team: today’s standups, your blockers, your tasks and load, your time off, and — for managers — each team’s dashboard.'),
      footer,
    ],
  };
}

/** A person's Home: their day, blockers, tasks and load, time off, then a dashboard per team they manage. */
export function homeView(d: HomeData): HomeView {
  if (d.kind === 'newcomer') return welcome();
  const blocks: KnownBlock[] = [header('Your day with Coordinator')];

  blocks.push(section('*Today’s standups*'));
  if (!d.standups.length) blocks.push(context('You manage teams but answer no standups. `/standup join` in a team’s channel to answer too.'));
  for (const s of d.standups.slice(0, homeCaps.standups)) blocks.push(...standupBlocks(s));
  if (d.standups.length > homeCaps.standups) blocks.push(more(d.standups.length - homeCaps.standups, 'teams', '/standup status'));

  blocks.push(divider, section(`*My open blockers* (${d.blockers.length})`));
  if (!d.blockers.length) blocks.push(context('None. `/blocker TEXT` raises one.'));
  for (const b of d.blockers.slice(0, homeCaps.blockers)) {
    const role = b.reporterId === d.userId ? 'raised by you' : 'you own it';
    blocks.push(
      section(`#${b.id} ${inlineText(b.text, 500)}\n_${escapeMrkdwn(b.teamName)} · ${plural(b.ageDays, 'working day')} old · ${role}${b.ownerId && b.ownerId !== d.userId ? ` · owner <@${b.ownerId}>` : ''}_`),
      { type: 'actions', block_id: `home_blocker_${b.id}`, elements: [button('Resolve', actions.blockerResolve, String(b.id), 'primary'), button('Not a blocker', actions.blockerNot, String(b.id))] },
    );
  }
  if (d.blockers.length > homeCaps.blockers) blocks.push(more(d.blockers.length - homeCaps.blockers, 'blockers', '/blocker list @you'));

  blocks.push(divider, section('*My load* (this week · next week)'));
  if (!d.loads.length) blocks.push(context('No capacity tracked: you answer no standups.'));
  for (const l of d.loads.slice(0, homeCaps.standups)) blocks.push(section(`*${escapeMrkdwn(l.teamName)}*\nthis week ${weekCell(l.weeks[0]!)}\nnext week ${weekCell(l.weeks[1]!)}`));

  blocks.push(section(`*My tasks this week and next* (${d.tasks.length})`));
  if (!d.tasks.length) blocks.push(context('Nothing planned. `/task add TITLE 4h` plans something.'));
  for (const t of d.tasks.slice(0, homeCaps.tasks)) {
    const est = t.estimateMinutes === null ? '_unestimated_' : formatHours(t.estimateMinutes);
    const state = t.status === 'in_progress' ? ' · :arrow_forward: in progress' : '';
    const title = escapeMrkdwn(truncate(t.title, 200));
    const linked = t.sourceUrl && /^https:\/\/[^\s|<>]+$/.test(t.sourceUrl) ? `<${t.sourceUrl}|${title}>` : title;
    blocks.push(section(`*#${t.id}* ${linked} · ${est}${t.dueDate ? ` · due ${formatDay(t.dueDate)}` : ''}${state}\n_${escapeMrkdwn(t.teamName)}_`));
    const options: PlainTextOption[] = estimateChoices.map((m) => ({ text: { type: 'plain_text', text: formatHours(m) }, value: taskValue({ teamId: t.teamId, taskId: t.id, minutes: m }) }));
    const elements: KnownBlock & { type: 'actions' } = { type: 'actions', block_id: `home_task_${t.id}`, elements: [button('Done', actions.homeTaskDone, taskValue({ teamId: t.teamId, taskId: t.id }), 'primary')] };
    if (t.status !== 'in_progress') elements.elements.push(button('Start', actions.homeTaskStart, taskValue({ teamId: t.teamId, taskId: t.id })));
    elements.elements.push({ type: 'static_select', action_id: actions.homeTaskEstimate, placeholder: { type: 'plain_text', text: 'Estimate' }, options });
    blocks.push(elements);
  }
  if (d.tasks.length > homeCaps.tasks) blocks.push(more(d.tasks.length - homeCaps.tasks, 'tasks', '/task list @you'));

  blocks.push(divider, section('*My time off*'));
  if (!d.timeOff.length) blocks.push(context('None planned. `/standup away 2026-12-21 2027-01-03` adds some.'));
  for (const a of d.timeOff.slice(0, homeCaps.timeOff)) {
    const span = a.fromDate === a.toDate ? formatDay(a.fromDate) : `${formatDay(a.fromDate)} – ${formatDay(a.toDate)}`;
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `#${a.id} · ${span}` }, accessory: button('Cancel', actions.homeAwayCancel, String(a.id)) });
  }
  if (d.timeOff.length > homeCaps.timeOff) blocks.push(more(d.timeOff.length - homeCaps.timeOff, 'periods', '/standup away list'));

  for (const t of d.managed.slice(0, homeCaps.managed)) {
    blocks.push(divider, header(`Dashboard — ${t.teamName}`));
    for (const render of managerSections) blocks.push(...render(t));
  }
  if (d.managed.length > homeCaps.managed) blocks.push(more(d.managed.length - homeCaps.managed, 'teams you manage', '/workload'));

  blocks.push(divider, footer);
  return { type: 'home', blocks: fit(blocks) };
}

/** Never more than Slack's 100 blocks, whatever the caps above add up to: the footer says what was left out. */
function fit(blocks: KnownBlock[]): KnownBlock[] {
  if (blocks.length <= maxHomeBlocks) return blocks;
  const kept = blocks.slice(0, maxHomeBlocks - 1);
  return [...kept, context(`… and more that does not fit here. \`/standup status\`, \`/blocker list\`, \`/task list\` and \`/workload\` show everything.`)];
}
