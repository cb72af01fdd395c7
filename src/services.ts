import type { WebClient } from '@slack/web-api';
import type { Database } from './db/database.ts';
import type { Clock } from './shared/clock.ts';
import type { Logger } from './shared/logger.ts';
import { createWorkspacesRepository } from './workspaces/workspaces.repository.ts';

export type ServiceDeps = { db: Database; clock: Clock; logger: Logger; web: WebClient };

/** Every repository and use case, wired to one database, clock and logger. */
export function createServices({ db, clock, logger, web }: ServiceDeps) {
  return {
    db,
    web,
    clock,
    logger,
    workspaces: createWorkspacesRepository({ db }),
  };
}

export type Services = ReturnType<typeof createServices>;
