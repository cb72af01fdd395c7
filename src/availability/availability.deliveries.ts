import { handle, type RegisteredHandler } from '../outbox/dispatcher.ts';
import { kinds } from '../outbox/kinds.ts';
import { calendarProblemMessage } from '../slack/blocks/availability.blocks.ts';
import type { SlackGateway } from '../slack/gateway.ts';
import type { AvailabilityUseCases } from './availability.usecases.ts';

/**
 * What the availability feature works through the outbox: reading a calendar feed (no
 * Slack: the outbox gives it a claim, retries and at-most-hourly keys), and telling a
 * feed's owner, once, that it could not be read.
 */
export function availabilityDeliveries(deps: { slack: SlackGateway; refreshFeed: AvailabilityUseCases['refreshFeed'] }): RegisteredHandler[] {
  return [
    handle(kinds.calendarRefresh, async ({ feedId }, _d, { now }) => {
      const r = await deps.refreshFeed(feedId, now);
      // A failed read is recorded on the feed and reported; the next hour's row tries again.
      return r.status === 'gone' ? { status: 'cancelled', reason: 'feed disconnected' } : { status: 'sent', result: { read: r.status } };
    }),
    handle(kinds.calendarProblem, async (p, d, { recovering }) => {
      const posted = await deps.slack.postDmOnce(d.workspaceId, { userId: p.userId, key: d.key, recovering, message: calendarProblemMessage({ reason: p.reason }) });
      return { status: 'sent', result: { channel: posted.channel, ts: posted.ts } };
    }),
  ];
}
