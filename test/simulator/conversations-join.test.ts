import { LogLevel, WebClient, type Logger } from '@slack/web-api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeSlack, type FakeSlack } from '../../src/simulator/fake-slack.ts';

const silentLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  setLevel: () => {},
  getLevel: () => LogLevel.ERROR,
  setName: () => {},
};

/** The Slack error code a WebClient call failed with. */
async function errorOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (error) {
    return (error as { data?: { error?: string } }).data?.error;
  }
  throw new Error('expected the call to fail');
}

describe('fake Slack: conversations.join and reading channels the bot is not in', () => {
  let fake: FakeSlack;
  let client: WebClient;

  beforeAll(async () => {
    fake = await startFakeSlack();
    client = new WebClient('xoxb-test', { slackApiUrl: fake.url, retryConfig: { retries: 0 }, logger: silentLogger });
  });
  afterAll(() => fake.close());
  beforeEach(() => fake.reset());

  it('refuses history and replies of a public channel the bot is not in, until it joins', async () => {
    fake.addChannel({ id: 'CPUB', name: 'announcements', members: ['U1'] });
    const parent = await client.chat.postMessage({ channel: 'CPUB', text: 'before' });
    await client.chat.postMessage({ channel: 'CPUB', text: 'reply', thread_ts: parent.ts! });
    fake.addChannel({ id: 'CPUB', name: 'announcements', members: ['U1'], is_member: false });

    expect(await errorOf(client.conversations.history({ channel: 'CPUB' }))).toBe('not_in_channel');
    expect(await errorOf(client.conversations.replies({ channel: 'CPUB', ts: parent.ts! }))).toBe('not_in_channel');

    const joined = await client.conversations.join({ channel: 'CPUB' });
    expect(joined).toMatchObject({ ok: true, channel: { id: 'CPUB', name: 'announcements', is_member: true } });
    expect(joined.warning).toBeUndefined();
    expect(fake.channels.get('CPUB')).toMatchObject({ is_member: true, members: ['U1', 'UBOT'] });

    const history = await client.conversations.history({ channel: 'CPUB' });
    expect(history.messages?.map((m) => m.text)).toEqual(['before']);
    const replies = await client.conversations.replies({ channel: 'CPUB', ts: parent.ts! });
    expect(replies.messages?.map((m) => m.text)).toEqual(['before', 'reply']);
    expect((await client.conversations.info({ channel: 'CPUB' })).channel).toMatchObject({ is_member: true, num_members: 2 });
  });

  it('answers a second join with the already_in_channel warning, changing nothing', async () => {
    fake.addChannel({ id: 'CPUB', name: 'announcements', is_member: false });
    await client.conversations.join({ channel: 'CPUB' });
    const again = await client.conversations.join({ channel: 'CPUB' });
    expect(again).toMatchObject({ ok: true, warning: 'already_in_channel', channel: { id: 'CPUB', is_member: true } });
    expect(fake.channels.get('CPUB')!.members).toEqual(['UBOT']);
  });

  it('answers is_archived for an archived channel and leaves it unreadable', async () => {
    fake.addChannel({ id: 'COLD', name: 'old-project', is_member: false, is_archived: true });
    expect(await errorOf(client.conversations.join({ channel: 'COLD' }))).toBe('is_archived');
    expect(fake.channels.get('COLD')!.is_member).toBe(false);
    expect(await errorOf(client.conversations.history({ channel: 'COLD' }))).toBe('not_in_channel');
  });

  it('cannot join private channels or DMs; a private channel it is not in looks absent', async () => {
    fake.addChannel({ id: 'GSECRET', name: 'secret', is_private: true, is_member: false });
    fake.addChannel({ id: 'GMINE', name: 'mine', is_private: true });
    expect(await errorOf(client.conversations.join({ channel: 'GSECRET' }))).toBe('channel_not_found');
    expect(await errorOf(client.conversations.history({ channel: 'GSECRET' }))).toBe('channel_not_found');
    expect(fake.channels.get('GSECRET')!.is_member).toBe(false);
    expect(await errorOf(client.conversations.join({ channel: 'GMINE' }))).toBe('method_not_supported_for_channel_type');
    expect(await errorOf(client.conversations.join({ channel: 'DU1' }))).toBe('method_not_supported_for_channel_type');
  });

  it('answers channel_not_found for a missing channel id, and for unknown channels in strict mode', async () => {
    expect(await errorOf(client.apiCall('conversations.join', {}))).toBe('channel_not_found');
    // Not strict: an unregistered channel behaves as one the bot is in, as it does for posting.
    expect(await client.conversations.join({ channel: 'CANY' })).toMatchObject({ ok: true, warning: 'already_in_channel', channel: { id: 'CANY', is_member: true } });

    const strict = await startFakeSlack({ strictChannels: true });
    try {
      const strictClient = new WebClient('xoxb-test', { slackApiUrl: strict.url, retryConfig: { retries: 0 }, logger: silentLogger });
      expect(await errorOf(strictClient.conversations.join({ channel: 'C404' }))).toBe('channel_not_found');
      expect(strict.callsTo('conversations.join')[0]).toMatchObject({ status: 200, failed: true, response: { ok: false, error: 'channel_not_found' } });
    } finally {
      await strict.close();
    }
  });

  it('can be made to fail like any other method', async () => {
    fake.addChannel({ id: 'CPUB', name: 'announcements', is_member: false });
    fake.failNext('conversations.join', { error: 'ratelimited' });
    expect(await errorOf(client.conversations.join({ channel: 'CPUB' }))).toBe('ratelimited');
    expect(fake.channels.get('CPUB')!.is_member).toBe(false);
  });
});
