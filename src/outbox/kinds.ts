import { createHash } from 'node:crypto';
import { z } from 'zod';
import { normaliseBlockerText } from '../blockers/blocker-detection.ts';

/** An outbox row to enqueue. */
export type NewDelivery = { workspaceId: string; key: string; kind: string; payload: Record<string, unknown>; dueAt: Date; status?: 'pending' | 'missed' };

/**
 * The catalogue of everything Coordinator sends through the outbox. Each kind names its
 * payload (checked with zod when a row is worked, so a row written by an older version or
 * by hand is cancelled with a reason, never half-read) and builds its key: the one place a
 * delivery key is spelled. A key is what makes planning idempotent across replicas and
 * what a retry searches Slack for, so two code paths must never spell one differently.
 *
 * Handlers live with their feature (`*.deliveries.ts`) and are registered by kind.
 */
export interface DeliveryKind<Name extends string, P> {
  readonly kind: Name;
  readonly payload: z.ZodType<P>;
  key(p: P): string;
  /** The outbox row for `p`, due at `dueAt`. */
  row(workspaceId: string, p: P, dueAt: Date, status?: 'pending' | 'missed'): NewDelivery;
}

function kind<Name extends string, P extends Record<string, unknown>>(name: Name, payload: z.ZodType<P>, key: (p: P) => string): DeliveryKind<Name, P> {
  return {
    kind: name,
    payload,
    key,
    row: (workspaceId, p, dueAt, status) => ({ workspaceId, key: key(p), kind: name, payload: p, dueAt, ...(status ? { status } : {}) }),
  };
}

const id = z.number().int().positive();
const userId = z.string().min(1).max(64);
const localDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** A short, stable fingerprint of a line, for keys that must tell two lines apart (however they are spaced or cased). */
const lineFingerprint = (text: string) => createHash('sha256').update(normaliseBlockerText(text)).digest('hex').slice(0, 16);

const overloadData = z.object({
  to: userId,
  userId,
  teamId: id,
  teamName: z.string(),
  week: z.string(),
  weekLabel: z.string(),
  utilisation: z.number(),
  planned: z.number(),
  available: z.number(),
  tasks: z.array(z.object({ id, title: z.string(), hours: z.number() })),
  room: z.array(z.object({ userId, utilisation: z.number() })),
});
export type OverloadWarning = z.infer<typeof overloadData>;

/**
 * A person's Home tab is published at most once per slot of this many milliseconds for
 * changes: every change in one slot enqueues the same key (ON CONFLICT DO NOTHING), due at
 * the slot's end, so ten changes in a second make one row and one `views.publish`, and the
 * one publish reads the data after all of them. A change in the next slot makes the next row.
 */
export const homeSlotMs = 5_000;
export const homeSlotOf = (now: Date) => Math.floor(now.getTime() / homeSlotMs);
/** When a slot's publish falls due: its end, after every change made in it. */
export const homeSlotEnd = (slot: number) => new Date((slot + 1) * homeSlotMs);
const forecastStatus = z.enum(['on-track', 'at-risk', 'late']);
const milestoneWarningData = z.object({
  to: userId,
  milestoneId: id,
  teamId: id,
  teamName: z.string(),
  name: z.string(),
  /** The team's local date the warning is for: at most one a milestone a day. */
  date: localDate,
  from: forecastStatus.nullable(),
  status: forecastStatus,
  target: localDate,
  finish: localDate.nullable(),
  daysLate: z.number().int().nullable(),
  uncertain: z.boolean(),
  /** Who holds the work that finishes last. */
  assignees: z.array(z.object({ userId, remainingHours: z.number(), finish: localDate.nullable(), freeHoursPerWeek: z.number(), member: z.boolean() })).max(5),
  unestimated: z.array(z.object({ id, title: z.string() })).max(10),
  unestimatedCount: z.number().int().nonnegative(),
  defaultEstimateHours: z.number(),
  room: z.array(z.object({ userId, freeHoursPerWeek: z.number() })).max(3),
});
export type MilestoneWarning = z.infer<typeof milestoneWarningData>;

export const kinds = {
  /** A member's standup question, by DM. */
  prompt: kind('prompt', z.object({ teamId: id, userId, date: localDate }), (p) => `prompt:${p.teamId}:${p.userId}:${p.date}`),
  /** A nudge to a member who has not answered yet. */
  reminder: kind('reminder', z.object({ teamId: id, userId, date: localDate }), (p) => `reminder:${p.teamId}:${p.userId}:${p.date}`),
  /** A member's prompt DM, marked skipped (without its buttons) after they skipped the day elsewhere. */
  promptSkipped: kind('prompt-skipped', z.object({ teamId: id, userId, date: localDate }), (p) => `prompt-skipped:${p.teamId}:${p.userId}:${p.date}`),
  /** The team's report deadline for a day: closes the day and lists who is missing. */
  deadline: kind('deadline', z.object({ teamId: id, date: localDate }), (p) => `deadline:${p.teamId}:${p.date}`),
  /** The day's parent message in the team channel, created or brought up to date. */
  day: kind('day', z.object({ teamId: id, date: localDate }), (p) => `day:${p.teamId}:${p.date}`),
  /** One member's answer, as a reply in the day's thread. */
  answer: kind('answer', z.object({ entryId: id }), (p) => `answer:${p.entryId}`),
  /** Blockers raised together (one answer or one command), announced in one message keyed by the first. */
  blockerAnnounce: kind(
    'blocker-announce',
    z.union([
      z.object({ blockerIds: z.array(id).min(1), more: z.number().int().nonnegative() }),
      // Rows written before blockers were announced together name one blocker.
      z.object({ blockerId: id }).transform((p) => ({ blockerIds: [p.blockerId], more: 0 })),
    ]),
    (p) => `blocker-announce:${p.blockerIds[0]}`,
  ),
  /** "Is this a blocker?", asked of the author of a line the detector was unsure of. */
  blockerAsk: kind('blocker-ask', z.object({ teamId: id, entryId: id, userId, text: z.string().min(1).max(1500) }), (p) => `blocker-ask:${p.entryId}:${lineFingerprint(p.text)}`),
  /** A blocker's resolution (or dismissal), noted where it was announced. */
  blockerResolved: kind('blocker-resolved', z.object({ blockerId: id }), (p) => `blocker-resolved:${p.blockerId}`),
  /** An old blocker brought to a manager (level 1) or the stakeholders (level 2). */
  blockerEscalate: kind('blocker-escalate', z.object({ blockerId: id, level: z.union([z.literal(1), z.literal(2)]), to: z.string().min(1) }), (p) => `blocker-escalate:${p.blockerId}:${p.level}:${p.to}`),
  /** A manager told that a member is over the team's threshold in a week. */
  overloadWarning: kind('overload-warning', overloadData, (p) => `overload:${p.teamId}:${p.userId}:${p.week}:${p.utilisation}:${p.to}`),
  /** A manager told that a milestone's forecast got worse; one per milestone per day (and manager). */
  milestoneWarning: kind('milestone-warning', milestoneWarningData, (p) => `milestone-warning:${p.milestoneId}:${p.date}:${p.to}`),
  /** The weekly review nudge to a risk owner: one DM per person per ISO week, whatever the number of risks or teams. */
  /** One owner's weekly review of their open risks, per workspace (a user id may exist in two). */
  riskReview: kind('risk-review', z.object({ workspaceId: z.string().min(1).max(64), userId, week: z.string().regex(/^\d{4}-W\d{2}$/) }), (p) => `risk-review:${p.workspaceId}:${p.userId}:${p.week}`),
  /** The weekly digest, or one posted on request (`manual`, keyed by the minute it was asked in). */
  // `slot`: the week's Monday, or the minute a manual one was asked in (rows from before it was stored have none).
  digest: kind('digest', z.object({ teamId: id, kind: z.enum(['weekly', 'manual']), slot: z.string().min(1).optional() }), (p) => (p.kind === 'weekly' ? `digest:${p.teamId}:${p.slot}` : `digest-manual:${p.teamId}:${p.slot}`)),
  /** One detail message in a digest's thread. */
  digestDetail: kind('digest-detail', z.object({ digestId: id, index: z.number().int().nonnegative() }), (p) => `digest-detail:${p.digestId}:${p.index}`),
  /** The digest's chart, uploaded into its thread. */
  digestChart: kind('digest-chart', z.object({ digestId: id }), (p) => `digest-chart:${p.digestId}`),
  /**
   * A person's or a team's data as a zip in the requester's DM; one per request and minute. Keyed
   * by workspace too: user ids are only unique within one, and keys are unique across all.
   */
  privacyExport: kind(
    'privacy-export',
    // `workspaceId` is optional only for rows queued before it was part of the key (the handler reads the row's workspace).
    z.object({ workspaceId: z.string().min(1).max(64).optional(), requesterId: userId, who: z.union([z.enum(['auto', 'me']), z.object({ userId })]), minute: z.number().int().optional() }),
    (p) => `privacy-export:${p.workspaceId ?? '-'}:${p.requesterId}:${typeof p.who === 'object' ? p.who.userId : p.who}:${p.minute}`,
  ),
  /**
   * A person's App Home, published again. `open`: they just opened the tab (published at
   * once, one per slot); otherwise a change touched their data (coalesced per slot, see homeSlotMs).
   */
  homePublish: kind(
    'home-publish',
    z.object({ workspaceId: z.string().min(1).max(64), userId, slot: z.number().int().nonnegative(), open: z.boolean().optional() }),
    (p) => `${p.open ? 'home-open' : 'home'}:${p.workspaceId}:${p.userId}:${p.slot}`,
  ),
  /** One read of a person's calendar feed; `slot` is the hour (ISO, UTC) it was planned in: at most one read an hour. */
  calendarRefresh: kind('calendar-refresh', z.object({ feedId: id, slot: z.string().min(1).max(40) }), (p) => `calendar-refresh:${p.feedId}:${p.slot}`),
  /** A feed's owner told, once per run of failures (`since`), why it could not be read. */
  calendarProblem: kind('calendar-problem', z.object({ feedId: id, userId, since: z.string().min(1).max(40), reason: z.string().max(500) }), (p) => `calendar-problem:${p.feedId}:${p.since}`),
} as const;

export type Kinds = typeof kinds;
export type AnyKind = Kinds[keyof Kinds];
export type PayloadOf<K> = K extends DeliveryKind<string, infer P> ? P : never;

/**
 * Keys of messages that are not deliveries of their own but are posted by one (the day's
 * parent, an answer's reply in the thread): carried as message metadata so a retry can find
 * what an earlier attempt may have posted.
 */
export const messageKeys = {
  dayParent: (p: { teamId: number; date: string }) => `parent:${p.teamId}:${p.date}`,
  answerReply: (p: { entryId: number }) => `reply:${p.entryId}`,
};
