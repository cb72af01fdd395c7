import type { WebClient, WebClientOptions } from '@slack/web-api';
import type { Database } from './db/database.ts';
import { createDeliveriesRepository } from './outbox/deliveries.repository.ts';
import { createDispatcher, type Dispatcher } from './outbox/dispatcher.ts';
import { createBlockersRepository } from './blockers/blockers.repository.ts';
import { createBlockerUseCases, type BlockerUseCases } from './blockers/blockers.usecases.ts';
import { blockerDeliveries } from './blockers/blockers.deliveries.ts';
import type { Clock } from './shared/clock.ts';
import type { Logger } from './shared/logger.ts';
import { createStandupsRepository } from './standups/standups.repository.ts';
import { createStandupUseCases } from './standups/standups.usecases.ts';
import { createStandupDeliveries } from './standups/standups.deliveries.ts';
import { createTeamsRepository } from './teams/teams.repository.ts';
import { createTeamUseCases } from './teams/teams.usecases.ts';
import { createUsersService } from './workspaces/users.service.ts';
import { createWorkspacesRepository } from './workspaces/workspaces.repository.ts';
import { createWorkloadRepository } from './workload/workload.repository.ts';
import { createWorkloadUseCases } from './workload/workload.usecases.ts';
import { createDigestsRepository } from './digests/digests.repository.ts';
import { createDigestUseCases } from './digests/digests.usecases.ts';
import { createDigestDeliveries } from './digests/digests.deliveries.ts';
import { workloadDeliveries } from './workload/workload.deliveries.ts';
import { createSlackGateway } from './slack/gateway.ts';
import { createRequestsRepository } from './requests/requests.repository.ts';
import { createRequestUseCases } from './requests/requests.usecases.ts';
import { createOutboxUseCases } from './outbox/outbox.usecases.ts';
import type { DigestContent } from './digests/digest.models.ts';
import { createPrivacyRepository } from './privacy/privacy.repository.ts';
import { createPrivacyUseCases } from './privacy/privacy.usecases.ts';
import { privacyDeliveries } from './privacy/privacy.deliveries.ts';
import { createMetrics, type Metrics } from './ops/metrics.ts';
import { createOpsRepository } from './ops/ops.repository.ts';
import { createInstallationsRepository } from './installations/installations.repository.ts';
import { createInstallationUseCases, type RefreshedToken } from './installations/installations.usecases.ts';
import type { Keyring } from './installations/token-crypto.models.ts';
import { createWebClient } from './slack/gateway.ts';

/** The distributed mode (OAuth installs): each workspace's own token, from the installation store. */
export type DistributedDeps = {
  keyring: Keyring;
  /** Days an uninstalled workspace's data is kept before the tick deletes it. */
  graceDays: number;
  /** A Web API client acting with this token (main.ts: createWebClient with the shared options). */
  clientFor: (token: string) => WebClient;
  /** oauth.v2.access with grant_type=refresh_token. */
  refresh: (refreshToken: string) => Promise<RefreshedToken>;
};

export type ServiceDeps = {
  db: Database;
  clock: Clock;
  logger: Logger;
  /** The Web API client for everything we send; it must not retry by itself (the outbox does). */
  web: WebClient;
  /** Names this process in delivery claims. */
  worker?: string;
  /** Replaces the digest chart renderer (tests make it fail). */
  renderChart?: (content: DigestContent, threshold: number) => Promise<Buffer>;
  /** Counts and latencies of this instance; a fresh registry when not given. */
  metrics?: Metrics;
  /** Set in distributed mode: `web` then only speaks for the app (no workspace token). */
  distributed?: DistributedDeps;
};

/** Every repository and use case, wired to one database, Slack client, clock and logger. */
export function createServices({ db, clock, logger, web, worker, renderChart, metrics = createMetrics(), distributed }: ServiceDeps) {
  const installations = distributed ? createInstallationUseCasesFor(db, clock, logger, distributed) : undefined;
  // Single-workspace mode: the one token's client. Distributed: each workspace's own token,
  // opened from the installation store (cached briefly, refreshed before it expires).
  const clientFor = createClientResolver(web, installations, distributed);
  const slack = createSlackGateway(clientFor);
  const workspaces = createWorkspacesRepository({ db });
  const teamsRepo = createTeamsRepository({ db });
  const standupsRepo = createStandupsRepository({ db });
  const deliveries = createDeliveriesRepository({ db });
  const users = createUsersService({ workspaces, web: clientFor, clock, logger });
  const blockersRepo = createBlockersRepository({ db });
  let dispatcher: Dispatcher | undefined;
  let blockers: BlockerUseCases | undefined;
  const standups = createStandupUseCases({
    teams: teamsRepo,
    standups: standupsRepo,
    deliveries,
    users,
    clock,
    logger,
    prompts: () => standupDeliveries,
    dispatcher: () => dispatcher!,
    blockers: () => blockers!,
    transaction: (fn) =>
      db.transaction((tx) => fn({ standups: createStandupsRepository({ db: tx }), deliveries: createDeliveriesRepository({ db: tx }), blockers: createBlockersRepository({ db: tx }), requests: createRequestsRepository({ db: tx }) })),
  });
  const standupDeliveries = createStandupDeliveries({ teams: teamsRepo, standups: standupsRepo, deliveries, users, slack, logger, daySummary: standups.daySummary, isAway: standups.isAway });
  blockers = createBlockerUseCases({
    blockers: blockersRepo,
    teams: teamsRepo,
    deliveries,
    users,
    clock,
    logger,
    entryOwner: (entryId) => standupsRepo.entryById(entryId),
    transaction: (fn) => db.transaction((tx) => fn({ blockers: createBlockersRepository({ db: tx }), deliveries: createDeliveriesRepository({ db: tx }), requests: createRequestsRepository({ db: tx }) })),
  });
  const workloadRepo = createWorkloadRepository({ db });
  const workload = createWorkloadUseCases({
    workload: workloadRepo,
    teams: teamsRepo,
    standups: standupsRepo,
    blockers: blockersRepo,
    deliveries,
    users,
    clock,
    transaction: (fn) => db.transaction((tx) => fn({ workload: createWorkloadRepository({ db: tx }), deliveries: createDeliveriesRepository({ db: tx }), requests: createRequestsRepository({ db: tx }) })),
  });
  const digestsRepo = createDigestsRepository({ db });
  const digestUseCases = createDigestUseCases({
    digests: digestsRepo,
    teams: teamsRepo,
    standups: standupsRepo,
    blockers: blockersRepo,
    tasks: workloadRepo,
    workload,
    deliveries,
    clock,
  });
  const digestDeliveries = createDigestDeliveries({
    digests: digestsRepo,
    teams: teamsRepo,
    deliveries,
    slack,
    logger,
    compose: digestUseCases.compose,
    ...(renderChart ? { render: renderChart } : {}),
  });
  const digests = { ...digestUseCases, followUpKeys: digestDeliveries.followUpKeys };
  const privacy = createPrivacyUseCases({
    privacy: createPrivacyRepository({ db }),
    users,
    deliveries,
    clock,
    logger,
    dispatcher: () => dispatcher!,
    transaction: (fn) => db.transaction((tx) => fn({ privacy: createPrivacyRepository({ db: tx }), requests: createRequestsRepository({ db: tx }) })),
  });
  // Every kind of the outbox catalogue, handled by the feature that sends it (src/outbox/kinds.ts).
  const handlers = [
    ...standupDeliveries.handlers,
    ...blockerDeliveries({
      blockers: blockersRepo,
      teams: teamsRepo,
      deliveries,
      users,
      slack,
      ensureParent: standupDeliveries.ensureParent,
      latestThread: (teamId, date) => standupsRepo.latestThread(teamId, date),
      managersOf: blockers.managersOf,
      ageOf: blockers.ageOf,
    }),
    ...workloadDeliveries({ slack }),
    ...digestDeliveries.handlers,
    ...privacyDeliveries({ slack, logger, scopeOf: privacy.scopeOf, buildZip: privacy.buildZip }),
  ];
  dispatcher = createDispatcher({ deliveries, clock, handlers, logger, onOutcome: (kind, outcome) => metrics.delivery(kind, outcome), ...(worker ? { worker } : {}), ...(distributed ? { isolateWorkspaces: true } : {}) });
  const ops = createOpsRepository({ db });
  metrics.sources.queued(() => ops.queuedDeliveries());
  const teams = createTeamUseCases({
    teams: teamsRepo,
    users,
    clock,
    logger,
    withTransaction: (fn) => db.transaction((tx) => fn(createTeamsRepository({ db: tx }), createRequestsRepository({ db: tx }))),
  });
  return {
    db,
    web,
    clock,
    logger,
    metrics,
    workspaces,
    users,
    deliveries,
    requests: createRequestUseCases({ requests: createRequestsRepository({ db }), clock }),
    outbox: createOutboxUseCases({ deliveries, dispatcher: () => dispatcher!, clock }),
    dispatcher,
    teams,
    standups,
    blockers,
    workload,
    digests,
    privacy,
    /** Distributed mode only: install, tokens, uninstall, purge. */
    installations,
    /** The Web API client that acts for a workspace (its own token in distributed mode). */
    clientFor,
    repos: { teams: teamsRepo, standups: standupsRepo, blockers: blockersRepo, workload: workloadRepo },
  };
}

export type Services = ReturnType<typeof createServices>;

/**
 * The distributed mode's Slack side, from its configuration: each token's client shares the
 * outbox's options (no retries of its own, a timeout), and refreshes go to oauth.v2.access.
 */
export function distributedDeps(d: { clientId: string; clientSecret: string; keyring: Keyring; uninstallGraceDays: number }, opts: { apiUrl: string | undefined; logger: Logger; clientOptions?: WebClientOptions }): DistributedDeps & { app: WebClient } {
  const app = createWebClient({ botToken: undefined, apiUrl: opts.apiUrl, logger: opts.logger, ...(opts.clientOptions ? { clientOptions: opts.clientOptions } : {}) });
  return {
    app,
    keyring: d.keyring,
    graceDays: d.uninstallGraceDays,
    clientFor: (token) => createWebClient({ botToken: token, apiUrl: opts.apiUrl, logger: opts.logger, ...(opts.clientOptions ? { clientOptions: opts.clientOptions } : {}) }),
    async refresh(refreshToken) {
      const res = await app.oauth.v2.access({ client_id: d.clientId, client_secret: d.clientSecret, grant_type: 'refresh_token', refresh_token: refreshToken });
      if (!res.access_token) throw Object.assign(new Error('oauth.v2.access returned no access_token'), { data: { error: 'no_access_token' } });
      return { accessToken: res.access_token, refreshToken: res.refresh_token, expiresInSeconds: res.expires_in };
    },
  };
}

function createInstallationUseCasesFor(db: Database, clock: Clock, logger: Logger, d: DistributedDeps) {
  return createInstallationUseCases({
    installations: createInstallationsRepository({ db, keyring: d.keyring }),
    transaction: (fn) => db.transaction((tx) => fn({ installations: createInstallationsRepository({ db: tx, keyring: d.keyring }) })),
    refresh: d.refresh,
    clock,
    logger,
    graceDays: d.graceDays,
  });
}

/** One client per token, kept while the token is current; a refreshed or revoked token gets a new one. */
function createClientResolver(web: WebClient, installations: ReturnType<typeof createInstallationUseCases> | undefined, d: DistributedDeps | undefined) {
  if (!installations || !d) return async (_workspaceId: string) => web;
  const clients = new Map<string, { token: string; client: WebClient }>();
  return async (workspaceId: string): Promise<WebClient> => {
    const { botToken } = await installations.installationFor(workspaceId);
    const held = clients.get(workspaceId);
    if (held?.token === botToken) return held.client;
    const client = d.clientFor(botToken);
    clients.set(workspaceId, { token: botToken, client });
    return client;
  };
}

/**
 * What Slack listeners may use: use cases only. Repositories, the outbox's rows, the raw
 * Slack client and the database stay behind them (tests and the tick reach them on Services).
 */
export type UseCases = Omit<Services, 'db' | 'web' | 'repos' | 'deliveries' | 'dispatcher' | 'workspaces' | 'clientFor'>;
