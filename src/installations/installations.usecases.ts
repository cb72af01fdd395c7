import type { Clock } from '../shared/clock.ts';
import type { Logger } from '../shared/logger.ts';
import type { Bound } from '../shared/use-cases.ts';
import { judgeInstallation, needsRefresh, purgeAfter, refreshFailureIsFatal, type Installation } from './installations.models.ts';
import type { InstallationsRepository, InstallationState } from './installations.repository.ts';

/** What oauth.v2.access answers to grant_type=refresh_token (the fields we keep). */
export type RefreshedToken = { accessToken: string; refreshToken: string | undefined; expiresInSeconds: number | undefined };

/**
 * A Slack call for a workspace that is not (or no longer) installed. Shaped like a Web API platform
 * error, so the outbox gives the delivery up at once instead of retrying it for hours.
 */
export class WorkspaceNotServedError extends Error {
  readonly code = 'slack_webapi_platform_error';
  /** The outbox cancels (rather than fails) a delivery for a workspace it no longer serves. */
  readonly notServed = true;
  readonly data: { ok: false; error: string };
  constructor(
    readonly workspaceId: string,
    readonly state: string,
  ) {
    super(`workspace ${workspaceId} is not served (${state})`);
    this.name = 'WorkspaceNotServedError';
    this.data = { ok: false, error: `workspace_${state}` };
  }
}

/** How long a workspace's state (and opened token) is kept in memory; a positive answer longer than a negative one. */
export const cacheMs = { served: 60_000, notServed: 5_000 };

/** What this process remembers of workspaces: their state a short while, and the loads under way (one per workspace). */
export type InstallationMemory = {
  cache: Map<string, { state: InstallationState; until: number }>;
  inflight: Map<string, Promise<InstallationState>>;
};

/** An empty memory: one per process (services.ts), shared by every call. */
export function newInstallationMemory(): InstallationMemory {
  return { cache: new Map(), inflight: new Map() };
}

/**
 * The distributed mode's use cases: install, the token of a workspace (refreshed before it
 * expires), uninstall, and deleting an uninstalled workspace's data once its grace is over.
 */
export type InstallationDeps = {
  installations: InstallationsRepository;
  /** Runs `fn` in one transaction with a repository on it. */
  transaction: <T>(fn: (tx: { installations: InstallationsRepository }) => Promise<T>) => Promise<T>;
  /** oauth.v2.access with grant_type=refresh_token; throws the Web API error on failure. */
  refresh: (refreshToken: string) => Promise<RefreshedToken>;
  clock: Clock;
  logger: Logger;
  graceDays: number;
  memory: InstallationMemory;
};

const logOf = (deps: Pick<InstallationDeps, 'logger'>) => deps.logger.child('installations');

function remember(deps: Pick<InstallationDeps, 'memory' | 'clock'>, workspaceId: string, state: InstallationState): InstallationState {
  const { cache } = deps.memory;
  cache.set(workspaceId, { state, until: deps.clock.now().getTime() + (state.state === 'active' ? cacheMs.served : cacheMs.notServed) });
  // Bounded: a flood of requests naming made-up workspaces cannot grow it without end.
  if (cache.size > 10_000) cache.delete(cache.keys().next().value!);
  return state;
}

async function load(deps: InstallationDeps, workspaceId: string): Promise<InstallationState> {
  const now = deps.clock.now();
  const hit = deps.memory.cache.get(workspaceId);
  if (hit && hit.until > now.getTime() && !(hit.state.state === 'active' && needsRefresh(hit.state.installation, now))) return hit.state;
  const state = await deps.installations.state(workspaceId);
  if (state.state === 'active' && needsRefresh(state.installation, now)) return remember(deps, workspaceId, await refreshTokens(deps, workspaceId));
  return remember(deps, workspaceId, state);
}

/** One refresh per workspace at a time in this process, and one across replicas (the row is locked). */
async function refreshTokens(deps: InstallationDeps, workspaceId: string): Promise<InstallationState> {
  const log = logOf(deps);
  return deps.transaction(async (tx) => {
    const now = deps.clock.now();
    const state = await tx.installations.stateForUpdate(workspaceId);
    // Another replica may have refreshed it while we waited for the lock.
    if (state.state !== 'active' || !needsRefresh(state.installation, now)) return state;
    const current = state.installation;
    try {
      const fresh = await deps.refresh(current.botRefreshToken!);
      const tokens = {
        botToken: fresh.accessToken,
        botRefreshToken: fresh.refreshToken ?? current.botRefreshToken,
        botTokenExpiresAt: fresh.expiresInSeconds ? new Date(now.getTime() + fresh.expiresInSeconds * 1000) : undefined,
      };
      await tx.installations.saveTokens(workspaceId, tokens, now);
      log.info({ workspaceId, expiresAt: tokens.botTokenExpiresAt }, 'bot token refreshed');
      return { state: 'active', installation: { ...current, ...tokens } } satisfies InstallationState;
    } catch (err) {
      const code = (err as { data?: { error?: string } }).data?.error;
      if (refreshFailureIsFatal(code)) {
        await tx.installations.disable(workspaceId, `token refresh failed: ${code}`, now);
        log.error({ workspaceId, error: code }, 'token refresh refused; workspace disabled until it is installed again');
        return { state: 'disabled', reason: `token refresh failed: ${code}` } satisfies InstallationState;
      }
      // Slack down or slow: the current token still has up to two hours; try again on the next call.
      log.warn({ workspaceId, err }, 'token refresh failed; using the current token for now');
      if (current.botTokenExpiresAt && current.botTokenExpiresAt.getTime() <= now.getTime()) throw err;
      return state;
    }
  });
}

function stateOf(deps: InstallationDeps, workspaceId: string): Promise<InstallationState> {
  const { inflight } = deps.memory;
  const running = inflight.get(workspaceId);
  if (running) return running;
  const p = load(deps, workspaceId).finally(() => inflight.delete(workspaceId));
  inflight.set(workspaceId, p);
  return p;
}

/** The installation to act for, with a token that is valid now; throws WorkspaceNotServedError otherwise. */
export async function installationFor(deps: InstallationDeps, workspaceId: string): Promise<Installation> {
  const state = await stateOf(deps, workspaceId);
  if (state.state !== 'active') throw new WorkspaceNotServedError(workspaceId, state.state);
  return state.installation;
}

/** Whether requests from this workspace are served (installed, tokens working). */
export async function isServed(deps: InstallationDeps, workspaceId: string): Promise<boolean> {
  return (await stateOf(deps, workspaceId)).state === 'active';
}

/** Whether this workspace was ever installed here (its lifecycle events are served in any state). */
export async function isKnown(deps: InstallationDeps, workspaceId: string): Promise<boolean> {
  return (await stateOf(deps, workspaceId)).state !== 'unknown';
}

/** Stores what the OAuth flow produced; refused (with the reason) for what we do not serve. */
export async function install(
  deps: Pick<InstallationDeps, 'installations' | 'clock' | 'logger' | 'memory'>,
  i: Installation & { isEnterpriseInstall?: boolean | undefined },
): Promise<{ ok: true; restored: boolean } | { ok: false; reason: 'enterprise' | 'no_team' | 'no_bot' }> {
  const verdict = judgeInstallation({ isEnterpriseInstall: i.isEnterpriseInstall, teamId: i.workspaceId, botToken: i.botToken, botUserId: i.botUserId });
  if (!verdict.ok) return verdict;
  const { isEnterpriseInstall: _ignored, ...installation } = i;
  const { restored } = await deps.installations.save(installation, deps.clock.now());
  deps.memory.cache.delete(i.workspaceId);
  logOf(deps).info({ workspaceId: i.workspaceId, restored }, restored ? 'workspace installed again; its data is kept' : 'workspace installed');
  return { ok: true, restored };
}

/** app_uninstalled or tokens_revoked: tokens deleted and deliveries cancelled at once; data kept for the grace period. */
export async function uninstall(
  deps: Pick<InstallationDeps, 'installations' | 'clock' | 'logger' | 'memory' | 'graceDays'>,
  workspaceId: string,
  reason: 'uninstalled' | 'tokens revoked',
): Promise<{ cancelled: number; purgeAfter: Date }> {
  const now = deps.clock.now();
  const at = purgeAfter(now, deps.graceDays);
  const { cancelled } = await deps.installations.uninstall(workspaceId, reason, now, at);
  remember(deps, workspaceId, { state: 'uninstalled', reason });
  logOf(deps).info({ workspaceId, reason, cancelled, purgeAfter: at }, 'workspace uninstalled; deliveries cancelled, tokens deleted, data kept until purgeAfter');
  return { cancelled, purgeAfter: at };
}

/** The tick: deletes the data of workspaces uninstalled longer ago than the grace period. */
export async function purgeExpired(deps: Pick<InstallationDeps, 'installations' | 'transaction' | 'logger' | 'memory'>, now: Date): Promise<string[]> {
  const purged: string[] = [];
  for (const workspaceId of await deps.installations.duePurges(now)) {
    if (await deps.transaction((tx) => tx.installations.purge(workspaceId, now))) {
      deps.memory.cache.delete(workspaceId);
      purged.push(workspaceId);
      logOf(deps).info({ workspaceId }, 'uninstalled workspace past its grace period: data deleted');
    }
  }
  return purged;
}

/** Forget what this process remembers of a workspace (another replica changed it). */
export function invalidate(deps: Pick<InstallationDeps, 'memory'>, workspaceId: string): void {
  deps.memory.cache.delete(workspaceId);
}

export const installationUseCases = { installationFor, isServed, isKnown, install, uninstall, purgeExpired, invalidate };
export type InstallationUseCases = Bound<typeof installationUseCases, InstallationDeps>;
