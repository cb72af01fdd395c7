import { commands } from '../ids.ts';
import type { ListenerDeps, Registrar } from '../listeners.ts';
import { standupCommand } from './standup.command.ts';
import { blockerCommand } from './blocker.command.ts';

export function registerCommands(app: Registrar, deps: ListenerDeps): void {
  app.command(commands.standup, standupCommand(deps));
  app.command(commands.blocker, blockerCommand(deps));
}
