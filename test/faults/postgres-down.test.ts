import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectPostgres, type Connection } from '../../src/db/connect.ts';
import { createTestDatabase, testPostgresUrl, type TestDatabase } from '../support/db.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import { findPgBin, startPgCluster } from '../support/pg-cluster.ts';
import { buttonValue, command, commandReply, dms, teamChannel, visibleText, type ModalLike } from '../support/standup-helpers.ts';
import { startTcpProxy } from '../support/tcp-proxy.ts';
import { waitFor } from '../support/wait.ts';

/**
 * Postgres going away under a member who is submitting an answer: the modal shows a
 * field error that keeps the text, the process stays up and says sorry to commands, and
 * the same submission is taken once Postgres is back. Three ways of going away.
 */
async function startTeam(url: string, conn: Connection) {
  const h = await startHarness({ now: '2026-12-01T08:00:00Z', db: { ...conn, url } });
  h.fake.addUser({ id: 'UMGR', name: 'mara', real_name: 'Mara', tz: 'Europe/Berlin' });
  h.fake.addUser({ id: 'UANA', name: 'ana', real_name: 'Ana', tz: 'Europe/Berlin' });
  await command(h, 'UMGR', 'members add <@UANA>');
  await h.tickAt('2026-12-01T08:30:00Z');
  return h;
}

/** Opens Ana's answer modal, fills it, and returns a function that submits it (the same submission each time). */
async function fillAnswer(h: Harness) {
  const prompt = dms(h, 'UANA')[0]!;
  const before = h.fake.callsTo('views.open').length;
  await h.sender.blockAction({ user_id: 'UANA', action_id: 'standup_answer', value: buttonValue(prompt, 'standup_answer'), channel_id: 'DUANA', message_ts: prompt.ts });
  const view = (await h.fake.waitForCall('views.open', (c) => h.fake.callsTo('views.open').indexOf(c) >= before)).args.view as ModalLike;
  const inputs = view.blocks.filter((b) => b.type === 'input');
  const state: Record<string, Record<string, Record<string, unknown>>> = {};
  ['Shipped the importer', 'Deploy it', 'none'].forEach((v, i) => (state[inputs[i]!.block_id!] = { answer: { type: 'plain_text_input', value: v } }));
  return () => h.sender.viewSubmission({ user_id: 'UANA', callback_id: view.callback_id, private_metadata: view.private_metadata, state_values: state });
}

async function expectSaveRefused(h: Harness, submit: () => ReturnType<Harness['sender']['viewSubmission']>) {
  const failed = await submit();
  expect(failed.status).toBe(200);
  const body = failed.json<{ response_action: string; errors: Record<string, string> }>();
  expect(body.response_action).toBe('errors');
  expect(Object.values(body.errors)[0]).toMatch(/Couldn't save your answer just now — please try again/);
  // Still up: health check answers, and a command gets an apology rather than silence.
  expect((await fetch(`${h.baseUrl}/healthz`)).status).toBe(200);
  // The reply alone: with the database away, the listener's tail ends only once it is back.
  expect(await commandReply(h, 'UANA', 'status')).toMatch(/something went wrong on our side/);
  expect(h.logs.some((e) => e.level === 'error' && e.message === 'saving an answer failed')).toBe(true);
  expect((await h.services.repos.standups.entry(1, 'UANA', '2026-12-01').catch(() => undefined))?.status).not.toBe('answered');
}

async function expectSaveTakenOnceBack(h: Harness, submit: () => ReturnType<Harness['sender']['viewSubmission']>) {
  await waitFor(async () => h.services.repos.teams.findByChannel('T0001', teamChannel).then(() => true, () => false), { timeoutMs: 15_000 });
  const ok = await submit();
  expect(ok.body).toBe('');
  await waitFor(() => h.fake.messages(teamChannel).some((m) => /Shipped the importer/.test(visibleText(m))));
  expect((await h.services.repos.standups.entry(1, 'UANA', '2026-12-01'))?.status).toBe('answered');
  expect(h.fake.messages(teamChannel).filter((m) => /Shipped the importer/.test(visibleText(m)))).toHaveLength(1);
}

/** A fresh database reached through a proxy the test can cut, and the team on it. */
function behindProxy() {
  const ctx = {} as { base: TestDatabase; proxy: Awaited<ReturnType<typeof startTcpProxy>>; h: Harness };
  beforeAll(async () => {
    ctx.base = await createTestDatabase({ kind: 'postgres' });
    const target = new URL(ctx.base.url!);
    ctx.proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    const viaProxy = new URL(ctx.base.url!);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(ctx.proxy.port);
    ctx.h = await startTeam(viaProxy.toString(), await connectPostgres(viaProxy.toString()));
  });
  afterAll(async () => {
    await ctx.h.close();
    await ctx.proxy.close();
    await ctx.base.close();
  });
  return ctx;
}

describe.skipIf(!testPostgresUrl)('Postgres behind a proxy goes away while an answer is submitted', () => {
  const ctx = behindProxy();

  it('connections closed (a pooler whose Postgres is gone): field error, then the same submission is taken', async () => {
    const { h, proxy } = ctx;
    const submit = await fillAnswer(h);
    proxy.down();
    await expectSaveRefused(h, submit);
    proxy.up();
    await expectSaveTakenOnceBack(h, submit);
  });
});

describe.skipIf(!testPostgresUrl)('Postgres stops answering (packets dropped) while an answer is submitted', () => {
  const ctx = behindProxy();

  it('the save gives up before Slack does and says so; nothing is saved late; the same submission is taken after', async () => {
    const { h, proxy } = ctx;
    const submit = await fillAnswer(h);
    proxy.stall();
    const failed = await submit();
    const body = failed.json<{ response_action: string; errors: Record<string, string> }>();
    expect(body.response_action).toBe('errors');
    expect(Object.values(body.errors)[0]).toMatch(/Couldn't save your answer just now — please try again/);
    expect((await fetch(`${h.baseUrl}/healthz`)).status).toBe(200);
    // A command whose reads hang is not met with silence: a notice first, the answer (here an apology) when it comes.
    expect(await commandReply(h, 'UANA', 'status')).toMatch(/Still working on that — things are slow on our side/);
    proxy.up();
    // The stalled save was abandoned, not committed behind the user's back.
    await waitFor(async () => h.services.repos.teams.findByChannel('T0001', teamChannel).then(() => true, () => false), { timeoutMs: 15_000 });
    expect((await h.services.repos.standups.entry(1, 'UANA', '2026-12-01'))?.status).not.toBe('answered');
    expect(h.fake.messages(teamChannel).some((m) => /Shipped the importer/.test(visibleText(m)))).toBe(false);
    await expectSaveTakenOnceBack(h, submit);
  });
});

const pgBin = findPgBin();

describe.skipIf(!testPostgresUrl || !pgBin)('Postgres itself is stopped (pg_ctl stop) while an answer is submitted', () => {
  let cluster: Awaited<ReturnType<typeof startPgCluster>>;
  let conn: Connection;
  let h: Harness;

  beforeAll(async () => {
    cluster = await startPgCluster(pgBin!);
    conn = await connectPostgres(cluster.url);
    await conn.migrate();
    h = await startTeam(cluster.url, conn);
  });
  afterAll(async () => {
    await h?.close({ keepDb: true });
    await conn?.close();
    cluster?.close();
  });

  it('field error while stopped, apology to commands, and the same submission is taken after a restart', async () => {
    const submit = await fillAnswer(h);
    cluster.stop();
    await expectSaveRefused(h, submit);
    cluster.start();
    await expectSaveTakenOnceBack(h, submit);
  });
});
