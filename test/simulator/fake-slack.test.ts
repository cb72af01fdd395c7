import { ErrorCode, WebClient, type Logger, LogLevel } from '@slack/web-api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { seededRandom, startFakeSlack, type FakeSlack } from '../../src/simulator/fake-slack.ts';

const silentLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  setLevel: () => {},
  getLevel: () => LogLevel.ERROR,
  setName: () => {},
};

const TOKEN = 'xoxb-test';
const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });
const modal = (title: string) => ({
  type: 'modal' as const,
  callback_id: 'answer',
  title: { type: 'plain_text' as const, text: title },
  blocks: [section('hi')],
});

/** Errors thrown by WebClient carry `code` and, for platform errors, `data`. */
async function failure(promise: Promise<unknown>): Promise<{ code?: string; data?: Record<string, unknown>; retryAfter?: number; statusCode?: number }> {
  try {
    await promise;
  } catch (error) {
    return error as { code?: string; data?: Record<string, unknown> };
  }
  throw new Error('expected the call to fail');
}

describe('fake Slack Web API', () => {
  let fake: FakeSlack;
  let client: WebClient;

  beforeAll(async () => {
    fake = await startFakeSlack({ triggerTtlMs: 3000 });
    client = new WebClient(TOKEN, {
      slackApiUrl: fake.url,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      logger: silentLogger,
    });
  });
  afterAll(() => fake.close());
  beforeEach(() => fake.reset());

  it('answers auth.test with the bot identity and records the token', async () => {
    const res = await client.auth.test();
    expect(res).toMatchObject({ ok: true, team_id: 'T0001', user_id: 'UBOT', bot_id: 'BBOT' });
    expect(fake.calls).toHaveLength(1);
    expect(fake.calls[0]).toMatchObject({ method: 'auth.test', token: TOKEN, status: 200 });
    expect(fake.calls[0]?.at).toBeInstanceOf(Date);
  });

  it('rejects calls without a token', async () => {
    const anonymous = new WebClient(undefined, { slackApiUrl: fake.url, retryConfig: { retries: 0 }, logger: silentLogger });
    expect((await failure(anonymous.auth.test())).data).toMatchObject({ error: 'not_authed' });
  });

  it('posts, threads, updates and deletes messages', async () => {
    const blocks = [section('*Standup* 0/3 answered')];
    const parent = await client.chat.postMessage({ channel: 'C1', text: 'Standup', blocks });
    expect(parent).toMatchObject({ ok: true, channel: 'C1', ts: '1700000000.000100' });
    expect(parent.message).toMatchObject({ text: 'Standup', blocks, user: 'UBOT', bot_id: 'BBOT' });

    const reply = await client.chat.postMessage({ channel: 'C1', text: 'my answer', thread_ts: parent.ts! });
    expect(Number(reply.ts)).toBeGreaterThan(Number(parent.ts));

    // Parsed args: blocks come back as objects, not JSON strings.
    expect(fake.callsTo('chat.postMessage')[0]?.args).toMatchObject({ channel: 'C1', blocks });

    await client.chat.update({ channel: 'C1', ts: parent.ts!, text: 'Standup', blocks: [section('1/3 answered')] });
    expect(fake.message('C1', parent.ts!)).toMatchObject({
      text: 'Standup',
      blocks: [section('1/3 answered')],
      reply_count: 1,
      thread_ts: parent.ts,
      edited: { user: 'UBOT' },
    });
    expect(fake.messages('C1').map((m) => m.text)).toEqual(['Standup', 'my answer']);
    expect(fake.thread('C1', parent.ts!)).toHaveLength(2);

    await client.chat.delete({ channel: 'C1', ts: reply.ts! });
    expect(fake.messages('C1')).toHaveLength(1);
    expect((await failure(client.chat.update({ channel: 'C1', ts: '1.2', text: 'x' }))).data).toMatchObject({
      error: 'message_not_found',
    });
  });

  it('posts to a user id into the app DM, as Slack does', async () => {
    const opened = await client.conversations.open({ users: 'U1' });
    expect(opened.channel?.id).toBe('DU1');
    const res = await client.chat.postMessage({ channel: 'U1', text: 'Time for standup' });
    expect(res.channel).toBe('DU1');
    expect(fake.messages('DU1')).toHaveLength(1);
    expect(fake.messages('U1')).toHaveLength(1);
  });

  it('answers conversations.history newest first, with metadata only on request', async () => {
    const metadata = { event_type: 'standup_thread', event_payload: { team_id: 7 } };
    for (const text of ['one', 'two', 'three']) await client.chat.postMessage({ channel: 'C2', text, metadata });
    const first = await client.chat.postMessage({ channel: 'C2', text: 'reply', thread_ts: fake.messages('C2')[0]!.ts });
    expect(first.ok).toBe(true);

    const page = await client.conversations.history({ channel: 'C2', limit: 2 });
    expect(page.messages?.map((m) => m.text)).toEqual(['three', 'two']);
    expect(page.has_more).toBe(true);
    expect(page.messages?.[0]).not.toHaveProperty('metadata');

    const withMeta = await client.conversations.history({ channel: 'C2', include_all_metadata: true });
    expect(withMeta.messages?.map((m) => m.text)).toEqual(['three', 'two', 'one']);
    expect(withMeta.messages?.[0]?.metadata).toEqual(metadata);
  });

  it('posts ephemeral messages apart from the channel history', async () => {
    const res = await client.chat.postEphemeral({ channel: 'C1', user: 'U1', text: 'Only you can see this' });
    expect(res.message_ts).toMatch(/^\d+\.\d{6}$/);
    expect(fake.ephemerals({ user: 'U1' })).toMatchObject([{ channel: 'C1', text: 'Only you can see this' }]);
    expect(fake.messages('C1')).toEqual([]);
  });

  it('rejects a message with 51 blocks as invalid_blocks', async () => {
    const blocks = Array.from({ length: 51 }, (_, i) => section(`row ${i}`));
    const error = await failure(client.chat.postMessage({ channel: 'C1', text: 'too long', blocks }));
    expect(error.code).toBe(ErrorCode.PlatformError);
    expect(error.data).toMatchObject({
      ok: false,
      error: 'invalid_blocks',
      errors: ['no more than 50 items allowed [json-pointer:/blocks]'],
    });
    expect(fake.messages('C1')).toEqual([]);
    expect(fake.calls[0]).toMatchObject({ failed: true });
  });

  it('rejects messages without a channel or without content', async () => {
    const noChannel = await failure(client.apiCall('chat.postMessage', { text: 'hi' }));
    expect(noChannel.data).toMatchObject({ error: 'channel_not_found' });
    const noText = await failure(client.apiCall('chat.postMessage', { channel: 'C1' }));
    expect(noText.data).toMatchObject({ error: 'no_text' });
    const tooLong = await failure(client.chat.postMessage({ channel: 'C1', text: 'x'.repeat(40_001) }));
    expect(tooLong.data).toMatchObject({ error: 'msg_too_long' });
  });

  it('opens, updates and publishes views, rejecting a 25-character modal title', async () => {
    const opened = await client.views.open({ trigger_id: '123.456.abc', view: modal('Daily standup') });
    const viewId = opened.view?.id;
    expect(viewId).toMatch(/^V/);
    expect(opened.view).toMatchObject({ callback_id: 'answer', state: { values: {} } });

    const updated = await client.views.update({ view_id: viewId!, hash: opened.view!.hash!, view: modal('Thanks') });
    expect(updated.view?.id).toBe(viewId);
    expect(fake.view(viewId!)?.title).toEqual({ type: 'plain_text', text: 'Thanks' });
    const stale = await failure(client.views.update({ view_id: viewId!, hash: opened.view!.hash!, view: modal('x') }));
    expect(stale.data).toMatchObject({ error: 'hash_conflict' });

    const error = await failure(client.views.open({ trigger_id: '123.457.abc', view: modal('x'.repeat(25)) }));
    expect(error.data).toMatchObject({
      ok: false,
      error: 'invalid_arguments',
      response_metadata: { messages: ['[ERROR] must be less than 25 characters [json-pointer:/view/title/text]'] },
    });

    await client.views.publish({ user_id: 'U1', view: { type: 'home', blocks: [section('Home')] } });
    expect(fake.homeView('U1')?.blocks).toEqual([section('Home')]);
  });

  it('refuses a trigger id used twice or older than 3 seconds', async () => {
    await client.views.open({ trigger_id: 'T-once', view: modal('One') });
    const again = await failure(client.views.open({ trigger_id: 'T-once', view: modal('Two') }));
    expect(again.data).toMatchObject({ error: 'exchanged_trigger_id' });
    const stale = `${Date.now() - 3500}.1.abc`;
    expect((await failure(client.views.open({ trigger_id: stale, view: modal('Late') }))).data).toMatchObject({
      error: 'expired_trigger_id',
    });
  });

  it('answers users.info from the registry', async () => {
    fake.addUser({ id: 'U1', name: 'ada', real_name: 'Ada Lovelace', tz: 'Asia/Kolkata' });
    const res = await client.users.info({ user: 'U1' });
    expect(res.user).toMatchObject({ id: 'U1', name: 'ada', real_name: 'Ada Lovelace', tz: 'Asia/Kolkata', tz_offset: 19800 });
    expect((await failure(client.users.info({ user: 'U404' }))).data).toMatchObject({ error: 'user_not_found' });
  });

  it('answers conversations.info for known channels only', async () => {
    fake.addChannel({ id: 'C9', name: 'stakeholders', is_member: false });
    const info = await client.conversations.info({ channel: 'C9' });
    expect(info.channel).toMatchObject({ id: 'C9', name: 'stakeholders', is_member: false });
    expect((await failure(client.chat.postMessage({ channel: 'C9', text: 'digest' }))).data).toMatchObject({
      error: 'not_in_channel',
    });
    expect((await failure(client.conversations.info({ channel: 'C404' }))).data).toMatchObject({
      error: 'channel_not_found',
    });
  });

  it('answers unknown methods with unknown_method', async () => {
    expect((await failure(client.apiCall('nope.nothing'))).data).toMatchObject({ error: 'unknown_method' });
  });

  it('uploads a file with uploadV2 and stores the bytes', async () => {
    const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff, 0x10]);
    const parent = await client.chat.postMessage({ channel: 'C1', text: 'Weekly digest' });
    const res = await client.files.uploadV2({
      channel_id: 'C1',
      thread_ts: parent.ts!,
      file: bytes,
      filename: 'chart.png',
      initial_comment: 'Utilisation',
    });
    expect(res.ok).toBe(true);

    const [file] = fake.files();
    expect(file).toMatchObject({ filename: 'chart.png', channel_id: 'C1', thread_ts: parent.ts, initial_comment: 'Utilisation' });
    expect(fake.uploads.get(file!.id)).toEqual(bytes);
    expect(fake.callsTo('files.completeUploadExternal')[0]?.args).toMatchObject({
      channel_id: 'C1',
      thread_ts: parent.ts,
      files: [{ id: file!.id, title: 'chart.png' }],
    });
    expect(fake.thread('C1', parent.ts!)[1]).toMatchObject({ files: [{ id: file!.id }], text: 'Utilisation' });
  });

  describe('failure injection', () => {
    it('answers 429 with Retry-After, surfaced as a rate-limit error', async () => {
      fake.failNext('chat.postMessage', { status: 429, retryAfter: 7 });
      const error = await failure(client.chat.postMessage({ channel: 'C1', text: 'hi' }));
      expect(error.code).toBe(ErrorCode.RateLimitedError);
      expect(error.retryAfter).toBe(7);
      expect(fake.calls[0]).toMatchObject({ status: 429, failed: true, response: { ok: false, error: 'ratelimited' } });
      // Only the next call fails.
      await expect(client.chat.postMessage({ channel: 'C1', text: 'hi' })).resolves.toMatchObject({ ok: true });
    });

    it('answers HTTP 500', async () => {
      fake.failNext('chat.postMessage', { status: 500 });
      const error = await failure(client.chat.postMessage({ channel: 'C1', text: 'hi' }));
      expect(error).toMatchObject({ code: ErrorCode.HTTPError, statusCode: 500 });
      expect(fake.messages('C1')).toEqual([]);
    });

    it('answers a Slack error code', async () => {
      fake.failNext('users.info', { error: 'account_inactive' }, 2);
      for (let i = 0; i < 2; i++) {
        expect((await failure(client.users.info({ user: 'U1' }))).data).toMatchObject({ error: 'account_inactive' });
      }
    });

    it('hangs until the client times out', async () => {
      const impatient = new WebClient(TOKEN, {
        slackApiUrl: fake.url,
        retryConfig: { retries: 0 },
        timeout: 100,
        logger: silentLogger,
      });
      fake.failNext('chat.postMessage', { hang: true });
      const error = await failure(impatient.chat.postMessage({ channel: 'C1', text: 'hi' }));
      expect(error.code).toBe(ErrorCode.RequestError);
      expect(fake.calls[0]).toMatchObject({ failed: true, response: undefined, injected: { hang: true } });
    });

    it('fails calls chosen by a hook', async () => {
      fake.setFailure((method, args) => (method === 'chat.postMessage' && args.channel === 'DU2' ? { error: 'cannot_dm_bot' } : undefined));
      await client.chat.postMessage({ channel: 'DU1', text: 'ok' });
      expect((await failure(client.chat.postMessage({ channel: 'DU2', text: 'no' }))).data).toMatchObject({
        error: 'cannot_dm_bot',
      });
      expect(fake.calls.map((c) => c.failed ?? false)).toEqual([false, true]);
    });

    it('fails a reproducible share of calls with a seeded RNG', async () => {
      const outcomes = async (): Promise<boolean[]> => {
        fake.reset();
        const rng = seededRandom(42);
        fake.setFailure(() => (rng() < 0.2 ? { status: 500 } : undefined));
        const results: boolean[] = [];
        for (let i = 0; i < 40; i++) {
          results.push(await client.auth.test().then(() => true, () => false));
        }
        return results;
      };
      const first = await outcomes();
      expect(await outcomes()).toEqual(first);
      const failures = first.filter((ok) => !ok).length;
      expect(failures).toBeGreaterThan(0);
      expect(failures).toBeLessThan(20);
    });

    it('rate limits per channel when asked', async () => {
      // The fake's clock stands still: the three calls fall in one second however slow the machine.
      let now = 1_800_000_000_000;
      const local = await startFakeSlack({ now: () => now });
      try {
        const c = new WebClient(TOKEN, { slackApiUrl: local.url, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true, logger: silentLogger });
        local.rateLimit({ method: 'chat.postMessage', perChannelPerSecond: 1, retryAfter: 2 });
        await c.chat.postMessage({ channel: 'C1', text: 'first' });
        await c.chat.postMessage({ channel: 'C2', text: 'other channel' });
        const error = await failure(c.chat.postMessage({ channel: 'C1', text: 'second' }));
        expect(error).toMatchObject({ code: ErrorCode.RateLimitedError, retryAfter: 2 });
        // A second later the channel's window has passed.
        now += 1001;
        expect((await c.chat.postMessage({ channel: 'C1', text: 'third' })).ok).toBe(true);
      } finally {
        await local.close();
      }
    });
  });

  it('closes while a call hangs', async () => {
    const local = await startFakeSlack();
    local.failNext('*', { hang: true });
    const client2 = new WebClient(TOKEN, { slackApiUrl: local.url, retryConfig: { retries: 0 }, logger: silentLogger });
    const pending = client2.auth.test().catch((error: unknown) => error);
    await expect.poll(() => local.calls.length).toBe(1);
    await local.close();
    expect(await pending).toMatchObject({ code: ErrorCode.RequestError });
  });
});
