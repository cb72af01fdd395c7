import { expect } from 'vitest';
import type { Harness } from './harness.ts';
import type { FakeMessage } from './fake-slack.ts';
import { slowText } from '../../src/slack/slow-notice.ts';

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

/** What driving a command needs: a harness, or one workspace of the distributed harness. */
export type CommandTarget = Pick<Harness, 'sender' | 'catcher' | 'idle'>;

/**
 * Runs a slash command and returns what the app answered (in the ack or through response_url),
 * once the command's listener has finished: its reply goes out before its tail (the App Homes it
 * changed are marked, outbox rows it queued are sent), so what the test reads next is the whole
 * effect of the command, however slow the machine. On a machine slow enough for the "still
 * working" notice (8 s of real time) to go out first, the answer is the reply that follows it.
 */
export async function command(h: CommandTarget, user: string, text: string, channel = teamChannel, channelName = 'team-alpha', slash = '/standup'): Promise<string> {
  const sent = await sendCommand(h, user, text, channel, channelName, slash);
  const reply = 'answer' in sent ? sent.answer : await replyTo(h, sent.id, `${slash} ${text}`, (body) => visibleText(body) !== slowText);
  await h.idle();
  return reply;
}

/**
 * The first reply alone, without waiting for the listener's tail: for a test whose listener
 * cannot finish yet (its database is unreachable until the test brings it back), or that
 * expects the "still working" notice.
 */
export async function commandReply(h: Pick<Harness, 'sender' | 'catcher'>, user: string, text: string, channel = teamChannel, channelName = 'team-alpha', slash = '/standup'): Promise<string> {
  const sent = await sendCommand(h, user, text, channel, channelName, slash);
  return 'answer' in sent ? sent.answer : replyTo(h, sent.id, `${slash} ${text}`, () => true);
}

type Body = { text?: string; blocks?: unknown[] };

async function sendCommand(h: Pick<Harness, 'sender'>, user: string, text: string, channel: string, channelName: string, slash: string): Promise<{ answer: string } | { id: string }> {
  const res = await h.sender.command({ command: slash, text, user_id: user, channel_id: channel, channel_name: channelName });
  expect(res.status).toBe(200);
  if (res.body) {
    const body = res.json<Body>();
    if (body.text || body.blocks) return { answer: visibleText(body) };
  }
  // Match the reply to this command's own response_url: other replies may still be in flight.
  return { id: res.responseUrl!.split('/respond/')[1]! };
}

async function replyTo(h: Pick<Harness, 'catcher'>, id: string, what: string, accept: (body: Body) => boolean): Promise<string> {
  // No reply at all is a failure of the app (silence), never an empty answer.
  const got = await h.catcher.waitFor((r) => r.id === id && accept(r.body as Body), 30_000).catch(() => {
    throw new Error(`no reply to ${what.slice(0, 80)} within 30 s (got: ${JSON.stringify(h.catcher.forId(id).map((r) => visibleText(r.body as Body))).slice(0, 300)})`);
  });
  return visibleText(got.body as Body);
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
  // The answer is saved before the ack; its reply in the thread and the blockers it raised are
  // sent after it. Wait for that tail, so a tick or a read that follows sees the whole answer.
  await h.idle();
  return { res, view, inputs };
}
