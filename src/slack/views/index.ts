import { views } from '../ids.ts';
import type { ListenerDeps, Registrar } from '../listeners.ts';
import { answerSubmission } from './answer.view.ts';
import { setupSubmission } from './setup.view.ts';
import { taskSubmission } from './task.view.ts';

export function registerViews(app: Registrar, deps: ListenerDeps): void {
  app.view(views.answer, answerSubmission(deps));
  app.view(views.setup, setupSubmission(deps));
  app.view(views.task, taskSubmission(deps));
}
