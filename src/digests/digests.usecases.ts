import type { WebClient } from '@slack/web-api';
import type { BlockersRepository } from '../blockers/blockers.repository.ts';
import type { DeliveriesRepository } from '../outbox/deliveries.repository.ts';
import { handle, type RegisteredHandler } from '../outbox/dispatcher.ts';
import { kinds } from '../outbox/kinds.ts';
import type { Clock } from '../shared/clock.ts';
import type { Logger } from '../shared/logger.ts';
import { addDays, localDateOf, localToInstant, weekdayOf } from '../shared/time.ts';
import { digestDetails, digestMessage } from '../slack/blocks/digest.blocks.ts';
import type { Message } from '../slack/blocks/standup.blocks.ts';
import { postOnce } from '../slack/post-once.ts';
import type { StandupsRepository } from '../standups/standups.repository.ts';
import type { TeamsRepository } from '../teams/teams.repository.ts';
import type { Team } from '../teams/teams.schema.ts';
import { mondayOf } from '../workload/workload.models.ts';
import { memberZone } from '../standups/schedule.models.ts';
import type { WorkloadRepository } from '../workload/workload.repository.ts';
import type { WorkloadUseCases } from '../workload/workload.usecases.ts';
import { chartAltText, chartSpec, renderChart } from './digest.chart.ts';
import { composeDigest, type DigestContent } from './digest.models.ts';
import type { DigestsRepository } from './digests.repository.ts';

/** A weekly digest more than this late (Coordinator was down) is skipped: the next one covers it. */
export const digestCatchUpMs = 24 * 3600_000;

export function createDigestUseCases(deps: {
  digests: DigestsRepository;
  teams: TeamsRepository;
  standups: StandupsRepository;
  blockers: BlockersRepository;
  tasks: WorkloadRepository;
  workload: WorkloadUseCases;
  deliveries: DeliveriesRepository;
  web: WebClient;
  clock: Clock;
  logger: Logger;
  /** Renders the chart; tests pass a failing one to check the digest still goes out. */
  render?: (content: DigestContent, threshold: number) => Promise<Buffer>;
}) {
  const { teams, web } = deps;
  const log = deps.logger.child('digests');
  const render = deps.render ?? ((c: DigestContent, threshold: number) => renderChart(chartSpec(c, threshold)));

  /**
   * The week a digest at `now` covers: Monday to Sunday of the team's current week, or of
   * the week before when it goes out early in the week (a Monday digest reports last week).
   */
  function periodAt(team: Team, now: Date) {
    const today = localDateOf(now, team.timezone);
    const early = weekdayOf(today) <= 3 && team.digestDay <= 3;
    const start = addDays(mondayOf(today), early ? -7 : 0);
    return { today, start, end: addDays(start, 6) };
  }

  /** Gathers a period's history from the database and composes the digest (pure). */
  async function compose(team: Team, now: Date): Promise<DigestContent> {
    const { today, start, end } = periodAt(team, now);
    const members = (await teams.members(team.id)).filter((m) => m.isParticipant);
    const entries = await deps.standups.entriesBetween(team.id, start, end);
    const away = await deps.standups.awayBetween([team.workspaceId], members.map((m) => m.userId), start, end);
    const periodStartInstant = localToInstant(start, '00:00', team.timezone);
    const blockers = await deps.blockers.forDigest(team.id, start, periodStartInstant);
    const done = await deps.tasks.doneBetween(team.id, periodStartInstant, now);
    const open = await deps.tasks.openOfTeam(team.id);
    const nextStart = addDays(start, 7);
    const { loads } = await deps.workload.snapshot(team, now);
    const earlier = await deps.digests.weeklyBefore(team.id, start, 7);
    return composeDigest({
      teamName: team.name,
      today,
      periodStart: start,
      periodEnd: end,
      workingDays: team.workingDays,
      blockerThresholdDays: team.blockerThresholdDays,
      overloadThreshold: team.overloadThreshold,
      members: members.map((m) => ({ userId: m.userId, name: m.name ?? m.userId, joinedDate: localDateOf(m.joinedAt, team.timezone), zone: memberZone(team, m.tz) })),
      asOf: now,
      promptTime: team.promptTime,
      entries: entries.map((e) => ({ userId: e.userId, date: e.date, status: e.status, answers: e.answers })),
      away,
      // A blocker marked "not a blocker" was a misreading: it was never new, open or resolved.
      blockers: blockers.flatMap((b) => (b.status === 'dismissed' ? [] : [{ ...b, status: b.status }])).map((b) => ({
        id: b.id,
        text: b.text,
        reporterId: b.reporterId,
        ownerId: b.ownerId,
        openedDate: b.openedDate,
        resolvedDate: b.resolvedAt ? localDateOf(b.resolvedAt, team.timezone) : null,
        status: b.status,
      })),
      tasksDone: done.map((t) => ({ id: t.id, title: t.title, assigneeId: t.assigneeId })),
      tasksDueNextWeek: open.filter((t) => t.dueDate && t.dueDate >= nextStart && t.dueDate <= addDays(nextStart, 6)).map((t) => ({ id: t.id, title: t.title, assigneeId: t.assigneeId, dueDate: t.dueDate!, estimateMinutes: t.estimateMinutes })),
      loads,
      previous: earlier[0]?.content.stats,
      history: earlier
        .slice()
        .reverse()
        .map((d) => ({ periodStart: d.periodStart, participationPct: d.content.stats.participationPct })),
    });
  }

  const handlers: RegisteredHandler[] = [
    /** Composes, stores and posts one digest; its chart and details go in its thread. */
    handle(kinds.digest, async (p, d, { now, recovering }) => {
      const team = await teams.findById(d.workspaceId, p.teamId);
      if (!team?.active) return { status: 'cancelled', reason: 'team inactive' };
      if (p.kind === 'weekly' && now.getTime() - d.dueAt.getTime() > digestCatchUpMs) return { status: 'cancelled', reason: 'too late; next week covers it' };
      // A weekly digest describes the week it was due in, even when a retry runs later.
      const content = await compose(team, p.kind === 'weekly' ? d.dueAt : now);
      // Stored before posting; a retry finds the row (and, through the key, the message).
      const stored = await deps.digests.store({
        workspaceId: team.workspaceId,
        teamId: team.id,
        kind: p.kind,
        slot: p.kind === 'weekly' ? content.periodStart : d.key,
        periodStart: content.periodStart,
        periodEnd: content.periodEnd,
        content,
        at: now,
      });
      if (!stored.ts) {
        const channel = team.stakeholderChannelId ?? team.channelId;
        const posted = await postOnce(web, { channel, key: d.key, recovering, message: digestMessage(stored.content) });
        await deps.digests.setPosted(stored.id, posted.channel, posted.ts);
      }
      // The thread's detail messages and the chart are deliveries of their own: each goes out exactly once.
      // Due when the digest was: ready for this drain, and for whoever runs them right after.
      await deps.deliveries.enqueue(followUps(team.workspaceId, stored.id, stored.content, d.dueAt));
      return { status: 'sent', result: { digestId: stored.id } };
    }),

    handle(kinds.digestDetail, async ({ digestId, index }, d, { recovering }) => {
      const digest = await deps.digests.byId(digestId);
      const detail = digest && digestDetails(digest.content)[index];
      if (!digest?.ts || !digest.channelId || !detail) return { status: 'cancelled', reason: 'digest or detail gone' };
      const posted = await postOnce(web, { channel: digest.channelId, threadTs: digest.ts, key: d.key, recovering, message: detail });
      return { status: 'sent', result: { ts: posted.ts } };
    }),

    handle(kinds.digestChart, async ({ digestId }, d, { recovering }) => {
      const digest = await deps.digests.byId(digestId);
      if (!digest?.ts || !digest.channelId) return { status: 'cancelled', reason: 'digest gone' };
      const team = await teams.findById(digest.workspaceId, digest.teamId);
      const filename = `digest-${digest.periodStart}-${digest.id}.png`;
      if (recovering) {
        // An upload that timed out may have landed: its file is in the thread under this name.
        const replies = await web.conversations.replies({ channel: digest.channelId, ts: digest.ts, limit: 200 });
        const found = (replies.messages as { files?: { name?: string; title?: string }[] }[] | undefined)?.some((m) => m.files?.some((f) => f.name === filename || f.title === filename));
        if (found) return { status: 'sent', result: { filename } };
      }
      let png: Buffer;
      const threshold = team?.overloadThreshold ?? 100;
      try {
        png = await render(digest.content, threshold);
      } catch (err) {
        // Rendering fails the same way every time: the digest stands without its chart.
        log.error({ err, digestId }, 'the digest chart could not be rendered; posted without it');
        return { status: 'cancelled', reason: 'chart could not be rendered' };
      }
      await web.filesUploadV2({ channel_id: digest.channelId, thread_ts: digest.ts, file: png, filename, title: filename, alt_text: chartAltText(digest.content, threshold) });
      return { status: 'sent', result: { filename } };
    }),
  ];

  function followUps(workspaceId: string, digestId: number, content: DigestContent, dueAt: Date) {
    return [
      ...digestDetails(content).map((_, index) => kinds.digestDetail.row(workspaceId, { digestId, index }, dueAt)),
      kinds.digestChart.row(workspaceId, { digestId }, dueAt),
    ];
  }

  return {
    handlers,
    compose,

    async preview(team: Team): Promise<Message> {
      return digestMessage(await compose(team, deps.clock.now()));
    },

    /** The keys of a posted digest's thread messages and chart, to send them right away. */
    async followUpKeys(teamId: number, slot: string): Promise<string[]> {
      const digest = await deps.digests.bySlot(teamId, 'manual', slot);
      return digest ? followUps(digest.workspaceId, digest.id, digest.content, digest.createdAt).map((f) => f.key) : [];
    },

    /** `/digest post`: now, once per click (a double click in the same minute posts one). */
    async postNow(team: Team): Promise<string> {
      const now = deps.clock.now();
      const row = kinds.digest.row(team.workspaceId, { teamId: team.id, kind: 'manual', slot: String(Math.floor(now.getTime() / 60_000)) }, now);
      await deps.deliveries.enqueue([row]);
      return row.key;
    },

    async history(team: Team): Promise<string> {
      const rows = await deps.digests.recent(team.id, 8);
      if (!rows.length) return 'No digest has been posted yet. `/digest preview` shows what the next one says.';
      return ['*Recent digests*', ...rows.map((r) => `• ${r.periodStart} → ${r.periodEnd} (${r.kind}) — ${r.content.headline.replace(/[<>&]/g, '')}${r.channelId ? ` · <#${r.channelId}>` : ''}`)].join('\n');
    },

    /** Plans each team's weekly digest for its day and time in its zone, once per period. */
    async plan(now: Date): Promise<number> {
      const last = await deps.deliveries.plannedUntil('digests');
      const floor = new Date(now.getTime() - digestCatchUpMs);
      const from = last && last > floor ? last : floor;
      if (from >= now) return 0;
      const active = await teams.activeTeams();
      const rows = [];
      for (const team of active) {
        // This week's digest instant and last week's (the window may straddle a Monday).
        for (const weekOffset of [0, -7]) {
          const monday = addDays(mondayOf(localDateOf(now, team.timezone)), weekOffset);
          const day = addDays(monday, team.digestDay - weekdayOf(monday));
          const at = localToInstant(day, team.digestTime, team.timezone);
          if (at > from && at <= now && at >= team.createdAt) {
            rows.push(kinds.digest.row(team.workspaceId, { teamId: team.id, kind: 'weekly', slot: monday }, at));
          }
        }
      }
      const n = await deps.deliveries.enqueue(rows);
      await deps.deliveries.setPlannedUntil(now, 'digests');
      return n;
    },
  };
}

export type DigestUseCases = ReturnType<typeof createDigestUseCases>;
