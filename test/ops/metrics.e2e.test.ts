import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMetrics } from '../../src/ops/metrics.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import { buttonValue, command, dms } from '../support/standup-helpers.ts';
import { waitFor } from '../support/wait.ts';

/** The value of one sample line (`name{labels} value`), or undefined when absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = (m[2] ?? '').split(',').filter(Boolean);
    if (want.every((w) => have.includes(w)) && have.length === want.length) return Number(m[3]);
  }
  return undefined;
}

describe('GET /metrics through the real app', () => {
  let h: Harness;
  const scrape = async () => {
    const res = await fetch(`${h.baseUrl}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return res.text();
  };

  beforeAll(async () => {
    h = await startHarness({ now: '2026-12-01T08:00:00Z' });
    h.fake.addUser({ id: 'UMGR', name: 'mara', real_name: 'Mara', tz: 'Europe/Berlin' });
    h.fake.addUser({ id: 'UANA', name: 'ana', real_name: 'Ana', tz: 'Europe/Berlin' });
  });
  afterAll(() => h.close());

  it('counts commands by kind and outcome, with ack and answer latencies', async () => {
    const before = await scrape();
    expect(sample(before, 'coordinator_requests_total', { type: 'command', kind: '/standup', outcome: 'ok' })).toBeUndefined();
    expect(before).toContain('# TYPE coordinator_ack_seconds histogram');

    expect(await command(h, 'UMGR', 'members add <@UANA>')).toMatch(/Added <@UANA>/);
    expect(await command(h, 'UMGR', 'help')).toContain('/standup');
    // Only managers change the schedule: Ana is told so (her mistake, not ours).
    expect(await command(h, 'UANA', 'schedule 10:00 mon-fri')).toMatch(/:warning:/);

    // A request is counted when its work ends, a moment after its reply reached Slack.
    await waitFor(() => h.slack.work.count === 0);
    const text = await scrape();
    expect(sample(text, 'coordinator_requests_total', { type: 'command', kind: '/standup', outcome: 'ok' })).toBe(2);
    expect(sample(text, 'coordinator_requests_total', { type: 'command', kind: '/standup', outcome: 'user_error' })).toBe(1);
    expect(sample(text, 'coordinator_ack_seconds_count', { type: 'command', kind: '/standup' })).toBe(3);
    expect(sample(text, 'coordinator_answer_seconds_count', { type: 'command', kind: '/standup' })).toBe(3);
    // Slack's 3 s: every ack fell in a bucket at or below +Inf; the sum is a real duration.
    expect(sample(text, 'coordinator_ack_seconds_sum', { type: 'command', kind: '/standup' })).toBeGreaterThan(0);
    expect(sample(text, 'coordinator_in_flight', { what: 'commands_limit' })).toBe(256);
    expect(sample(text, 'coordinator_in_flight', { what: 'listener_work' })).toBe(0);
  });

  it('shows deliveries queued by kind, then sent by kind after a tick, and counts the button that follows', async () => {
    await h.services.standups.plan(new Date('2026-12-01T08:30:00Z'));
    const queued = await scrape();
    // Ana's prompt (Mara manages the team without answering it).
    expect(sample(queued, 'coordinator_deliveries_queued', { kind: 'prompt' })).toBe(1);

    await h.tickAt('2026-12-01T08:30:00Z');
    const sent = await scrape();
    expect(sample(sent, 'coordinator_deliveries_total', { kind: 'prompt', outcome: 'sent' })).toBe(1);
    expect(sample(sent, 'coordinator_deliveries_queued', { kind: 'prompt' })).toBeUndefined();

    const prompt = dms(h, 'UANA')[0]!;
    const res = await h.sender.blockAction({ user_id: 'UANA', action_id: 'standup_skip', value: buttonValue(prompt, 'standup_skip'), channel_id: 'DUANA', message_ts: prompt.ts });
    expect(res.status).toBe(200);
    // Counted when its work ends, which is after the ack that answered the HTTP request.
    await waitFor(() => h.slack.work.count === 0);
    const after = await scrape();
    expect(sample(after, 'coordinator_requests_total', { type: 'action', kind: 'standup_skip', outcome: 'ok' })).toBe(1);
    expect(sample(after, 'coordinator_ack_seconds_count', { type: 'action', kind: 'standup_skip' })).toBe(1);
  });
});

describe('the metrics registry', () => {
  it('belongs to one instance: two apps in a process never share counts', async () => {
    const a = createMetrics();
    const b = createMetrics();
    a.delivery('prompt', 'sent');
    expect(await a.text()).toContain('coordinator_deliveries_total{kind="prompt",outcome="sent"} 1');
    expect(await b.text()).not.toContain('coordinator_deliveries_total{kind="prompt"');
  });

  it('times ticks by outcome', async () => {
    const m = createMetrics();
    await m.timeTick(async () => ({}))();
    await expect(m.timeTick(async () => Promise.reject(new Error('db down')))()).rejects.toThrow('db down');
    const text = await m.text();
    expect(sample(text, 'coordinator_tick_seconds_count', { outcome: 'ok' })).toBe(1);
    expect(sample(text, 'coordinator_tick_seconds_count', { outcome: 'error' })).toBe(1);
  });

  it('includes the process metrics, event-loop delay among them, when asked', async () => {
    const text = await createMetrics({ defaultMetrics: true }).text();
    expect(text).toContain('# TYPE nodejs_eventloop_lag_seconds gauge');
    expect(text).toContain('nodejs_eventloop_lag_p99_seconds');
  });

  it('answers a scrape even when a source fails', async () => {
    const m = createMetrics();
    m.sources.queued(() => Promise.reject(new Error('database down')));
    m.sources.pool(() => ({ max: 10, open: 3, active: 1 }));
    const text = await m.text();
    expect(text).not.toContain('coordinator_deliveries_queued{');
    expect(sample(text, 'coordinator_db_pool_connections', { state: 'open' })).toBe(3);
  });
});
