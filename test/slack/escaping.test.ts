import { describe, expect, it } from 'vitest';
import { announcement, askValue, dismissedNote, unsureQuestion, blockerListMessage, chooseTeamMessage, escalationMessage, resolvedNote } from '../../src/slack/blocks/blocker.blocks.ts';
import { digestDetails, digestMessage } from '../../src/slack/blocks/digest.blocks.ts';
import { setupModal, setupSavedText } from '../../src/slack/blocks/setup.blocks.ts';
import {
  answerModal,
  answerReply,
  parentMessage,
  promptAnsweredMessage,
  promptMessage,
  promptSkippedMessage,
  reminderMessage,
  statusReply,
} from '../../src/slack/blocks/standup.blocks.ts';
import { overloadMessage, personLoad, taskListMessage, taskModal, workloadTable } from '../../src/slack/blocks/workload.blocks.ts';
import type { DigestContent } from '../../src/digests/digest.models.ts';
import { milestoneDetail, milestoneListMessage, milestoneWarningMessage, riskListMessage, riskReviewMessage } from '../../src/slack/blocks/milestone.blocks.ts';
import type { Forecast } from '../../src/milestones/milestones.models.ts';
import type { WeekLoad } from '../../src/workload/workload.models.ts';

/** Names, titles and answers as a hostile (or unlucky) person could type them. */
const hostile = ['<!here>', '<!channel>', '<http://evil|x>', '&amp;', '<@U123>', '<!subteam^S1>'];
const evil = hostile.join(' ');

/**
 * Every string Slack would parse as mrkdwn: the top-level `text` (the notification
 * fallback) and every text object that is not plain_text. Plain text is never parsed
 * for mentions, so a name there cannot ping anyone.
 */
function mrkdwnStrings(value: unknown, out: string[] = [], key = ''): string[] {
  if (typeof value === 'string') {
    if (key === 'text') out.push(value);
    return out;
  }
  if (!value || typeof value !== 'object') return out;
  if (Array.isArray(value)) {
    for (const v of value) mrkdwnStrings(v, out, key);
    return out;
  }
  const o = value as Record<string, unknown>;
  if (o.type === 'plain_text') return out;
  for (const [k, v] of Object.entries(o)) mrkdwnStrings(v, out, k);
  return out;
}

function expectNoUnescaped(message: unknown, opts: { plainOnly?: boolean } = {}) {
  const strings = mrkdwnStrings(message);
  // A modal may be all plain text; a message always has its fallback.
  if (!opts.plainOnly) expect(strings.length).toBeGreaterThan(0);
  for (const s of strings) {
    expect(s, s).not.toMatch(/<!|<http|<@U123>/);
    expect(s, s).not.toContain('<!subteam');
  }
}

const week = (w: string): WeekLoad => ({ week: w, plannedHours: 50, availableHours: 40, utilisation: 125, band: 'overloaded', awayDays: 0, tasks: [{ id: 1, title: evil, hours: 50, estimated: true, dueDate: null }] });
const task = { id: 7, workspaceId: 'T1', teamId: 1, title: evil, assigneeId: 'UANA', createdBy: 'UANA', estimateMinutes: 120, dueDate: '2026-12-04', status: 'open' as const, sourceUrl: null, milestoneId: null, createdAt: new Date(), startedAt: null, doneAt: null };

const digest: DigestContent = {
  teamName: evil,
  periodStart: '2026-11-30',
  periodEnd: '2026-12-04',
  headline: `headline ${evil}`,
  status: 'At risk',
  participation: { team: { answered: 3, expected: 5, pct: 60 }, members: [{ userId: 'UANA', name: evil, answered: 3, expected: 5, awayDays: 0 }] },
  progress: [{ userId: 'UANA', name: evil, items: [evil] }],
  blockers: {
    opened: [{ id: 1, text: evil, reporterId: 'UANA', ownerId: null }],
    resolved: [{ id: 2, text: evil, reporterId: 'UANA', ageDays: 1 }],
    open: [{ id: 3, text: evil, reporterId: 'UANA', ownerId: 'UBEN', ageDays: 3 }],
  },
  workload: [{ userId: 'UANA', name: evil, thisWeek: 120, nextWeek: 90, band: 'overloaded', nextBand: 'at risk' }],
  trend: { participation: '↑', openBlockers: '=', overloaded: '↓', previous: null },
  dueNextWeek: [{ id: 7, title: evil, assigneeId: 'UANA', dueDate: '2026-12-08', estimateMinutes: 60 }],
  stats: {} as DigestContent['stats'],
  history: [{ periodStart: '2026-11-23', participationPct: 80 }],
  milestones: [{ id: 1, name: evil, status: 'late', uncertain: true, target: '2026-12-18', finish: '2026-12-21', daysLate: 3, openTasks: 2, plannedHours: 40, doneHours: 4, budgetHours: 30, budgetPct: 133 }],
  topRisks: [{ id: 1, text: evil, score: 20, likelihood: 5, impact: 4, ownerName: evil, mitigation: evil, milestoneName: evil, flagged: false }],
  openRisks: 1,
};

const forecast: Forecast = {
  milestoneId: 1,
  name: evil,
  target: '2026-12-18',
  status: 'late',
  uncertain: true,
  finish: '2026-12-21',
  daysLate: 3,
  openTasks: 2,
  remainingHours: 36,
  doneHours: 4,
  plannedHours: 40,
  budgetHours: 30,
  budgetPct: 133,
  unestimated: [{ id: 2, title: evil }],
  assignees: [{ userId: 'UANA', remainingHours: 36, finish: '2026-12-21', freeHoursPerWeek: 12, member: true }],
  room: [{ userId: 'UBO', freeHoursPerWeek: 20 }],
  burnUp: [{ week: '2026-11-30', doneHours: 4 }],
};
const milestoneRow = { id: 1, name: evil, targetDate: '2026-12-18', state: 'open' as const, budgetMinutes: 1800 };
const riskRow = { id: 1, text: evil, likelihood: 5, impact: 4, ownerId: 'UANA', mitigation: evil, state: 'open' as const, milestoneName: evil };

const builders: Record<string, () => unknown> = {
  blockerList: () => blockerListMessage({ teamName: evil, items: [{ id: 1, text: evil, reporterId: 'UANA', ownerId: null, ageDays: 2 }] }),
  blockerListEmpty: () => blockerListMessage({ teamName: evil, items: [] }),
  announcement: () => announcement({ items: [{ id: 1, text: evil }], more: 0, reporterName: evil, mention: ['UMGR'] }),
  announcementOfMany: () => announcement({ items: [{ id: 1, text: evil }, { id: 2, text: evil }], more: 3, reporterName: evil, mention: ['UMGR'] }),
  unsureQuestion: () => unsureQuestion({ teamName: evil, text: evil, value: askValue(1, 2, evil) }),
  dismissed: () => dismissedNote({ id: 1, text: evil, byId: 'UANA' }),
  escalation: () => escalationMessage({ id: 1, text: evil, reporterId: 'UANA', ownerId: null, ageDays: 3, teamName: evil, teamChannelId: 'CTEAM', level: 2 }),
  resolved: () => resolvedNote({ id: 1, text: evil, byId: 'UANA', ageDays: 1 }),
  chooseTeam: () => chooseTeamMessage({ text: evil, teams: [{ id: 1, name: evil }, { id: 2, name: evil }] }),
  digest: () => digestMessage(digest),
  digestDetails: () => digestDetails(digest),
  setupModal: () => setupModal({ teamName: evil, channelId: 'CTEAM', participants: ['UANA'], managers: ['UMGR'], questions: [{ text: evil, kind: 'done', required: true }], workingDays: [1, 2, 3, 4, 5], promptTime: '09:30', tzMode: 'member', timezone: 'UTC', deadlineTime: '13:00', reminderMinutes: 60, stakeholderChannelId: null, capacityHours: 40, blockerThresholdDays: 2, overloadThreshold: 100, dayHours: 8, defaultEstimateHours: 4 } as never),
  setupSaved: () => ({ text: setupSavedText(evil, 'Prompts at 09:30.') }),
  prompt: () => promptMessage({ teamName: evil, channelId: 'CTEAM', date: '2026-12-01', questionCount: 3, teamId: 1 }),
  reminder: () => reminderMessage({ teamName: evil, date: '2026-12-01', teamId: 1, deadline: '13:00' }),
  promptAnswered: () => promptAnsweredMessage({ teamName: evil, channelId: 'CTEAM', date: '2026-12-01', teamId: 1 }),
  promptSkipped: () => promptSkippedMessage({ teamName: evil, date: '2026-12-01', teamId: 1 }),
  answerModal: () => answerModal({ teamName: evil, date: '2026-12-01', teamId: 1, questions: [{ id: 1, teamId: 1, position: 0, text: evil, kind: 'done', required: true }], initial: { 1: evil }, editing: true, openBlockers: [{ id: 1, text: evil }] }),
  answerReply: () => answerReply({ name: evil, answers: [{ questionId: 1, kind: 'done', question: evil, answer: evil }], edited: true }),
  parent: () => parentMessage({ teamName: evil, date: '2026-12-01', answered: [evil], pending: [evil], away: [evil], closed: true }),
  status: () => statusReply({ teamName: evil, date: '2026-12-01', answered: [evil], pending: [evil], away: [evil] }),
  workloadTable: () => workloadTable({ teamName: evil, weeks: ['2026-11-30', '2026-12-07'], rows: [{ userId: 'UANA', name: evil, inProgress: 1, unestimated: 0, weeks: [week('2026-11-30'), week('2026-12-07')], awayDays: 0, openBlockers: 1 }], threshold: 100 }),
  personLoad: () => personLoad({ name: evil, load: { userId: 'UANA', inProgress: 0, unestimated: 0, weeks: [week('2026-11-30')] }, tasks: [task] }),
  taskList: () => taskListMessage({ teamName: evil, tasks: [task] }),
  taskListEmpty: () => taskListMessage({ teamName: evil, tasks: [] }),
  overload: () => overloadMessage({ userId: 'UANA', teamName: evil, weekLabel: '2026-W49', utilisation: 125, planned: 50, available: 40, tasks: [{ id: 1, title: evil, hours: 50 }], room: [] }),
  taskModal: () => taskModal({ channelId: 'CTEAM', assigneeId: 'UANA', title: evil }),
  milestoneList: () => milestoneListMessage({ teamName: evil, items: [{ milestone: milestoneRow, forecast }], defaultEstimateHours: 4 }),
  milestoneDetail: () => milestoneDetail({ teamName: evil, item: { milestone: milestoneRow, forecast }, defaultEstimateHours: 4 }),
  milestoneWarning: () =>
    milestoneWarningMessage({ to: 'UMGR', milestoneId: 1, teamId: 1, teamName: evil, name: evil, date: '2026-12-01', from: null, status: 'late', target: '2026-12-18', finish: null, daysLate: null, uncertain: true, assignees: forecast.assignees, unestimated: forecast.unestimated, unestimatedCount: 1, defaultEstimateHours: 4, room: forecast.room }),
  riskList: () => riskListMessage({ teamName: evil, risks: [riskRow, { ...riskRow, id: 2, mitigation: null }], all: false }),
  riskReview: () => riskReviewMessage({ risks: [riskRow] }),
};

describe('one escaping choke point: hostile names never reach Slack unescaped', () => {
  it.each(Object.keys(builders))('%s', (name) => {
    expectNoUnescaped(builders[name]!(), { plainOnly: name.endsWith('Modal') });
  });

  it('the walker itself catches a raw fallback', () => {
    expect(() => expectNoUnescaped({ text: 'Standup for <!channel>', blocks: [] })).toThrow();
    expect(() => expectNoUnescaped({ text: 'fine', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '<http://evil|x>' } }] })).toThrow();
  });
});
