import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness.ts';
import { command, dms, teamChannel, visibleText } from '../support/standup-helpers.ts';
import { waitFor } from '../support/wait.ts';

/**
 * Slash-command paths the other end-to-end files leave out: `/task` assign, estimate,
 * start, list and the form; `/standup` answer modal, join, leave, skip and time off;
 * tasks of another team; `/blocker list @user`. All through signed requests, the real
 * database and the fake Slack.
 */

type SentView = { callback_id: string; private_metadata: string; title: { text: string }; blocks: { type: string; block_id?: string; label?: { text: string }; element?: { type: string; initial_user?: string; initial_value?: string } }[] };

/** Runs a slash command that answers by opening a modal; returns the view Slack was asked to open. */
async function openedBy(h: Harness, user: string, slash: string, text = '', channel = teamChannel, channelName = 'team-alpha') {
  const before = h.fake.callsTo('views.open').length;
  const res = await h.sender.command({ command: slash, text, user_id: user, channel_id: channel, channel_name: channelName });
  expect(res.status).toBe(200);
  const call = await h.fake.waitForCall('views.open', (c) => h.fake.callsTo('views.open').indexOf(c) >= before);
  expect(call.args.trigger_id).toBe(res.triggerId);
  expect(call.response).toMatchObject({ ok: true });
  return call.args.view as SentView;
}

describe('/task end to end: assign, estimate, start, list and the form', () => {
  let h: Harness;
  const task = (user: string, text: string) => command(h, user, text, teamChannel, 'team-alpha', '/task');
  const byId = (id: number) => h.services.repos.workload.byId('T0001', id);

  beforeAll(async () => {
    // Monday 30 Nov 2026, 10:00 in Berlin.
    h = await startHarness({ now: '2026-11-30T09:00:00Z' });
    for (const [id, name] of [['UMGR', 'Mara Manager'], ['UANA', 'Ana'], ['UBO', 'Bo'], ['UCY', 'Cy']] as const) h.fake.addUser({ id, name: name.toLowerCase(), real_name: name, tz: 'Europe/Berlin' });
    await command(h, 'UMGR', 'members add <@UANA> <@UBO>');
    await command(h, 'UMGR', 'timezone Europe/Berlin');
    expect(await task('UMGR', 'add Build the API <@UANA> 30h')).toBe(':memo: Added to #team-alpha for <@UANA>: *#1* Build the API · 30h');
    expect(await task('UMGR', 'add Write the docs <@UBO> 16h')).toBe(':memo: Added to #team-alpha for <@UBO>: *#2* Write the docs · 16h');
    expect(await task('UBO', 'add Review the spec 4h')).toBe(':memo: Added to #team-alpha for <@UBO>: *#3* Review the spec · 4h');
  });
  afterAll(() => h.close());

  it('/task assign that pushes someone over capacity tells the assigner at once', async () => {
    // Ana has 30 h of 40 h; Bo's 16 h task takes her to 46 h.
    expect(await task('UMGR', 'assign #2 <@UANA>')).toBe(
      ":arrow_right: Task #2 is now <@UANA>'s: Write the docs\n:warning: This puts <@UANA> at *115%* this week (46 h planned of 40 h). `/workload` shows who has room.",
    );
    expect(await byId(2)).toMatchObject({ assigneeId: 'UANA', createdBy: 'UMGR', status: 'open' });
    // Moving it back, nobody is overloaded: no warning in the reply.
    expect(await task('UMGR', 'assign 2 <@UBO>')).toBe(":arrow_right: Task #2 is now <@UBO>'s: Write the docs");
    expect((await byId(2))!.assigneeId).toBe('UBO');
  });

  it('/task assign refuses someone outside the team, and a caller who may not change the task', async () => {
    expect(await task('UMGR', 'assign 2 <@UCY>')).toBe(
      ':warning: <@UCY> is not in #team-alpha, so their capacity is unknown. Add them first: `/standup members add <@UCY>`. Nothing was changed.',
    );
    expect(await task('UANA', 'assign 2 <@UANA>')).toBe(':warning: Only <@UBO> (the assignee), <@UMGR> (who added it) or a manager can change task #2. Nothing was changed.');
    expect((await byId(2))!.assigneeId).toBe('UBO');
  });

  it('/task estimate changes the remaining hours, and says when that overloads the assignee', async () => {
    expect(await task('UBO', 'estimate 2 12h')).toBe(':stopwatch: *#2* Write the docs · 12h');
    expect((await byId(2))!.estimateMinutes).toBe(12 * 60);
    expect(await task('UMGR', 'estimate #1 5d')).toBe(
      ':stopwatch: *#1* Build the API · 40h',
    );
    expect(await task('UMGR', 'estimate 1 44h')).toBe(
      ':stopwatch: *#1* Build the API · 44h\n:warning: This puts <@UANA> at *110%* this week (44 h planned of 40 h). `/workload` shows who has room.',
    );
    expect((await byId(1))!.estimateMinutes).toBe(44 * 60);
    // Bad input is answered with an example, and changes nothing.
    expect(await task('UMGR', 'estimate 1 lots')).toMatch(/^:warning: Give the task number and the remaining estimate\. Example: `\/task estimate 12 4h` \(or `2d`, `30m`\)/);
    expect(await task('UMGR', 'estimate 99 4h')).toBe(':warning: There is no task #99 in #team-alpha. `/task list` shows the open ones.');
    expect((await byId(1))!.estimateMinutes).toBe(44 * 60);
  });

  it('/task start marks the task in progress, as of now', async () => {
    expect(await task('UANA', 'start 1')).toBe(':arrow_forward: Started: *#1* Build the API · 44h · :arrow_forward: in progress');
    expect(await byId(1)).toMatchObject({ status: 'in_progress', startedAt: new Date('2026-11-30T09:00:00Z') });
    expect(await task('UANA', 'start')).toMatch(/^:warning: Give the task number from `\/task list`\. Example: `\/task start 12`/);
  });

  it('/task list shows the open tasks per assignee, or one person’s', async () => {
    expect(await task('UANA', 'done 3')).toBe(':warning: Only <@UBO> (the assignee), <@UBO> (who added it) or a manager can change task #3. Nothing was changed.');
    expect(await task('UBO', 'done 3')).toBe(':white_check_mark: Done: #3 Review the spec');
    const all = await task('UCY', 'list');
    expect(all).toBe(['*Open tasks — #team-alpha* (2)', '<@UANA>\n*#1* Build the API · 44h · :arrow_forward: in progress', '<@UBO>\n*#2* Write the docs · 12h'].join('\n'));
    expect(await task('UCY', 'list <@UBO>')).toBe(['*Open tasks — #team-alpha · <@UBO>* (1)', '<@UBO>\n*#2* Write the docs · 12h'].join('\n'));
    expect(await task('UCY', 'list <@UCY>')).toBe('*Open tasks — #team-alpha · <@UCY>*\nNothing open. `/task add …` plans something.');
  });

  it('/task with no arguments opens the task form for the caller, bound to this channel', async () => {
    const view = await openedBy(h, 'UBO', '/task');
    expect(view.callback_id).toBe('task_modal');
    expect(view.title.text).toBe('New task');
    expect(JSON.parse(view.private_metadata)).toEqual({ c: teamChannel });
    expect(view.blocks.map((b) => b.label?.text)).toEqual(['Title', 'Assignee', 'Estimate', 'Due', 'Milestone']);
    expect(view.blocks.find((b) => b.block_id === 'task_assignee')!.element).toMatchObject({ type: 'users_select', initial_user: 'UBO' });
    expect(h.fake.views().some((v) => v.callback_id === 'task_modal')).toBe(true);
    // Nothing is created until the form is submitted.
    expect((await h.services.repos.workload.openOfTeam(1)).map((t) => t.id)).toEqual([1, 2]);
  });
});

describe('/standup end to end: the answer modal, join, leave, skip and time off', () => {
  let h: Harness;
  const standup = (user: string, text: string, channel = teamChannel, name = 'team-alpha') => command(h, user, text, channel, name);
  const member = (userId: string, teamId = 1) => h.services.repos.teams.member(teamId, userId);
  /** Prompt DMs (not reminders), as they read now. */
  const prompts = (user: string) => dms(h, user).filter((m) => /^(:\w+: )?\*Standup for #team-alpha\*/.test(visibleText(m)));
  const reminders = (user: string) => dms(h, user).filter((m) => /^:hourglass_flowing_sand: Your standup for \*#team-alpha\*/.test(visibleText(m)));

  beforeAll(async () => {
    // Sunday 29 Nov 2026, 21:00 in Berlin.
    h = await startHarness({ now: '2026-11-29T20:00:00Z' });
    for (const [id, name] of [['UMGR', 'Mara Manager'], ['UANA', 'Ana'], ['UBO', 'Bo'], ['UCY', 'Cy'], ['UDEE', 'Dee']] as const) h.fake.addUser({ id, name: name.toLowerCase(), real_name: name, tz: 'Europe/Berlin' });
    await standup('UMGR', 'members add <@UANA> <@UBO>');
    await standup('UMGR', 'timezone Europe/Berlin');
  });
  afterAll(() => h.close());

  it('/standup with no arguments opens today’s answer modal with the team’s questions', async () => {
    await h.tickAt('2026-11-30T08:00:00Z'); // Mon 09:00 Berlin, before the prompt
    const view = await openedBy(h, 'UANA', '/standup');
    expect(view.callback_id).toBe('standup_answer_modal');
    expect(visibleText({ blocks: [view.blocks[0]] })).toBe('*#team-alpha* · Mon 30 Nov');
    expect(view.blocks.filter((b) => b.type === 'input').map((b) => b.label!.text)).toEqual(['What did you get done since last time?', 'What are you working on today?', 'Anything blocking you?']);
    // The manager does not answer standups, so gets a clear no instead of a modal.
    expect(await standup('UMGR', '')).toBe(":warning: You're not answering standups in *#team-alpha*. Run `/standup join` in <#CTEAM> to join.");
  });

  it('/standup join adds the caller, who is prompted from the next prompt on', async () => {
    expect(await member('UCY')).toBeUndefined();
    expect(await standup('UCY', 'join')).toBe(":wave: You're in #team-alpha. Prompts at 09:30 Mon–Fri (Europe/Berlin), a reminder 120 minutes later, report deadline 13:00.");
    expect(await member('UCY')).toMatchObject({ isParticipant: true, isManager: false });
    // Joining twice is harmless.
    expect(await standup('UCY', 'join')).toMatch(/^:wave: You're in #team-alpha\./);
    expect(await standup('UCY', 'join now')).toMatch(/`\/standup join` takes nothing after it\. Example: `\/standup join`/);
    await h.tickAt('2026-11-30T08:30:00Z'); // Mon 09:30 Berlin
    for (const u of ['UANA', 'UBO', 'UCY']) expect(prompts(u)).toHaveLength(1);
    expect(prompts('UMGR')).toHaveLength(0);
  });

  it('/standup join in a channel without a team creates one, managed by the caller', async () => {
    expect(await standup('UDEE', 'join', 'CBETA', 'team-beta')).toBe(
      ':tada: Created the standup team #team-beta with you as its manager and first member. Prompts at 09:30 Mon–Fri (each member\'s own time zone), a reminder 120 minutes later, report deadline 13:00. `/standup setup` changes anything.',
    );
    const team = (await h.services.repos.teams.findByChannel('T0001', 'CBETA'))!;
    expect(await member('UDEE', team.id)).toMatchObject({ isParticipant: true, isManager: true });
  });

  it('/standup skip after the prompt: marked skipped, the prompt says so, no reminder, not missing', async () => {
    expect(await standup('UBO', 'skip')).toBe("Skipped #team-alpha's standup for today — no prompt or reminder, and you won't show as missing.");
    expect(await h.services.repos.standups.entry(1, 'UBO', '2026-11-30')).toMatchObject({ status: 'skipped' });
    await waitFor(() => /Skipped today/.test(visibleText(prompts('UBO')[0])));
    expect(visibleText(prompts('UBO')[0])).toBe(":palm_tree: *Standup for #team-alpha* · Mon 30 Nov\nSkipped today; you won't be counted as missing.\nAnswer anyway");
    // Reminders go at 11:30 Berlin: Ana and Cy get one, Bo does not.
    await h.tickAt('2026-11-30T10:30:00Z');
    await h.tickAt('2026-11-30T10:31:00Z');
    expect(reminders('UANA')).toHaveLength(1);
    expect(reminders('UCY')).toHaveLength(1);
    expect(reminders('UBO')).toHaveLength(0);
    expect(dms(h, 'UBO')).toHaveLength(1);
    const status = await standup('UMGR', 'status');
    expect(status).toContain(':hourglass: Pending (2): Ana and Cy');
    expect(status).toContain(':palm_tree: Away (1): Bo');
  });

  it('/standup skip before the prompt means no prompt at all that day', async () => {
    // Tuesday 1 Dec, 09:00 Berlin: Ana skips before her 09:30 prompt.
    await h.tickAt('2026-12-01T08:00:00Z');
    expect(await standup('UANA', 'skip today')).toBe("Skipped #team-alpha's standup for today — no prompt or reminder, and you won't show as missing.");
    await h.tickAt('2026-12-01T08:30:00Z');
    await h.tickAt('2026-12-01T10:30:00Z');
    expect(prompts('UANA').filter((m) => /Tue 1 Dec/.test(visibleText(m)))).toHaveLength(0);
    expect(dms(h, 'UANA').filter((m) => /Tue 1 Dec/.test(visibleText(m)))).toHaveLength(0);
    expect(prompts('UBO').filter((m) => /Tue 1 Dec/.test(visibleText(m)))).toHaveLength(1);
  });

  it('/standup leave stops the prompts from the next day; a second leave says so', async () => {
    expect(await standup('UCY', 'leave')).toBe("You've left #team-alpha's standups; no more prompts from it. `/standup join` brings you back.");
    expect(await member('UCY')).toBeUndefined();
    expect(await standup('UCY', 'leave')).toBe("You weren't answering #team-alpha's standups.");
    await h.tickAt('2026-12-02T08:30:00Z'); // Wed 09:30 Berlin
    expect(prompts('UBO').filter((m) => /Wed 2 Dec/.test(visibleText(m)))).toHaveLength(1);
    expect(prompts('UCY').filter((m) => /Wed 2 Dec/.test(visibleText(m)))).toHaveLength(0);
    // A manager who leaves stays a manager (to read warnings) but no longer answers.
    await standup('UMGR', 'members add <@UMGR>');
    expect(await member('UMGR')).toMatchObject({ isParticipant: true, isManager: true });
    expect(await standup('UMGR', 'leave')).toMatch(/^You've left #team-alpha's standups/);
    expect(await member('UMGR')).toMatchObject({ isParticipant: false, isManager: true });
  });

  it('/standup away list and away cancel: cancelled time off brings the prompt back', async () => {
    expect(await standup('UANA', 'away list')).toBe('No time off planned. Example: `/standup away 2026-12-21 2027-01-03`');
    expect(await standup('UANA', 'away 2026-12-03')).toBe(":palm_tree: Away Thu 3 Dec (#1): no prompts, and you'll show as away, not missing. `/standup away cancel 1` undoes it.");
    expect(await standup('UANA', 'away 2026-12-21 2027-01-03')).toBe(":palm_tree: Away Mon 21 Dec – Sun 3 Jan (#2): no prompts, and you'll show as away, not missing. `/standup away cancel 2` undoes it.");
    expect(await standup('UBO', 'away 2026-12-03 2026-12-04')).toMatch(/\(#3\)/);
    expect(await standup('UANA', 'away list')).toBe('*Your time off*\n#1 · Thu 3 Dec (2026-12-03)\n#2 · Mon 21 Dec – Sun 3 Jan (2026-12-21 → 2027-01-03)');
    // Someone else's period is not Ana's to cancel.
    expect(await standup('UANA', 'away cancel 3')).toBe(':warning: You have no time off numbered 3. `/standup away list` shows yours.');
    expect(await standup('UANA', 'away cancel')).toMatch(/Say which period to cancel; `\/standup away list` shows the numbers\./);
    expect(await standup('UANA', 'away cancel 1')).toBe('Cancelled time off #1. Prompts resume on your working days.');
    expect(await standup('UANA', 'away list')).toBe('*Your time off*\n#2 · Mon 21 Dec – Sun 3 Jan (2026-12-21 → 2027-01-03)');
    expect(await standup('UANA', 'away cancel 1')).toBe(':warning: You have no time off numbered 1. `/standup away list` shows yours.');
    expect(await standup('UBO', 'away list')).toBe('*Your time off*\n#3 · Thu 3 Dec – Fri 4 Dec (2026-12-03 → 2026-12-04)');
    // Thu 3 Dec 09:30 Berlin: Ana (cancelled) is prompted, Bo (still away) is not.
    await h.tickAt('2026-12-03T08:30:00Z');
    expect(prompts('UANA').filter((m) => /Thu 3 Dec/.test(visibleText(m)))).toHaveLength(1);
    expect(prompts('UBO').filter((m) => /Thu 3 Dec/.test(visibleText(m)))).toHaveLength(0);
  });
});

describe('a task of another team in the same workspace', () => {
  let h: Harness;
  const task = (user: string, text: string, channel: string, name: string) => command(h, user, text, channel, name, '/task');

  beforeAll(async () => {
    h = await startHarness({ now: '2026-11-30T09:00:00Z' });
    for (const [id, name] of [['UMGR', 'Mara Manager'], ['UANA', 'Ana'], ['UBETA', 'Beta Lead'], ['UBO', 'Bo']] as const) h.fake.addUser({ id, name: name.toLowerCase(), real_name: name, tz: 'Europe/Berlin' });
    // Ana answers standups in both teams.
    await command(h, 'UMGR', 'members add <@UANA>');
    await command(h, 'UBETA', 'members add <@UANA> <@UBO>', 'CBETA', 'team-beta');
    expect(await task('UMGR', 'add Build the API <@UANA> 8h', teamChannel, 'team-alpha')).toMatch(/Added to #team-alpha for <@UANA>: \*#1\* Build the API · 8h/);
  });
  afterAll(() => h.close());

  it('is refused from the other team’s channel, even for its assignee and the other team’s manager, and nothing changes', async () => {
    const before = await h.services.repos.workload.byId('T0001', 1);
    for (const user of ['UANA', 'UBETA']) {
      expect(await task(user, 'done #1', 'CBETA', 'team-beta')).toBe(':warning: There is no task #1 in #team-beta. `/task list` shows the open ones.');
      expect(await task(user, 'start 1', 'CBETA', 'team-beta')).toBe(':warning: There is no task #1 in #team-beta. `/task list` shows the open ones.');
      expect(await task(user, 'estimate 1 2h', 'CBETA', 'team-beta')).toBe(':warning: There is no task #1 in #team-beta. `/task list` shows the open ones.');
      expect(await task(user, 'assign 1 <@UBO>', 'CBETA', 'team-beta')).toBe(':warning: There is no task #1 in #team-beta. `/task list` shows the open ones.');
    }
    expect(await h.services.repos.workload.byId('T0001', 1)).toEqual(before);
    expect(before).toMatchObject({ status: 'open', assigneeId: 'UANA', estimateMinutes: 480 });
    expect(await task('UBETA', 'list', 'CBETA', 'team-beta')).toBe('*Open tasks — #team-beta*\nNothing open. `/task add …` plans something.');
    // From its own team's channel the assignee can close it.
    expect(await task('UANA', 'done 1', teamChannel, 'team-alpha')).toBe(':white_check_mark: Done: #1 Build the API');
    expect((await h.services.repos.workload.byId('T0001', 1))!.status).toBe('done');
  });
});

describe('/blocker list @user', () => {
  let h: Harness;
  const blocker = (user: string, text: string) => command(h, user, text, teamChannel, 'team-alpha', '/blocker');

  beforeAll(async () => {
    h = await startHarness({ now: '2026-12-02T09:00:00Z' }); // Wed 10:00 Berlin
    for (const [id, name] of [['UMGR', 'Mara Manager'], ['UANA', 'Ana'], ['UBO', 'Bo'], ['UCY', 'Cy']] as const) h.fake.addUser({ id, name: name.toLowerCase(), real_name: name, tz: 'Europe/Berlin' });
    await command(h, 'UMGR', 'members add <@UANA> <@UBO> <@UCY>');
    await command(h, 'UMGR', 'timezone Europe/Berlin');
    expect(await blocker('UANA', 'no access to the staging DB')).toMatch(/^:construction: Raised blocker #1 in #team-alpha/);
    expect(await blocker('UBO', 'waiting on legal review')).toMatch(/^:construction: Raised blocker #2 in #team-alpha/);
    expect(await blocker('UANA', 'CI is red <!here>')).toMatch(/^:construction: Raised blocker #3 in #team-alpha/);
    // Ana takes Bo's blocker on.
    await h.sender.blockAction({ user_id: 'UANA', action_id: 'blocker_help', value: '2', channel_id: teamChannel });
    await waitFor(async () => (await h.services.repos.blockers.byId('T0001', 2))?.ownerId === 'UANA');
  });
  afterAll(() => h.close());

  it('lists the open blockers a person raised or owns, and only those', async () => {
    expect(await blocker('UMGR', 'list <@UANA>')).toBe(
      [
        '*Open blockers — #team-alpha · <@UANA>* (3, oldest first)',
        '*#1* no access to the staging DB\n_raised today · raised by <@UANA> · no owner yet_',
        "I'll help",
        'Resolved',
        'Not a blocker',
        '*#2* waiting on legal review\n_raised today · raised by <@UBO> · owner <@UANA>_',
        "I'll help",
        'Resolved',
        'Not a blocker',
        '*#3* CI is red &lt;!here&gt;\n_raised today · raised by <@UANA> · no owner yet_',
        "I'll help",
        'Resolved',
        'Not a blocker',
      ].join('\n'),
    );
    const bo = await blocker('UCY', 'list <@UBO|bo>');
    expect(bo).toMatch(/^\*Open blockers — #team-alpha · <@UBO>\* \(1, oldest first\)\n\*#2\* waiting on legal review/);
    expect(bo).not.toMatch(/#1\*|#3\*/);
    expect(await blocker('UANA', 'list <@UCY>')).toBe('*Open blockers — #team-alpha · <@UCY>*\n:tada: Nothing open.');
  });

  it('drops a resolved blocker from the person’s list', async () => {
    expect(await blocker('UANA', 'resolve 1')).toBe(':white_check_mark: Resolved blocker #1.');
    const ana = await blocker('UMGR', 'list <@UANA>');
    expect(ana).toMatch(/^\*Open blockers — #team-alpha · <@UANA>\* \(2, oldest first\)/);
    expect(ana).not.toMatch(/\*#1\*/);
  });
});
