import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness.ts';
import { command, teamChannel, visibleText } from '../support/standup-helpers.ts';
import { validateMessageBlocks } from '../support/slack-limits.ts';
import { waitFor } from '../support/wait.ts';

/**
 * Milestones, their forecast, the risk register, the warnings and the weekly review, through
 * signed slash commands into the real app, the tick, and the fake Slack.
 */
describe('milestones and risks end to end', () => {
  let h: Harness;
  const milestone = (user: string, text: string) => command(h, user, text, teamChannel, 'team-alpha', '/milestone');
  const risk = (user: string, text: string) => command(h, user, text, teamChannel, 'team-alpha', '/risk');
  const task = (user: string, text: string) => command(h, user, text, teamChannel, 'team-alpha', '/task');
  const warnings = () => h.fake.messages('DUMGR').filter((m) => /went from/.test(visibleText(m)));
  const reviews = (user: string) => h.fake.messages(`D${user}`).filter((m) => /Weekly risk review/.test(visibleText(m)));
  const counts = async () => ({ milestones: (await h.services.milestones.list(team())).items.length, tasks: (await h.services.repos.workload.openOfTeam(1)).length, risks: (await h.services.risks.list(team(), true)).risks.length });
  let teamRow: Awaited<ReturnType<Harness['services']['teams']['teamForSettings']>>['team'];
  const team = () => teamRow;

  beforeAll(async () => {
    // Monday 30 Nov 2026, 10:00 in Berlin.
    h = await startHarness({ now: '2026-11-30T09:00:00Z' });
    for (const [id, name] of [['UMGR', 'Mara Manager'], ['UANA', 'Ana'], ['UBO', 'Bo']] as const) h.fake.addUser({ id, name: name.toLowerCase(), real_name: name, tz: 'Europe/Berlin' });
    await command(h, 'UMGR', 'members add <@UANA> <@UBO>');
    await command(h, 'UMGR', 'timezone Europe/Berlin');
    teamRow = (await h.services.teams.teamForSettings({ workspaceId: h.fake.teamId, userId: 'UMGR' }, teamChannel)).team;
  });
  afterAll(() => h.close());

  it('adds a milestone, attaches work to it, and forecasts it with a reason', async () => {
    expect(await milestone('UANA', 'add "Beta" 2026-12-18 budget 60h')).toMatch(/Milestone \*#1 Beta\* added to #team-alpha: target Fri 18 Dec, budget 60 h/);
    expect(await task('UMGR', 'add Build the API <@UANA> 32h for Beta')).toMatch(/Added to #team-alpha for <@UANA>: \*#1\* Build the API · 32h · for milestone \*Beta\*/);
    expect(await task('UMGR', 'add Write the docs <@UBO> 4h')).toMatch(/\*#2\* Write the docs/);
    expect(await task('UBO', 'milestone 2 1')).toMatch(/Task #2 now counts towards milestone \*#1 Beta\*/);
    const list = await milestone('UBO', 'list');
    expect(list).toMatch(/\*#1 Beta\* — 2 open tasks/);
    expect(list).toMatch(/on track\* · projected Thu 3 Dec · target Fri 18 Dec \(15 days early\)/);
    expect(list).toMatch(/budget 36\/60 h \(60%\) · 0 h done · 36 h left/);
    const detail = await milestone('UBO', '1');
    expect(detail).toMatch(/<@UANA> has 32 h left on it and 40 h a week free until Fri 18 Dec · done Thu 3 Dec/);
    expect(await milestone('UBO', 'Beta')).toBe(detail);
  });

  it('answers bad input clearly and stores nothing', async () => {
    const before = await counts();
    expect(await milestone('UMGR', 'add "Gamma" 2026-11-02')).toMatch(/2026-11-02 is in the past; a target is today or later. Example/);
    expect(await milestone('UMGR', 'add "Gamma" 2027-01-15 budget -3h')).toMatch(/A budget is a positive number of hours/);
    expect(await milestone('UMGR', 'add "<!channel> launch" 2027-01-15')).toMatch(/plain text: no mentions/);
    expect(await milestone('UMGR', 'add "beta" 2027-01-15')).toMatch(/already has a milestone called “Beta” \(#1\)/);
    expect(await milestone('UMGR', 'move 7 2027-01-15')).toMatch(/There is no milestone #7 in #team-alpha/);
    expect(await milestone('UMGR', 'Nope')).toMatch(/There is no milestone “Nope” in #team-alpha/);
    expect(await task('UMGR', 'add Cook for "Nope"')).toMatch(/There is no milestone “Nope” in #team-alpha.*If “for Nope” is part of the title, reword it/);
    expect(await task('UMGR', 'milestone 1 Nope')).toMatch(/There is no milestone “Nope”/);
    expect(await task('UMGR', 'add Plan for 2027 4h')).toMatch(/There is no milestone #2027 in #team-alpha.*If “for 2027” is part of the title/);
    expect(await risk('UMGR', 'add Vendor slips likelihood 7 impact 3')).toMatch(/Likelihood is a whole number from 1 \(rare\) to 5 \(almost certain\), not “7”/);
    expect(await risk('UMGR', 'add Vendor slips likelihood 3 impact 3 milestone Nope')).toMatch(/There is no milestone “Nope”/);
    expect(await risk('UMGR', 'close 9')).toMatch(/There is no risk #9 in #team-alpha/);
    // Someone outside the team changes nothing.
    h.fake.addUser({ id: 'UEVE', name: 'eve', tz: 'UTC' });
    expect(await milestone('UEVE', 'move 1 2027-01-15')).toMatch(/Only <@UANA> \(who added it\) or a manager/);
    expect(await counts()).toEqual(before);
    expect((await h.services.milestones.list(team())).items[0]!.milestone.targetDate).toBe('2026-12-18');
  });

  it('warns the managers once when the forecast worsens, with why and what would fix it; at most once a day', async () => {
    // A first pass records the verdict (on track): nothing to say.
    await h.tickAt('2026-11-30T09:20:00Z');
    expect(warnings()).toHaveLength(0);
    // 96 h more on Ana: 128 h at 8 h a day is 16 working days, past Fri 18 Dec.
    await task('UMGR', 'add Migrate the data <@UANA> 96h for Beta');
    await h.tickAt('2026-11-30T09:40:00Z');
    expect(warnings()).toHaveLength(1);
    const text = visibleText(warnings()[0]);
    expect(text).toMatch(/\*#1 Beta\* in #team-alpha went from on track to \*late\*: projected Mon 21 Dec, 3 days after the target \(target Fri 18 Dec\)/);
    expect(text).toMatch(/<@UANA> has 128 h left on it and 40 h a week free until Fri 18 Dec/);
    expect(text).toMatch(/Move some of <@UANA>’s 128 h to <@UBO>/);
    expect(text).toMatch(/\/milestone move 1 YYYY-MM-DD/);
    // Later passes, the same status: nothing new.
    await h.tickAt('2026-11-30T10:00:00Z');
    expect(warnings()).toHaveLength(1);
    // Better, then worse again the same day: still one message today.
    expect(await task('UANA', 'estimate 3 40h')).toMatch(/#3/);
    await h.tickAt('2026-11-30T10:20:00Z');
    expect(await task('UANA', 'estimate 3 96h')).toMatch(/#3/);
    await h.tickAt('2026-11-30T10:40:00Z');
    expect(warnings()).toHaveLength(1);
    expect((await h.services.milestones.atRisk(team())).items.map((i) => [i.milestone.name, i.forecast.status])).toEqual([['Beta', 'late']]);
    // Better today, worse tomorrow: a new day, a new warning.
    expect(await task('UANA', 'estimate 3 40h')).toMatch(/#3/);
    await h.tickAt('2026-11-30T11:00:00Z');
    expect(await task('UANA', 'estimate 3 96h')).toMatch(/#3/);
    await h.tickAt('2026-12-01T09:00:00Z');
    expect(warnings()).toHaveLength(2);
    for (const m of warnings()) expect(validateMessageBlocks({ blocks: m.blocks ?? [] })).toEqual([]);
  });

  it("lists the late milestone on the manager's App Home", async () => {
    const published = () => h.fake.callsTo('views.publish').filter((c) => c.args.user_id === 'UMGR' && !c.failed).length;
    const before = published();
    h.clock.advance(5000);
    expect((await h.sender.event({ event: { type: 'app_home_opened', user: 'UMGR', tab: 'home', channel: 'DUMGR' } })).status).toBe(200);
    await waitFor(() => published() > before, { message: 'the Home published' });
    expect(visibleText(h.fake.homeView('UMGR')!)).toMatch(/\*Milestones at risk\* \(1\)\n• #1 Beta — :red_circle: \*late\*: finish .*, target Fri 18 Dec/);
  });

  it('keeps the risk register sorted by score, flags 15+ without mitigation, and nudges each owner once a week', async () => {
    const flagged = await risk('UANA', 'add Vendor API may slip likelihood 3 impact 5 owner <@UBO> milestone Beta');
    expect(flagged).toMatch(/#1\* Vendor API may slip — \*15\* \(L3×I5\) · owner <@UBO> · for Beta :rotating_light: \*no mitigation\*/);
    expect(flagged).toMatch(/Scored 15 or more with no mitigation/);
    await risk('UANA', 'add Key person on leave likelihood 2 impact 3 owner <@UBO> mitigation pair on everything');
    await risk('UANA', 'add <!channel> staging is down likelihood 5 impact 4 owner <@UANA> mitigation second region');
    const list = await risk('UMGR', 'list');
    expect([...list.matchAll(/\*#(\d+)\*/g)].map((m) => Number(m[1]))).toEqual([3, 1, 2]);
    expect(list).toContain('&lt;!channel&gt; staging is down');
    expect(list).not.toContain('<!channel>');
    expect(list).toMatch(/1 scored 15\+ with no mitigation/);
    expect(await risk('UBO', 'update 1 likelihood 2 mitigation weekly call with the vendor')).toMatch(/\*10\* \(L2×I5\).*\n.*mitigation:_ weekly call with the vendor/);
    expect(await risk('UEVE', 'close 1')).toMatch(/Only <@UANA> \(who raised it\), <@UBO> \(its owner\) or a manager/);

    // Tuesday: this week's review goes out to each owner once, at the next pass.
    await h.tickAt('2026-12-01T09:30:00Z');
    await h.tickAt('2026-12-01T10:00:00Z');
    await h.tickAt('2026-12-03T10:00:00Z');
    expect(reviews('UBO')).toHaveLength(1);
    expect(reviews('UANA')).toHaveLength(1);
    expect(visibleText(reviews('UBO')[0])).toMatch(/you own 2 open risks/);
    // Bo closes one of his; next Monday after the prompt time, one more review each.
    expect(await risk('UBO', 'close 2')).toMatch(/Closed:/);
    await h.tickAt('2026-12-07T08:00:00Z');
    expect(reviews('UBO')).toHaveLength(1);
    await h.tickAt('2026-12-07T08:40:00Z');
    expect(reviews('UBO')).toHaveLength(2);
    expect(visibleText(reviews('UBO')[1])).toMatch(/you own 1 open risk\b/);
  });

  it('shows milestones and top risks in the digest, and draws the milestone forecast', async () => {
    const c = await h.services.digests.preview(team());
    expect(c.milestones?.map((m) => [m.name, m.status])).toEqual([['Beta', 'late']]);
    expect(c.topRisks?.map((r) => [r.id, r.score, r.ownerName])).toEqual([
      [3, 20, 'Ana'],
      [1, 10, 'Bo'],
    ]);
    expect(c.headline).toMatch(/^At risk · .*milestone Beta late/);
    const res = await h.sender.command({ command: '/digest', text: 'preview', user_id: 'UMGR', channel_id: teamChannel, channel_name: 'team-alpha' });
    const id = res.responseUrl!.split('/respond/')[1]!;
    const body = (await h.catcher.waitFor((r) => r.id === id)).body as { blocks: unknown[] };
    expect(validateMessageBlocks({ blocks: body.blocks })).toEqual([]);
    const text = visibleText(body);
    expect(text).toMatch(/\*Milestones\*\n:red_circle: \*Beta\* — late: projected .* vs target Fri 18 Dec · budget \d+\/60 h/);
    expect(text).toMatch(/\*Top risks\* — 2 of 2 open/);
    expect(text).toContain('#3 &lt;!channel&gt; staging is down — *20* (L5×I4) · owner Ana');
  });
  it('attaches a task from the form by milestone name; an unknown one is a field error and stores nothing', async () => {
    const res = await h.sender.command({ command: '/task', text: '', user_id: 'UBO', channel_id: teamChannel, channel_name: 'team-alpha', trigger_id: 'trigger-task-form' });
    expect(res.status).toBe(200);
    const opened = await h.fake.waitForCall('views.open', (c) => (c.args.view as { callback_id: string }).callback_id === 'task_modal');
    const view = opened.args.view as { callback_id: string; private_metadata: string; blocks: { block_id: string }[] };
    expect(view.blocks.map((b) => b.block_id)).toContain('task_milestone');
    const submit = (milestoneName: string, title: string) =>
      h.sender.viewSubmission({
        user_id: 'UBO',
        callback_id: view.callback_id,
        private_metadata: view.private_metadata,
        state_values: {
          task_title: { title: { type: 'plain_text_input', value: title } },
          task_assignee: { assignee: { type: 'users_select', selected_user: 'UBO' } },
          task_estimate: { estimate: { type: 'plain_text_input', value: '2h' } },
          task_due: { due: { type: 'datepicker', selected_date: null } },
          task_milestone: { milestone: { type: 'plain_text_input', value: milestoneName } },
        },
      });
    const before = (await h.services.repos.workload.openOfTeam(1)).length;
    const bad = await submit('Gamma', 'Release checklist');
    expect(bad.json<{ errors: Record<string, string> }>().errors.task_milestone).toMatch(/There is no milestone “Gamma” in #team-alpha/);
    expect((await h.services.repos.workload.openOfTeam(1)).length).toBe(before);
    const ok = await submit('beta', 'Release checklist, from the form');
    expect(ok.body).toBe('');
    const created = (await h.services.repos.workload.openOfTeam(1)).find((t) => t.title === 'Release checklist, from the form');
    expect(created).toMatchObject({ milestoneId: 1, estimateMinutes: 120 });
    // A bare word after "for" that names no milestone is the title's own: stored as typed, attached to nothing.
    expect(await task('UMGR', 'add Load tests for payments <@UBO> 1h')).toMatch(/\*#\d+\* Load tests for payments · 1h$/);
    expect((await h.services.repos.workload.openOfTeam(1)).find((t) => t.title === 'Load tests for payments')).toMatchObject({ milestoneId: null });
  });
});
