import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { deliveries } from '../../src/outbox/deliveries.schema.ts';
import { digests as digestRows } from '../../src/digests/digests.schema.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import { command, teamChannel, visibleText } from '../support/standup-helpers.ts';

/**
 * Sends whose outcome Slack leaves open, through `/digest post` and the scheduler pass:
 * the digest chart upload failing (for good, or after Slack did the work), and a retry
 * that has to join the stakeholder channel before it can look for its first attempt.
 */

async function startDigestTeam(now: string) {
  // The fake answers 2.5 s late on purpose below: past this outbox timeout, whatever the load.
  const h = await startHarness({ now, outboxTimeoutMs: 2000 });
  h.fake.addUser({ id: 'UMGR', name: 'mara', real_name: 'Mara Manager', tz: 'Europe/Berlin' });
  h.fake.addUser({ id: 'UANA', name: 'ana', real_name: 'Ana', tz: 'Europe/Berlin' });
  h.fake.addChannel({ id: 'CSTAKE', name: 'stakeholders' });
  await command(h, 'UMGR', 'members add <@UANA>');
  await command(h, 'UMGR', 'timezone Europe/Berlin');
  expect(await command(h, 'UMGR', 'channel <#CSTAKE|stakeholders>', teamChannel, 'team-alpha', '/digest')).toMatch(/now go to <#CSTAKE>/);
  return h;
}

const isDigest = (m: { text?: string; blocks?: unknown[]; thread_ts?: string; ts: string }) => /Weekly digest — #team-alpha/.test(visibleText(m)) && (!m.thread_ts || m.thread_ts === m.ts);

describe('the digest chart upload failing', () => {
  let h: Harness;
  const posted = () => h.fake.messages('CSTAKE').filter(isDigest);
  const post = () => command(h, 'UMGR', 'post', teamChannel, 'team-alpha', '/digest');
  const delivery = async (key: string) => (await h.db.db.select().from(deliveries).where(eq(deliveries.key, key)))[0];

  beforeAll(async () => {
    h = await startDigestTeam('2026-11-30T09:00:00Z'); // Monday 10:00 in Berlin
  });
  afterAll(() => h.close());

  it('refused for good: the digest and its details are posted once, without the chart, and the failure is logged', async () => {
    h.fake.failNext('files.getUploadURLExternal', { error: 'missing_scope', extra: { needed: 'files:write', provided: 'chat:write' } });
    expect(await post()).toBe(":newspaper: Posted #team-alpha's digest to <#CSTAKE>.");
    expect(posted()).toHaveLength(1);
    const digest = posted()[0]!;
    const thread = h.fake.thread('CSTAKE', digest.ts).slice(1);
    expect(thread.some((m) => /Participation, everyone/.test(visibleText(m)))).toBe(true);
    expect(thread.every((m) => !m.files)).toBe(true);
    expect(h.fake.files()).toEqual([]);
    const chart = (await delivery('digest-chart:1'))!;
    expect(chart).toMatchObject({ status: 'failed', lastError: 'missing_scope' });
    expect(h.logs.filter((e) => e.level === 'warn' && e.message === 'delivery failed permanently')).toEqual([
      expect.objectContaining({ namespace: 'coordinator:dispatcher', context: { key: 'digest-chart:1', reason: 'missing_scope' } }),
    ]);
    // Later passes neither post the digest again nor retry the upload.
    const threadLength = h.fake.thread('CSTAKE', digest.ts).length;
    await h.tickAt('2026-11-30T09:05:00Z');
    await h.tickAt('2026-11-30T10:00:00Z');
    expect(posted()).toHaveLength(1);
    expect(h.fake.thread('CSTAKE', digest.ts)).toHaveLength(threadLength);
    expect(h.fake.callsTo('files.getUploadURLExternal')).toHaveLength(1);
    expect((await h.db.db.select().from(digestRows)).map((d) => d.ts)).toEqual([digest.ts]);
  });

  it('timed out after Slack shared it: the retry finds the chart in the thread and uploads nothing twice', async () => {
    h.clock.set('2026-11-30T11:00:00Z');
    const uploadsBefore = h.fake.callsTo('files.getUploadURLExternal').length;
    // Slack shares the file, but answers after the client's 2 s timeout.
    h.fake.failNext('files.completeUploadExternal', { slowAnswer: 2500 });
    expect(await post()).toBe(":newspaper: Posted #team-alpha's digest to <#CSTAKE>.");
    expect(posted()).toHaveLength(2);
    const digest = posted()[1]!;
    const chart = (await delivery('digest-chart:2'))!;
    expect(chart).toMatchObject({ status: 'pending', attempts: 1, failures: 1 });
    expect(chart.lastError).toMatch(/^request failed: /);
    expect(h.logs.some((e) => e.level === 'debug' && e.message === 'delivery will be retried' && e.context.key === 'digest-chart:2')).toBe(true);
    // The file landed anyway.
    expect(h.fake.files()).toEqual([expect.objectContaining({ channel_id: 'CSTAKE', thread_ts: digest.ts, filename: 'digest-2026-11-30-2.png' })]);

    await h.tickAt('2026-11-30T11:02:00Z');
    expect(await delivery('digest-chart:2')).toMatchObject({ status: 'sent', attempts: 2, result: { filename: 'digest-2026-11-30-2.png' } });
    expect(h.fake.files()).toHaveLength(1);
    expect(h.fake.callsTo('files.getUploadURLExternal')).toHaveLength(uploadsBefore + 1);
    expect(h.fake.thread('CSTAKE', digest.ts).filter((m) => m.files)).toHaveLength(1);
    expect(posted()).toHaveLength(2);
  });
});

describe('a retry that must join the channel to look for its first attempt (post-once)', () => {
  let h: Harness;
  const posted = () => h.fake.messages('CSTAKE').filter(isDigest);
  const post = () => command(h, 'UMGR', 'post', teamChannel, 'team-alpha', '/digest');
  const delivery = async (key: string) => (await h.db.db.select().from(deliveries).where(eq(deliveries.key, key)))[0];

  beforeAll(async () => {
    h = await startDigestTeam('2026-12-01T09:00:00Z'); // Tuesday 10:00 in Berlin
  });
  afterAll(() => h.close());

  it('joins the public channel, finds the digest its first attempt posted, and does not post it again', async () => {
    // Slack posts the digest but answers after the client's timeout: the outcome is unknown.
    h.fake.failNext('chat.postMessage', { slowAnswer: 2500 });
    expect(await post()).toBe(":hourglass: Slack is slow right now; the digest for <#CSTAKE> is queued and goes out within a few minutes.");
    expect(posted()).toHaveLength(1);
    const first = posted()[0]!;
    const key = 'digest-manual:1:' + Math.floor(Date.parse('2026-12-01T09:00:00Z') / 60_000);
    expect(await delivery(key)).toMatchObject({ status: 'pending', attempts: 1 });
    // Meanwhile the bot is no longer a member: it may still post there, but not read it.
    h.fake.addChannel({ id: 'CSTAKE', name: 'stakeholders', is_member: false });

    await h.tickAt('2026-12-01T09:01:00Z');
    const history = h.fake.callsTo('conversations.history').filter((c) => c.args.channel === 'CSTAKE');
    expect(history.map((c) => c.response?.error ?? 'ok')).toEqual(['not_in_channel', 'ok']);
    expect(h.fake.callsTo('conversations.join').map((c) => [c.args.channel, c.response?.ok])).toEqual([['CSTAKE', true]]);
    expect(h.fake.channels.get('CSTAKE')).toMatchObject({ is_member: true, members: ['UBOT'] });
    // Found, not posted again; the stored digest points at the first attempt's message.
    expect(posted()).toHaveLength(1);
    expect(await delivery(key)).toMatchObject({ status: 'sent', attempts: 2 });
    expect((await h.db.db.select().from(digestRows)).map((d) => [d.channelId, d.ts])).toEqual([['CSTAKE', first.ts]]);
    // Its details and chart follow in that message's thread, once.
    expect(h.fake.files()).toEqual([expect.objectContaining({ channel_id: 'CSTAKE', thread_ts: first.ts })]);
    const details = (await h.db.db.select().from(deliveries)).filter((d) => d.kind === 'digest-detail');
    expect(details.length).toBeGreaterThan(0);
    expect(details.every((d) => d.status === 'sent')).toBe(true);
    const replies = h.fake.thread('CSTAKE', first.ts).slice(1);
    expect(replies.filter((m) => !m.files)).toHaveLength(details.length);
    expect(replies.some((m) => /Participation, everyone/.test(visibleText(m)))).toBe(true);
    await h.tickAt('2026-12-01T09:05:00Z');
    expect(posted()).toHaveLength(1);
    expect(h.fake.files()).toHaveLength(1);
  });

  it('gives up with the reason when the channel was archived meanwhile, posting nothing blind', async () => {
    h.clock.set('2026-12-01T12:00:00Z');
    h.fake.failNext('chat.postMessage', { slowAnswer: 2500 });
    expect(await post()).toMatch(/^:hourglass: Slack is slow right now/);
    expect(posted()).toHaveLength(2);
    h.fake.addChannel({ id: 'CSTAKE', name: 'stakeholders', is_member: false, is_archived: true });
    const joinsBefore = h.fake.callsTo('conversations.join').length;

    await h.tickAt('2026-12-01T12:01:00Z');
    const key = 'digest-manual:1:' + Math.floor(Date.parse('2026-12-01T12:00:00Z') / 60_000);
    expect(h.fake.callsTo('conversations.join').slice(joinsBefore).map((c) => c.response?.error)).toEqual(['is_archived']);
    expect(await delivery(key)).toMatchObject({ status: 'failed', lastError: 'is_archived' });
    expect(h.logs.some((e) => e.level === 'warn' && e.message === 'delivery failed permanently' && e.context.key === key && e.context.reason === 'is_archived')).toBe(true);
    expect(posted()).toHaveLength(2);
    await h.tickAt('2026-12-01T12:10:00Z');
    expect(posted()).toHaveLength(2);
  });
});
