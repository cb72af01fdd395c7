import type { RequestKey } from '../requests/requests.models.ts';

/**
 * Keys that make every submission and button idempotent, built from what Slack sends.
 * Pure: listeners pass them to use cases, which claim them in the transaction that does
 * the work (src/requests/), so several replicas on one Postgres agree.
 */

/** A modal submission: view id + hash name one state of one modal; submitting it twice is one submission. */
export function submissionKey(view: { id: string; hash: string }): RequestKey {
  return { key: `view:${view.id}:${view.hash}` };
}

/** A double click or a redelivery arrives within seconds; the same button pressed later is asked again. */
export const clickWindowMs = 60_000;

type ClickBody = {
  user: { id: string };
  container?: { message_ts?: string; view_id?: string };
  message?: { ts?: string };
  view?: { id?: string };
};

/**
 * A click on a button: the message (or modal) it sits on, the button, its value and who
 * clicked. `action` lets a group of buttons share one key ("Raise in A" / "Raise in B":
 * one chooser raises once); `windowMs: undefined` makes the key stand until pruned.
 */
export function clickKey(body: ClickBody, action: { action_id: string; action_ts?: string; value?: string }, opts: { group?: string; windowMs?: number | undefined } = { windowMs: clickWindowMs }): RequestKey {
  const surface = body.container?.message_ts ?? body.message?.ts ?? body.container?.view_id ?? body.view?.id ?? `ts:${action.action_ts ?? ''}`;
  const what = opts.group ?? `${action.action_id}:${action.value ?? ''}`;
  return { key: `click:${surface}:${what}:${body.user.id}`, ...(opts.windowMs === undefined ? {} : { windowMs: opts.windowMs }) };
}

/**
 * One delivery of a click or shortcut that changes nothing by itself (it opens a modal):
 * Slack's action_ts names it, so a redelivered payload is recognised. A second click is
 * a second request and opens the form again, which is what the person asked for.
 */
export function deliveryKey(kind: string, payload: { action_ts: string; user: { id: string } }): RequestKey {
  return { key: `delivery:${kind}:${payload.action_ts}:${payload.user.id}` };
}
