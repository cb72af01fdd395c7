import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness.ts';

describe('the real app over HTTP', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ now: '2026-12-01T09:00:00Z' });
  });
  afterAll(() => h.close());

  it('answers a signed /standup help with the ephemeral usage in the ack itself', async () => {
    const res = await h.sender.command({ command: '/standup', text: 'help', user_id: 'U1', channel_id: 'C1' });
    expect(res.status).toBe(200);
    const body = res.json<{ response_type: string; text: string; blocks: { text: { text: string } }[] }>();
    expect(body.response_type).toBe('ephemeral');
    const usage = body.blocks.map((b) => b.text.text).join('\n');
    for (const line of ['`/standup setup`', '`/standup join`', '`/standup members add @a @b`', '`/standup schedule 09:30 mon-fri`', '`/standup skip`', '`/standup away 2026-12-21 2027-01-03`', '`/standup status`']) {
      expect(usage).toContain(line);
    }
    // Help needs no Slack call and no database write.
    expect(h.fake.calls.filter((c) => c.method.startsWith('chat.'))).toHaveLength(0);
  });

  it('never calls auth.test per request: the bot ids come from start-up', async () => {
    for (const text of ['help', 'status', 'frobnicate']) await h.sender.command({ command: '/standup', text, user_id: 'U1', channel_id: 'C1' });
    await h.sender.command({ command: '/blocker', text: 'list', user_id: 'U1', channel_id: 'C1' });
    // Bolt without the ids calls auth.test before each listener, so before each ack.
    expect(h.fake.callsTo('auth.test')).toHaveLength(0);
  });

  it('answers an unknown subcommand with what was wrong, the usage and an example', async () => {
    const res = await h.sender.command({ command: '/standup', text: 'frobnicate <!channel>', user_id: 'U1', channel_id: 'C1' });
    const body = res.json<{ text: string; blocks: { text: { text: string } }[] }>();
    expect(body.blocks[0]!.text.text).toMatch(/I don't know `\/standup frobnicate`/);
    expect(JSON.stringify(body)).not.toContain('<!channel>');
  });

  it.each([
    ['a wrong signature', { signature: 'v0=deadbeef' }],
    ['no signature header', { sign: false as const }],
    ['a timestamp 10 minutes old', { timestamp: Math.floor(Date.now() / 1000) - 600 }],
  ])('rejects %s with 401 before any listener runs', async (_name, options) => {
    const before = h.logs.length;
    const res = await h.sender.command({ command: '/standup', text: 'help', user_id: 'U1', channel_id: 'C1' }, options);
    expect(res.status).toBe(401);
    expect(res.body).not.toContain('/standup setup');
    // The request never got past verification: the middleware that logs every verified request did not see it.
    expect(h.logs.slice(before).filter((e) => e.message === 'request received')).toHaveLength(0);
    // …while the same request, signed, does.
    await h.sender.command({ command: '/standup', text: 'help', user_id: 'U1', channel_id: 'C1' });
    expect(h.logs.slice(before).filter((e) => e.message === 'request received')).toHaveLength(1);
  });

  it('answers GET /healthz', async () => {
    const res = await fetch(`${h.baseUrl}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });
});
