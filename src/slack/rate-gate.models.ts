/**
 * Slack's pace, as a rule given `now`: which Web API call may go when, per workspace.
 *
 * Slack limits each method per app per workspace by tier (Tier 1: 1+ a minute, Tier 2: 20+,
 * Tier 3: 50+, Tier 4: 100+, "with bursts"), and `chat.postMessage` specially: about one
 * message a second per channel, short bursts allowed, under a workspace-wide limit it does not
 * publish (https://docs.slack.dev/apis/web-api/rate-limits). Past a limit it answers 429 with
 * Retry-After. The gate keeps, shared by every lane of a process:
 *
 * - a **closure** per (workspace, method) after a 429 — per (workspace, channel) for
 *   `chat.postMessage`, whose documented limit is per channel — until its Retry-After: no call
 *   of that method goes to that workspace before then, whoever makes it;
 * - a **token bucket** (GCRA: a "theoretical arrival time" per key) per (workspace, method) at
 *   the method's tier, and per (workspace, channel) plus per workspace for `chat.postMessage`,
 *   so that a fan-out mostly never meets a 429 at all.
 *
 * `decide` reserves the call's slot in every bucket it needs: lanes asking at the same instant
 * get successive slots, so waiting for a slot never turns into a crowd at its end. A call whose
 * slot (or closure) lies further than `maxWaitMs` ahead reserves nothing and is told when to
 * come back: held back by the pace, it is given a place in a **waiting line** per bucket (its
 * own later instant, one interval after the last one handed out), so a fan-out held back all at
 * once comes back one call per slot, not all at the first free slot to be held back again (which
 * would cost each call a round per slot). The line is only advice: the buckets alone decide what
 * goes, so nothing it says can make a call go faster than the pace. Other workspaces and other
 * methods have keys of their own and are never closed or held up by it.
 */

export type Tier = 1 | 2 | 3 | 4;
/** A sustained rate and the burst allowed on top of it (calls that may go at once after a quiet spell). */
export type Rate = { perMinute: number; burst: number };
export type PaceLimits = {
  tiers: Record<Tier, Rate>;
  /** `chat.postMessage` into one channel. */
  postPerChannel: Rate;
  /** `chat.postMessage` into the whole workspace (Slack keeps one but publishes no figure). */
  postPerWorkspace: Rate;
  /** `conversations.history` and `.replies`, when not their tier's (see `historyPaces`). */
  history?: Rate;
};

/** Reads of a channel's or a thread's messages: the methods Slack limits apart for apps outside the Marketplace. */
export const historyMethods: ReadonlySet<string> = new Set(['conversations.history', 'conversations.replies']);

/**
 * How often, and how much at a time, a channel or thread may be read (post-once's search before
 * posting again). Since May 29, 2025 an app distributed outside the Slack Marketplace (a
 * self-hosted Coordinator installed with "Add to Slack" is one) may call `conversations.history`
 * and `conversations.replies` once a minute per workspace, 15 messages a page
 * (https://docs.slack.dev/reference/methods/conversations.history); Marketplace-approved and
 * internal customer-built apps keep Tier 3. `pages`: how many pages one search may read: one
 * where a second page would have to wait a minute (the search would start again and never end).
 */
export type HistoryPace = { rate: Rate; pageSize: number; pages: number; fromSince?: boolean };
export const historyPaces: Record<'limited' | 'tier3', HistoryPace> = {
  limited: { rate: { perMinute: 1, burst: 1 }, pageSize: 15, pages: 1, fromSince: true },
  tier3: { rate: { perMinute: 50, burst: 10 }, pageSize: 200, pages: 5 },
};

export const postMessage = 'chat.postMessage';

/**
 * Tiers of the methods Coordinator calls from the outbox (each method's reference page, "Rate
 * limits"). A method not listed is taken as Tier 2, the floor Slack names for "most methods".
 * `conversations.history` and `.replies` are Tier 3 for Marketplace and internal apps only
 * (`PaceLimits.history` gives them their own rate otherwise).
 */
export const methodTiers: Readonly<Record<string, Tier>> = {
  'conversations.open': 3,
  'conversations.history': 3,
  'conversations.replies': 3,
  'conversations.join': 3,
  'chat.update': 3,
  'chat.postEphemeral': 4,
  'views.publish': 4,
  'users.info': 4,
  'files.getUploadURLExternal': 4,
  'files.completeUploadExternal': 4,
};

export const tierOf = (method: string): Tier => methodTiers[method] ?? 2;

/**
 * Slack's documented floor for each tier, with modest bursts; one message a second per channel
 * with a burst of 3; the workspace-wide posting limit, which Slack does not publish, at
 * 300 a minute (a 429 from it still closes the channel it came from, and Retry-After is honoured).
 */
export const slackDocumentedPace: PaceLimits = {
  tiers: {
    1: { perMinute: 1, burst: 1 },
    2: { perMinute: 20, burst: 5 },
    3: { perMinute: 50, burst: 10 },
    4: { perMinute: 100, burst: 20 },
  },
  postPerChannel: { perMinute: 60, burst: 3 },
  postPerWorkspace: { perMinute: 300, burst: 30 },
};

/** One Web API call as the gate sees it. `channel` matters for `chat.postMessage` only. */
export type SlackCall = { workspaceId: string; method: string; channel?: string | undefined };

export type GateDecision =
  /** Go at `atMs` (now, or a reserved slot within `maxWaitMs`). */
  | { go: true; atMs: number }
  /** Do not call before `untilMs`; nothing was reserved. */
  | { go: false; untilMs: number; why: 'retry-after' | 'pace' };

type Bucket = { tat: number; intervalMs: number; toleranceMs: number };

/** The key a 429 closes: the channel for chat.postMessage (its documented limit), else the method. */
export function closureKey(call: SlackCall): string {
  return call.method === postMessage && call.channel ? `${call.workspaceId}|${postMessage}|${call.channel}` : `${call.workspaceId}|${call.method}`;
}

function bucketsFor(call: SlackCall, limits: PaceLimits): { key: string; rate: Rate }[] {
  if (call.method === postMessage) {
    const all = { key: `${call.workspaceId}|${postMessage}`, rate: limits.postPerWorkspace };
    return call.channel ? [all, { key: `${call.workspaceId}|${postMessage}|${call.channel}`, rate: limits.postPerChannel }] : [all];
  }
  const rate = limits.history && historyMethods.has(call.method) ? limits.history : limits.tiers[tierOf(call.method)];
  return [{ key: `${call.workspaceId}|${call.method}`, rate }];
}

/** Keys held before idle ones are forgotten (one per DM channel posted to, so it must not grow without end). */
const pruneAbove = 5_000;

/**
 * The gate's state and rules. Pure: every time is passed in (ms on the injected clock), nothing
 * is read from the machine. Without `limits` it only honours Retry-After.
 */
export function createRateGate(limits?: PaceLimits) {
  const closures = new Map<string, number>();
  const buckets = new Map<string, Bucket>();
  /** Per bucket key: the instant after the last place handed out in its waiting line. */
  const lines = new Map<string, number>();

  function prune(nowMs: number) {
    for (const [k, until] of closures) if (until <= nowMs) closures.delete(k);
    // A bucket whose arrival time has passed is as full as a new one: forgetting it changes nothing.
    for (const [k, b] of buckets) if (b.tat <= nowMs) buckets.delete(k);
    for (const [k, end] of lines) if (end <= nowMs) lines.delete(k);
  }

  function bucket(key: string, rate: Rate, nowMs: number): Bucket {
    let b = buckets.get(key);
    if (!b) {
      const intervalMs = 60_000 / Math.max(rate.perMinute, 1e-9);
      b = { tat: nowMs, intervalMs, toleranceMs: Math.max(0, Math.floor(rate.burst) - 1) * intervalMs };
      buckets.set(key, b);
    }
    return b;
  }

  /** Until when a 429 keeps this call from going (undefined: not closed). */
  function closedUntil(call: SlackCall, nowMs: number): number | undefined {
    const until = closures.get(closureKey(call));
    return until !== undefined && until > nowMs ? until : undefined;
  }

  return {
    closedUntil,

    /** When this call may go; a `go` reserves its slot in every bucket it needs. */
    decide(call: SlackCall, nowMs: number, maxWaitMs = 0): GateDecision {
      if (closures.size + buckets.size + lines.size > pruneAbove) prune(nowMs);
      const closed = closedUntil(call, nowMs);
      if (closed !== undefined && closed - nowMs > maxWaitMs) return { go: false, untilMs: closed, why: 'retry-after' };
      let at = closed ?? nowMs;
      if (!limits) return { go: true, atMs: at };
      const keyed = bucketsFor(call, limits).map(({ key, rate }) => ({ key, b: bucket(key, rate, nowMs) }));
      // The earliest instant every bucket conforms at: GCRA's tat − tolerance.
      for (const { b } of keyed) at = Math.max(at, b.tat - b.toleranceMs);
      if (at - nowMs > maxWaitMs) {
        // Held back: come back at the call's place in the line (never before its slot), one interval behind the last.
        let place = at;
        for (const { key } of keyed) place = Math.max(place, lines.get(key) ?? 0);
        for (const { key, b } of keyed) lines.set(key, Math.max(lines.get(key) ?? 0, place) + b.intervalMs);
        return { go: false, untilMs: place, why: 'pace' };
      }
      for (const { b } of keyed) b.tat = Math.max(b.tat, at) + b.intervalMs;
      return { go: true, atMs: at };
    },

    /** Slack answered 429 for this call: nothing of its kind goes to that workspace before `nowMs + retryAfterMs`. */
    limited(call: SlackCall, retryAfterMs: number, nowMs: number): number {
      const key = closureKey(call);
      const until = Math.max(closures.get(key) ?? 0, nowMs + Math.max(0, retryAfterMs));
      closures.set(key, until);
      return until;
    },

    /** Keys held (closures, buckets and lines): bounded by pruning, for tests and metrics. */
    size: () => closures.size + buckets.size + lines.size,
    /** Forgets what has run out by `nowMs`. */
    prune,
  };
}

export type RateGate = ReturnType<typeof createRateGate>;
