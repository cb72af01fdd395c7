import { expect } from 'vitest';
import type { Harness } from './harness.ts';
import type { FakeMessage } from './fake-slack.ts';

export const teamChannel = 'CTEAM';

/** Blocks flattened to their visible text, for assertions on what a person would read. */
export function visibleText(msg: { text?: string; blocks?: unknown[] } | undefined): string {
  if (!msg) return '';
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (!v || typeof v !== 'object') return;
    if (Array.isArray(v)) return v.forEach(walk);
    const o = v as Record<string, unknown>;
    if (typeof o.text === 'string') out.push(o.text);
    for (const [k, x] of Object.entries(o)) if (k !== 'text' || typeof x !== 'string') walk(x);
  };
  walk(msg.blocks ?? []);
  return out.length ? out.join('\n') : (msg.text ?? '');
}

/** Runs a slash command and returns what the app answered (in the ack or through response_url). */
export async function command(h: Harness, user: string, text: string, channel = teamChannel, channelName = 'team-alpha', slash = '/standup'): Promise<string> {
  const res = await h.sender.command({ command: slash, text, user_id: user, channel_id: channel, channel_name: channelName });
  expect(res.status).toBe(200);
  if (res.body) {
    const body = res.json<{ text?: string; blocks?: unknown[] }>();
    if (body.text || body.blocks) return visibleText(body);
  }
  // Match the reply to this command's own response_url: other replies may still be in flight.
  const id = res.responseUrl!.split('/respond/')[1]!;
  // No reply at all is a failure of the app (silence), never an empty answer.
  const got = await h.catcher.waitFor((r) => r.id === id, 30_000).catch(() => {
    throw new Error(`no reply to ${slash} ${text.slice(0, 80)} within 15 s`);
  });
  return visibleText(got.body as { text?: string; blocks?: unknown[] });
}

export function dms(h: Harness, user: string): FakeMessage[] {
  return h.fake.messages(h.fake.dmChannelId(user));
}

export function buttonValue(msg: FakeMessage, actionId: string): string {
  for (const b of (msg.blocks ?? []) as { type: string; elements?: { action_id?: string; value?: string }[] }[]) {
    const el = b.elements?.find((e) => e.action_id === actionId);
    if (el?.value) return el.value;
  }
  throw new Error(`no button ${actionId} in message ${msg.ts}`);
}

/** Clicks "Answer" on the prompt, fills the modal with `answers` (in question order) and submits it. */
export async function answerPrompt(h: Harness, user: string, answers: string[], msg?: FakeMessage) {
  const prompt = msg ?? dms(h, user).find((m) => m.blocks?.length)!;
  const viewsBefore = h.fake.callsTo('views.open').length;
  const click = await h.sender.blockAction({ user_id: user, action_id: 'standup_answer', value: buttonValue(prompt, 'standup_answer'), channel_id: h.fake.dmChannelId(user), message_ts: prompt.ts });
  expect(click.status).toBe(200);
  const opened = await h.fake.waitForCall('views.open', (c) => h.fake.callsTo('views.open').indexOf(c) >= viewsBefore);
  return submitAnswerView(h, user, opened.args.view as ModalLike, answers);
}

export type ModalLike = { callback_id: string; private_metadata: string; blocks: { type: string; block_id?: string; element?: { initial_value?: string } }[] };

export async function submitAnswerView(h: Harness, user: string, view: ModalLike, answers: string[]) {
  const inputs = view.blocks.filter((b) => b.type === 'input');
  const state_values: Record<string, Record<string, Record<string, unknown>>> = {};
  inputs.forEach((b, i) => {
    state_values[b.block_id!] = { answer: { type: 'plain_text_input', value: answers[i] ?? null } };
  });
  const res = await h.sender.viewSubmission({ user_id: user, callback_id: view.callback_id, private_metadata: view.private_metadata, state_values });
  return { res, view, inputs };
}
