import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postOnce } from '../../src/slack/post-once.ts';
import { historyPaces } from '../../src/slack/rate-gate.models.ts';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.ts';

/**
 * A retry that may have posted already looks in the thread first. With one page of 15 (Slack's
 * one read a minute for apps outside the Marketplace), a thread lists its oldest replies first:
 * the search starts where the first attempt could have posted, so a reply posted late in a long
 * thread is found and not posted twice.
 */
describe('post-once in a long thread, one page a search', () => {
  let fake: FakeSlack;
  let web: WebClient;
  beforeAll(async () => {
    fake = await startFakeSlack();
    web = new WebClient('xoxb-test', { slackApiUrl: fake.url, retryConfig: { retries: 0 } });
  });
  afterAll(() => fake.close());

  it('finds its reply after 20 earlier ones when told since when it could have been posted', async () => {
    const limits = { pageSize: historyPaces.limited.pageSize, pages: historyPaces.limited.pages, fromSince: historyPaces.limited.fromSince };
    expect(limits).toEqual({ pageSize: 15, pages: 1, fromSince: true });
    fake.addChannel({ id: 'CTEAM', name: 'team' });
    const parent = await web.chat.postMessage({ channel: 'CTEAM', text: 'Standup — Tue 1 Dec' });
    for (let i = 0; i < 20; i++) await web.chat.postMessage({ channel: 'CTEAM', thread_ts: parent.ts!, text: `answer ${i}` });
    fake.advanceTs(3600);
    const message = { text: 'Ana’s answer', blocks: [] };
    const first = await postOnce(web, { channel: 'CTEAM', threadTs: parent.ts!, key: 'answer:42', recovering: false, message }, limits);
    // The worker died before recording it; the next one looks first, from when the answer was given.
    const since = new Date(Number(first.ts) * 1000 - 5_000);
    const again = await postOnce(web, { channel: 'CTEAM', threadTs: parent.ts!, key: 'answer:42', recovering: true, message, since }, limits);
    expect(again).toMatchObject({ found: true, ts: first.ts });
    expect(fake.thread('CTEAM', parent.ts!).filter((m) => m.text === 'Ana’s answer')).toHaveLength(1);
  });
});
