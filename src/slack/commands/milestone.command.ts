import { parseMilestoneCommand } from '../../milestones/milestone-command.parser.ts';
import { addDays, localDateOf } from '../../shared/time.ts';
import { milestoneAdded, milestoneDetail, milestoneListMessage, milestoneMarkedDone } from '../blocks/milestone.blocks.ts';
import { milestoneUsage, usageReply } from '../blocks/usage.blocks.ts';
import { slashCommand } from './slash-command.ts';
import type { ListenerDeps } from '../listeners.ts';

/** `/milestone …`: targets, budgets and the delivery forecast of each. */
export function milestoneCommand(deps: ListenerDeps) {
  const { services, clock } = deps;
  // Parsed before any IO so the ack is immediate: "the past" is judged generously across zones (the use case judges in the team's).
  const today = () => addDays(localDateOf(clock.now(), 'UTC'), -1);
  return slashCommand(deps, {
    name: 'milestone',
    usage: milestoneUsage,
    parse: (text) => parseMilestoneCommand(text, { today: today(), dayHours: 8 }),
    // The managers' Home lists milestones at risk: a change refreshes it.
    homeChanges: (p) => p.kind !== 'list' && p.kind !== 'show',
    run: async ({ parsed, actor, command, respond, say, reply }) => {
      const team = await services.standups.teamForCommand(actor, command.channel_id);
      const { milestones } = services;
      // "d" in a budget is the team's working day: read again with it once the team is known.
      const p = team.dayHours === 8 ? parsed : parseMilestoneCommand(command.text ?? '', { today: today(), dayHours: team.dayHours });
      if (p.kind === 'error') return void (await respond({ response_type: 'ephemeral', ...usageReply(milestoneUsage, p.message) }));
      switch (p.kind) {
        case 'list':
          await reply(milestoneListMessage(await milestones.list(team)));
          return;
        case 'show': {
          await reply(milestoneDetail(await milestones.show(team, p.ref)));
          return;
        }
        case 'add': {
          const added = await milestones.add(actor, team, { name: p.name, targetDate: p.targetDate, ...(p.budgetMinutes ? { budgetMinutes: p.budgetMinutes } : {}) });
          await say(milestoneAdded({ teamName: team.name, milestone: added.milestone, budgetHours: added.forecast.budgetHours }));
          return;
        }
        case 'done': {
          const done = await milestones.done(actor, team, p.ref);
          await say(milestoneMarkedDone(done));
          return;
        }
        case 'move': {
          const moved = await milestones.move(actor, team, p.ref, p.targetDate);
          await reply(milestoneDetail({ teamName: team.name, item: moved, defaultEstimateHours: team.defaultEstimateHours }));
          return;
        }
        case 'budget': {
          const updated = await milestones.setBudget(actor, team, p.ref, p.budgetMinutes);
          await reply(milestoneDetail({ teamName: team.name, item: updated, defaultEstimateHours: team.defaultEstimateHours }));
          return;
        }
      }
    },
  });
}
