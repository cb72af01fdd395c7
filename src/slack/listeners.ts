import type { App } from '@slack/bolt';
import type { UseCases } from '../services.ts';
import type { Clock } from '../shared/clock.ts';
import type { Logger } from '../shared/logger.ts';
import type { CapacityGuard } from './capacity.ts';
import { registerCommands } from './commands/index.ts';
import { registerEvents } from './events/index.ts';
import { registerActions } from './actions/index.ts';
import { registerViews } from './views/index.ts';
import { registerShortcuts } from './shortcuts/index.ts';

/** What every listener may use; built once in main.ts (or by the test harness). */
export type ListenerDeps = {
  /** Use cases only: a listener never reaches a repository, the outbox's rows or the database. */
  services: UseCases;
  clock: Clock;
  logger: Logger;
  /** Bounds the commands in flight; one per process, shared with the readiness route. */
  capacity?: CapacityGuard;
};

/** The part of Bolt's App that listeners register on; the manifest test passes a recorder. */
export type Registrar = Pick<App, 'command' | 'action' | 'view' | 'event' | 'shortcut' | 'options'>;

export function registerListeners(app: Registrar, deps: ListenerDeps): void {
  registerCommands(app, deps);
  registerEvents(app, deps);
  registerActions(app, deps);
  registerViews(app, deps);
  registerShortcuts(app, deps);
}
