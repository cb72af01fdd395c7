import type { Clock } from '../shared/clock.ts';
import type { RequestKey } from './requests.models.ts';
import type { RequestsRepository } from './requests.repository.ts';

/**
 * Requests Slack may deliver twice (a redelivered click, a shortcut sent again) whose
 * effect is not a write of ours, such as opening a form: the first is served, the rest dropped.
 */
export type RequestDeps = { requests: RequestsRepository; clock: Clock };

/** True the first time this request is seen in this workspace. */
export function firstTime(deps: RequestDeps, workspaceId: string, request: RequestKey): Promise<boolean> {
  return deps.requests.claim(workspaceId, request, deps.clock.now());
}

/** Forgets keys older than `before`: Slack does not repeat a request a day later. */
export function prune(deps: Pick<RequestDeps, 'requests'>, before: Date) {
  return deps.requests.prune(before);
}

export const requestUseCases = { firstTime, prune };
