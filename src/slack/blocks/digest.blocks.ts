import type { KnownBlock } from '@slack/types';
import type { DigestContent } from '../../digests/digest.models.ts';
import { escapeMrkdwn, plural, truncate } from '../../shared/text.ts';
import { formatDay } from '../../shared/time.ts';
import { bandWord, formatHours } from '../../workload/workload.models.ts';
import type { Message } from './standup.blocks.ts';

/**
 * Pure renderers of a stored digest. People appear by name, not by mention: a weekly
 * digest must not ping half the company. Every list stops before Slack's limits and
 * says how many more there are; the thread carries the full detail.
 */

const section = (text: string): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text: truncate(text, 3000) } });
const context = (text: string): KnownBlock => ({ type: 'context', elements: [{ type: 'mrkdwn', text: truncate(text, 3000) }] });
const esc = (s: string, max = 200) => escapeMrkdwn(truncate(s.replace(/\s+/g, ' ').trim(), max));

/** Title and as many lines as fit in `budget` characters (and at most `maxLines`), then "… and N more". */
export function linesText(title: string, lines: string[], opts: { budget?: number; maxLines?: number; empty?: string } = {}): string {
  const budget = opts.budget ?? 2900;
  const maxLines = opts.maxLines ?? Number.POSITIVE_INFINITY;
  if (!lines.length) return `${title}\n${opts.empty ?? '—'}`;
  let text = title;
  let shown = 0;
  for (const line of lines) {
    const more = lines.length - shown - 1;
    const reserve = more > 0 ? 30 : 0;
    if (shown >= maxLines || text.length + 1 + line.length + reserve > budget) break;
    text += `\n${line}`;
    shown++;
  }
  if (shown < lines.length) text += `\n_… and ${lines.length - shown} more_`;
  return text;
}

const pct = (n: number | null) => (n === null ? 'away' : `${n}%`);
const bandIcon = (band: string) => ({ overloaded: ':red_circle:', 'at-risk': ':large_yellow_circle:', healthy: ':large_green_circle:', under: ':white_circle:', away: ':palm_tree:' })[band] ?? '';
const statusIcon = { 'On track': ':large_green_circle:', 'Needs attention': ':large_yellow_circle:', 'At risk': ':red_circle:' } as const;

function participationLines(c: DigestContent) {
  return c.participation.members.map((m) => `${esc(m.name, 80)} ${m.answered}/${m.expected}${m.awayDays ? ` · away ${plural(m.awayDays, 'day')}` : ''}`);
}
function progressLines(c: DigestContent, perMember: number) {
  return c.progress.map((p) => `*${esc(p.name, 80)}*: ${p.items.slice(0, perMember).map((i) => esc(i, 160)).join('; ')}${p.items.length > perMember ? ` _(+${p.items.length - perMember})_` : ''}`);
}
function openBlockerLines(c: DigestContent) {
  const nameOf = new Map(c.participation.members.map((m) => [m.userId, m.name]));
  const n = (id: string | null) => (id ? esc(nameOf.get(id) ?? id, 60) : 'no owner');
  return c.blockers.open.map((b) => `#${b.id} ${esc(b.text, 160)} — *${plural(b.ageDays, 'working day')}* · by ${n(b.reporterId)} · ${b.ownerId ? `owner ${n(b.ownerId)}` : '_no owner_'}`);
}
function workloadLines(c: DigestContent) {
  return c.workload.map((w) => `${bandIcon(w.band === 'overloaded' ? w.band : w.nextBand === 'overloaded' ? 'overloaded' : w.band)} ${esc(w.name, 80)} — this week ${pct(w.thisWeek)}${w.thisWeek === null ? '' : ` ${bandWord(w.band)}`}, next ${pct(w.nextWeek)}${w.nextWeek === null ? '' : ` ${bandWord(w.nextBand)}`}`);
}
function dueLines(c: DigestContent) {
  const nameOf = new Map(c.participation.members.map((m) => [m.userId, m.name]));
  return c.dueNextWeek.map((t) => `#${t.id} ${esc(t.title, 160)} — ${esc(nameOf.get(t.assigneeId) ?? t.assigneeId, 60)} · due ${formatDay(t.dueDate)}${t.estimateMinutes ? ` · ${formatHours(t.estimateMinutes)}` : ''}`);
}

const milestoneIcon = { 'on-track': ':large_green_circle:', 'at-risk': ':large_yellow_circle:', late: ':red_circle:' } as const;
const milestoneWords = { 'on-track': 'on track', 'at-risk': 'at risk', late: 'late' } as const;

/** "🔴 Beta — late: projected Thu 17 Dec vs target Mon 14 Dec · budget 130/120 h (108%)". */
export function milestoneLines(c: DigestContent): string[] {
  return (c.milestones ?? []).map((m) => {
    const forecast = m.openTasks === 0 ? 'nothing open' : m.finish ? `projected ${formatDay(m.finish)} vs target ${formatDay(m.target)}` : `no finish in sight vs target ${formatDay(m.target)}`;
    const budget = m.budgetHours !== null ? ` · budget ${m.plannedHours}/${m.budgetHours} h (${m.budgetPct}%)` : ` · ${m.plannedHours} h planned`;
    return `${milestoneIcon[m.status]} *${esc(m.name, 80)}* — ${milestoneWords[m.status]}${m.uncertain ? ' (uncertain)' : ''}: ${forecast}${budget} · ${m.doneHours} h done`;
  });
}

/** "#4 Vendor API may slip — 15 (L3×I5) · owner Ana · no mitigation". */
export function riskLines(c: DigestContent): string[] {
  return (c.topRisks ?? []).map(
    (r) =>
      `#${r.id} ${esc(r.text, 160)} — *${r.score}* (L${r.likelihood}×I${r.impact}) · ${r.ownerName ? `owner ${esc(r.ownerName, 60)}` : '_no owner_'}${r.milestoneName ? ` · ${esc(r.milestoneName, 60)}` : ''} · ${r.mitigation ? `mitigation: ${esc(r.mitigation, 200)}` : r.flagged ? ':rotating_light: *no mitigation*' : '_no mitigation_'}`,
  );
}

export function trendLine(c: DigestContent): string {
  const p = c.trend.previous;
  if (!p) return 'First digest: trends start next week.';
  return [
    `participation ${pct(c.stats.participationPct)} ${c.trend.participation} (was ${pct(p.participationPct)})`,
    `open blockers ${c.stats.openBlockers} ${c.trend.openBlockers} (was ${p.openBlockers})`,
    `overloaded ${c.stats.overloaded} ${c.trend.overloaded} (was ${p.overloaded})`,
  ].join(' · ');
}

/** The digest as one message: at most a dozen blocks, each section within 3000 characters. */
export function digestMessage(c: DigestContent): Message {
  const period = `${formatDay(c.periodStart)} – ${formatDay(c.periodEnd)}`;
  const attention = c.workload.filter((w) => w.band === 'overloaded' || w.nextBand === 'overloaded' || w.band === 'at-risk');
  const named = attention.slice(0, 5).map((w) => esc(w.name, 60)).join(', ') + (attention.length > 5 ? ` and ${attention.length - 5} more` : '');
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: truncate(`Weekly digest — ${c.teamName}`, 150) } },
    section(truncate(`${statusIcon[c.status]} *${esc(c.headline, 400)}*\n${period}`, 3000)),
    context(`vs last digest: ${trendLine(c)}`),
    { type: 'divider' },
    section(linesText(`*Participation* — ${c.participation.team.answered}/${c.participation.team.expected} answers (${pct(c.participation.team.pct)})`, participationLines(c), { maxLines: 15 })),
    section(linesText('*Progress*', progressLines(c, 3), { maxLines: 10, empty: '_Nothing reported._' })),
    section(
      linesText(
        `*Blockers* — ${c.blockers.opened.length} new · ${c.blockers.resolved.length} resolved · ${c.blockers.open.length} open (oldest first)`,
        openBlockerLines(c),
        { maxLines: 8, empty: ':tada: None open.' },
      ),
    ),
    section(
      linesText(
        `*Workload*${attention.length ? ` — ${named} ${attention.length === 1 ? 'needs' : 'need'} attention` : ''}`,
        workloadLines(c),
        { maxLines: 15, empty: '_No capacity data._' },
      ),
    ),
    section(linesText('*Due next week*', dueLines(c), { maxLines: 8, empty: '_Nothing due._' })),
    // Only for teams that plan with milestones and risks: no empty sections for the others.
    ...(c.milestones?.length ? [section(linesText('*Milestones*', milestoneLines(c), { maxLines: 8 }))] : []),
    ...(c.topRisks?.length ? [section(linesText(`*Top risks* — ${c.topRisks.length} of ${c.openRisks ?? c.topRisks.length} open, highest likelihood × impact first`, riskLines(c), { maxLines: 5 }))] : []),
    context('Full lists are in the thread.'),
  ];
  return { text: truncate(escapeMrkdwn(`Weekly digest — ${c.teamName} (${period}): ${c.headline}`), 3000), blocks };
}

/** Full detail as thread replies: every list complete, split across messages that fit. */
export function digestDetails(c: DigestContent): Message[] {
  const nameOf = new Map(c.participation.members.map((m) => [m.userId, m.name]));
  const n = (id: string) => esc(nameOf.get(id) ?? id, 60);
  const groups: [string, string[]][] = [
    ['*Participation, everyone*', participationLines(c)],
    ['*Progress, everything reported*', c.progress.flatMap((p) => [`*${esc(p.name, 80)}*`, ...p.items.map((i) => `• ${esc(i, 300)}`)])],
    ['*Open blockers*', openBlockerLines(c)],
    ['*New this period*', c.blockers.opened.map((b) => `#${b.id} ${esc(b.text, 300)} — by ${n(b.reporterId)}`)],
    ['*Resolved this period*', c.blockers.resolved.map((b) => `#${b.id} ${esc(b.text, 300)} — after ${plural(b.ageDays, 'working day')}`)],
    ['*Workload, everyone*', workloadLines(c)],
    ['*Due next week, everything*', dueLines(c)],
    ['*Milestones, all open*', milestoneLines(c)],
  ];
  const sections: KnownBlock[] = [];
  for (const [title, lines] of groups) {
    if (!lines.length) continue;
    // Chunks of whole lines, each section within 3000 characters.
    let label = title;
    let chunk: string[] = [];
    let size = label.length;
    for (const line of lines) {
      const l = truncate(line, 2800);
      if (chunk.length && size + 1 + l.length > 2950) {
        sections.push(section([label, ...chunk].join('\n')));
        label = `${title} (cont.)`;
        chunk = [];
        size = label.length;
      }
      chunk.push(l);
      size += 1 + l.length;
    }
    sections.push(section(truncate([label, ...chunk].join('\n'), 3000)));
  }
  const messages: Message[] = [];
  for (let i = 0; i < sections.length; i += 40) {
    messages.push({ text: `Digest detail (${Math.floor(i / 40) + 1})`, blocks: sections.slice(i, i + 40) });
  }
  return messages;
}
