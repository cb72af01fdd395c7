import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { createCapacityGuard, maxCommandsInFlight } from '../capacity.ts';
import { commands } from '../ids.ts';
import { withSlowNotice } from '../slow-notice.ts';
import type { ListenerDeps, Registrar } from '../listeners.ts';
import { standupCommand } from './standup.command.ts';
import { blockerCommand } from './blocker.command.ts';
import { taskCommand } from './task.command.ts';
import { workloadCommand } from './workload.command.ts';
import { digestCommand } from './digest.command.ts';
import { coordinatorCommand } from './coordinator.command.ts';
import { milestoneCommand } from './milestone.command.ts';
import { riskCommand } from './risk.command.ts';

export function registerCommands(app: Registrar, deps: ListenerDeps): void {
  const log = deps.logger.child('commands');
  const capacity = deps.capacity ?? createCapacityGuard(maxCommandsInFlight, log);
  type Args = SlackCommandMiddlewareArgs & AllMiddlewareArgs;
  const guarded = (handler: (args: Args) => Promise<void>) => capacity.wrap<Args>(withSlowNotice<Args>(handler, log));
  app.command(commands.standup, guarded(standupCommand(deps)));
  app.command(commands.blocker, guarded(blockerCommand(deps)));
  app.command(commands.task, guarded(taskCommand(deps)));
  app.command(commands.workload, guarded(workloadCommand(deps)));
  app.command(commands.digest, guarded(digestCommand(deps)));
  app.command(commands.coordinator, guarded(coordinatorCommand(deps)));
  app.command(commands.milestone, guarded(milestoneCommand(deps)));
  app.command(commands.risk, guarded(riskCommand(deps)));
}
