import { actions } from '../ids.ts';
import type { ListenerDeps, Registrar } from '../listeners.ts';
import { promptAnswerAction, promptSkipAction } from './prompt.actions.ts';
import { forgetCancelAction, forgetConfirmAction } from './privacy.actions.ts';
import { homeAwayCancelAction, homeDigestPostAction, homeDigestPreviewAction, homeSettingsAction, homeTaskEstimateAction, homeTaskStatusAction } from './home.actions.ts';
import { blockerAskAction, blockerHelpAction, blockerNotAction, blockerRaiseInAction, blockerResolveAction } from './blocker.actions.ts';

export function registerActions(app: Registrar, deps: ListenerDeps): void {
  app.action(actions.promptAnswer, promptAnswerAction(deps));
  app.action(actions.promptSkip, promptSkipAction(deps));
  app.action(actions.blockerHelp, blockerHelpAction(deps));
  app.action(actions.blockerResolve, blockerResolveAction(deps));
  app.action(actions.blockerNot, blockerNotAction(deps));
  app.action(actions.blockerTrack, blockerAskAction(deps, true));
  app.action(actions.blockerUntracked, blockerAskAction(deps, false));
  app.action(actions.forgetConfirm, forgetConfirmAction(deps));
  app.action(actions.forgetCancel, forgetCancelAction(deps));
  app.action(actions.homeTaskDone, homeTaskStatusAction(deps, 'done'));
  app.action(actions.homeTaskStart, homeTaskStatusAction(deps, 'in_progress'));
  app.action(actions.homeTaskEstimate, homeTaskEstimateAction(deps));
  app.action(actions.homeAwayCancel, homeAwayCancelAction(deps));
  app.action(actions.homeDigestPreview, homeDigestPreviewAction(deps));
  app.action(actions.homeDigestPost, homeDigestPostAction(deps));
  app.action(actions.homeSettings, homeSettingsAction(deps));
  app.action(new RegExp(`^${actions.blockerRaiseIn}_\\d+$`), blockerRaiseInAction(deps));
}
