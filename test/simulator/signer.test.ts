import type { AddressInfo } from 'node:net';
import { App, LogLevel, type Logger } from '@slack/bolt';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeSlack, type FakeSlack } from '../../src/simulator/fake-slack.ts';
import { createSlackSender, signSlackRequest, startResponseCatcher, type ResponseCatcher, type SlackSender } from '../../src/simulator/signer.ts';
import { waitFor } from '../../src/simulator/wait.ts';

describe('signSlackRequest', () => {
  it("matches Slack's published example", () => {
    // From Slack's "Verifying requests from Slack" documentation.
    const body =
      'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
    expect(signSlackRequest('8f742231b10e8888abcd99yyyzzz85a5', 1531420618, body)).toBe(
      'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
    );
  });
});

/** Collects Bolt's error logs so a test can show them instead of printing noise. */
function recordingLogger(): Logger & { errors: unknown[][] } {
  const errors: unknown[][] = [];
  return {
    errors,
    debug: () => {},
    info: () => {},
    warn: () => {},
    error: (...msg: unknown[]) => void errors.push(msg),
    setLevel: () => {},
    getLevel: () => LogLevel.ERROR,
    setName: () => {},
  };
}

const SECRET = 'test-signing-secret';

describe('createSlackSender against a real Bolt app', () => {
  let fake: FakeSlack;
  let catcher: ResponseCatcher;
  let app: App;
  let slack: SlackSender;
  const seen: Record<string, unknown> = {};

  beforeAll(async () => {
    fake = await startFakeSlack();
    catcher = await startResponseCatcher();
    app = new App({
      token: 'xoxb-test',
      signingSecret: SECRET,
      logger: recordingLogger(),
      clientOptions: { slackApiUrl: fake.url, retryConfig: { retries: 0 } },
    });

    app.command('/standup', async ({ ack, command, respond }) => {
      await ack();
      seen.command = command;
      await respond({ response_type: 'ephemeral', text: `you said: ${command.text}` });
    });
    app.action('answer', async ({ ack, body, client }) => {
      await ack();
      seen.action = body;
      if (body.type !== 'block_actions') return;
      await client.views.open({
        trigger_id: body.trigger_id,
        view: {
          type: 'modal',
          callback_id: 'answer_modal',
          title: { type: 'plain_text', text: 'Standup' },
          blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'How is it going?' } }],
        },
      });
    });
    app.view('answer_modal', async ({ ack, view }) => {
      seen.view = view;
      const value = view.state.values.today?.plan?.value;
      if (value) await ack();
      else await ack({ response_action: 'errors', errors: { today: 'Please write something' } });
    });
    app.shortcut('quick_blocker', async ({ ack, shortcut }) => {
      await ack();
      seen.shortcut = shortcut;
    });
    app.event('app_mention', async ({ event, client, context }) => {
      await client.chat.postMessage({ channel: event.channel, text: `retry=${context.retryNum ?? 0}` });
    });

    const server = await app.start({ port: 0, host: '127.0.0.1' });
    const { port } = server.address() as AddressInfo;
    slack = createSlackSender({ baseUrl: `http://127.0.0.1:${port}`, signingSecret: SECRET, responseUrl: catcher.url });
  });

  afterAll(async () => {
    await app.stop();
    await catcher.close();
    await fake.close();
  });

  beforeEach(() => {
    fake.reset();
    for (const key of Object.keys(seen)) delete seen[key];
  });

  it('delivers a slash command, and respond() reaches the response_url catcher', async () => {
    const res = await slack.command({ command: '/standup', text: 'status today', user_id: 'U1', channel_id: 'C1' });
    expect(res.status).toBe(200);
    expect(seen.command).toMatchObject({
      command: '/standup',
      text: 'status today',
      user_id: 'U1',
      channel_id: 'C1',
      team_id: 'T0001',
      api_app_id: 'A0001',
      trigger_id: res.triggerId,
    });
    const id = new URL(res.responseUrl!).pathname.split('/').pop()!;
    const posted = await catcher.waitFor((r) => r.id === id);
    expect(posted.body).toMatchObject({ response_type: 'ephemeral', text: 'you said: status today' });
  });

  it('delivers a block action whose trigger id opens a modal on the fake', async () => {
    const res = await slack.blockAction({ user_id: 'U1', action_id: 'answer', value: 'go', channel_id: 'DU1', message_ts: '1700000000.000100' });
    expect(res.status).toBe(200);
    expect(seen.action).toMatchObject({
      type: 'block_actions',
      user: { id: 'U1', team_id: 'T0001' },
      actions: [{ action_id: 'answer', value: 'go', type: 'button' }],
      container: { type: 'message', message_ts: '1700000000.000100', channel_id: 'DU1' },
      response_url: res.responseUrl,
    });
    const call = await fake.waitForCall('views.open');
    expect(call.args.trigger_id).toBe(res.triggerId);
    expect(fake.views()).toMatchObject([{ callback_id: 'answer_modal' }]);
  });

  it('delivers view submissions and returns the ack body', async () => {
    const empty = await slack.viewSubmission({
      user_id: 'U1',
      callback_id: 'answer_modal',
      private_metadata: '{"team":1}',
      state_values: { today: { plan: { type: 'plain_text_input', value: null } } },
    });
    expect(empty.status).toBe(200);
    expect(empty.json()).toEqual({ response_action: 'errors', errors: { today: 'Please write something' } });
    expect(seen.view).toMatchObject({ callback_id: 'answer_modal', private_metadata: '{"team":1}' });

    const filled = await slack.viewSubmission({
      user_id: 'U1',
      callback_id: 'answer_modal',
      state_values: { today: { plan: { type: 'plain_text_input', value: 'Ship the fake' } } },
    });
    expect(filled.status).toBe(200);
    expect(filled.body).toBe('');
  });

  it('delivers shortcuts', async () => {
    const res = await slack.shortcut({ user_id: 'U1', callback_id: 'quick_blocker' });
    expect(res.status).toBe(200);
    expect(seen.shortcut).toMatchObject({ type: 'shortcut', callback_id: 'quick_blocker', trigger_id: res.triggerId });
  });

  it('delivers events with retry headers', async () => {
    const event = { type: 'app_mention', user: 'U1', text: '<@UBOT> hi', channel: 'C1', ts: '1700000000.000900' };
    expect((await slack.event({ event })).status).toBe(200);
    expect((await slack.event({ event, retryNum: 1, retryReason: 'http_timeout' })).status).toBe(200);
    await waitFor(() => fake.messages('C1').length === 2);
    expect(fake.messages('C1').map((m) => m.text).sort()).toEqual(['retry=0', 'retry=1']);
  });

  it('answers url_verification', async () => {
    const res = await slack.urlVerification('abc123');
    expect(res.status).toBe(200);
    expect(res.body).toContain('abc123');
  });

  it.each([
    ['a wrong signature', { signature: 'v0=bad' }],
    ['no signature', { sign: false }],
    ['a timestamp older than five minutes', { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 }],
  ])('rejects a request with %s', async (_name, opts) => {
    const res = await slack.command({ command: '/standup', text: 'x', user_id: 'U1', channel_id: 'C1' }, opts);
    expect(res.status).toBe(401);
    expect(seen.command).toBeUndefined();
  });
});
