import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectPostgres } from '../../src/db/connect.ts';
import { createTestDatabase, testPostgresUrl, type TestDatabase } from '../support/db.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import { buttonValue, command, dms, teamChannel, visibleText, type ModalLike } from '../support/standup-helpers.ts';
import { startTcpProxy } from '../support/tcp-proxy.ts';
import { waitFor } from '../support/wait.ts';

/** Postgres going away under a member who is submitting an answer. Needs the real Postgres. */
describe.skipIf(!testPostgresUrl)('Postgres down while an answer is submitted', () => {
  let base: TestDatabase;
  let proxy: Awaited<ReturnType<typeof startTcpProxy>>;
  let h: Harness;

  beforeAll(async () => {
    base = await createTestDatabase({ kind: 'postgres' });
    const target = new URL(base.url!);
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    const viaProxy = new URL(base.url!);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxy.port);
    const conn = await connectPostgres(viaProxy.toString());
    h = await startHarness({ now: '2026-12-01T08:00:00Z', db: { ...conn, url: viaProxy.toString() } });
    h.fake.addUser({ id: 'UMGR', name: 'mara', real_name: 'Mara', tz: 'Europe/Berlin' });
    h.fake.addUser({ id: 'UANA', name: 'ana', real_name: 'Ana', tz: 'Europe/Berlin' });
    await command(h, 'UMGR', 'members add <@UANA>');
    await h.tickAt('2026-12-01T08:30:00Z');
  });
  afterAll(async () => {
    await h.close();
    await proxy.close();
    await base.close();
  });

  it('shows a field error that keeps the text, stays up, and takes the same submission once Postgres is back', async () => {
    const prompt = dms(h, 'UANA')[0]!;
    const before = h.fake.callsTo('views.open').length;
    await h.sender.blockAction({ user_id: 'UANA', action_id: 'standup_answer', value: buttonValue(prompt, 'standup_answer'), channel_id: 'DUANA', message_ts: prompt.ts });
    const view = (await h.fake.waitForCall('views.open', (c) => h.fake.callsTo('views.open').indexOf(c) >= before)).args.view as ModalLike;
    const inputs = view.blocks.filter((b) => b.type === 'input');
    const state: Record<string, Record<string, Record<string, unknown>>> = {};
    ['Shipped the importer', 'Deploy it', 'none'].forEach((v, i) => (state[inputs[i]!.block_id!] = { answer: { type: 'plain_text_input', value: v } }));
    const submit = () => h.sender.viewSubmission({ user_id: 'UANA', callback_id: view.callback_id, private_metadata: view.private_metadata, state_values: state });

    proxy.down();
    const started = performance.now();
    const failed = await submit();
    expect(performance.now() - started).toBeLessThan(3000);
    expect(failed.status).toBe(200);
    const body = failed.json<{ response_action: string; errors: Record<string, string> }>();
    expect(body.response_action).toBe('errors');
    expect(Object.values(body.errors)[0]).toMatch(/Couldn't save your answer just now — please try again/);
    // Still up: health check answers, and a command gets an apology rather than silence.
    expect((await fetch(`${h.baseUrl}/healthz`)).status).toBe(200);
    expect(await command(h, 'UANA', 'status')).toMatch(/something went wrong on our side/);
    expect(h.logs.some((e) => e.level === 'error' && e.message === 'saving an answer failed')).toBe(true);

    proxy.up();
    await waitFor(async () => (await h.services.repos.teams.findByChannel('T0001', teamChannel).then(() => true).catch(() => false)), { timeoutMs: 10_000 });
    const ok = await submit();
    expect(ok.body).toBe('');
    await waitFor(() => h.fake.messages(teamChannel).some((m) => /Shipped the importer/.test(visibleText(m))));
    expect((await h.services.repos.standups.entry(1, 'UANA', '2026-12-01'))?.status).toBe('answered');
  });
});
