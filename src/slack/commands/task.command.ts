import { isRefused } from '../../shared/errors.ts';
import { addDays, localDateOf } from '../../shared/time.ts';
import { parseTaskCommand } from '../../workload/task-command.parser.ts';
import { taskUsage, usageReply } from '../blocks/usage.blocks.ts';
import { taskModal, taskListMessage } from '../blocks/workload.blocks.ts';
import { taskAddedText, taskAssignedText, taskEstimatedText, taskMilestoneText, taskStatusText } from '../blocks/workload.replies.ts';
import { slashCommand } from './slash-command.ts';
import type { ListenerDeps } from '../listeners.ts';

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
      switch (reparsed.kind) {
        case 'add': {
          const { kind: _k, milestone: ref, titleWithFor, ...input } = reparsed;
          // "Load tests for payments": no milestone is called "payments", so the words stay in the title.
          const milestone =
            ref && titleWithFor
              ? await services.milestones.resolve(team, ref).catch((err: unknown) => {
                  if (isRefused(err)) return undefined;
                  throw err;
                })
              : ref
                ? await services.milestones.resolve(team, ref, { afterFor: true })
                : undefined;
          const title = ref && !milestone && titleWithFor ? titleWithFor : input.title;
          const added = await workload.addTask(actor, team, { ...input, title, ...(milestone ? { milestoneId: milestone.id } : {}) });
          if ('replayed' in added) return;
          await say(taskAddedText({ teamName: team.name, task: added.task, overload: added.overload, milestone }));
          return;
        }
        case 'milestone': {
          const milestone = reparsed.milestone ? await services.milestones.resolve(team, reparsed.milestone, { afterFor: true }) : null;
          const r = await workload.setMilestone(actor, team, reparsed.id, milestone?.id ?? null);
          await say(taskMilestoneText(r.task, milestone));
          return;
        }
        case 'list':
          await respond({ response_type: 'ephemeral', ...taskListMessage(await workload.list(team, reparsed.userId)) });
          return;
        case 'assign': {
          const r = await workload.assign(actor, team, reparsed.id, reparsed.userId);
          await say(taskAssignedText(r.task, r.overload));
          return;
        }
        case 'estimate': {
          const r = await workload.estimate(actor, team, reparsed.id, reparsed.minutes);
          await say(taskEstimatedText(r.task, r.overload));
          return;
        }
        case 'start':
        case 'done': {
          const status = reparsed.kind === 'done' ? 'done' : 'in_progress';
          const r = await workload.setStatus(actor, team, reparsed.id, status);
          await say(taskStatusText(r.task, status));
          return;
        }
      }
    },
  });
}
