import type { DeliveriesRepository } from '../outbox/deliveries.repository.ts';
import { handle, type RegisteredHandler } from '../outbox/dispatcher.ts';
import { kinds } from '../outbox/kinds.ts';
import type { Logger } from '../shared/logger.ts';
import { digestDetails, digestMessage } from '../slack/blocks/digest.blocks.ts';
import type { SlackGateway } from '../slack/gateway.ts';
import type { TeamsRepository } from '../teams/teams.repository.ts';
import type { Team } from '../teams/teams.schema.ts';
import { chartAltText, chartSpec, renderChart } from './digest.chart.ts';
import type { DigestContent } from './digest.models.ts';
import type { DigestsRepository } from './digests.repository.ts';
import { digestCatchUpMs } from './digests.usecases.ts';

export type DigestDeliveryDeps = {
  digests: DigestsRepository;
  teams: TeamsRepository;
  deliveries: DeliveriesRepository;
  slack: SlackGateway;
  logger: Logger;
  compose: (team: Team, at: Date) => Promise<DigestContent>;
  /** Renders the chart; tests pass a failing one to check the digest still goes out. */
  render?: (content: DigestContent, threshold: number) => Promise<Buffer>;
};

/** A digest's thread: one delivery per detail message, and the chart. */
function followUps(workspaceId: string, digestId: number, content: DigestContent, dueAt: Date) {
  return [...digestDetails(content).map((_, index) => kinds.digestDetail.row(workspaceId, { digestId, index }, dueAt)), kinds.digestChart.row(workspaceId, { digestId }, dueAt)];
}

/** The keys of a posted digest's thread messages and chart, to send them right away. */
export async function followUpKeys(deps: Pick<DigestDeliveryDeps, 'digests'>, teamId: number, slot: string): Promise<string[]> {
  const digest = await deps.digests.bySlot(teamId, 'manual', slot);
  return digest ? followUps(digest.workspaceId, digest.id, digest.content, digest.createdAt).map((f) => f.key) : [];
}

/**
 * What the digest feature sends: the digest itself (composed and stored when due, then
 * posted), each detail message in its thread, and the chart uploaded there with alt text.
 */
export function digestDeliveries(deps: DigestDeliveryDeps): RegisteredHandler[] {
  const { teams, slack } = deps;
  const log = deps.logger.child('digests');
  const render = deps.render ?? ((c: DigestContent, threshold: number) => renderChart(chartSpec(c, threshold)));

  return [
    /** Composes, stores and posts one digest; its chart and details go in its thread. */
    handle(kinds.digest, async (p, d, { now, recovering }) => {
      const team = await teams.findById(d.workspaceId, p.teamId);
      if (!team?.active) return { status: 'cancelled', reason: 'team inactive' };
      if (p.kind === 'weekly' && now.getTime() - d.dueAt.getTime() > digestCatchUpMs) return { status: 'cancelled', reason: 'too late; next week covers it' };
      // A weekly digest describes the week it was due in, even when a retry runs later.
      const content = await deps.compose(team, p.kind === 'weekly' ? d.dueAt : now);
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
        const posted = await slack.postOnce(d.workspaceId, { channel, key: d.key, recovering, message: digestMessage(stored.content), since: d.createdAt });
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
      const posted = await slack.postOnce(d.workspaceId, { channel: digest.channelId, threadTs: digest.ts, key: d.key, recovering, message: detail, since: d.createdAt });
      return { status: 'sent', result: { ts: posted.ts } };
    }),

    handle(kinds.digestChart, async ({ digestId }, d, { recovering }) => {
      const digest = await deps.digests.byId(digestId);
      if (!digest?.ts || !digest.channelId) return { status: 'cancelled', reason: 'digest gone' };
      const team = await teams.findById(digest.workspaceId, digest.teamId);
      const filename = `digest-${digest.periodStart}-${digest.id}.png`;
      // An upload that timed out may have landed: its file is in the thread under this name.
      if (recovering && (await slack.hasFile(d.workspaceId, { channel: digest.channelId, ts: digest.ts, filename }))) return { status: 'sent', result: { filename } };
      let png: Buffer;
      const threshold = team?.overloadThreshold ?? 100;
      try {
        png = await render(digest.content, threshold);
      } catch (err) {
        // Rendering fails the same way every time: the digest stands without its chart.
        log.error({ err, digestId }, 'the digest chart could not be rendered; posted without it');
        return { status: 'cancelled', reason: 'chart could not be rendered' };
      }
      await slack.uploadFile(d.workspaceId, { channel: digest.channelId, threadTs: digest.ts, file: png, filename, title: filename, altText: chartAltText(digest.content, threshold) });
      return { status: 'sent', result: { filename } };
    }),
  ];
}
