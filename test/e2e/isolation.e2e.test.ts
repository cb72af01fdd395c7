import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from '../support/harness.ts';
import { startDistributedHarness, type DistributedHarness, type WorkspaceHandle } from '../support/distributed-harness.ts';
import { answerPrompt, buttonValue, command, visibleText } from '../support/standup-helpers.ts';
import { waitFor } from '../support/wait.ts';

/**
 * Two workspaces installed through the real OAuth routes, on one database and one app, with the
 * SAME user and channel ids (U1, U2, CTEAM in both): whatever A does reads and writes only A's
 * rows and uses only A's token; B's scheduled work runs on its own; a workspace that never
 * installed is acknowledged and ignored; uninstalling stops A at once and reinstalling restores it.
 */
const A = 'TAAAA';
const B = 'TBBBB';
const channel = 'CTEAM';

type Rows = Record<string, unknown>[];
const rowsOf = (r: unknown): Rows => (Array.isArray(r) ? (r as Rows) : ((r as { rows: Rows }).rows ?? []));

describe('many workspaces, strictly apart', () => {
  let h: DistributedHarness;
  let a: WorkspaceHandle;
  let b: WorkspaceHandle;
  const asHarness = (w: WorkspaceHandle) => w as unknown as Harness;
  const query = async (q: ReturnType<typeof sql>) => rowsOf(await h.db.db.execute(q));
  const tokensSeenBy = (w: WorkspaceHandle) => new Set(w.fake.calls.map((c) => c.token));

  beforeAll(async () => {
    h = await startDistributedHarness({
      now: '2026-11-30T20:00:00Z',
      workspaces: [
        { teamId: A, teamName: 'Alpha', botUserId: 'UBOTA', botId: 'BBOTA', appId: 'A0001' },
        { teamId: B, teamName: 'Beta', botUserId: 'UBOTB', botId: 'BBOTB', appId: 'A0001' },
      ],
    });
    a = h.ws(A);
    b = h.ws(B);
    for (const w of [a, b]) {
      // Same ids in both workspaces, different people (and zones).
      w.fake.addUser({ id: 'U001', name: w === a ? 'ana' : 'bob', tz: w === a ? 'Europe/Berlin' : 'America/New_York' });
      w.fake.addUser({ id: 'U002', name: w === a ? 'aki' : 'bea', tz: w === a ? 'Europe/Berlin' : 'America/New_York' });
    }
  });
  afterAll(async () => {
    if (process.env.DEBUG_LOGS) for (const e of h.logs.filter((l) => process.env.DEBUG_LOGS === "all" || l.level !== "debug")) console.log(e.level, e.namespace, e.message, JSON.stringify(e.context).slice(0, 400));
    await h?.close();
  });

  it('installs both workspaces through GET /slack/install and /slack/oauth_redirect', async () => {
    const first = await h.install(A);
    expect(first.installPage).toContain('Add to Slack');
    expect(new URL(first.link).searchParams.get('scope')).toContain('chat:write');
    expect(first.status).toBe(200);
    expect(first.html).toContain('Coordinator is installed');
    expect(first.html).toContain('Alpha');
    const second = await h.install(B, { rotating: true });
    expect(second.status).toBe(200);
    const rows = await query(sql`select workspace_id, status, bot_user_id from installations order by workspace_id`);
    expect(rows).toEqual([
      { workspace_id: A, status: 'active', bot_user_id: 'UBOTA' },
      { workspace_id: B, status: 'active', bot_user_id: 'UBOTB' },
    ]);
  });

  it('keeps no token in clear: no text column of the installations table holds xoxb- or xoxe-', async () => {
    const columns = await query(sql`select column_name from information_schema.columns where table_name = 'installations' and data_type = 'text'`);
    expect(columns.length).toBeGreaterThan(5);
    const rows = await query(sql`select * from installations`);
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      for (const { column_name } of columns as { column_name: string }[]) {
        expect(String(row[column_name] ?? '')).not.toMatch(/xox[be]/);
      }
      expect(String(row.bot_token)).toMatch(/^v1:[0-9a-f]{8}:/);
    }
    // …and the same holds for the whole database, every text column of every table.
    const everything = await query(sql`select table_name, column_name from information_schema.columns where table_schema = current_schema() and data_type in ('text', 'jsonb', 'character varying')`);
    for (const { table_name, column_name } of everything as { table_name: string; column_name: string }[]) {
      const hits = await query(sql`select count(*)::int as n from ${sql.identifier(table_name)} where ${sql.identifier(column_name)}::text ~ 'xox[be]-'`);
      expect({ table_name, column_name, n: hits[0]!.n }).toEqual({ table_name, column_name, n: 0 });
    }
  });

  it('refuses an org-wide Enterprise Grid install with a clear page, storing nothing', async () => {
    const res = await h.install(A, { enterprise: true });
    expect(res.status).toBe(400);
    expect(res.html).toMatch(/installed per workspace/);
    expect(await query(sql`select count(*)::int as n from installations`)).toEqual([{ n: 2 }]);
  });

  it('a bad or replayed redirect gets a clear failure page and changes nothing', async () => {
    const res = await fetch(`${h.baseUrl}/slack/oauth_redirect?code=nope&state=forged`);
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/start again from the install page/);
  });

  it('commands: the same channel and user ids make two teams, each in its own workspace, each through its own token', async () => {
    const inA = await command(asHarness(a), 'U001', 'members add <@U001|ana> <@U002|aki>', channel, 'alpha-team');
    expect(inA).toMatch(/Created the standup team #alpha-team/);
    const inB = await command(asHarness(b), 'U001', 'members add <@U001|bob>', channel, 'beta-team');
    expect(inB).toMatch(/Created the standup team #beta-team/);
    expect(await command(asHarness(a), 'U001', 'schedule 09:30 mon-fri', channel, 'alpha-team')).toMatch(/09:30/);
    expect(await command(asHarness(b), 'U001', 'schedule 10:00 mon-fri', channel, 'beta-team')).toMatch(/10:00/);
    const teams = await query(sql`select workspace_id, channel_id, name from teams order by workspace_id`);
    expect(teams).toEqual([
      { workspace_id: A, channel_id: channel, name: '#alpha-team' },
      { workspace_id: B, channel_id: channel, name: '#beta-team' },
    ]);
    const members = await query(sql`select t.workspace_id, m.user_id from team_members m join teams t on t.id = m.team_id order by 1, 2`);
    expect(members).toEqual([
      { workspace_id: A, user_id: 'U001' },
      { workspace_id: A, user_id: 'U002' },
      { workspace_id: B, user_id: 'U001' },
    ]);
    // Profiles came from each workspace's own users.info: U1 is Ana in A and Bob in B.
    const people = await query(sql`select workspace_id, user_id, name, tz from slack_users order by 1, 2`);
    expect(people).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ workspace_id: A, user_id: 'U001', name: 'ana', tz: 'Europe/Berlin' }),
        expect.objectContaining({ workspace_id: B, user_id: 'U001', name: 'bob', tz: 'America/New_York' }),
      ]),
    );
    expect(a.fake.callsTo('users.info').length).toBeGreaterThan(0);
    expect(b.fake.callsTo('users.info').length).toBeGreaterThan(0);
    // Every call that reached a workspace carried one of that workspace's own tokens.
    const tokensA = tokensSeenBy(a);
    const tokensB = tokensSeenBy(b);
    for (const t of tokensA) expect(tokensB.has(t)).toBe(false);
    expect(h.org.liveTokens(A)).toEqual(expect.arrayContaining([...tokensA].filter(Boolean)));
    expect(h.org.liveTokens(B)).toEqual(expect.arrayContaining([...tokensB].filter(Boolean)));
  });

  it('scheduled work: each workspace is prompted at its own time, in its own Slack', async () => {
    // Tue 1 Dec, 09:30 Berlin = 08:30 UTC: only A's people.
    await h.tickAt('2026-12-01T08:30:00Z');
    expect(a.fake.messages(a.fake.dmChannelId('U001'))).toHaveLength(1);
    expect(a.fake.messages(a.fake.dmChannelId('U002'))).toHaveLength(1);
    expect(b.fake.messages(b.fake.dmChannelId('U001'))).toHaveLength(0);
    // 10:00 New York = 15:00 UTC: B's U1 (Bob), in B; A's U1 gets nothing more.
    await h.tickAt('2026-12-01T15:00:00Z');
    expect(b.fake.messages(b.fake.dmChannelId('U001'))).toHaveLength(1);
    expect(visibleText(b.fake.messages(b.fake.dmChannelId('U001'))[0])).toContain('beta-team');
    expect(a.fake.messages(a.fake.dmChannelId('U001'))).toHaveLength(1);
    const prompts = await query(sql`select workspace_id, count(*)::int as n from deliveries where kind = 'prompt' group by 1 order by 1`);
    expect(prompts).toEqual([
      { workspace_id: A, n: 2 },
      { workspace_id: B, n: 1 },
    ]);
  });

  it('actions and views: an answer in A opens A’s modal and lands in A’s thread, never in B', async () => {
    const bCallsBefore = b.fake.calls.length;
    const { res } = await answerPrompt(asHarness(a), 'U001', ['shipped the API', 'write docs', 'none']);
    expect(res.status).toBe(200);
    await waitFor(() => a.fake.messages(channel).some((m) => visibleText(m).includes('shipped the API')) || undefined, { message: 'the answer in A’s thread' });
    expect(b.fake.calls.length).toBe(bCallsBefore);
    expect(b.fake.messages(channel)).toHaveLength(0);
    const answered = await query(sql`select t.workspace_id, e.user_id, e.status from standup_entries e join teams t on t.id = e.team_id where e.status = 'answered'`);
    expect(answered).toEqual([{ workspace_id: A, user_id: 'U001', status: 'answered' }]);
  });

  it('a modal forged in A with B’s metadata (same user id U001) writes nothing of B’s', async () => {
    // B's U001 (Bob) opens his own answer modal in B: its metadata names B's entry.
    const prompt = b.fake.messages(b.fake.dmChannelId('U001'))[0]!;
    const viewsBefore = b.fake.callsTo('views.open').length;
    await b.sender.blockAction({ user_id: 'U001', action_id: 'standup_answer', value: buttonValue(prompt, 'standup_answer'), channel_id: b.fake.dmChannelId('U001'), message_ts: prompt.ts });
    const opened = await b.fake.waitForCall('views.open', (c) => b.fake.callsTo('views.open').indexOf(c) >= viewsBefore);
    const view = opened.args.view as { callback_id: string; private_metadata: string; blocks: { type: string; block_id?: string }[] };
    const bEntry = async () => (await query(sql`select e.status, e.answers from standup_entries e join teams t on t.id = e.team_id where t.workspace_id = ${B} and e.user_id = 'U001'`))[0];
    const before = await bEntry();
    // A's U001 (Ana) submits that modal from A.
    const state_values: Record<string, Record<string, Record<string, unknown>>> = {};
    for (const blk of view.blocks.filter((x) => x.type === 'input')) state_values[blk.block_id!] = { answer: { type: 'plain_text_input', value: 'written from A' } };
    await h.idle();
    const bCalls = b.fake.calls.length;
    const res = await a.sender.viewSubmission({ user_id: 'U001', callback_id: view.callback_id, private_metadata: view.private_metadata, state_values });
    expect(res.status).toBe(200);
    await h.idle();
    expect(await bEntry()).toEqual(before);
    expect(JSON.stringify(await query(sql`select answers from standup_entries`))).not.toContain('written from A');
    expect(b.fake.calls.length).toBe(bCalls);
  });

  it('events: a profile change in A changes A’s copy of U001 only', async () => {
    const res = await a.sender.event({ event: { type: 'user_change', user: { id: 'U001', name: 'ana', team_id: A, tz: 'Asia/Tokyo', profile: {} } } });
    expect(res.status).toBe(200);
    await waitFor(async () => ((await query(sql`select tz from slack_users where workspace_id = ${A} and user_id = 'U001'`))[0]?.tz === 'Asia/Tokyo' ? true : undefined), { message: 'A’s U1 in Tokyo' });
    expect(await query(sql`select tz from slack_users where workspace_id = ${B} and user_id = 'U001'`)).toEqual([{ tz: 'America/New_York' }]);
  });

  it('a request from a workspace that never installed is acknowledged and ignored: no row, no Slack call', async () => {
    const stranger = h.stranger('TCCCC');
    await h.idle();
    const callsBefore = a.fake.calls.length + b.fake.calls.length;
    const teamsBefore = await query(sql`select count(*)::int as n from teams`);
    const res = await stranger.command({ command: '/standup', text: 'members add <@U001>', user_id: 'U001', channel_id: channel, channel_name: 'gamma' });
    expect(res.status).toBe(200);
    expect(res.body).toBe('');
    const click = await stranger.blockAction({ user_id: 'U001', action_id: 'standup_answer', value: '1', channel_id: 'DU001', message_ts: '1.1' });
    expect(click.status).toBe(200);
    expect(await query(sql`select count(*)::int as n from teams`)).toEqual(teamsBefore);
    await h.idle();
    expect(a.fake.calls.length + b.fake.calls.length).toBe(callsBefore);
    expect(h.logs.some((e) => e.message.startsWith('request ignored') && JSON.stringify(e.context).includes('TCCCC'))).toBe(true);
  });

  it('a click that names A and a user of B (Slack Connect, or forged) is ignored, though both are installed: ids overlap', async () => {
    // B's U002 clicking "Skip today" on A's U002's prompt must not act as A's U002.
    const prompt = a.fake.messages(a.fake.dmChannelId('U002'))[0]!;
    const skip = buttonValue(prompt, 'standup_skip');
    const entry = async () => (await query(sql`select e.status from standup_entries e join teams t on t.id = e.team_id where t.workspace_id = ${A} and e.user_id = 'U002'`))[0]?.status;
    const before = await entry();
    await h.idle();
    const calls = a.fake.calls.length + b.fake.calls.length;
    const payload = {
      type: 'block_actions',
      user: { id: 'U002', username: 'bea', name: 'bea', team_id: B },
      api_app_id: 'A0001',
      container: { type: 'message', message_ts: prompt.ts, channel_id: prompt.channel, is_ephemeral: false },
      trigger_id: a.sender.newTriggerId(),
      team: { id: A, domain: 'alpha' },
      enterprise: null,
      is_enterprise_install: false,
      channel: { id: prompt.channel, name: 'directmessage' },
      message: { type: 'message', ts: prompt.ts, text: '', user: 'UBOTA' },
      response_url: `${a.catcher.baseUrl}respond/mixed`,
      actions: [{ type: 'button', action_id: 'standup_skip', block_id: 'block', value: skip, action_ts: '1.1' }],
    };
    const res = await a.sender.send(`payload=${encodeURIComponent(JSON.stringify(payload))}`, 'application/x-www-form-urlencoded');
    expect(res.status).toBe(200);
    await h.idle();
    expect(await entry()).toBe(before);
    expect(a.fake.calls.length + b.fake.calls.length).toBe(calls);
    expect(h.logs.some((e) => e.message.startsWith('request ignored') && JSON.stringify(e.context).includes(B))).toBe(true);
  });

  it('uninstall (tokens_revoked, then app_uninstalled): A stops at once, its tokens go, B carries on', async () => {
    // Work queued in both workspaces for later (a 429's retry, say): A's must stop, B's stay.
    const later = new Date('2026-12-01T16:00:00Z');
    for (const w of [A, B]) {
      await h.services.deliveries.enqueue([{ workspaceId: w, key: `test:later:${w}`, kind: 'prompt', payload: {}, dueAt: later }]);
    }
    const pending = async (w: string) => (await query(sql`select count(*)::int as n from deliveries where workspace_id = ${w} and status = 'pending'`))[0]!.n as number;
    expect(await pending(A)).toBeGreaterThan(0);
    const pendingB = await pending(B);
    h.org.uninstall(A);
    await h.idle();
    const revoked = await a.sender.event({ event: { type: 'tokens_revoked', tokens: { oauth: [], bot: ['UBOTA'] } } });
    expect(revoked.status).toBe(200);
    await waitFor(async () => ((await pending(A)) === 0 ? true : undefined), { message: 'A’s deliveries cancelled' });
    const [row] = await query(sql`select status, bot_token, bot_refresh_token, purge_after from installations where workspace_id = ${A}`);
    expect(row).toMatchObject({ status: 'uninstalled', bot_token: null, bot_refresh_token: null });
    expect(new Date(row!.purge_after as string).toISOString()).toBe('2026-12-31T15:00:00.000Z');
    // The second event of the pair changes nothing and is still served (A is known, though no longer installed).
    const uninstalled = await a.sender.event({ event: { type: 'app_uninstalled' } });
    expect(uninstalled.status).toBe(200);
    // Acknowledged before its listener runs: wait for the listener's line, not for idle listeners.
    await waitFor(() => (h.logs.filter((e) => e.message.startsWith('workspace uninstalled')).length === 2 ? true : undefined), { message: 'the second event handled' });
    expect(await query(sql`select status, purge_after from installations where workspace_id = ${A}`)).toEqual([{ status: 'uninstalled', purge_after: row!.purge_after }]);
    expect(await pending(B)).toBe(pendingB);

    // A's people are not answered any more; nothing reaches Slack for A.
    const callsA = a.fake.calls.length;
    const res = await a.sender.command({ command: '/standup', text: 'status', user_id: 'U001', channel_id: channel });
    expect(res.status).toBe(200);
    expect(res.body).toBe('');
    // The next day B is prompted as usual; A's prompts are not sent.
    await h.tickAt('2026-12-02T08:30:00Z');
    await h.tickAt('2026-12-02T15:00:00Z');
    expect(b.fake.messages(b.fake.dmChannelId('U001'))).toHaveLength(2);
    expect(a.fake.calls.length).toBe(callsA);
    // What the planner still queued for A is cancelled as it comes up, never failed or retried.
    const aToday = await query(sql`select distinct status from deliveries where workspace_id = ${A} and key like '%2026-12-02%'`);
    expect(aToday.length).toBeGreaterThan(0);
    // (missed: planned too late to be worth sending, as for any workspace.)
    for (const { status } of aToday) expect(['cancelled', 'missed']).toContain(status);
    // A's data is kept for the grace period.
    expect(await query(sql`select count(*)::int as n from teams where workspace_id = ${A}`)).toEqual([{ n: 1 }]);
  });

  it('reinstalling inside the grace period restores A with its data', async () => {
    const again = await h.install(A);
    expect(again.status).toBe(200);
    expect(await query(sql`select status, purge_after from installations where workspace_id = ${A}`)).toEqual([{ status: 'active', purge_after: null }]);
    expect(await command(asHarness(a), 'U001', 'members', channel, 'alpha-team')).toMatch(/Answering: (?=.*<@U001>)(?=.*<@U002>)/);
    expect(h.logs.some((e) => e.message.startsWith('workspace installed again'))).toBe(true);
  });
});
