import { commands } from '../ids.ts';
import type { ListenerDeps, Registrar } from '../listeners.ts';
import { standupCommand } from './standup.command.ts';
import { blockerCommand } from './blocker.command.ts';
import { taskCommand } from './task.command.ts';
import { workloadCommand } from './workload.command.ts';
import { digestCommand } from './digest.command.ts';

export function registerCommands(app: Registrar, deps: ListenerDeps): void {
  app.command(commands.standup, standupCommand(deps));
  app.command(commands.blocker, blockerCommand(deps));
  app.command(commands.task, taskCommand(deps));
  app.command(commands.workload, workloadCommand(deps));
  app.command(commands.digest, digestCommand(deps));
}
