import type { WebClient, WebClientOptions } from '@slack/web-api';
import type { Database } from './db/database.ts';
import { createDeliveriesRepository } from './outbox/deliveries.repository.ts';
import { createDispatcher, type Dispatcher } from './outbox/dispatcher.ts';
import { createBlockersRepository } from './blockers/blockers.repository.ts';
import { blockerUseCases, type BlockerDeps } from './blockers/blockers.usecases.ts';
import { blockerAge } from './blockers/blockers.models.ts';
import { blockerDeliveries } from './blockers/blockers.deliveries.ts';
import type { Clock } from './shared/clock.ts';
import type { Logger } from './shared/logger.ts';
import { createStandupsRepository } from './standups/standups.repository.ts';
import { standupUseCases, type StandupDeps } from './standups/standups.usecases.ts';
import { standupDeliveryFns, standupHandlers, type StandupDeliveryDeps } from './standups/standups.deliveries.ts';
import { createTeamsRepository } from './teams/teams.repository.ts';
import { teamUseCases, type TeamDeps } from './teams/teams.usecases.ts';
import { createUsersService } from './workspaces/users.service.ts';
import { createWorkspacesRepository } from './workspaces/workspaces.repository.ts';
import { createWorkloadRepository } from './workload/workload.repository.ts';
import { workloadUseCases, type WorkloadDeps } from './workload/workload.usecases.ts';
import { createDigestsRepository } from './digests/digests.repository.ts';
import { digestUseCases, type DigestDeps } from './digests/digests.usecases.ts';
import { digestDeliveries, followUpKeys } from './digests/digests.deliveries.ts';
import { workloadDeliveries } from './workload/workload.deliveries.ts';
import { createSlackGateway } from './slack/gateway.ts';
import { createRequestsRepository } from './requests/requests.repository.ts';
import { requestUseCases } from './requests/requests.usecases.ts';
import { outboxUseCases } from './outbox/outbox.usecases.ts';
import type { DigestContent } from './digests/digest.models.ts';
import { createPrivacyRepository } from './privacy/privacy.repository.ts';
import { privacyUseCases, type PrivacyDeps } from './privacy/privacy.usecases.ts';
import { privacyDeliveries } from './privacy/privacy.deliveries.ts';
import { createMetrics, type Metrics } from './ops/metrics.ts';
import { homeUseCases, type HomeDeps } from './home/home.usecases.ts';
import { homeDeliveries } from './home/home.deliveries.ts';
import { createHomeRepository } from './home/home.repository.ts';
import { createMilestonesRepository } from './milestones/milestones.repository.ts';
import { milestoneUseCases, type MilestoneDeps } from './milestones/milestones.usecases.ts';
import { milestoneDeliveries } from './milestones/milestones.deliveries.ts';
import { createRisksRepository } from './risks/risks.repository.ts';
import { riskUseCases, maxOpenRisks } from './risks/risks.usecases.ts';
import { riskDeliveries } from './risks/risks.deliveries.ts';
import { createOpsRepository } from './ops/ops.repository.ts';
import { createDueRepository } from './schedule/due.repository.ts';
import { dueUseCases } from './schedule/due.usecases.ts';
import { bindUseCases } from './shared/use-cases.ts';
import { createAvailabilityRepository } from './availability/availability.repository.ts';
import { availabilityUseCases, type AvailabilityDeps } from './availability/availability.usecases.ts';
import { availabilityDeliveries } from './availability/availability.deliveries.ts';
import { createFeedFetcher, type FeedFetcher } from './availability/calendar.fetch.ts';
import { createInstallationsRepository } from './installations/installations.repository.ts';
import { installationUseCases, newInstallationMemory, type InstallationDeps, type InstallationUseCases, type RefreshedToken } from './installations/installations.usecases.ts';
import type { Keyring } from './installations/token-crypto.models.ts';
import { createWebClient } from './slack/gateway.ts';
import { createRateGate, historyPaces, slackDocumentedPace, type HistoryPace, type PaceLimits } from './slack/rate-gate.models.ts';

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
  /** Calendar feeds: CALENDAR_ALLOW_INSECURE (http and loopback, for tests and the demo), or a whole fetcher. */
  calendar?: { allowInsecure?: boolean; fetch?: FeedFetcher };
  /** Called when someone's availability may have changed (next-due instants hook). */
  onAvailabilityChanged?: (change: { workspaceId: string; userIds: string[] | 'team'; teamId?: number }) => Promise<void>;
  /** Set in distributed mode: `web` then only speaks for the app (no workspace token). */
  distributed?: DistributedDeps;
  /**
   * COORDINATOR_ENCRYPTION_KEY: seals calendar feed addresses at rest (distributed mode's key when
   * not given). Without one, single-workspace mode stores them as given (README "Calendars").
   */
  keyring?: Keyring | undefined;
  /**
   * Slack's pace for the outbox (slack/rate-gate.models.ts). Retry-After is always honoured per
   * workspace and method; with `limits` calls also keep to them proactively. A drain never waits
   * for a slot: a call without one now goes back to the queue until its slot. `maxWaitMs`: how
   * long a person's own answer (`deliverNow`, a lane of its own) may wait for its slot instead
   * (default 0). `sleep` (given: main.ts and the CLI pass a timer, tests a function that moves
   * their clock) is how the gateway waits for such a slot, and lets a drain wait for rows coming
   * due within `followMs` (default 10 s) and go on working them inside its budget. `history`:
   * how often a channel or thread may be read and how much per search (`historyPaces`; default
   * five pages of 200 and no pace of its own).
   */
  pace?: { limits?: PaceLimits; maxWaitMs?: number; sleep?: (ms: number) => Promise<void>; followMs?: number; history?: HistoryPace };
};

/** Every repository and use case, wired to one database, Slack client, clock and logger. */
export function createServices({ db, clock, logger, web, worker, renderChart, metrics = createMetrics(), calendar = {}, onAvailabilityChanged, distributed, pace = {}, keyring = distributed?.keyring }: ServiceDeps) {
  const installations = distributed ? bindInstallationUseCases(db, clock, logger, distributed) : undefined;
  // Single-workspace mode: the one token's client. Distributed: each workspace's own token,
  // opened from the installation store (cached briefly, refreshed when it is due).
  const clientFor = createClientResolver(web, installations, distributed);
  // One gate for every lane of this process: a 429 in one workspace closes that method there only.
  const slack = createSlackGateway(clientFor, {
    gate: createRateGate(pace.limits),
    clock,
    logger,
    ...(pace.maxWaitMs !== undefined ? { maxWaitMs: pace.maxWaitMs } : {}),
    ...(pace.sleep ? { sleep: pace.sleep } : {}),
    ...(pace.history ? { history: pace.history } : {}),
  });
  const workspaces = createWorkspacesRepository({ db });
  const teamsRepo = createTeamsRepository({ db });
  const standupsRepo = createStandupsRepository({ db });
  const deliveries = createDeliveriesRepository({ db });
  const due = createDueRepository({ db });
  const users = createUsersService({ workspaces, web: clientFor, clock, logger });
  const blockersRepo = createBlockersRepository({ db });
  let dispatcher: Dispatcher | undefined;
  const allowInsecureFeeds = calendar.allowInsecure ?? false;
  const availability = bindUseCases<AvailabilityDeps, typeof availabilityUseCases>(availabilityUseCases, {
    availability: createAvailabilityRepository({ db, keyring }),
    standups: standupsRepo,
    teams: teamsRepo,
    users,
    deliveries,
    clock,
    logger,
    fetchFeed: calendar.fetch ?? createFeedFetcher({ allowInsecure: allowInsecureFeeds }),
    allowInsecure: allowInsecureFeeds,
    dispatcher: () => dispatcher!,
    // A new holiday region or calendar days move overload warnings (and what Home shows):
    // the affected instants are worked out again at the next tick.
    onChanged:
      onAvailabilityChanged ??
      ((c) => due.reset({ workspaceId: c.workspaceId, ...(c.teamId !== undefined ? { teamId: c.teamId } : {}), ...(Array.isArray(c.userIds) && c.userIds.length === 1 ? { userId: c.userIds[0]! } : {}) })),
  });
  const standups = bindUseCases<StandupDeps, typeof standupUseCases>(standupUseCases, {
    teams: teamsRepo,
    standups: standupsRepo,
    blockers: blockersRepo,
    deliveries,
    due,
    users,
    clock,
    logger,
    dispatcher: () => dispatcher!,
    availability: () => availability,
    transaction: (fn) =>
      db.transaction((tx) => fn({ standups: createStandupsRepository({ db: tx }), deliveries: createDeliveriesRepository({ db: tx }), blockers: createBlockersRepository({ db: tx }), requests: createRequestsRepository({ db: tx }) })),
  });
  const standupDeliveryDeps: StandupDeliveryDeps = { teams: teamsRepo, standups: standupsRepo, deliveries, users, slack, logger, daySummary: standups.daySummary, isAway: standups.isAway };
  const standupDeliveries = { ...bindUseCases<StandupDeliveryDeps, typeof standupDeliveryFns>(standupDeliveryFns, standupDeliveryDeps), handlers: standupHandlers(standupDeliveryDeps) };
  const blockers = bindUseCases<BlockerDeps, typeof blockerUseCases>(blockerUseCases, {
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
  const workload = bindUseCases<WorkloadDeps, typeof workloadUseCases>(workloadUseCases, {
    workload: workloadRepo,
    teams: teamsRepo,
    blockers: blockersRepo,
    due,
    users,
    clock,
    availability,
    transaction: (fn) => db.transaction((tx) => fn({ workload: createWorkloadRepository({ db: tx }), deliveries: createDeliveriesRepository({ db: tx }), requests: createRequestsRepository({ db: tx }) })),
  });
  const milestonesRepo = createMilestonesRepository({ db });
  const milestones = bindUseCases<MilestoneDeps, typeof milestoneUseCases>(milestoneUseCases, {
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
  const risks = bindUseCases(riskUseCases, { risks: createRisksRepository({ db }), milestones: milestonesRepo, teams: teamsRepo, deliveries, users, clock });
  const digestsRepo = createDigestsRepository({ db });
  const digestCases = bindUseCases<DigestDeps, typeof digestUseCases>(digestUseCases, {
    digests: digestsRepo,
    teams: teamsRepo,
    standups: standupsRepo,
    blockers: blockersRepo,
    tasks: workloadRepo,
    workload,
    deliveries,
    due,
    clock,
    availability,
    milestones: (team, now) => milestones.forecasts(team, now),
    risks: (team) => risks.top(team, maxOpenRisks),
  });
  const digests = { ...digestCases, followUpKeys: (teamId: number, slot: string) => followUpKeys({ digests: digestsRepo }, teamId, slot) };
  const privacy = bindUseCases<PrivacyDeps, typeof privacyUseCases>(privacyUseCases, {
    privacy: createPrivacyRepository({ db }),
    users,
    deliveries,
    clock,
    logger,
    transaction: (fn) => db.transaction((tx) => fn({ privacy: createPrivacyRepository({ db: tx }), requests: createRequestsRepository({ db: tx }) })),
  });
  const home = bindUseCases<HomeDeps, typeof homeUseCases>(homeUseCases, {
    teams: teamsRepo,
    standups: standupsRepo,
    blockers: blockersRepo,
    homes: createHomeRepository({ db }),
    ageOf: blockerAge,
    workload,
    users,
    deliveries,
    dispatcher: () => dispatcher!,
    clock,
    logger,
    availability: (team, userId, date) => availability.on(team, userId, date),
    milestonesAtRisk: async (team) =>
      (await milestones.atRisk(team)).items.map(({ forecast: f }) => ({ id: f.milestoneId, name: f.name, status: f.status === 'late' ? 'late' : 'at-risk', target: f.target, finish: f.finish, uncertain: f.uncertain })),
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
      ageOf: blockerAge,
    }),
    ...workloadDeliveries({ slack }),
    ...milestoneDeliveries({ slack }),
    ...riskDeliveries({ slack, ownedBy: risks.ownedBy }),
    ...digestDeliveries({
      digests: digestsRepo,
      teams: teamsRepo,
      deliveries,
      slack,
      logger,
      compose: digestCases.compose,
      ...(renderChart ? { render: renderChart } : {}),
    }),
    ...availabilityDeliveries({ slack, refreshFeed: availability.refreshFeed }),
    ...privacyDeliveries({ slack, logger, scopeOf: privacy.scopeOf, buildZip: privacy.buildZip }),
    ...homeDeliveries({ slack, view: home.view }),
  ];
  dispatcher = createDispatcher({
    deliveries,
    clock,
    handlers,
    logger,
    onOutcome: (kind, outcome) => metrics.delivery(kind, outcome),
    ...(worker ? { worker } : {}),
    ...(distributed ? { isolateWorkspaces: true } : {}),
    ...(pace.sleep ? { sleep: pace.sleep } : {}),
    ...(pace.followMs !== undefined ? { followMs: pace.followMs } : {}),
    ...(pace.maxWaitMs !== undefined ? { keysMaxWaitMs: pace.maxWaitMs } : {}),
    // Waiting in real time, a drain's call may wait a moment for its slot (jitter), never seconds.
    ...(pace.sleep ? { drainMaxWaitMs: drainSlotWaitMs } : {}),
  });
  const ops = createOpsRepository({ db });
  metrics.sources.queued(() => ops.queuedDeliveries());
  const teams = bindUseCases<TeamDeps, typeof teamUseCases>(teamUseCases, {
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
    requests: bindUseCases(requestUseCases, { requests: createRequestsRepository({ db }), clock }),
    outbox: bindUseCases(outboxUseCases, { deliveries, dispatcher: () => dispatcher!, clock }),
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
    schedule: bindUseCases(dueUseCases, { due }),
    /** Distributed mode only: install, tokens, uninstall, purge. */
    installations,
    /** The Web API client that acts for a workspace (its own token in distributed mode). */
    clientFor,
    repos: { teams: teamsRepo, standups: standupsRepo, blockers: blockersRepo, workload: workloadRepo, due },
  };
}

export type Services = ReturnType<typeof createServices>;

/**
 * How long a person's own answer may wait for its slot at Slack's pace, and how far ahead a drain
 * looks for rows coming due (a fan-out's next slot, a short Retry-After) to wait for in the pass.
 */
export const paceMaxWaitMs = 10_000;

/** The most a drain's call waits for its slot: absorbs timer and query jitter, holds a lane for no longer. */
export const drainSlotWaitMs = 250;

const timer = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * SLACK_PACE=slack: Slack's documented limits (history reads at SLACK_HISTORY_PACE); off:
 * Retry-After only. Either way drains never wait for a slot, and follow rows coming due within
 * 10 s (a short Retry-After is waited out in the pass rather than left to the next tick).
 */
export function slackPaceOf(config: { slackPace: 'slack' | 'off'; slackHistoryPace?: 'limited' | 'tier3' }): NonNullable<ServiceDeps['pace']> {
  const history = historyPaces[config.slackHistoryPace ?? 'tier3'];
  const common = { maxWaitMs: paceMaxWaitMs, followMs: paceMaxWaitMs, sleep: timer, history };
  return config.slackPace === 'slack' ? { limits: { ...slackDocumentedPace, history: history.rate }, ...common } : common;
}

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

function bindInstallationUseCases(db: Database, clock: Clock, logger: Logger, d: DistributedDeps): InstallationUseCases {
  return bindUseCases<InstallationDeps, typeof installationUseCases>(installationUseCases, {
    installations: createInstallationsRepository({ db, keyring: d.keyring }),
    transaction: (fn) => db.transaction((tx) => fn({ installations: createInstallationsRepository({ db: tx, keyring: d.keyring }) })),
    refresh: d.refresh,
    clock,
    logger,
    graceDays: d.graceDays,
    memory: newInstallationMemory(),
  });
}

/** One client per token, kept while the token is current; a refreshed or revoked token gets a new one. */
function createClientResolver(web: WebClient, installations: InstallationUseCases | undefined, d: DistributedDeps | undefined) {
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
