import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness.ts';
import { buttonValue, command, dms, teamChannel, visibleText, type ModalLike } from '../support/standup-helpers.ts';
import { waitFor } from '../support/wait.ts';

type View = Omit<ModalLike, 'blocks'> & { blocks: { type: string; block_id?: string; element?: { type?: string; initial_value?: string; initial_options?: { value: string }[] } }[] };

describe('standup and blocker edge cases', () => {
  let h: Harness;
  const parents = () => h.fake.messages(teamChannel).filter((m) => !m.thread_ts || m.thread_ts === m.ts);
  const thread = () => h.fake.messages(teamChannel).filter((m) => m.thread_ts && m.thread_ts !== m.ts);

  async function openModal(user: string): Promise<View> {
    const prompt = dms(h, user).filter((m) => m.blocks?.length).at(-1)!;
    const before = h.fake.callsTo('views.open').length;
    await h.sender.blockAction({ user_id: user, action_id: 'standup_answer', value: buttonValue(prompt, 'standup_answer'), channel_id: h.fake.dmChannelId(user), message_ts: prompt.ts });
    const call = await h.fake.waitForCall('views.open', (c) => h.fake.callsTo('views.open').indexOf(c) >= before);
    expect(call.failed, JSON.stringify(call.response)).toBeUndefined();
    return call.args.view as unknown as View;
  }

  async function submit(user: string, view: View, answers: string[], keep?: string[]) {
    const inputs = view.blocks.filter((b) => b.type === 'input' && b.block_id!.startsWith('q_'));
    const state: Record<string, Record<string, Record<string, unknown>>> = {};
    answers.forEach((v, i) => (state[inputs[i]!.block_id!] = { answer: { type: 'plain_text_input', value: v } }));
    if (keep) state.carry_blockers = { carry: { type: 'checkboxes', selected_options: keep.map((value) => ({ value })) } };
    const res = await h.sender.viewSubmission({ user_id: user, callback_id: view.callback_id, private_metadata: view.private_metadata, state_values: state });
    expect(res.body).toBe('');
  }

  beforeAll(async () => {
    h = await startHarness({ now: '2026-11-30T20:00:00Z' });
    h.fake.addUser({ id: 'UMGR', name: 'mara', real_name: 'Mara', tz: 'Europe/Berlin' });
    h.fake.addUser({ id: 'UBER', name: 'ben', real_name: 'Ben', tz: 'Europe/Berlin' });
    h.fake.addUser({ id: 'ULA', name: 'lou', real_name: 'Lou', tz: 'America/Los_Angeles' });
    h.fake.addUser({ id: 'ULATE', name: 'late', real_name: 'Late Joiner', tz: 'Europe/Berlin' });
    await command(h, 'UMGR', 'members add <@UBER> <@ULA>');
    await command(h, 'UMGR', 'timezone Europe/Berlin');
    await command(h, 'UMGR', 'timezone local');
  });
  afterAll(() => h.close());

  it('opens the answer modal even when an open blocker is very long', async () => {
    await h.tickAt('2026-12-01T08:30:00Z'); // Tue, 09:30 Berlin
    const long = `The staging database refuses connections from the new VPC because the security group ${'was never updated '.repeat(10)}`;
    expect(await command(h, 'UBER', long, teamChannel, 'team-alpha', '/blocker')).toMatch(/Raised blocker #1/);
    const view = await openModal('UBER');
    const carry = view.blocks.find((b) => b.block_id === 'carry_blockers')!;
    expect(carry.element!.initial_options!.map((o) => o.value)).toEqual(['1']);
  });

  it('editing an answer does not raise again a blocker it raised and the member resolved', async () => {
    let view = await openModal('UBER');
    await submit('UBER', view, ['Importer', 'Deploy', 'waiting on legal'], ['1']);
    await waitFor(() => thread().filter((m) => /new blocker \*#2\*/.test(visibleText(m))).length === 1);
    // Edit: the blockers answer still says "waiting on legal", but #2 is unticked (resolved).
    view = await openModal('UBER');
    expect(view.blocks.filter((b) => b.type === 'input' && b.block_id!.startsWith('q_'))[2]!.element!.initial_value).toBe('waiting on legal');
    await submit('UBER', view, ['Importer', 'Deploy', 'waiting on legal'], ['1']);
    await waitFor(async () => (await h.services.repos.blockers.byId('T0001', 2))?.status === 'resolved');
    // The submission's tail (its reply and what it raised, sent after the ack) is over: "nothing more" holds.
    await h.idle();
    expect((await h.services.repos.blockers.openOfTeam(1)).map((b) => b.id)).toEqual([1]);
    expect(thread().filter((m) => /new blocker/.test(visibleText(m)))).toHaveLength(2); // #1 and #2, nothing more
  });

  it('a member in another zone posts to their own day’s thread; their blocker is announced there', async () => {
    // Tue 1 Dec, 09:30 in Los Angeles = 17:30 UTC (already Tue evening in Berlin).
    await h.tickAt('2026-12-01T17:30:00Z');
    const view = await openModal('ULA');
    await submit('ULA', view, ['Specs', 'Build', 'need prod credentials']);
    await waitFor(() => thread().some((m) => /new blocker \*#3\* from Lou/.test(visibleText(m))));
    expect(parents()).toHaveLength(1);
    expect((await h.services.repos.blockers.byId('T0001', 3))!.openedDate).toBe('2026-12-01');
  });

  it('someone added after their prompt time is not listed as missing that day', async () => {
    await h.tickAt('2026-12-02T08:30:00Z'); // Wed prompts in Berlin
    await h.tickAt('2026-12-02T09:00:00Z');
    expect(await command(h, 'UMGR', 'members add <@ULATE>')).toMatch(/Added <@ULATE>/);
    await h.tickAt('2026-12-02T17:30:00Z'); // Lou's prompt in Los Angeles
    await h.tickAt('2026-12-02T21:00:00Z'); // after every deadline (13:00 in Los Angeles = 21:00 UTC)
    const wed = parents().find((m) => /Wed 2 Dec/.test(visibleText(m)))!;
    expect(visibleText(wed)).toMatch(/0 of 2 answered/);
    expect(visibleText(wed)).not.toMatch(/Late Joiner/);
    expect(dms(h, 'ULATE')).toHaveLength(0);
    await h.tickAt('2026-12-03T08:30:00Z'); // Thursday: now they are asked
    expect(dms(h, 'ULATE')).toHaveLength(1);
  });

  it('settings commands in a channel without a team change nothing and say how to start', async () => {
    expect(await command(h, 'UMGR', 'schedule 14:00', 'CNEW', 'new-team')).toMatch(/no standup team yet, so nothing was changed/);
    expect(await command(h, 'UMGR', 'threshold 3', 'CNEW', 'new-team', '/blocker')).toMatch(/no standup team yet/);
    expect(await h.services.repos.teams.findByChannel('T0001', 'CNEW')).toBeUndefined();
    expect(await command(h, 'UMGR', 'reminder 6h')).toMatch(/would come after the 13:00 deadline.*Nothing was changed/);
  });
});
