import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness.ts';
import { command, dms, teamChannel, visibleText, type ModalLike } from '../support/standup-helpers.ts';
import { validateView } from '../support/slack-limits.ts';
import { waitFor } from '../support/wait.ts';

/**
 * The App Home end to end: app_home_opened events and clicks on the Home, signed, into the
 * real app; the view read back from the fake Slack's views.publish; the clock injected.
 */
describe('App Home end to end', () => {
  let h: Harness;
  let alpha: number;
  let beta: number;
  const publishes = (user: string) => h.fake.callsTo('views.publish').filter((c) => c.args.user_id === user && !c.failed).length;
  /** A command; `command` returns once its listener has also marked the Homes it changed. */
  const slash = (user: string, slashName: string, text: string, channel = teamChannel, name = 'team-alpha') => command(h, user, text, channel, name, slashName);

  async function openHome(user: string) {
    // Opening the tab publishes once per 5-second slot: each open here is in a slot of its own.
    h.clock.advance(5000);
    const before = publishes(user);
    const res = await h.sender.event({ event: { type: 'app_home_opened', user, tab: 'home', channel: `D${user}` } });
    expect(res.status).toBe(200);
    await waitFor(() => publishes(user) > before, { message: `a Home published for ${user}` });
    const view = h.fake.homeView(user)!;
    expect(validateView(view)).toEqual([]);
    return view;
  }

  /** The value of a Home element by action id (the n-th of them). */
  function valueOf(view: { blocks: unknown[] }, actionId: string, n = 0): string {
    const found: { value?: string; options?: { value: string }[] }[] = [];
    for (const b of view.blocks as { elements?: { action_id?: string }[]; accessory?: { action_id?: string } }[]) {
      for (const el of [...(b.elements ?? []), ...(b.accessory ? [b.accessory] : [])]) if (el.action_id === actionId) found.push(el as never);
    }
    const el = found[n];
    if (!el) throw new Error(`no ${actionId} #${n} on the Home`);
    return el.value ?? el.options![0]!.value;
  }

  async function clickOnHome(user: string, actionId: string, value: string, extra: { type?: string; action?: Record<string, unknown> } = {}) {
    const view = h.fake.homeView(user)!;
    const res = await h.sender.blockAction({ user_id: user, action_id: actionId, ...(extra.type ? { type: extra.type, action: extra.action! } : { value }), view: { id: view.id, type: 'home', blocks: [] } });
    expect(res.status).toBe(200);
    // The click is acknowledged first; its work (the reply, the Homes it changed) follows.
    await h.idle();
  }

  /** What the app said back to a Home click: a message in the person's Messages tab. */
  const replied = (user: string, pattern: RegExp) =>
    waitFor(() => dms(h, user).find((m) => pattern.test(visibleText(m))), { timeoutMs: 15_000 }).catch(() => {
      throw new Error(`no reply to ${user} matching ${pattern}; the Messages tab has:\n${dms(h, user).map((m) => visibleText(m)).join('\n---\n')}\nlogs:\n${h.logs.filter((l) => l.level === 'error' || l.level === 'warn').map((l) => `${l.message} ${JSON.stringify(l.context).slice(0, 300)}`).join('\n')}`);
    });

  beforeAll(async () => {
    // Monday 30 Nov 2026, 09:00 in Berlin: teams set up before the prompts (09:30 local) go out.
    h = await startHarness({ now: '2026-11-30T08:00:00Z' });
    for (const [id, name] of [['UMGR', 'Mara Manager'], ['UANA', 'Ana'], ['UBO', 'Bo'], ['UNEW', 'Nina New']] as const) h.fake.addUser({ id, name: name.toLowerCase(), real_name: name, tz: 'Europe/Berlin' });
    await slash('UMGR', '/standup', 'members add <@UANA> <@UBO>');
    await slash('UMGR', '/standup', 'timezone Europe/Berlin');
    await slash('UMGR', '/standup', 'members add <@UBO>', 'CBETA', 'team-beta');
    alpha = (await h.services.repos.teams.findByChannel('T0001', teamChannel))!.id;
    beta = (await h.services.repos.teams.findByChannel('T0001', 'CBETA'))!.id;
    await h.tickAt('2026-11-30T08:30:00Z');
    expect(await slash('UANA', '/blocker', 'waiting on legal <!channel>')).toMatch(/#1/);
    expect(await slash('UANA', '/blocker', 'the staging database is down')).toMatch(/#2/);
    expect(await slash('UANA', '/task', 'add Build the API 20h')).toMatch(/#1/);
    expect(await slash('UANA', '/task', 'add Write the docs 30h due 2026-12-03')).toMatch(/#2/);
    expect(await slash('UANA', '/standup', 'away 2026-12-21 2027-01-03')).toMatch(/Away Mon 21 Dec – Sun 3 Jan/);
  });
  afterAll(() => h.close());

  it('publishes a member’s cockpit: today’s standup, blockers, load, tasks and time off, escaped', async () => {
    const text = visibleText(await openHome('UANA'));
    expect(text).toMatch(/\*#team-alpha\* · Mon 30 Nov — :speech_balloon: to answer/);
    expect(text).toMatch(/#1 waiting on legal &lt;!channel&gt;\n_#team-alpha · 0 working days old · raised by you_/);
    expect(text).toMatch(/#2 the staging database is down/);
    expect(text).toMatch(/\*#team-alpha\*\nthis week .*\*\d+%\*.*\nnext week/);
    expect(text).toMatch(/\*#1\* Build the API · 20h/);
    expect(text).toMatch(/\*#2\* Write the docs · 30h · due Thu 3 Dec/);
    expect(text).toMatch(/#1 · Mon 21 Dec – Sun 3 Jan/);
    expect(text).not.toMatch(/Dashboard/);
  });

  it('publishes a dashboard per team to a manager of two teams', async () => {
    const text = visibleText(await openHome('UMGR'));
    expect(text).toMatch(/You manage teams but answer no standups/);
    expect(text).toMatch(/Dashboard — #team-alpha\n\*Participation this week\* \(since Mon 30 Nov\): 0\/2 answers \(0%\)/);
    expect(text).toMatch(/\*Open blockers\* \(2, oldest first\)\n• #1 waiting on legal &lt;!channel&gt; — \*0 working days\* · by <@UANA> · _no owner_/);
    expect(text).toMatch(/\*Overloaded\* \(above 100%\)\n• Ana — \*\d+%\* this week/);
    expect(text).toMatch(/\*Next digest\*: Fri 4 Dec, 16:00 \(Europe\/Berlin\) to <#CTEAM>/);
    expect(text).toMatch(/Dashboard — #team-beta\n\*Participation this week\* \(since Mon 30 Nov\): 0\/1 answers[\s\S]*\*Open blockers\*: none/);
  });

  it('welcomes a newcomer with how to start a team', async () => {
    const text = visibleText(await openHome('UNEW'));
    expect(text).toMatch(/Welcome to Coordinator/);
    expect(text).toMatch(/run `\/standup setup`/);
  });

  it('Answer on the Home opens the standup form and stores the answer, like the DM’s button', async () => {
    const home = await openHome('UANA');
    const opens = h.fake.callsTo('views.open').length;
    await clickOnHome('UANA', 'standup_answer', valueOf(home, 'standup_answer'));
    const opened = await h.fake.waitForCall('views.open', (c) => h.fake.callsTo('views.open').indexOf(c) >= opens);
    const view = opened.args.view as ModalLike;
    const questions = view.blocks.filter((b) => b.block_id?.startsWith('q_')).map((b) => b.block_id!);
    // Both open blockers are kept ("still blocking me" ticked), as the form offers them.
    const res = await h.sender.viewSubmission({
      user_id: 'UANA',
      callback_id: view.callback_id,
      private_metadata: view.private_metadata,
      state_values: {
        ...Object.fromEntries(questions.map((q, i) => [q, { answer: { type: 'plain_text_input', value: ['Specs', 'The API', 'none'][i] } }])),
        carry_blockers: { carry: { type: 'checkboxes', selected_options: [{ value: '1' }, { value: '2' }] } },
      },
    });
    expect([res.status, res.body]).toEqual([200, '']);
    await waitFor(async () => (await h.services.repos.standups.entry(alpha, 'UANA', '2026-11-30'))?.status === 'answered');
    const after = visibleText(await openHome('UANA'));
    expect(after).toMatch(/\*#team-alpha\* · Mon 30 Nov — :white_check_mark: answered\nEdit/);
  });

  it('Skip today on the Home skips that team’s standup only', async () => {
    const home = await openHome('UBO');
    expect(visibleText(home)).toMatch(/#team-alpha[\s\S]*#team-beta/);
    await clickOnHome('UBO', 'standup_skip', valueOf(home, 'standup_skip', 1));
    await replied('UBO', /Skipped #team-beta's standup for today/);
    expect((await h.services.repos.standups.entry(beta, 'UBO', '2026-11-30'))?.status).toBe('skipped');
    expect((await h.services.repos.standups.entry(alpha, 'UBO', '2026-11-30'))?.status).toBe('pending');
  });

  it('Resolve and “Not a blocker” on the Home close the blockers, as /blocker resolve and the announcement’s button do', async () => {
    const home = await openHome('UANA');
    await clickOnHome('UANA', 'blocker_resolve', valueOf(home, 'blocker_resolve', 0));
    await replied('UANA', /Resolved blocker #1/);
    await clickOnHome('UANA', 'blocker_not', valueOf(home, 'blocker_not', 1));
    await replied('UANA', /Blocker #2 is marked as not a blocker/);
    expect((await h.services.repos.blockers.byId('T0001', 1))?.status).toBe('resolved');
    expect((await h.services.repos.blockers.byId('T0001', 2))?.status).toBe('dismissed');
  });

  it('Start, Estimate and Done on a task, once however often clicked; Cancel on time off', async () => {
    let home = await openHome('UANA');
    await clickOnHome('UANA', 'home_task_start', valueOf(home, 'home_task_start', 0));
    await replied('UANA', /Started: \*#2\* Write the docs/);
    const fourHours = JSON.stringify({ t: alpha, i: 2, m: 240 });
    await clickOnHome('UANA', 'home_task_estimate', '', { type: 'static_select', action: { selected_option: { text: { type: 'plain_text', text: '4h' }, value: fourHours } } });
    await replied('UANA', /:stopwatch: \*#2\* Write the docs · 4h/);
    const done = valueOf(home, 'home_task_done', 0);
    await Promise.all([clickOnHome('UANA', 'home_task_done', done), clickOnHome('UANA', 'home_task_done', done)]);
    await replied('UANA', /Done: #2 Write the docs/);
    const task = (await h.services.repos.workload.byId('T0001', 2))!;
    expect(task).toMatchObject({ status: 'done', estimateMinutes: 240 });
    // A double click answers once: the second is dropped, not told "already done".
    expect(dms(h, 'UANA').filter((m) => /Task #2 is already done|Done: #2/.test(visibleText(m)))).toHaveLength(1);
    home = await openHome('UANA');
    await clickOnHome('UANA', 'home_away_cancel', valueOf(home, 'home_away_cancel'));
    await replied('UANA', /Cancelled time off #1/);
    expect(visibleText(await openHome('UANA'))).toMatch(/\*My time off\*\nNone planned/);
  });

  it('a member cannot use a task, time off or manager button of someone else', async () => {
    await clickOnHome('UBO', 'home_task_done', JSON.stringify({ t: alpha, i: 1 }));
    await replied('UBO', /Only <@UANA> \(the assignee\).*can change task #1\. Nothing was changed/);
    await clickOnHome('UBO', 'home_digest_post', String(alpha));
    await replied('UBO', /Only #team-alpha's managers/);
    await clickOnHome('UBO', 'home_settings', String(alpha));
    await waitFor(() => dms(h, 'UBO').filter((m) => /Only #team-alpha's managers/.test(visibleText(m))).length === 2);
    expect(h.fake.callsTo('views.open').filter((c) => (c.args.view as { callback_id?: string }).callback_id === 'standup_setup_modal')).toHaveLength(0);
    expect((await h.services.repos.workload.byId('T0001', 1))?.status).toBe('open');
    expect(h.fake.messages(teamChannel).filter((m) => /Weekly digest/.test(visibleText(m)))).toHaveLength(0);
  });

  it('a manager’s Preview, Post and Settings do what /digest preview, /digest post and /standup setup do', async () => {
    const home = await openHome('UMGR');
    const updates = h.fake.callsTo('views.update').length;
    await clickOnHome('UMGR', 'home_digest_preview', valueOf(home, 'home_digest_preview', 0));
    const preview = await h.fake.waitForCall('views.update', (c) => h.fake.callsTo('views.update').indexOf(c) >= updates);
    expect(visibleText(preview.args.view as { blocks: unknown[] })).toMatch(/Weekly digest — #team-alpha/);
    await clickOnHome('UMGR', 'home_digest_post', valueOf(home, 'home_digest_post', 0));
    await replied('UMGR', /Posted #team-alpha's digest to <#CTEAM>/);
    expect(h.fake.messages(teamChannel).filter((m) => /Weekly digest — #team-alpha/.test(visibleText(m)) && (!m.thread_ts || m.thread_ts === m.ts))).toHaveLength(1);
    const opens = h.fake.callsTo('views.open').length;
    await clickOnHome('UMGR', 'home_settings', valueOf(home, 'home_settings', 1));
    const setup = await h.fake.waitForCall('views.open', (c) => h.fake.callsTo('views.open').indexOf(c) >= opens);
    const view = setup.args.view as { callback_id: string; private_metadata: string; blocks: { block_id: string; element: { initial_users?: string[] } }[] };
    expect(view.callback_id).toBe('standup_setup_modal');
    expect(JSON.parse(view.private_metadata)).toEqual({ c: 'CBETA' });
    expect(view.blocks.find((b) => b.block_id === 'members')?.element.initial_users).toEqual(['UBO']);
  });

  it('ten changes in one second publish a person’s Home once, at the end of its 5-second slot; a failed publish is retried', async () => {
    // Whatever earlier clicks asked for is published first.
    await h.services.home.flush(new Date('2026-11-30T09:59:00Z'));
    h.clock.set('2026-11-30T10:00:00.000Z');
    const before = { ana: publishes('UANA'), mgr: publishes('UMGR') };
    for (let i = 1; i <= 10; i++) {
      h.clock.set(`2026-11-30T10:00:00.${String(i * 90).padStart(3, '0')}Z`);
      expect(await slash('UANA', '/task', `add Chore ${i} 1h`)).toMatch(/Added to #team-alpha/);
    }
    // Not before the slot is over: the last change of the slot is in the one publish.
    expect(await h.services.home.flush(new Date('2026-11-30T10:00:04.999Z'))).toMatchObject({ sent: 0 });
    expect(publishes('UANA')).toBe(before.ana);
    expect(await h.services.home.flush(new Date('2026-11-30T10:00:05.000Z'))).toMatchObject({ sent: 2 });
    expect(publishes('UANA')).toBe(before.ana + 1);
    expect(publishes('UMGR')).toBe(before.mgr + 1);
    const home = visibleText(h.fake.homeView('UANA'));
    expect(home).toMatch(/\*My tasks this week and next\* \(11\)/);
    expect(home).toMatch(/… and 5 more tasks\. `\/task list @you` shows all\./);
    // The minute's tick finds nothing more to publish.
    await h.tickAt('2026-11-30T10:01:00Z');
    expect(publishes('UANA')).toBe(before.ana + 1);

    // Slack fails the next publish (HTTP 503): retried 30 s later, with the data as of then.
    h.fake.failNext('views.publish', { status: 503 });
    h.clock.set('2026-11-30T10:02:00Z');
    await slash('UANA', '/task', 'add Late chore 1h');
    h.clock.set('2026-11-30T10:02:06Z');
    expect(await h.services.home.flush(new Date('2026-11-30T10:02:06Z'))).toMatchObject({ sent: 1, retried: 1 });
    expect(await h.services.home.flush(new Date('2026-11-30T10:02:30Z'))).toMatchObject({ sent: 0 });
    expect(await h.services.home.flush(new Date('2026-11-30T10:02:36Z'))).toMatchObject({ sent: 1 });
    expect(visibleText(h.fake.homeView('UANA'))).toMatch(/\*My tasks this week and next\* \(12\)/);
    // Only Homes someone has opened are kept fresh: a person who never opened theirs gets nothing published.
    h.fake.addUser({ id: 'UCY', name: 'cy', real_name: 'Cy', tz: 'Europe/Berlin' });
    h.clock.set('2026-11-30T10:05:00Z');
    expect(await h.services.home.refresh('T0001', ['UCY', 'UANA'])).toBe(1);
  });
});
