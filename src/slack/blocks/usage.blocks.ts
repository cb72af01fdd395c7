import type { KnownBlock } from '@slack/types';

/** The usage of each slash command, as documented in README.md and SPEC.md. */
export const standupUsage = [
  '*`/standup`* — asynchronous standups for the team of this channel',
  '`/standup` — answer today’s standup',
  '`/standup setup` — all team settings in one modal (run it in the team channel)',
  '`/standup join` · `/standup leave`',
  '`/standup members` · `/standup members add @a @b` · `/standup members remove @a`',
  '`/standup managers add @a` · `/standup managers remove @a`',
  '`/standup schedule 09:30 mon-fri` (or `mon,wed,fri`)',
  '`/standup timezone Europe/Berlin` (one zone for all) · `/standup timezone local` (each member’s own)',
  '`/standup deadline 13:00` · `/standup reminder 90m` (or `off`)',
  '`/standup questions` · `/standup question add|edit|remove|move|blockers …`',
  '`/standup skip` — skip today',
  '`/standup away 2026-12-21 2027-01-03` · `/standup away list` · `/standup away cancel ID`',
  '`/standup status` — who has answered today',
  '`/standup holidays DE-BY` — your public holidays (`US-CA`, `IN`…) · `/standup holidays team US` (managers) · `/standup holidays` — your next ones',
  '`/standup calendar https://…/basic.ics` — days off from your calendar feed · `/standup calendar` · `/standup calendar off`',
  '`/standup help` — this message',
].join('\n');

export const blockerUsage = [
  '*`/blocker`* — blockers, tracked until someone resolves them',
  '`/blocker TEXT` — raise one in this channel’s team (e.g. `/blocker waiting for staging DB access`)',
  '`/blocker list` · `/blocker list @user` — open blockers, oldest first, with age and owner',
  '`/blocker resolve ID` — for the reporter, the owner or a manager',
  '`/blocker threshold 3` — working days before an open blocker is escalated (managers)',
  '`/blocker help` — this message',
].join('\n');

export const taskUsage = [
  '*`/task`* — planned work, counted against each person’s capacity',
  '`/task` — a form for a new task',
  '`/task add TITLE [@assignee] [6h|2d|30m] [due YYYY-MM-DD]` — e.g. `/task add Release notes @ana 3h due 2026-12-04`',
  '`/task list` · `/task list @user`',
  '`/task start ID` · `/task done ID`',
  '`/task assign ID @user` · `/task estimate ID 4h`',
  '`/task add TITLE … for Beta` · `/task milestone ID Beta` (or `none`) — attach work to a milestone',
  '`/task help` — this message',
  'Any message’s ⋯ menu → *Create task from message* makes a task that links back to it.',
].join('\n');

export const workloadUsage = [
  '*`/workload`* — utilisation this week and next: planned hours ÷ available hours',
  '`/workload` — the team, overloaded people first',
  '`/workload @user` — one person’s tasks by week',
  '`/workload capacity @user 32h` — one person’s weekly hours (managers)',
  '`/workload capacity 36h` — the team’s default weekly hours (managers; default 40)',
  '`/workload unestimated 4h` — what a task nobody estimated counts for (managers; default 4)',
  '`/workload threshold 110` — above this utilisation someone is overloaded (managers; default 100)',
  '`/workload dayhours 7` — hours in a working day, what `1d` means in estimates (managers; default 8)',
  '`/workload help` — this message',
].join('\n');

export const milestoneUsage = [
  '*`/milestone`* — delivery dates with a forecast from estimates and capacity',
  '`/milestone add "Beta" 2027-02-15 [budget 120h]` — a target date and an optional effort budget',
  '`/milestone list` — every open milestone: on track, at risk or late, and the budget',
  '`/milestone ID` — one forecast, why, and what would fix it',
  '`/milestone done ID` · `/milestone move ID 2027-03-01` · `/milestone budget ID 150h` (or `off`)',
  '`/task add … for Beta` · `/task milestone ID Beta` — attach work',
  '`/milestone help` — this message',
].join('\n');

export const riskUsage = [
  '*`/risk`* — the team’s risk register, highest likelihood × impact first',
  '`/risk add TEXT likelihood 1-5 impact 1-5 [owner @u] [milestone Beta] [mitigation TEXT]` — e.g. `/risk add Vendor API may slip likelihood 3 impact 5 owner @ana mitigation weekly check-in`',
  '`/risk list` · `/risk list all` (closed ones too)',
  '`/risk update ID likelihood 2 impact 4 owner @u milestone Beta mitigation TEXT` — any of them (mitigation last)',
  '`/risk close ID`',
  '`/risk help` — this message',
  'Owners get one review DM a week; risks scoring 15+ with no mitigation are flagged.',
].join('\n');

export const digestUsage = [
  '*`/digest`* — the weekly digest for stakeholders: progress, blockers, workload, trend, and a chart',
  '`/digest preview` — see it now, just you',
  '`/digest post` — post it now to the stakeholder channel (managers)',
  '`/digest schedule fri 16:00` — day and local time of the weekly one (managers)',
  '`/digest channel #stakeholders` — where it goes (managers)',
  '`/digest history` — the digests posted so far',
  '`/digest help` — this message',
].join('\n');

export const coordinatorUsage = [
  '*`/coordinator`* — your data and your team’s: export, forget, retention',
  '`/coordinator export` — your teams’ answers, blockers, tasks and digests (managers), or your own data, as CSV files in a zip sent to your DM',
  '`/coordinator export me` — your own data, even if you manage a team · `/coordinator export @user` — one person’s (workspace admins)',
  '`/coordinator forget me` · `/coordinator forget @user` (workspace admins) — delete their answers and personal data; counts are kept. Asks to confirm first',
  '`/coordinator retention 12` — delete answer text older than 12 months (managers, in the team channel) · `/coordinator retention off` — keep (the default) · `/coordinator retention` — show it',
  '`/coordinator help` — this message',
].join('\n');

export type UsageReply = { text: string; blocks: KnownBlock[] };

/** An ephemeral reply: an optional problem line, then the usage. */
export function usageReply(usage: string, problem?: string): UsageReply {
  const blocks: KnownBlock[] = [];
  if (problem) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `:warning: ${problem}` } });
  blocks.push({ type: 'section', text: { type: 'mrkdwn', text: usage } });
  const firstLine = usage.split('\n')[0] ?? '';
  return { text: problem ? `${problem}\n${firstLine}` : firstLine.replace(/\*/g, ''), blocks };
}
