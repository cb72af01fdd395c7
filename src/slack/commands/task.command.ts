import { isUserError, userError } from '../../shared/errors.ts';
import { escapeMrkdwn, truncate } from '../../shared/text.ts';
import { addDays, localDateOf } from '../../shared/time.ts';
import { parseTaskCommand } from '../../workload/task-command.parser.ts';
import { taskUsage, usageReply } from '../blocks/usage.blocks.ts';
import { taskModal, taskLine, taskListMessage } from '../blocks/workload.blocks.ts';
import { slashCommand } from './slash-command.ts';
import type { ListenerDeps } from '../listeners.ts';
import { foundMilestone } from '../blocks/milestone.blocks.ts';

/** `/task …`: ack first, then the work; the reply says at once if an assignment overloads someone. */
export function taskCommand(deps: ListenerDeps) {
  const { services, clock } = deps;
  // Parsed before any IO so the ack is immediate: "d" is an 8-hour working day; "the past" is judged generously across zones.
  const today = () => addDays(localDateOf(clock.now(), 'UTC'), -1);
  return slashCommand(deps, {
    name: 'task',
    usage: taskUsage,
    parse: (text) => parseTaskCommand(text, { dayHours: 8, today: today() }),
    homeChanges: (p) => (p.kind === 'list' || p.kind === 'modal' ? false : p.kind === 'add' && p.assigneeId ? { also: [p.assigneeId] } : p.kind === 'assign' ? { also: [p.userId] } : true),
    run: async ({ parsed, actor, command, respond, client, say }) => {
      if (parsed.kind === 'modal') {
        await client.views.open({ trigger_id: command.trigger_id, view: taskModal({ channelId: command.channel_id, assigneeId: actor.userId }) });
        return;
      }
      const team = await services.standups.teamForCommand(actor, command.channel_id);
      const { workload } = services;
      // "d" in an estimate is the team's working day: read again with it once the team is known.
      const reparsed = team.dayHours === 8 ? parsed : parseTaskCommand(command.text ?? '', { dayHours: team.dayHours, today: today() });
      if (reparsed.kind === 'error') {
        await respond({ response_type: 'ephemeral', ...usageReply(taskUsage, reparsed.message) });
        return;
      }
      /** The milestone named after `for`, in this team; "not found" says how to keep "for …" in the title. */
      const milestoneOf = async (ref: { id: number } | { name: string }) =>
        services.milestones.resolve(team, ref).then(foundMilestone).catch((err: unknown) => {
          if (isUserError(err) && err.code === 'milestone.not_found') {
            const typed = 'name' in ref ? escapeMrkdwn(ref.name) : String(ref.id);
            throw userError(err.code, `${err.message} If “for ${typed}” is part of the title, reword it (“${typed}” after “for” names a milestone).`);
          }
          throw err;
        });
      switch (reparsed.kind) {
        case 'add': {
          const { kind: _k, milestone: ref, titleWithFor, ...input } = reparsed;
          // "Load tests for payments": no milestone is called "payments", so the words stay in the title.
          const milestone = ref && titleWithFor ? await services.milestones.resolve(team, ref).then(foundMilestone).catch(() => undefined) : ref ? await milestoneOf(ref) : undefined;
          const title = ref && !milestone && titleWithFor ? titleWithFor : input.title;
          const added = await workload.addTask(actor, team, { ...input, title, ...(milestone ? { milestoneId: milestone.id } : {}) });
          if ('replayed' in added) return;
          const { task, notice } = added;
          const forMilestone = milestone ? ` · for milestone *${escapeMrkdwn(milestone.name)}*` : '';
          await say(`:memo: Added to ${escapeMrkdwn(team.name)} for <@${task.assigneeId}>: ${taskLine(task)}${forMilestone}${notice ? `\n${notice}` : ''}`);
          return;
        }
        case 'milestone': {
          const milestone = reparsed.milestone ? await milestoneOf(reparsed.milestone) : null;
          const task = await workload.setMilestone(actor, team, reparsed.id, milestone?.id ?? null);
          await say(milestone ? `:triangular_flag_on_post: Task #${task.id} now counts towards milestone *#${milestone.id} ${escapeMrkdwn(milestone.name)}*.` : `Task #${task.id} is no longer attached to a milestone.`);
          return;
        }
        case 'list':
          await respond({ response_type: 'ephemeral', ...taskListMessage(await workload.list(team, reparsed.userId)) });
          return;
        case 'assign': {
          const { task, notice } = await workload.assign(actor, team, reparsed.id, reparsed.userId);
          await say(`:arrow_right: Task #${task.id} is now <@${task.assigneeId}>'s: ${escapeMrkdwn(truncate(task.title, 200))}${notice ? `\n${notice}` : ''}`);
          return;
        }
        case 'estimate': {
          const { task, notice } = await workload.estimate(actor, team, reparsed.id, reparsed.minutes);
          await say(`:stopwatch: ${taskLine(task)}${notice ? `\n${notice}` : ''}`);
          return;
        }
        case 'start':
        case 'done': {
          const task = await workload.setStatus(actor, team, reparsed.id, reparsed.kind === 'done' ? 'done' : 'in_progress');
          await say(reparsed.kind === 'done' ? `:white_check_mark: Done: #${task.id} ${escapeMrkdwn(truncate(task.title, 200))}` : `:arrow_forward: Started: ${taskLine(task)}`);
          return;
        }
      }
    },
  });
}
