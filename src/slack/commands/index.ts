import { createCapacityGuard } from '../capacity.ts';
import { commands } from '../ids.ts';
import type { ListenerDeps, Registrar } from '../listeners.ts';
import { standupCommand } from './standup.command.ts';
import { blockerCommand } from './blocker.command.ts';
import { taskCommand } from './task.command.ts';
import { workloadCommand } from './workload.command.ts';
import { digestCommand } from './digest.command.ts';

/** Commands accepted but not finished, per process; see capacity.ts. */
export const maxCommandsInFlight = 256;

export function registerCommands(app: Registrar, deps: ListenerDeps): void {
  const capacity = createCapacityGuard(maxCommandsInFlight);
  app.command(commands.standup, capacity.wrap(standupCommand(deps)));
  app.command(commands.blocker, capacity.wrap(blockerCommand(deps)));
  app.command(commands.task, capacity.wrap(taskCommand(deps)));
  app.command(commands.workload, capacity.wrap(workloadCommand(deps)));
  app.command(commands.digest, capacity.wrap(digestCommand(deps)));
}
