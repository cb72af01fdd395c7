import { events } from '../ids.ts';
import type { ListenerDeps, Registrar } from '../listeners.ts';
import { userChangeEvent } from './user-change.event.ts';

export function registerEvents(app: Registrar, deps: ListenerDeps): void {
  app.event(events.userChange, userChangeEvent(deps));
}
