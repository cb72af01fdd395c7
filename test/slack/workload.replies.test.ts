import { describe, expect, it } from 'vitest';
import { refused } from '../../src/shared/errors.ts';
import { capacityText, overloadNotice, taskAddedText, taskAssignedText, taskEstimatedText, taskMilestoneText, taskRefusalText, taskStatusText } from '../../src/slack/blocks/workload.replies.ts';
import { userErrorText } from '../../src/slack/errors.ts';
import type { TaskRefusal } from '../../src/workload/workload.models.ts';
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

  it.each<[TaskRefusal, string]>([
    [{ code: 'task.not_found', taskId: 9, teamName: 'A&<B>' }, 'There is no task #9 in A&amp;&lt;B&gt;. `/task list` shows the open ones.'],
    [{ code: 'task.forbidden', taskId: 9, assigneeId: 'UANA', createdBy: 'UBO' }, 'Only <@UANA> (the assignee), <@UBO> (who added it) or a manager can change task #9. Nothing was changed.'],
    [{ code: 'task.done', taskId: 9 }, 'Task #9 is already done.'],
    [
      { code: 'task.assignee_not_member', userId: 'UX', teamName: 'Alpha' },
      '<@UX> is not in Alpha, so their capacity is unknown. Add them first: `/standup members add <@UX>`. Nothing was changed.',
    ],
    [{ code: 'workload.not_member', userId: 'UX', teamName: '<!here>' }, '<@UX> is not answering standups in &lt;!here&gt;.'],
  ])('words the refusal %j, as a use case throws it and the person is told', (r, text) => {
    expect(taskRefusalText(r)).toBe(text);
    const err = refused(r, 'plain text for the logs');
    // The code is what the task form maps to a field (task.assignee… under the assignee).
    expect([err.code, userErrorText(err)]).toEqual([r.code, text]);
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
