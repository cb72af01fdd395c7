import type { KnownBlock } from '@slack/types';
import { statusWords, type AssigneeForecast, type Forecast, type ForecastStatus, type MilestoneRefusal } from '../../milestones/milestones.models.ts';
import type { Milestone } from '../../milestones/milestones.schema.ts';
import type { MilestoneWarning } from '../../outbox/kinds.ts';
import { flagScore, flagged, scoreOf, severityOf, type RiskRefusal } from '../../risks/risks.models.ts';
import type { Risk } from '../../risks/risks.schema.ts';
import { escapeMrkdwn, plural, truncate } from '../../shared/text.ts';
import { formatDay } from '../../shared/time.ts';
import type { Message } from './standup.blocks.ts';

/** Pure Block Kit builders for milestones (forecasts, warnings) and the risk register. */

const section = (text: string): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text: truncate(text, 3000) } });
const context = (text: string): KnownBlock => ({ type: 'context', elements: [{ type: 'mrkdwn', text: truncate(text, 3000) }] });
const esc = (s: string, max = 120) => escapeMrkdwn(truncate(s.replace(/\s+/g, ' ').trim(), max));

export const statusIcon: Record<ForecastStatus, string> = { 'on-track': ':large_green_circle:', 'at-risk': ':large_yellow_circle:', late: ':red_circle:' };

type MilestoneRow = Pick<Milestone, 'id' | 'name' | 'targetDate' | 'state' | 'budgetMinutes'>;
type Item = { milestone: MilestoneRow; forecast: Forecast };

/** "projected Fri 4 Dec · target Fri 18 Dec (10 working days to spare)". */
export function forecastLine(f: Forecast): string {
  const status = `${statusIcon[f.status]} *${statusWords[f.status]}*${f.uncertain ? ' _(uncertain)_' : ''}`;
  if (f.openTasks === 0) return `${status} · nothing open · target ${formatDay(f.target)}`;
  if (f.finish === null) return `${status} · no finish within two years at today’s capacity · target ${formatDay(f.target)}`;
  const delta = f.daysLate! > 0 ? `${plural(f.daysLate!, 'day')} after the target` : f.daysLate === 0 ? 'on the target day' : `${plural(-f.daysLate!, 'day')} early`;
  return `${status} · projected ${formatDay(f.finish)} · target ${formatDay(f.target)} (${delta})`;
}

export function budgetLine(f: Forecast): string {
  const done = `${f.doneHours} h done`;
  if (f.budgetHours === null) return `${f.plannedHours} h planned · ${done} · ${f.remainingHours} h left`;
  const over = f.budgetPct! > 100 ? ' :warning: over budget' : '';
  return `budget ${f.plannedHours}/${f.budgetHours} h (${f.budgetPct}%)${over} · ${done} · ${f.remainingHours} h left`;
}

function assigneeReason(a: AssigneeForecast, target: string): string {
  if (!a.member) return `<@${a.userId}> has ${a.remainingHours} h on it but is not in the team, so has no capacity here`;
  if (a.freeHoursPerWeek === 0) return `<@${a.userId}> has ${a.remainingHours} h left on it and no hours free until ${formatDay(target)}`;
  return `<@${a.userId}> has ${a.remainingHours} h left on it and ${a.freeHoursPerWeek} h a week free until ${formatDay(target)}`;
}

/** Why the forecast says what it says: the person who finishes last, and what is unestimated. */
export function reasonLines(f: Pick<Forecast, 'assignees' | 'target' | 'unestimated' | 'openTasks'> & { unestimatedCount?: number }, defaultEstimateHours: number): string[] {
  const lines: string[] = [];
  const first = f.assignees[0];
  if (first) lines.push(assigneeReason(first, f.target));
  const n = f.unestimatedCount ?? f.unestimated.length;
  if (n) {
    const named = f.unestimated.slice(0, 5).map((t) => `#${t.id} ${esc(t.title, 60)}`);
    lines.push(`${plural(n, 'task')} unestimated (counted at ${defaultEstimateHours} h each): ${named.join(', ')}${n > named.length ? ` and ${n - named.length} more` : ''}`);
  }
  return lines;
}

/** What would bring it back: work moved to who has room, estimates, or a later target. */
export function fixLines(p: { milestoneId: number; status: ForecastStatus; target: string; assignees: AssigneeForecast[]; room: { userId: string; freeHoursPerWeek: number }[]; unestimated: { id: number }[] }): string[] {
  const lines: string[] = [];
  const behind = p.assignees.filter((a) => a.finish === null || a.finish > p.target || !a.member);
  const room = p.room[0];
  for (const a of behind.slice(0, 3)) {
    lines.push(room ? `Move some of <@${a.userId}>’s ${a.remainingHours} h to <@${room.userId}> (${room.freeHoursPerWeek} h a week free): \`/task assign ID @user\`` : `<@${a.userId}> is the bottleneck and nobody else has room before ${formatDay(p.target)}`);
  }
  if (p.unestimated.length) lines.push(`Estimate ${p.unestimated.slice(0, 5).map((t) => `#${t.id}`).join(', ')}: \`/task estimate ID 4h\``);
  if (p.status !== 'on-track') lines.push(`Or move the target: \`/milestone move ${p.milestoneId} YYYY-MM-DD\`, or cut scope.`);
  return lines;
}

const titleOf = (m: MilestoneRow) => `*#${m.id} ${esc(m.name, 80)}*${m.state === 'done' ? ' :white_check_mark: done' : ''}`;

export const maxListedMilestones = 20;

export function milestoneListMessage(p: { teamName: string; items: Item[]; defaultEstimateHours: number }): Message {
  const title = `Milestones — ${escapeMrkdwn(p.teamName)}`;
  if (!p.items.length) return { text: `${title}: none`, blocks: [section(`*${title}*\nNo open milestones. \`/milestone add "Beta" 2027-02-15 budget 120h\` adds one; \`/task add … for Beta\` attaches work.`)] };
  const blocks: KnownBlock[] = [section(`*${title}* (${p.items.length} open, soonest first)`)];
  for (const { milestone, forecast } of p.items.slice(0, maxListedMilestones)) {
    const reason = forecast.status === 'on-track' ? [] : reasonLines(forecast, p.defaultEstimateHours).slice(0, 1);
    blocks.push(section([`${titleOf(milestone)} — ${plural(forecast.openTasks, 'open task')}`, forecastLine(forecast), budgetLine(forecast), ...reason].join('\n')));
  }
  if (p.items.length > maxListedMilestones) blocks.push(context(`… and ${p.items.length - maxListedMilestones} more.`));
  blocks.push(context('`/milestone ID` shows one forecast and why · at risk: fewer than 2 working days to spare, or unestimated work'));
  return { text: `${title}: ${p.items.length} open`, blocks };
}

export function milestoneDetail(p: { teamName: string; item: Item; defaultEstimateHours: number }): Message {
  const { milestone: m, forecast: f } = p.item;
  const people = f.assignees.slice(0, 10).map((a) => `• ${assigneeReason(a, f.target)}${a.finish ? ` · done ${formatDay(a.finish)}` : ''}`);
  if (f.assignees.length > 10) people.push(`… and ${f.assignees.length - 10} more`);
  const reasons = reasonLines(f, p.defaultEstimateHours);
  const fixes = f.status === 'on-track' ? [] : fixLines({ milestoneId: m.id, status: f.status, target: f.target, assignees: f.assignees, room: f.room, unestimated: f.unestimated });
  const burn = f.burnUp.length ? `Burn-up (done hours): ${f.burnUp.map((b) => `w/c ${formatDay(b.week)} ${b.doneHours} h`).join(' → ')}` : 'Nothing done yet.';
  const blocks: KnownBlock[] = [
    section(`${titleOf(m)} · ${escapeMrkdwn(p.teamName)}\n${forecastLine(f)}\n${budgetLine(f)}`),
    ...(reasons.length ? [section(`*Why:* ${reasons.join('. ')}.`)] : []),
    ...(people.length ? [section(`*Who holds the work*\n${people.join('\n')}`)] : []),
    ...(fixes.length ? [section(`*What would fix it*\n${fixes.map((l) => `• ${l}`).join('\n')}`)] : []),
    context(burn),
  ];
  return { text: `Milestone #${m.id} ${esc(m.name, 80)}: ${statusWords[f.status]}`, blocks };
}

/** The managers' DM when a milestone's forecast gets worse. */
export function milestoneWarningMessage(p: MilestoneWarning): Message {
  const was = p.from ? statusWords[p.from] : 'on track';
  const when = p.finish === null ? 'no finish within two years at today’s capacity' : `projected ${formatDay(p.finish)}${p.daysLate && p.daysLate > 0 ? `, ${plural(p.daysLate, 'day')} after the target` : ''}`;
  const head = `${statusIcon[p.status]} *#${p.milestoneId} ${esc(p.name, 80)}* in ${escapeMrkdwn(p.teamName)} went from ${was} to *${statusWords[p.status]}*: ${when} (target ${formatDay(p.target)}).`;
  const reasons = reasonLines({ assignees: p.assignees, target: p.target, unestimated: p.unestimated, unestimatedCount: p.unestimatedCount, openTasks: 1 }, p.defaultEstimateHours);
  const fixes = fixLines({ milestoneId: p.milestoneId, status: p.status, target: p.target, assignees: p.assignees, room: p.room, unestimated: p.unestimated });
  return {
    text: truncate(escapeMrkdwn(`Milestone ${p.name} is now ${statusWords[p.status]} in ${p.teamName}`), 3000),
    blocks: [
      section(head),
      ...(reasons.length ? [section(`*Why:* ${reasons.join('. ')}.`)] : []),
      ...(fixes.length ? [section(`*What would fix it*\n${fixes.map((l) => `• ${l}`).join('\n')}`)] : []),
      context(`\`/milestone ${p.milestoneId}\` shows the forecast · at most one of these a milestone a day`),
    ],
  };
}

/** `/milestone add`'s confirmation (plain text, answered to the person). */
export function milestoneAdded(p: { teamName: string; milestone: Pick<Milestone, 'id' | 'name' | 'targetDate'>; budgetHours: number | null }): string {
  const m = p.milestone;
  return (
    `:triangular_flag_on_post: Milestone *#${m.id} ${escapeMrkdwn(m.name)}* added to ${escapeMrkdwn(p.teamName)}: target ${formatDay(m.targetDate)}${p.budgetHours ? `, budget ${p.budgetHours} h` : ''}.\n` +
    `Attach work with \`/task add … for ${m.id}\` or \`/task milestone ID ${m.id}\`; \`/milestone ${m.id}\` shows the forecast.`
  );
}

/** `/milestone done`'s confirmation, with the work still attached to it. */
export function milestoneMarkedDone(p: { milestone: Pick<Milestone, 'id' | 'name'>; openTasks: number }): string {
  const m = p.milestone;
  return `:white_check_mark: Milestone *#${m.id} ${escapeMrkdwn(m.name)}* is done.${p.openTasks ? ` ${plural(p.openTasks, 'task')} attached to it ${p.openTasks === 1 ? 'is' : 'are'} still open.` : ''}`;
}

/** Why a milestone command changed nothing, in words (mrkdwn; names escaped), by refusals.ts. */
export function milestoneRefusalText(r: MilestoneRefusal): string {
  switch (r.code) {
    case 'milestone.forbidden':
      return r.action === 'add'
        ? `Only people in ${escapeMrkdwn(r.teamName)} can add milestones. Nothing was changed.`
        : `Only <@${r.createdBy}> (who added it) or a manager of ${escapeMrkdwn(r.teamName)} can change milestone #${r.milestoneId}. Nothing was changed.`;
    case 'milestone.past':
      return `${r.date} is already past in ${escapeMrkdwn(r.teamName)}’s time zone; pick today or later. Nothing was changed.`;
    case 'milestone.too_many':
      return `${escapeMrkdwn(r.teamName)} already has ${r.max} open milestones; mark some done first (\`/milestone done ID\`). Nothing was changed.`;
    case 'milestone.exists':
      return `${escapeMrkdwn(r.teamName)} already has a milestone called “${escapeMrkdwn(r.name)}”${r.existingId !== null ? ` (#${r.existingId})` : ''}. Pick another name. Nothing was changed.`;
    case 'milestone.not_found': {
      const label = 'id' in r.ref ? `#${r.ref.id}` : `“${escapeMrkdwn(r.ref.name)}”`;
      const text = `There is no milestone ${label} in ${escapeMrkdwn(r.teamName)}. \`/milestone list\` shows them; \`/milestone add "Beta" 2027-02-15\` creates one. Nothing was changed.`;
      if (!r.afterFor) return text;
      const typed = 'name' in r.ref ? escapeMrkdwn(r.ref.name) : String(r.ref.id);
      return `${text} If “for ${typed}” is part of the title, reword it (“${typed}” after “for” names a milestone).`;
    }
    case 'milestone.done':
      return `Milestone #${r.milestoneId} ${escapeMrkdwn(r.name)} is already done. Nothing was changed.`;
  }
}

type RiskRow = Pick<Risk, 'id' | 'text' | 'likelihood' | 'impact' | 'ownerId' | 'mitigation' | 'state'> & { milestoneName?: string | null };

const severityIcon = { high: ':red_circle:', medium: ':large_yellow_circle:', low: ':white_circle:' } as const;

export function riskLine(r: RiskRow): string {
  const score = scoreOf(r);
  const flag = r.state === 'open' && flagged(r) ? ' :rotating_light: *no mitigation*' : '';
  const owner = r.ownerId ? `owner <@${r.ownerId}>` : '_no owner_';
  const milestone = r.milestoneName ? ` · for ${esc(r.milestoneName, 60)}` : '';
  const mitigation = r.mitigation ? `\n      _mitigation:_ ${esc(r.mitigation, 300)}` : '';
  const closed = r.state === 'closed' ? ' · closed' : '';
  return `${severityIcon[severityOf(score)]} *#${r.id}* ${esc(r.text, 200)} — *${score}* (L${r.likelihood}×I${r.impact}) · ${owner}${milestone}${closed}${flag}${mitigation}`;
}

/** The nudge under a risk that scores high and has no mitigation yet. */
function flagNote(r: RiskRow): string {
  return r.state === 'open' && flagged(r) ? `\n:rotating_light: Scored ${flagScore} or more with no mitigation: add one with \`/risk update ID mitigation …\`.` : '';
}

/** `/risk add`, `update` and `close`: the risk as it now stands (plain text, answered to the person). */
export function riskChanged(change: 'added' | 'updated' | 'closed', r: RiskRow): string {
  if (change === 'added') return `:clipboard: Added to the risk register:\n${riskLine(r)}${flagNote(r)}`;
  if (change === 'updated') return `:pencil2: Updated:\n${riskLine(r)}${flagNote(r)}`;
  return `:white_check_mark: Closed:\n${riskLine(r)}`;
}

/** Why a risk command changed nothing, in words (mrkdwn; names escaped), by refusals.ts. */
export function riskRefusalText(r: RiskRefusal): string {
  switch (r.code) {
    case 'risk.forbidden':
      return r.action === 'add'
        ? `Only people in ${escapeMrkdwn(r.teamName)} can add to its risk register. Nothing was changed.`
        : `Only <@${r.createdBy}> (who raised it)${r.ownerId ? `, <@${r.ownerId}> (its owner)` : ''} or a manager can change risk #${r.riskId}. Nothing was changed.`;
    case 'risk.too_many':
      return `${escapeMrkdwn(r.teamName)} already has ${r.max} open risks; close some first. Nothing was changed.`;
    case 'risk.not_found':
      return `There is no risk #${r.riskId} in ${escapeMrkdwn(r.teamName)}. \`/risk list\` shows them. Nothing was changed.`;
    case 'risk.closed':
      return r.action === 'close' ? `Risk #${r.riskId} is already closed.` : `Risk #${r.riskId} is closed. Nothing was changed.`;
    case 'risk.milestone_not_found': {
      const label = 'id' in r.ref ? `#${r.ref.id}` : `“${escapeMrkdwn(r.ref.name)}”`;
      return `There is no milestone ${label} in ${escapeMrkdwn(r.teamName)}. \`/milestone list\` shows them. Nothing was changed.`;
    }
  }
}

export function riskListMessage(p: { teamName: string; risks: RiskRow[]; all: boolean }): Message {
  const title = `Risks — ${escapeMrkdwn(p.teamName)}`;
  const open = p.risks.filter((r) => r.state === 'open');
  if (!p.risks.length) return { text: `${title}: none`, blocks: [section(`*${title}*\nNo open risks. \`/risk add TEXT likelihood 3 impact 4 owner @u\` adds one.`)] };
  const flaggedCount = open.filter(flagged).length;
  const blocks: KnownBlock[] = [section(`*${title}* — ${open.length} open, highest score first${flaggedCount ? ` · :rotating_light: ${flaggedCount} scored 15+ with no mitigation` : ''}`)];
  // Whole lines, each section within 3000 characters, at most 40 risks: the rest is counted.
  let chunk: string[] = [];
  let size = 0;
  let shown = 0;
  for (const r of p.risks.slice(0, 40)) {
    const line = truncate(riskLine(r), 2800);
    if (chunk.length && size + line.length + 1 > 2900) {
      blocks.push(section(chunk.join('\n')));
      chunk = [];
      size = 0;
    }
    chunk.push(line);
    size += line.length + 1;
    shown++;
  }
  if (chunk.length) blocks.push(section(chunk.join('\n')));
  if (shown < p.risks.length) blocks.push(context(`… and ${p.risks.length - shown} more.`));
  blocks.push(context('Score = likelihood × impact (1–5 each) · `/risk update ID mitigation …` · `/risk close ID`'));
  return { text: `${title}: ${open.length} open`, blocks };
}

/** The weekly review nudge: a person's open risks, highest first. */
export function riskReviewMessage(p: { risks: RiskRow[] }): Message {
  const lines = p.risks.slice(0, 15).map(riskLine);
  if (p.risks.length > 15) lines.push(`… and ${p.risks.length - 15} more`);
  return {
    text: `Weekly risk review: you own ${plural(p.risks.length, 'open risk')}`,
    blocks: [
      section(`:mag: *Weekly risk review* — you own ${plural(p.risks.length, 'open risk')}. Still likely? Still as bad? Is the mitigation working?`),
      section(lines.join('\n')),
      context('`/risk update ID likelihood 2` · `/risk update ID mitigation …` · `/risk close ID` · one of these a week'),
    ],
  };
}


