import type { Services } from '../services.ts';
import type { Tick } from './scheduler.ts';

/**
 * One scheduler pass as of `now`: plan what fell due since the last pass, send
 * everything ready, then refresh some stale profiles. Safe to run in several processes
 * at once: planning is idempotent and sending is claimed row by row.
 */
export function createTick(services: Services): Tick {
  const log = services.logger.child('tick');
  return async (now: Date) => {
    const planned = await services.standups.plan(now);
    const escalations = await services.blockers.planEscalations(now);
    const warnings = await services.workload.planWarnings(now);
    // Milestones whose forecast got worse, and the risk owners' weekly review.
    const milestoneWarnings = await services.milestones.planWarnings(now);
    const riskReviews = await services.risks.planReviews(now);
    const digests = await services.digests.plan(now);
    // Calendar feeds not read for an hour: one read each, through the outbox.
    const feeds = await services.availability.planRefreshes(now).catch((err) => {
      log.warn({ err }, 'could not plan calendar reads');
      return 0;
    });
    const drained = await services.dispatcher.drain(now);
    // After sending: what is due this minute must not wait on users.info calls.
    const refreshed = await services.users.refreshStale(now).catch((err) => {
      log.warn({ err }, 'profile refresh failed');
      return 0;
    });
    const dayAgo = new Date(now.getTime() - 24 * 3600_000);
    await services.workspaces.pruneEvents(dayAgo).catch((err) => log.warn({ err }, 'could not prune event ids'));
    // Submissions and clicks older than a day are not repeated by Slack or a double click.
    await services.requests.prune(dayAgo).catch((err) => log.warn({ err }, 'could not prune request keys'));
    // Answers past their team's retention lose their text (statuses stay, for the counts).
    const expired = await services.privacy.applyRetention(now).catch((err) => {
      log.warn({ err }, 'could not apply answer retention');
      return 0;
    });
    // Distributed mode: workspaces uninstalled longer ago than the grace period lose their data.
    const purged = services.installations
      ? (
          await services.installations.purgeExpired(now).catch((err) => {
            log.warn({ err }, 'could not delete the data of uninstalled workspaces');
            return [];
          })
        ).length
      : undefined;
    return { ...planned, escalations, warnings, milestoneWarnings, riskReviews, digests, feeds, refreshed, expired, ...(purged === undefined ? {} : { purged }), ...drained };
  };
}
