import { describe, expect, it } from 'vitest';
import { isUserError } from '../../src/shared/errors.ts';
import { capacityText, overloadNotice, taskAddedText, taskAssignedText, taskEstimatedText, taskMilestoneText, taskRefusal, taskRefusalText, taskStatusText } from '../../src/slack/blocks/workload.replies.ts';
import type { NotAnswering, TaskRefusal } from '../../src/workload/workload.models.ts';
import type { Task } from '../../src/workload/workload.schema.ts';

const task = (over: Partial<Task> = {}): Task =>
  ({
    id: 7,
    workspaceId: 'T1',
    teamId: 1,
    title: 'Ship <the> *thing*',
    assigneeId: 'UANA',
    createdBy: 'UBO',
    estimateMinutes: 240,
    dueDate: null,
    status: 'open',
    sourceUrl: null,
    milestoneId: null,
    createdAt: new Date('2026-11-30T08:00:00Z'),
    startedAt: null,
    doneAt: null,
    ...over,
  }) as Task;

const overload = { userId: 'UANA', week: 'next week', utilisation: 130, plannedHours: 52, availableHours: 40 } as const;

describe('workload replies', () => {
  it('says whom a change overloads, by how much and which week', () => {
    expect(overloadNotice(overload)).toBe(':warning: This puts <@UANA> at *130%* next week (52 h planned of 40 h). `/workload` shows who has room.');
  });

  it.each<[TaskRefusal | NotAnswering, string, string]>([
    [{ kind: 'task-not-found', taskId: 9, teamName: 'A&<B>' }, 'task.not_found', 'There is no task #9 in A&amp;&lt;B&gt;. `/task list` shows the open ones.'],
    [{ kind: 'not-task-editor', taskId: 9, assigneeId: 'UANA', createdBy: 'UBO' }, 'task.forbidden', 'Only <@UANA> (the assignee), <@UBO> (who added it) or a manager can change task #9. Nothing was changed.'],
    [{ kind: 'task-done', taskId: 9 }, 'task.done', 'Task #9 is already done.'],
    [
      { kind: 'not-a-member', userId: 'UX', teamName: 'Alpha' },
      'task.assignee_not_member',
      '<@UX> is not in Alpha, so their capacity is unknown. Add them first: `/standup members add <@UX>`. Nothing was changed.',
    ],
    [{ kind: 'not-answering', userId: 'UX', teamName: '<!here>' }, 'workload.not_member', '<@UX> is not answering standups in &lt;!here&gt;.'],
  ])('refuses %j with its code and a sentence', (r, code, text) => {
    expect(taskRefusalText(r)).toBe(text);
    const err = taskRefusal(r);
    expect(isUserError(err)).toBe(true);
    expect([err.code, err.message]).toEqual([code, text]);
  });

  it('confirms an added task, escaping the team, milestone and title, with the overload under it', () => {
    expect(taskAddedText({ teamName: 'A&B', task: task(), milestone: { name: '<v2>' } })).toBe(':memo: Added to A&amp;B for <@UANA>: *#7* Ship &lt;the&gt; *thing* · 4h · for milestone *&lt;v2&gt;*');
    expect(taskAddedText({ teamName: 'A', task: task({ estimateMinutes: null }), overload })).toBe(`:memo: Added to A for <@UANA>: *#7* Ship &lt;the&gt; *thing* · _unestimated_\n${overloadNotice(overload)}`);
  });

  it('confirms assignments, estimates, milestones, starts and finishes', () => {
    expect(taskAssignedText(task({ assigneeId: 'UBO' }))).toBe(":arrow_right: Task #7 is now <@UBO>'s: Ship &lt;the&gt; *thing*");
    expect(taskAssignedText(task(), overload)).toBe(`:arrow_right: Task #7 is now <@UANA>'s: Ship &lt;the&gt; *thing*\n${overloadNotice(overload)}`);
    expect(taskEstimatedText(task())).toBe(':stopwatch: *#7* Ship &lt;the&gt; *thing* · 4h');
    expect(taskMilestoneText(task(), { id: 3, name: 'Beta & co' })).toBe(':triangular_flag_on_post: Task #7 now counts towards milestone *#3 Beta &amp; co*.');
    expect(taskMilestoneText(task(), null)).toBe('Task #7 is no longer attached to a milestone.');
    expect(taskStatusText(task(), 'done')).toBe(':white_check_mark: Done: #7 Ship &lt;the&gt; *thing*');
    expect(taskStatusText(task({ status: 'in_progress' }), 'in_progress')).toBe(':arrow_forward: Started: *#7* Ship &lt;the&gt; *thing* · 4h · :arrow_forward: in progress');
    expect(capacityText({ userId: 'UANA', hours: 30, teamName: '<b>' })).toBe(':calendar: <@UANA> now has 30 h a week in &lt;b&gt;.');
  });
});
