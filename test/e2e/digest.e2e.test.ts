import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pngSize, chartSize } from '../../src/digests/digest.chart.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import { deliveries } from '../../src/outbox/deliveries.schema.ts';
import { createProcess } from '../support/seed.ts';
import { answerPrompt, command, teamChannel, visibleText } from '../support/standup-helpers.ts';
import { validateMessageBlocks } from '../support/slack-limits.ts';

describe('the weekly digest end to end', () => {
  let h: Harness;
  const digests = () => h.fake.messages('CSTAKE').filter((m) => /Weekly digest/.test(visibleText(m)) && (!m.thread_ts || m.thread_ts === m.ts));
  const digestCmd = (user: string, text: string) => command(h, user, text, teamChannel, 'team-alpha', '/digest');

  beforeAll(async () => {
    h = await startHarness({ now: '2026-11-29T12:00:00Z' });
    h.fake.addUser({ id: 'UMGR', name: 'mara', real_name: 'Mara Manager', tz: 'Europe/Berlin' });
    h.fake.addUser({ id: 'UANA', name: 'ana', real_name: 'Ana', tz: 'Europe/Berlin' });
    h.fake.addUser({ id: 'UBO', name: 'bo', real_name: 'Bo', tz: 'Europe/Berlin' });
    h.fake.addChannel({ id: 'CSTAKE', name: 'stakeholders' });
    await command(h, 'UMGR', 'members add <@UANA> <@UBO>');
    await command(h, 'UMGR', 'timezone Europe/Berlin');
  });
  afterAll(() => h.close());

  it('is set up by managers only', async () => {
    expect(await digestCmd('UANA', 'channel <#CSTAKE|stakeholders>')).toMatch(/Only #team-alpha's managers/);
    expect(await digestCmd('UMGR', 'channel <#CSTAKE|stakeholders>')).toMatch(/now go to <#CSTAKE>/);
    expect(await digestCmd('UMGR', 'schedule fri 16:00')).toMatch(/every Friday at 16:00 \(Europe\/Berlin\) to <#CSTAKE>/);
    expect(await digestCmd('UMGR', 'schedule funday 16:00')).toMatch(/Give a day and a local time. Example/);
  });

  it('goes out exactly once, on Friday at 16:00 team time, with its chart in its thread', async () => {
    // A week of standups: Ana answers every day, Bo on two; Bo raises a blocker; Ana gets work.
    for (const [i, day] of ['2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04'].entries()) {
      await h.tickAt(`${day}T08:30:00Z`);
      await answerPrompt(h, 'UANA', [`Shipped part ${i}`, `Part ${i + 1}`, 'none'], h.fake.messages('DUANA').filter((m) => m.blocks?.length).at(-1));
      if (i < 2) await answerPrompt(h, 'UBO', [`Specs ${i}`, 'More specs', i === 1 ? 'waiting on legal' : 'none'], h.fake.messages('DUBO').filter((m) => m.blocks?.length).at(-1));
      await h.tickAt(`${day}T12:00:00Z`);
    }
    await command(h, 'UMGR', 'add Launch page <@UANA> 12h due 2026-12-08', teamChannel, 'team-alpha', '/task');
    await h.tickAt('2026-12-04T14:59:00Z'); // Friday 15:59 in Berlin
    expect(digests()).toHaveLength(0);
    // Two processes tick the same minute; then the same process again.
    const other = createProcess(h.db.db, h.fake, { now: '2026-12-04T15:00:00Z', worker: 'other' });
    await Promise.all([h.tickAt('2026-12-04T15:00:00Z'), other.tick('2026-12-04T15:00:00Z')]);
    await h.tickAt('2026-12-04T15:00:30Z');
    await h.tickAt('2026-12-04T15:05:00Z');
    expect(digests()).toHaveLength(1);
    const digest = digests()[0]!;
    const text = visibleText(digest);
    expect(validateMessageBlocks({ blocks: digest.blocks })).toEqual([]);
    expect(text).toMatch(/Weekly digest — #team-alpha/);
    expect(text).toMatch(/Mon 30 Nov – Sun 6 Dec/);
    expect(text).toMatch(/Participation\* — 7\/10 answers \(70%\)/);
    expect(text).toMatch(/Ana 5\/5/);
    expect(text).toMatch(/Shipped part 0/);
    expect(text).toMatch(/#1 waiting on legal — \*3 working days\* · by Bo · _no owner_/);
    expect(text).toMatch(/#\d+ Launch page — Ana · due Tue 8 Dec · 12h/);
    expect(text).toMatch(/First digest: trends start next week/);
    // Details and the chart are in the digest's thread.
    const thread = h.fake.messages('CSTAKE').filter((m) => m.thread_ts === digest.ts && m.ts !== digest.ts);
    expect(thread.some((m) => /Participation, everyone/.test(visibleText(m)))).toBe(true);
    const files = h.fake.files();
    expect(files).toHaveLength(1);
    expect(files[0]).toMatchObject({ channel_id: 'CSTAKE', thread_ts: digest.ts });
    expect(pngSize(files[0]!.bytes)).toEqual(chartSize);
    // The chart's alt text states its numbers for a screen reader.
    const alt = String(h.fake.callsTo('files.getUploadURLExternal')[0]!.args.alt_text);
    expect(alt).toMatch(/Participation this week: 7\/10 answers \(70%\): Ana 5\/5, Bo 2\/5\./);
    expect(alt).toMatch(/Open blockers: 1\./);
    expect(alt).toMatch(/Utilisation this week, overloaded above 100%: .*Ana \d+% (under|healthy|at risk|overloaded)/);
    // Stored, so history can be read back.
    expect(await digestCmd('UANA', 'history')).toMatch(/• 2026-11-30 → 2026-12-06 \(weekly\) — Needs attention · 1 blocker open 2\+ days · 70% participation · <#CSTAKE>/);
  });

  it('/digest preview is for the caller only; /digest post is refused to non-managers', async () => {
    const res = await h.sender.command({ command: '/digest', text: 'preview', user_id: 'UBO', channel_id: teamChannel, channel_name: 'team-alpha' });
    const reply = await h.catcher.waitFor((r) => r.id === res.responseUrl!.split('/respond/')[1]);
    expect((reply.body as { response_type: string }).response_type).toBe('ephemeral');
    expect(visibleText(reply.body as { blocks: unknown[] })).toMatch(/Weekly digest — #team-alpha/);
    expect(await digestCmd('UBO', 'post')).toMatch(/Only #team-alpha's managers/);
    expect(digests()).toHaveLength(1);
  });

  it('next week shows the trend against this one', async () => {
    for (const day of ['2026-12-07', '2026-12-08', '2026-12-09', '2026-12-10', '2026-12-11']) {
      await h.tickAt(`${day}T08:30:00Z`);
      await answerPrompt(h, 'UANA', ['Stuff', 'More', 'none'], h.fake.messages('DUANA').filter((m) => m.blocks?.length).at(-1));
      await answerPrompt(h, 'UBO', ['Stuff', 'More', 'none'], h.fake.messages('DUBO').filter((m) => m.blocks?.length).at(-1));
    }
    await h.tickAt('2026-12-11T15:00:00Z');
    expect(digests()).toHaveLength(2);
    expect(visibleText(digests()[1])).toMatch(/participation 100% ↑ \(was 70%\)/);
  });

  it('a manager can post one now', async () => {
    expect(await digestCmd('UMGR', 'post')).toMatch(/Posted #team-alpha's digest to <#CSTAKE>/);
    // The digest, its detail and its chart: each delivered once.
    expect((await h.db.db.select().from(deliveries)).filter((d) => d.kind.startsWith('digest') && d.status !== 'sent')).toEqual([]);
    expect(digests()).toHaveLength(3);
    expect(h.fake.files()).toHaveLength(3);
  });

  it('still posts when the chart cannot be rendered, and logs why', async () => {
    const failing = createProcess(h.db.db, h.fake, { now: '2026-12-11T17:00:00Z', worker: 'chartless', renderChart: () => Promise.reject(new Error('renderer exploded')) });
    const team = (await failing.services.repos.teams.findByChannel('T0001', teamChannel))!;
    const key = await failing.services.digests.postNow(team);
    await failing.services.standups.deliverNow([key]);
    await failing.services.standups.deliverNow(await failing.services.digests.followUpKeys(team.id, key));
    expect(digests()).toHaveLength(4);
    expect(h.fake.files()).toHaveLength(3);
    expect(failing.logs.some((e) => e.level === 'error' && /posted without it/.test(e.message) && JSON.stringify(e.context).includes('renderer exploded'))).toBe(true);
  });
});
