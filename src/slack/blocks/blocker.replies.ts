import type { AskAnswer, BlockerRefusal, ClosedBlocker, DismissResult, HelpResult, ResolveResult } from '../../blockers/blockers.models.ts';
import { escapeMrkdwn, inlineText, listJoin, plural } from '../../shared/text.ts';

/** The blockers' answers to the person who acted, worded from what the use case returned. Pure. */

const mention = (userId: string) => `<@${userId}>`;

/** What a click on a blocker that is no longer open is told: resolved, or marked as not one. */
export function closedText(b: ClosedBlocker): string {
  const by = b.resolvedBy ? ` (by ${mention(b.resolvedBy)})` : '';
  return b.status === 'dismissed' ? `Blocker #${b.id} was already marked as not a blocker${by}.` : `Blocker #${b.id} is already resolved${by}.`;
}

export function resolveText(r: ResolveResult): string {
  switch (r.kind) {
    case 'resolved':
      return `:white_check_mark: Resolved blocker #${r.id}.`;
    case 'already-resolved':
      return `Blocker #${r.id} is already resolved.`;
    case 'closed':
      return closedText(r.blocker);
  }
}

export function helpText(r: HelpResult): string {
  switch (r.kind) {
    case 'owner':
      return `:raised_hands: You're now the owner of blocker #${r.id}${r.previousOwnerId ? ` (was ${mention(r.previousOwnerId)})` : ''}. ${mention(r.reporterId)} will see you in \`/blocker list\`.`;
    case 'already-owner':
      return `You already own blocker #${r.id}.`;
    case 'closed':
      return `${closedText(r.blocker)} Thanks anyway!`;
  }
}

export function dismissText(r: DismissResult): string {
  switch (r.kind) {
    case 'dismissed':
      return r.learned
        ? `:ok_hand: Blocker #${r.id} is marked as not a blocker. Answers in ${escapeMrkdwn(r.learned.teamName)} that say “${inlineText(r.learned.text, 200)}” won't be announced again.`
        : `:ok_hand: Blocker #${r.id} is marked as not a blocker.`;
    case 'already-closed':
      return `Blocker #${r.id} is already closed.`;
    case 'closed':
      return closedText(r.blocker);
  }
}

/** The answer to "Is this a blocker?", replacing the question. */
export function askAnswerText(r: AskAnswer): string {
  switch (r.kind) {
    case 'untracked':
      return `:ok_hand: Not tracked. Coordinator will read “${inlineText(r.text, 200)}” as no blocker in ${escapeMrkdwn(r.teamName)} from now on.`;
    case 'duplicate':
      return `You already have this one open as blocker #${r.id}.`;
    case 'tracked':
      return `:construction: Tracking it as blocker #${r.id} in ${escapeMrkdwn(r.teamName)}; its managers see it in the day's thread.`;
  }
}

/** `/blocker TEXT` (`command`) or a team picked from the chooser (`click`). */
export function raisedText(r: { id: number; duplicate: boolean; teamName: string }, from: 'command' | 'click'): string {
  if (from === 'click') return r.duplicate ? `You already have this one open as blocker #${r.id}.` : `:construction: Raised blocker #${r.id} in ${escapeMrkdwn(r.teamName)}.`;
  return r.duplicate
    ? `You already have this one open as blocker #${r.id} (${escapeMrkdwn(r.teamName)}); it keeps its age. \`/blocker list\` shows it.`
    : `:construction: Raised blocker #${r.id} in ${escapeMrkdwn(r.teamName)}; its managers see it in today's standup thread. \`/blocker resolve ${r.id}\` when it's done.`;
}

/** `/blocker threshold N`: when open blockers are escalated now. */
export function thresholdText(t: { teamName: string; stakeholderChannelId: string | null; days: number }): string {
  return `:alarm_clock: Open blockers in ${escapeMrkdwn(t.teamName)} are escalated to managers${t.stakeholderChannelId ? ` and <#${t.stakeholderChannelId}>` : ''} after ${plural(t.days, 'working day')}, and again after ${plural(t.days * 2, 'working day')}.`;
}

export function blockerRefusalText(r: BlockerRefusal): string {
  switch (r.code) {
    case 'blocker.not_found':
      return `There is no blocker #${r.id} here. \`/blocker list\` shows the open ones.`;
    case 'blocker.stale_question':
      return 'This question is from an older message; use `/blocker TEXT` to raise a blocker.';
    case 'blocker.not_yours':
      return 'Only the person who wrote that answer can say whether it is a blocker.';
    case 'blocker.forbidden': {
      if (r.action === 'dismiss') return `Only ${mention(r.reporterId)} (who raised it) or a manager can say blocker #${r.id} is not one. Nothing was changed.`;
      const who = [`${mention(r.reporterId)} (who raised it)`, ...(r.ownerId ? [`${mention(r.ownerId)} (its owner)`] : []), ...(r.managers.length ? [`a manager (${listJoin(r.managers.map(mention))})`] : [])];
      return `Only ${listJoin(who, 'or')} can resolve blocker #${r.id}. Nothing was changed.`;
    }
    case 'blocker.not_member':
      return `Only people in ${escapeMrkdwn(r.teamName)} can take on its blockers. Ask a manager to add you (\`/standup members add @you\`), or reply in the team channel. Nothing was changed.`;
  }
}
