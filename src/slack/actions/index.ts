import { actions } from '../ids.ts';
import type { ListenerDeps, Registrar } from '../listeners.ts';
import { promptAnswerAction, promptSkipAction } from './prompt.actions.ts';

export function registerActions(app: Registrar, deps: ListenerDeps): void {
  app.action(actions.promptAnswer, promptAnswerAction(deps));
  app.action(actions.promptSkip, promptSkipAction(deps));
}
