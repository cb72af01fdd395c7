import type { AwayPeriod, AwayResult, SkipResult, StandupRefusal } from '../../standups/standups.models.ts';
import type { Team } from '../../teams/teams.schema.ts';
import { escapeMrkdwn, plural } from '../../shared/text.ts';
import { formatDay, formatWeekdays } from '../../shared/time.ts';

/** The standups' answers to the person who acted, worded from what the use case returned. Pure. */

/** A team's schedule in one sentence: prompt time and days, zone, reminder, deadline. */
export function scheduleText(team: Pick<Team, 'tzMode' | 'timezone' | 'reminderMinutes' | 'promptTime' | 'workingDays' | 'deadlineTime'>): string {
  const zone = team.tzMode === 'pinned' ? team.timezone : "each member's own time zone";
  const reminder = team.reminderMinutes == null ? 'no reminder' : `a reminder ${plural(team.reminderMinutes, 'minute')} later`;
  return `Prompts at ${team.promptTime} ${formatWeekdays(team.workingDays)} (${zone}), ${reminder}, report deadline ${team.deadlineTime}.`;
}

export function skipText(r: SkipResult): string {
  return r.kind === 'already-answered'
    ? `You've already answered ${escapeMrkdwn(r.teamName)}'s standup for today; it stays posted.`
    : `Skipped ${escapeMrkdwn(r.teamName)}'s standup for today — no prompt or reminder, and you won't show as missing.`;
}

const span = (p: Pick<AwayPeriod, 'fromDate' | 'toDate'>) => (p.fromDate === p.toDate ? formatDay(p.fromDate) : `${formatDay(p.fromDate)} – ${formatDay(p.toDate)}`);

export function awayText(r: AwayResult): string {
  switch (r.kind) {
    case 'added':
      return `:palm_tree: Away ${span(r.period)} (#${r.period.id}): no prompts, and you'll show as away, not missing. \`/standup away cancel ${r.period.id}\` undoes it.`;
    case 'cancelled':
      return `Cancelled time off #${r.id}. Prompts resume on your working days.`;
    case 'list':
      if (!r.periods.length) return 'No time off planned. Example: `/standup away 2026-12-21 2027-01-03`';
      return ['*Your time off*', ...r.periods.map((p) => `#${p.id} · ${span(p)} (${p.fromDate}${p.fromDate === p.toDate ? '' : ` → ${p.toDate}`})`)].join('\n');
  }
}

export function standupRefusalText(r: StandupRefusal): string {
  switch (r.code) {
    case 'team.none':
      return "You're not in any standup team yet. Run `/standup join` in your team's channel.";
    case 'away.too_many':
      return `You already have ${r.planned} periods of time off planned; at most ${r.max}. Cancel one or join two: \`/standup away list\`, \`/standup away cancel 3\`. Nothing was changed.`;
    case 'away.not_found':
      return `You have no time off numbered ${r.id}. \`/standup away list\` shows yours.`;
    case 'team.ambiguous':
      return `You're in ${r.channelIds.length} teams (${r.channelIds.map((c) => `<#${c}>`).join(', ')}). Run the command in the team's channel.`;
    case 'standup.not_member':
      if (r.when === 'opening') return `You're not answering standups in *${escapeMrkdwn(r.teamName)}*. Run \`/standup join\` in <#${r.channelId}> to join.`;
      if (r.when === 'submitting') return `You're not answering standups in ${escapeMrkdwn(r.teamName)} any more.`;
      return `You're not answering standups in *${escapeMrkdwn(r.teamName)}*.`;
  }
}
