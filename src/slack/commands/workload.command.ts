import { escapeMrkdwn } from '../../shared/text.ts';
import { parseWorkloadCommand } from '../../workload/workload-command.parser.ts';
import { plainReply } from '../blocks/standup.blocks.ts';
import { workloadUsage } from '../blocks/usage.blocks.ts';
import { slashCommand } from './slash-command.ts';
import type { ListenerDeps } from '../listeners.ts';
import { personLoad, workloadTable } from '../blocks/workload.blocks.ts';
import { capacityText } from '../blocks/workload.replies.ts';

export function workloadCommand(deps: ListenerDeps) {
  const { services } = deps;
  return slashCommand(deps, {
    name: 'workload',
    usage: workloadUsage,
    parse: (text) => parseWorkloadCommand(text),
    homeChanges: (p) => (p.kind === 'team' || p.kind === 'person' ? false : p.kind === 'capacity' ? { also: [p.userId] } : { everyone: true }),
    run: async ({ parsed, actor, command, respond }) => {
      switch (parsed.kind) {
        case 'team': {
          const team = await services.standups.teamForCommand(actor, command.channel_id);
          await respond({ response_type: 'ephemeral', ...workloadTable(await services.workload.table(team)) });
          return;
        }
        case 'person': {
          const team = await services.standups.teamForCommand(actor, command.channel_id);
          await respond({ response_type: 'ephemeral', ...personLoad(await services.workload.person(team, parsed.userId)) });
          return;
        }
        case 'dayhours': {
          const { team } = await services.teams.teamForSettings(actor, command.channel_id, command.channel_name);
          await services.teams.update(team, { dayHours: parsed.hours });
          await respond({ response_type: 'ephemeral', ...plainReply(`:clock9: In ${escapeMrkdwn(team.name)}, a day in estimates (\`2d\`) is now ${parsed.hours} hours.`) });
          return;
        }
        case 'threshold': {
          const { team } = await services.teams.teamForSettings(actor, command.channel_id, command.channel_name);
          await services.teams.update(team, { overloadThreshold: parsed.percent });
          await respond({ response_type: 'ephemeral', ...plainReply(`:chart_with_upwards_trend: In ${escapeMrkdwn(team.name)}, above ${parsed.percent}% is overloaded (85–${parsed.percent}% at risk).`) });
          return;
        }
        case 'teamCapacity': {
          const { team } = await services.teams.teamForSettings(actor, command.channel_id, command.channel_name);
          await services.teams.update(team, { capacityHours: parsed.hours });
          await respond({ response_type: 'ephemeral', ...plainReply(`:calendar: In ${escapeMrkdwn(team.name)}, everyone without a capacity of their own now has ${parsed.hours} h a week.`) });
          return;
        }
        case 'defaultEstimate': {
          const { team } = await services.teams.teamForSettings(actor, command.channel_id, command.channel_name);
          await services.teams.update(team, { defaultEstimateHours: parsed.hours });
          await respond({ response_type: 'ephemeral', ...plainReply(`:hourglass: In ${escapeMrkdwn(team.name)}, a task nobody estimated now counts as ${parsed.hours} h.`) });
          return;
        }
        case 'capacity': {
          const { team } = await services.teams.teamForSettings(actor, command.channel_id, command.channel_name);
          await services.workload.setCapacity(team, parsed.userId, parsed.hours);
          await respond({ response_type: 'ephemeral', ...plainReply(capacityText({ userId: parsed.userId, hours: parsed.hours, teamName: team.name })) });
          return;
        }
      }
    },
  });
}
