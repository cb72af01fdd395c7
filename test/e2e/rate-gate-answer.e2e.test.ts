import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness.ts';
import { answerPrompt, command, dms, teamChannel, visibleText } from '../support/standup-helpers.ts';

/**
 * An answer's "mark the prompt answered" update held back by the rate gate (chat.update closed in
 * the workspace after a 429) is not dropped: the answer delivery comes back after Retry-After and
 * updates the prompt then, without posting its reply twice.
 */
describe('an update held back by the rate gate', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ now: '2026-11-30T20:00:00Z' });
    h.fake.addUser({ id: 'UMGR', name: 'mara', tz: 'Europe/Berlin' });
    h.fake.addUser({ id: 'UA1', name: 'ana', tz: 'Europe/Berlin' });
    h.fake.addUser({ id: 'UA2', name: 'bo', tz: 'Europe/Berlin' });
    expect(await command(h, 'UMGR', 'members add <@UA1> <@UA2>')).toMatch(/Created the standup team/);
  });
  afterAll(() => h.close());

  const prompt = (user: string) => dms(h, user).find((m) => /Standup for/.test(m.text ?? ''))!;

  it('marks the prompt answered once chat.update is open again', async () => {
    await h.tickAt('2026-12-01T08:30:00Z');
    expect(visibleText(prompt('UA2'))).not.toMatch(/answered/);
    // Slack answers the first chat.update with 429, Retry-After 30 s: the gate closes chat.update in the workspace.
    let updates = 0;
    h.fake.setFailure((method) => (method === 'chat.update' && updates++ === 0 ? { status: 429, retryAfter: 30 } : undefined));
    await answerPrompt(h, 'UA1', ['Shipped the API', 'Docs', '']);
    await answerPrompt(h, 'UA2', ['Reviewed the API', 'Tests', '']);
    const replies = () => h.fake.messages(teamChannel).filter((m) => m.thread_ts && m.thread_ts !== m.ts && /Reviewed the API/.test(visibleText(m)));
    expect(replies()).toHaveLength(1);
    // Held back, not tried: the prompt still offers Answer until chat.update reopens.
    expect(visibleText(prompt('UA2'))).not.toMatch(/answered/);
    await h.tickAt('2026-12-01T08:31:00Z');
    expect(prompt('UA2').text).toMatch(/— answered/);
    expect(replies()).toHaveLength(1);
  });
});
