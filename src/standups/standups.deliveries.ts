import type { DeliveriesRepository } from '../outbox/deliveries.repository.ts';
import { handle, type Outcome, type RegisteredHandler } from '../outbox/dispatcher.ts';
import { kinds, messageKeys } from '../outbox/kinds.ts';
import type { Logger } from '../shared/logger.ts';
import { isDeferredSlackCall } from '../shared/slack-attempt.ts';
import { localToInstant, type LocalDate } from '../shared/time.ts';
import { answerReply, parentMessage, promptAnsweredMessage, promptMessage, promptSkippedMessage, reminderMessage } from '../slack/blocks/standup.blocks.ts';
import type { SlackGateway } from '../slack/gateway.ts';
import type { TeamsRepository } from '../teams/teams.repository.ts';
import type { Team } from '../teams/teams.schema.ts';
import type { UsersService } from '../workspaces/users.service.ts';
import { newClaim, slotState } from './claim.models.ts';
import { catchUpLimitMs, memberZone, type DaySummary } from './schedule.models.ts';
import type { StandupsRepository } from './standups.repository.ts';

/**
 * What the standups feature sends: each member's prompt and reminder, the day's parent
 * message in the team channel (created once, kept current), each answer as a reply in
 * its thread, and the deadline that closes the day.
 */
export type StandupDeliveryDeps = {
  teams: TeamsRepository;
  standups: StandupsRepository;
  deliveries: DeliveriesRepository;
  users: UsersService;
  slack: SlackGateway;
  logger: Logger;
  daySummary: (team: Team, date: LocalDate, closed: boolean) => Promise<DaySummary>;
  isAway: (team: Team, userId: string, date: LocalDate) => Promise<boolean>;
};

type ParentDeps = Pick<StandupDeliveryDeps, 'standups' | 'slack' | 'daySummary'>;

/** A prompt or reminder is worth sending until the member's deadline that day (and at least 2 hours). */
async function stillUseful(deps: Pick<StandupDeliveryDeps, 'users'>, team: Team, userId: string, date: LocalDate, dueAt: Date, now: Date): Promise<boolean> {
  const zone = memberZone(team, (await deps.users.cached(team.workspaceId, userId))?.tz);
  const deadline = localToInstant(date, team.deadlineTime, zone).getTime();
  return now.getTime() <= Math.max(dueAt.getTime() + catchUpLimitMs, deadline);
}

/**
 * Creates the day's parent message exactly once, or says to come back while another
 * worker does. A stale claim (its worker died) is taken over after checking the
 * channel for the message that worker may already have posted.
 */
export async function ensureParent(deps: ParentDeps, team: Team, date: LocalDate, now: Date): Promise<{ channel: string; ts: string } | 'busy'> {
  const { standups, slack } = deps;
  await standups.ensureDay(team.id, date, team.channelId);
  const day = (await standups.day(team.id, date))!;
  const slot = slotState({ ts: day.parentTs, claim: day.parentClaim, claimedAt: day.parentClaimedAt, claimFailed: day.parentClaimFailed }, now);
  if (slot.kind === 'posted') return { channel: day.channelId, ts: slot.ts };
  if (slot.kind === 'busy') return 'busy';
  const token = newClaim();
  if (!(await standups.claimDayParent(day.id, day.parentClaim, token, now))) return 'busy';
  try {
    const msg = parentMessage(await deps.daySummary(team, date, day.closedAt !== null));
    const posted = await slack.postOnce(team.workspaceId, { channel: team.channelId, key: messageKeys.dayParent({ teamId: team.id, date }), recovering: slot.recovering, message: msg });
    if (!(await standups.setDayParent(day.id, token, posted.channel, posted.ts))) return 'busy';
    await standups.setShown(day.id, JSON.stringify(msg));
    return { channel: posted.channel, ts: posted.ts };
  } catch (err) {
    await standups.releaseDayParent(day.id, token);
    throw err;
  }
}

async function refreshParent(deps: ParentDeps, team: Team, date: LocalDate, now: Date): Promise<Outcome> {
  const { standups, slack } = deps;
  const parent = await ensureParent(deps, team, date, now);
  if (parent === 'busy') return { status: 'retry', afterMs: 2000, reason: 'parent being created', wait: true };
  // Answers may land while we update: re-read and update again until what is shown is current.
  for (let i = 0; i < 3; i++) {
    const day = (await standups.day(team.id, date))!;
    const msg = parentMessage(await deps.daySummary(team, date, Boolean(day.closedAt)));
    const text = JSON.stringify(msg);
    if (text === day.shown) break;
    await slack.update(team.workspaceId, { channel: parent.channel, ts: parent.ts, message: msg });
    await standups.setShown(day.id, text);
  }
  return { status: 'sent', result: { ts: parent.ts } };
}

/** A prompt DM the member skipped from elsewhere says so, without its buttons. */
export async function markSkipped(deps: Pick<StandupDeliveryDeps, 'slack'>, team: Team, prompt: { channel: string; ts: string }, date: LocalDate): Promise<void> {
  await deps.slack.update(team.workspaceId, { channel: prompt.channel, ts: prompt.ts, message: promptSkippedMessage({ teamName: team.name, date, teamId: team.id }) });
}

/** The outbox handlers of the standups: prompt, prompt skipped, reminder, deadline, day and answer. */
export function standupHandlers(deps: StandupDeliveryDeps): RegisteredHandler[] {
  const { teams, standups, deliveries, users, slack } = deps;
  const log = deps.logger.child('standups');
  return [
    handle(kinds.promptSkipped, async ({ teamId, userId, date }, d) => {
      const team = await teams.findById(d.workspaceId, teamId);
      const entry = team && (await standups.entry(teamId, userId, date));
      if (!team || !entry?.promptChannelId || !entry.promptTs) return { status: 'cancelled', reason: 'no prompt to mark' };
      if (entry.status !== 'skipped') return { status: 'cancelled', reason: `now ${entry.status}` };
      await markSkipped(deps, team, { channel: entry.promptChannelId, ts: entry.promptTs }, date);
      return { status: 'sent' };
    }),
    handle(kinds.prompt, async ({ teamId, userId, date }, d, { recovering, now }) => {
      const team = await teams.findById(d.workspaceId, teamId);
      const member = team && (await teams.member(teamId, userId));
      if (!team?.active || !member?.isParticipant) return { status: 'cancelled', reason: 'no longer a member' };
      const entry = await standups.entry(teamId, userId, date);
      if (entry && entry.status !== 'pending') return { status: 'cancelled', reason: `already ${entry.status}` };
      if (await deps.isAway(team, userId, date)) {
        if (entry) await standups.setStatus(entry.id, 'away');
        return { status: 'cancelled', reason: 'away' };
      }
      if (!(await stillUseful(deps, team, userId, date, d.dueAt, now))) {
        // Retried past the day's deadline (Slack down for hours): a prompt this late helps nobody.
        if (entry) await standups.setStatus(entry.id, 'missed');
        return { status: 'cancelled', reason: 'too late' };
      }
      const questions = await teams.questions(teamId);
      const sent = await slack.postDmOnce(team.workspaceId, { userId, key: d.key, recovering, message: promptMessage({ teamName: team.name, channelId: team.channelId, date, questionCount: questions.length, teamId }) });
      if (entry) await standups.setPrompt(entry.id, sent.channel, sent.ts);
      return { status: 'sent', result: sent };
    }),

    handle(kinds.reminder, async ({ teamId, userId, date }, d, { recovering, now }) => {
      // Only a prompt that reached the member deserves a reminder; one still being retried comes first.
      const prompt = await deliveries.byKey(kinds.prompt.key({ teamId, userId, date }));
      if (prompt && (prompt.status === 'pending' || prompt.status === 'sending')) return { status: 'retry', afterMs: 60_000, reason: 'prompt being sent', wait: true };
      if (prompt?.status !== 'sent') return { status: 'cancelled', reason: `prompt ${prompt?.status ?? 'missing'}` };
      const team = await teams.findById(d.workspaceId, teamId);
      if (team && !(await stillUseful(deps, team, userId, date, d.dueAt, now))) return { status: 'cancelled', reason: 'too late' };
      const member = team && (await teams.member(teamId, userId));
      if (!team?.active || !member?.isParticipant) return { status: 'cancelled', reason: 'no longer a member' };
      const entry = await standups.entry(teamId, userId, date);
      if (!entry || entry.status !== 'pending') return { status: 'cancelled', reason: `entry ${entry?.status ?? 'missing'}` };
      if (await deps.isAway(team, userId, date)) return { status: 'cancelled', reason: 'away' };
      const sent = await slack.postDmOnce(team.workspaceId, { userId, key: d.key, recovering, message: reminderMessage({ teamName: team.name, date, teamId, deadline: team.deadlineTime }) });
      return { status: 'sent', result: sent };
    }),

    handle(kinds.deadline, async ({ teamId, date }, d, { now }) => {
      const team = await teams.findById(d.workspaceId, teamId);
      if (!team?.active) return { status: 'cancelled', reason: 'team inactive' };
      // Nobody was asked that day (Coordinator was down, or everyone was away): nothing to report.
      const entries = await standups.entriesForDay(teamId, date);
      if (!entries.some((e) => e.status !== 'missed')) return { status: 'cancelled', reason: 'nobody was prompted' };
      await standups.ensureDay(teamId, date, team.channelId);
      const day = (await standups.day(teamId, date))!;
      if (!day.closedAt) await standups.closeDay(day.id, now);
      return refreshParent(deps, team, date, now);
    }),

    handle(kinds.day, async ({ teamId, date }, d, { now }) => {
      const team = await teams.findById(d.workspaceId, teamId);
      if (!team) return { status: 'cancelled', reason: 'team gone' };
      return refreshParent(deps, team, date, now);
    }),

    handle(kinds.answer, async ({ entryId }, d, { now }) => {
      const entry = await standups.entryById(entryId);
      if (!entry?.answers || entry.status !== 'answered') return { status: 'cancelled', reason: 'no answer' };
      const team = await teams.findById(d.workspaceId, entry.teamId);
      if (!team) return { status: 'cancelled', reason: 'team gone' };
      const parent = await ensureParent(deps, team, entry.date, now);
      if (parent === 'busy') return { status: 'retry', afterMs: 2000, reason: 'parent being created', wait: true };
      const name = (await users.cached(team.workspaceId, entry.userId))?.name ?? entry.userId;
      const edited = entry.editCount > 0;
      const msg = answerReply({ name, answers: entry.answers, edited });
      const slot = slotState({ ts: entry.replyTs, claim: entry.replyClaim, claimedAt: entry.replyClaimedAt, claimFailed: entry.replyClaimFailed }, now);
      if (slot.kind === 'posted') {
        await slack.update(team.workspaceId, { channel: parent.channel, ts: slot.ts, message: msg });
      } else {
        if (slot.kind === 'busy') return { status: 'retry', afterMs: 2000, reason: 'reply being posted', wait: true };
        const token = newClaim();
        if (!(await standups.claimReply(entry.id, entry.replyClaim, token, now))) return { status: 'retry', afterMs: 2000, reason: 'reply being posted', wait: true };
        try {
          // A stale claim may mean its worker posted and died: look in the thread first.
          const posted = await slack.postOnce(team.workspaceId, { channel: parent.channel, threadTs: parent.ts, key: messageKeys.answerReply({ entryId: entry.id }), recovering: slot.recovering, message: msg, since: entry.answeredAt ?? undefined });
          // Taken over meanwhile (this worker was silent past the stale limit, or a clock moved on
          // under it, as the demo's does): the new claimant searched the thread before posting and
          // records the reply itself. Nothing is wrong, so nothing to warn about.
          if (!(await standups.setReply(entry.id, token, posted.ts))) log.info({ entryId }, 'reply claim taken over while posting; its new holder records the reply');
        } catch (err) {
          await standups.releaseReply(entry.id, token);
          throw err;
        }
      }
      if (entry.promptChannelId && entry.promptTs) {
        await slack
          .update(team.workspaceId, { channel: entry.promptChannelId, ts: entry.promptTs, message: promptAnsweredMessage({ teamName: team.name, channelId: team.channelId, date: entry.date, teamId: team.id }) })
          .catch((err) => {
            // Held back by the rate gate (never tried): the answer delivery comes back for it; its
            // reply is already recorded, so the retry only updates. Slack refusing it is only logged.
            if (isDeferredSlackCall(err)) throw err;
            log.warn({ err, entryId }, 'could not mark the prompt answered');
          });
      }
      await deliveries.requeue(kinds.day.row(team.workspaceId, { teamId: team.id, date: entry.date }, now));
      return { status: 'sent' };
    }),
  ];
}

/** What other features and the standups use cases ask of these deliveries (bound in services.ts). */
export const standupDeliveryFns = { ensureParent };
