import type { DeliveriesRepository } from '../outbox/deliveries.repository.ts';
import { handle, type RegisteredHandler } from '../outbox/dispatcher.ts';
import { kinds } from '../outbox/kinds.ts';
import { weekdayOf, type LocalDate } from '../shared/time.ts';
import { announcement, askValue, dismissedNote, escalationMessage, resolvedNote, unsureQuestion } from '../slack/blocks/blocker.blocks.ts';
import type { SlackGateway } from '../slack/gateway.ts';
import type { TeamsRepository } from '../teams/teams.repository.ts';
import type { Team } from '../teams/teams.schema.ts';
import type { UsersService } from '../workspaces/users.service.ts';
import { normaliseBlockerText } from './blocker-detection.ts';
import type { BlockersRepository } from './blockers.repository.ts';
import type { Blocker } from './blockers.schema.ts';
import { announceKeyOf } from './blockers.usecases.ts';

type Thread = { channel: string; ts: string };

/**
 * What the blockers feature sends: the announcement of blockers raised together (in the
 * day's thread), the private "is this a blocker?" question, escalations to managers and
 * stakeholders, and the resolution note where the blocker was announced.
 */
export function blockerDeliveries(deps: {
  blockers: BlockersRepository;
  teams: TeamsRepository;
  deliveries: DeliveriesRepository;
  users: UsersService;
  slack: SlackGateway;
  /** The day's thread, created if need be ('busy' while another worker creates it). */
  ensureParent: (team: Team, date: LocalDate, now: Date) => Promise<Thread | 'busy'>;
  /** The latest day thread of a team on or before a date, for blockers raised on a day off. */
  latestThread: (teamId: number, onOrBefore: LocalDate) => Promise<Thread | undefined>;
  managersOf: (team: Team) => Promise<string[]>;
  ageOf: (b: Pick<Blocker, 'openedDate'>, team: Team, now: Date) => number;
}): RegisteredHandler[] {
  const { slack } = deps;
  return [
    handle(kinds.blockerAnnounce, async (payload, d, { now, recovering }) => {
      const all = await deps.blockers.byIds(payload.blockerIds);
      const first = all[0];
      const team = first && (await deps.teams.findById(first.workspaceId, first.teamId));
      if (!first || !team) return { status: 'cancelled', reason: 'blocker gone' };
      const open = all.filter((b) => b.status === 'open');
      if (!open.length) return { status: 'cancelled', reason: 'already resolved' };
      // The day's thread on a working day; on a day off, the latest thread (or the channel itself).
      let parent: { channel: string; ts: string } | 'busy' | undefined;
      if (team.workingDays.includes(weekdayOf(first.openedDate))) parent = await deps.ensureParent(team, first.openedDate, now);
      else parent = await deps.latestThread(team.id, first.openedDate);
      if (parent === 'busy') return { status: 'retry', afterMs: 2000, reason: 'thread being created', wait: true };
      const owners = open.flatMap((b) => (b.ownerId ? [b.ownerId] : []));
      const mention = [...new Set([...(await deps.managersOf(team)), ...owners])].filter((u) => u !== first.reporterId);
      const reporterName = (await deps.users.cached(team.workspaceId, first.reporterId))?.name ?? first.reporterId;
      const message = announcement({ items: open.map((b) => ({ id: b.id, text: b.text })), more: payload.more, reporterName, mention });
      const posted = await slack.postOnce(d.workspaceId, { channel: parent?.channel ?? team.channelId, threadTs: parent?.ts, key: d.key, recovering, message, since: d.createdAt });
      await deps.blockers.setAnnounced(open.map((b) => b.id), posted.channel, parent?.ts ?? posted.ts);
      return { status: 'sent', result: { ts: posted.ts } };
    }),

    /** A line of an answer that might be a blocker: its author is asked, privately, once. */
    handle(kinds.blockerAsk, async (p, d, { recovering }) => {
      const team = await deps.teams.findById(d.workspaceId, p.teamId);
      if (!team) return { status: 'cancelled', reason: 'team gone' };
      const normalized = normaliseBlockerText(p.text);
      const known = (await deps.blockers.ofEntry(p.entryId)).some((b) => b.normalized === normalized);
      if (known) return { status: 'cancelled', reason: 'already tracked' };
      const message = unsureQuestion({ teamName: team.name, text: p.text, value: askValue(p.teamId, p.entryId, p.text) });
      const posted = await slack.postDmOnce(d.workspaceId, { userId: p.userId, key: d.key, recovering, message });
      return { status: 'sent', result: { channel: posted.channel, ts: posted.ts } };
    }),

    handle(kinds.blockerEscalate, async ({ blockerId, level, to }, d, { now, recovering }) => {
      const b = await deps.blockers.byIdUnscoped(blockerId);
      const team = b && (await deps.teams.findById(b.workspaceId, b.teamId));
      if (!b || !team) return { status: 'cancelled', reason: 'blocker gone' };
      if (b.status !== 'open') return { status: 'cancelled', reason: 'resolved meanwhile' };
      const msg = escalationMessage({ id: b.id, text: b.text, reporterId: b.reporterId, ownerId: b.ownerId, ageDays: deps.ageOf(b, team, now), teamName: team.name, teamChannelId: team.channelId, level });
      const posted =
        to.startsWith('U') || to.startsWith('W')
          ? await slack.postDmOnce(d.workspaceId, { userId: to, key: d.key, recovering, message: msg })
          : await slack.postOnce(d.workspaceId, { channel: to, key: d.key, recovering, message: msg, since: d.createdAt });
      return { status: 'sent', result: { channel: posted.channel, ts: posted.ts } };
    }),

    handle(kinds.blockerResolved, async ({ blockerId }, d, { now, recovering }) => {
      const b = await deps.blockers.byIdUnscoped(blockerId);
      if (!b || b.status === 'open') return { status: 'cancelled', reason: 'not resolved' };
      if (!b.announceChannelId || !b.announceThreadTs) {
        // Its announcement may still be on its way; if that was cancelled (resolved first), stay quiet.
        const announce = await deps.deliveries.byKey(b.announceKey ?? announceKeyOf(b.id));
        if (announce && (announce.status === 'pending' || announce.status === 'sending')) return { status: 'retry', afterMs: 5000, reason: 'announcement being posted', wait: true };
        return { status: 'cancelled', reason: 'never announced' };
      }
      const team = await deps.teams.findById(b.workspaceId, b.teamId);
      const ageDays = team ? deps.ageOf(b, team, b.resolvedAt ?? now) : 0;
      const note = b.status === 'dismissed' ? dismissedNote({ id: b.id, text: b.text, byId: b.resolvedBy ?? b.reporterId }) : resolvedNote({ id: b.id, text: b.text, byId: b.resolvedBy ?? b.reporterId, ageDays });
      const posted = await slack.postOnce(d.workspaceId, { channel: b.announceChannelId, threadTs: b.announceThreadTs, key: d.key, recovering, message: note, since: d.createdAt });
      return { status: 'sent', result: { ts: posted.ts } };
    }),
  ];
}
