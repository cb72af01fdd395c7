import { commands } from '../ids.ts';
import type { ListenerDeps, Registrar } from '../listeners.ts';
import { standupCommand } from './standup.command.ts';

export function registerCommands(app: Registrar, deps: ListenerDeps): void {
  app.command(commands.standup, standupCommand(deps));
}
