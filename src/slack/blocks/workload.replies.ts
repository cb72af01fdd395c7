import { escapeMrkdwn, truncate } from '../../shared/text.ts';
import type { Overload, TaskRefusal } from '../../workload/workload.models.ts';
import type { Task } from '../../workload/workload.schema.ts';
import { taskLine } from './workload.blocks.ts';

/**
 * Pure reply texts for `/task`, `/workload` and the Home's task buttons, rendered from what the
 * workload use cases return. The texts are mrkdwn: names are escaped here, people are mentions.
 */

/** "This puts @ana at 130 % next week": for the person who just assigned or estimated work. */
export function overloadNotice(o: Overload): string {
  return `:warning: This puts <@${o.userId}> at *${o.utilisation}%* ${o.week} (${o.plannedHours} h planned of ${o.availableHours} h). \`/workload\` shows who has room.`;
}

/** The overload notice on its own line under a reply, when there is one. */
const withNotice = (text: string, overload: Overload | undefined) => (overload ? `${text}\n${overloadNotice(overload)}` : text);

/** Why a task or workload command changed nothing, said to the person who asked (by refusals.ts). */
export function taskRefusalText(r: TaskRefusal): string {
  switch (r.code) {
    case 'task.not_found':
      return `There is no task #${r.taskId} in ${escapeMrkdwn(r.teamName)}. \`/task list\` shows the open ones.`;
    case 'task.forbidden':
      return `Only <@${r.assigneeId}> (the assignee), <@${r.createdBy}> (who added it) or a manager can change task #${r.taskId}. Nothing was changed.`;
    case 'task.done':
      return `Task #${r.taskId} is already done.`;
    case 'task.assignee_not_member':
      return `<@${r.userId}> is not in ${escapeMrkdwn(r.teamName)}, so their capacity is unknown. Add them first: \`/standup members add <@${r.userId}>\`. Nothing was changed.`;
    case 'workload.not_member':
      return `<@${r.userId}> is not answering standups in ${escapeMrkdwn(r.teamName)}.`;
  }
}

/** `/task add …` and the task form. */
export function taskAddedText(p: { teamName: string; task: Task; overload?: Overload | undefined; milestone?: { name: string } | undefined }): string {
  const forMilestone = p.milestone ? ` · for milestone *${escapeMrkdwn(p.milestone.name)}*` : '';
  return withNotice(`:memo: Added to ${escapeMrkdwn(p.teamName)} for <@${p.task.assigneeId}>: ${taskLine(p.task)}${forMilestone}`, p.overload);
}

/** `/task milestone ID …`: attached to a milestone, or detached (`null`). */
export function taskMilestoneText(task: Task, milestone: { id: number; name: string } | null): string {
  return milestone ? `:triangular_flag_on_post: Task #${task.id} now counts towards milestone *#${milestone.id} ${escapeMrkdwn(milestone.name)}*.` : `Task #${task.id} is no longer attached to a milestone.`;
}

/** `/task assign ID @user`. */
export function taskAssignedText(task: Task, overload?: Overload): string {
  return withNotice(`:arrow_right: Task #${task.id} is now <@${task.assigneeId}>'s: ${escapeMrkdwn(truncate(task.title, 200))}`, overload);
}

/** `/task estimate ID 4h` and the Home's estimate menu. */
export function taskEstimatedText(task: Task, overload?: Overload): string {
  return withNotice(`:stopwatch: ${taskLine(task)}`, overload);
}

/** `/task done ID`, `/task start ID` and the Home's buttons. */
export function taskStatusText(task: Task, status: 'done' | 'in_progress'): string {
  return status === 'done' ? `:white_check_mark: Done: #${task.id} ${escapeMrkdwn(truncate(task.title, 200))}` : `:arrow_forward: Started: ${taskLine(task)}`;
}

/** `/workload capacity @user 30h`. */
export function capacityText(p: { userId: string; hours: number; teamName: string }): string {
  return `:calendar: <@${p.userId}> now has ${p.hours} h a week in ${escapeMrkdwn(p.teamName)}.`;
}
