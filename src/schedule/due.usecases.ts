import type { Bound } from '../shared/use-cases.ts';
import type { DueRepository } from './due.repository.ts';

export type DueDeps = { due: DueRepository };

/**
 * What other features call when something that decides a schedule changed outside the tables the
 * 0013 triggers watch (team settings, membership, zones, tasks, time off and blockers reset
 * themselves): a holiday calendar, a calendar feed of away days. It makes the instants in that
 * scope due at the next tick, which works them out again from the current inputs; nothing is sent
 * twice (delivery keys) and nothing is skipped (the tick plans everything since its last pass).
 */
export async function recomputeDue(deps: DueDeps, scope: { workspaceId: string; teamId?: number; userId?: string }): Promise<void> {
  await deps.due.reset(scope);
}

export const dueUseCases = { recomputeDue };
export type DueUseCases = Bound<typeof dueUseCases, DueDeps>;
