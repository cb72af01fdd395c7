import type { WebClient } from '@slack/web-api';
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
import { createHomeUseCases } from './home/home.usecases.ts';
import { homeDeliveries } from './home/home.deliveries.ts';
import { createHomeRepository } from './home/home.repository.ts';
import { createMilestonesRepository } from './milestones/milestones.repository.ts';
import { createMilestoneUseCases } from './milestones/milestones.usecases.ts';
import { milestoneDeliveries } from './milestones/milestones.deliveries.ts';
import { createRisksRepository } from './risks/risks.repository.ts';
import { createRiskUseCases, maxOpenRisks } from './risks/risks.usecases.ts';
import { riskDeliveries } from './risks/risks.deliveries.ts';
import { createOpsRepository } from './ops/ops.repository.ts';
import { createDueRepository } from './schedule/due.repository.ts';
import { createDueUseCases } from './schedule/due.usecases.ts';
import { createAvailabilityRepository } from './availability/availability.repository.ts';
import { createAvailabilityUseCases, type AvailabilityUseCases } from './availability/availability.usecases.ts';
import { availabilityDeliveries } from './availability/availability.deliveries.ts';
import { createFeedFetcher, type FeedFetcher } from './availability/calendar.fetch.ts';

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
  /** Calendar feeds: CALENDAR_ALLOW_INSECURE (http and loopback, for tests and the demo), or a whole fetcher. */
  calendar?: { allowInsecure?: boolean; fetch?: FeedFetcher };
  /** Called when someone's availability may have changed (next-due instants hook). */
  onAvailabilityChanged?: (change: { workspaceId: string; userIds: string[] | 'team'; teamId?: number }) => Promise<void>;
};

/** Every repository and use case, wired to one database, Slack client, clock and logger. */
export function createServices({ db, clock, logger, web, worker, renderChart, metrics = createMetrics(), calendar = {}, onAvailabilityChanged }: ServiceDeps) {
  // One workspace's client today; the gateway is where each installation's own client will be chosen.
  const slack = createSlackGateway(() => web);
  const workspaces = createWorkspacesRepository({ db });
  const teamsRepo = createTeamsRepository({ db });
  const standupsRepo = createStandupsRepository({ db });
  const deliveries = createDeliveriesRepository({ db });
  const due = createDueRepository({ db });
  const users = createUsersService({ workspaces, web, clock, logger });
  const blockersRepo = createBlockersRepository({ db });
  let dispatcher: Dispatcher | undefined;
  let blockers: BlockerUseCases | undefined;
  const allowInsecureFeeds = calendar.allowInsecure ?? false;
  const availability: AvailabilityUseCases = createAvailabilityUseCases({
    availability: createAvailabilityRepository({ db }),
    standups: standupsRepo,
    teams: teamsRepo,
    users,
    deliveries,
    clock,
    logger,
    fetchFeed: calendar.fetch ?? createFeedFetcher({ allowInsecure: allowInsecureFeeds }),
    allowInsecure: allowInsecureFeeds,
    dispatcher: () => dispatcher!,
    ...(onAvailabilityChanged ? { onChanged: onAvailabilityChanged } : {}),
  });
  const standups = createStandupUseCases({
    teams: teamsRepo,
    standups: standupsRepo,
    deliveries,
    due,
    users,
    clock,
    logger,
    prompts: () => standupDeliveries,
    dispatcher: () => dispatcher!,
    blockers: () => blockers!,
    availability: () => availability,
    transaction: (fn) =>
      db.transaction((tx) => fn({ standups: createStandupsRepository({ db: tx }), deliveries: createDeliveriesRepository({ db: tx }), blockers: createBlockersRepository({ db: tx }), requests: createRequestsRepository({ db: tx }) })),
  });
  const standupDeliveries = createStandupDeliveries({ teams: teamsRepo, standups: standupsRepo, deliveries, users, slack, logger, daySummary: standups.daySummary, isAway: standups.isAway });
  blockers = createBlockerUseCases({
    blockers: blockersRepo,
    teams: teamsRepo,
    deliveries,
    due,
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
    due,
    users,
    clock,
    availability: () => availability,
    transaction: (fn) => db.transaction((tx) => fn({ workload: createWorkloadRepository({ db: tx }), deliveries: createDeliveriesRepository({ db: tx }), requests: createRequestsRepository({ db: tx }) })),
  });
  const milestonesRepo = createMilestonesRepository({ db });
  const milestones = createMilestoneUseCases({
    milestones: milestonesRepo,
    workload: workloadRepo,
    teams: teamsRepo,
    standups: standupsRepo,
    deliveries,
    users,
    clock,
    // Time off, public holidays and calendar days: the one availability function.
    calendar: async (team, userIds, from, to) => {
      const index = await availability.forPeople(team.workspaceId, userIds, from, to);
      return (userId, date) => index.on(team, userId, date).working;
    },
    transaction: (fn) => db.transaction((tx) => fn({ milestones: createMilestonesRepository({ db: tx }), deliveries: createDeliveriesRepository({ db: tx }) })),
  });
  const risks = createRiskUseCases({ risks: createRisksRepository({ db }), milestones: milestonesRepo, teams: teamsRepo, deliveries, users, clock });
  const digestsRepo = createDigestsRepository({ db });
  const digestUseCases = createDigestUseCases({
    digests: digestsRepo,
    teams: teamsRepo,
    standups: standupsRepo,
    blockers: blockersRepo,
    tasks: workloadRepo,
    workload,
    deliveries,
    due,
    clock,
    availability: () => availability,
    milestones: (team, now) => milestones.forecasts(team, now),
    risks: (team) => risks.top(team, maxOpenRisks),
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
  const home = createHomeUseCases({
    teams: teamsRepo,
    standups: standupsRepo,
    blockers: blockersRepo,
    homes: createHomeRepository({ db }),
    ageOf: blockers.ageOf,
    workload,
    users,
    deliveries,
    dispatcher: () => dispatcher!,
    clock,
    logger,
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
    ...milestoneDeliveries({ slack }),
    ...riskDeliveries({ slack, ownedBy: risks.ownedBy }),
    ...digestDeliveries.handlers,
    ...availabilityDeliveries({ slack, refreshFeed: availability.refreshFeed }),
    ...privacyDeliveries({ slack, logger, scopeOf: privacy.scopeOf, buildZip: privacy.buildZip }),
    ...homeDeliveries({ slack, view: home.view }),
  ];
  dispatcher = createDispatcher({ deliveries, clock, handlers, logger, onOutcome: (kind, outcome) => metrics.delivery(kind, outcome), ...(worker ? { worker } : {}) });
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
    milestones,
    risks,
    digests,
    privacy,
    home,
    availability,
    schedule: createDueUseCases({ due }),
    repos: { teams: teamsRepo, standups: standupsRepo, blockers: blockersRepo, workload: workloadRepo, due },
  };
}

export type Services = ReturnType<typeof createServices>;

/**
 * What Slack listeners may use: use cases only. Repositories, the outbox's rows, the raw
 * Slack client and the database stay behind them (tests and the tick reach them on Services).
 */
export type UseCases = Omit<Services, 'db' | 'web' | 'repos' | 'deliveries' | 'dispatcher' | 'workspaces'>;
