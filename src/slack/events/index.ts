import { events } from '../ids.ts';
import type { ListenerDeps, Registrar } from '../listeners.ts';
import { userChangeEvent } from './user-change.event.ts';
import { appHomeOpenedEvent } from './app-home-opened.event.ts';
import { uninstallEvent } from './uninstall.event.ts';

export function registerEvents(app: Registrar, deps: ListenerDeps): void {
  app.event(events.userChange, userChangeEvent(deps));
  app.event(events.appHomeOpened, appHomeOpenedEvent(deps));
  app.event(events.appUninstalled, uninstallEvent(deps, 'app_uninstalled'));
  app.event(events.tokensRevoked, uninstallEvent(deps, 'tokens_revoked'));
}
