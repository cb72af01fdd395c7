import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blockerCorrections } from '../../src/blockers/blockers.schema.ts';
import { startHarness, type Harness } from '../support/harness.ts';
import { answerPrompt, buttonValue, command, dms, teamChannel, visibleText } from '../support/standup-helpers.ts';
import { waitFor } from '../support/wait.ts';

/**
 * Blocker signal through the real app: context after "no blockers" is not announced, one
 * answer's blockers go out as one message (at most ten), a doubtful line is asked about
 * privately instead of announced, and "Not a blocker" teaches the team's detection.
 */
describe('blocker signal end to end', () => {
  let h: Harness;
  const thread = () => h.fake.messages(teamChannel).filter((m) => m.thread_ts && m.thread_ts !== m.ts);
  const announcements = () => thread().filter((m) => /new blockers? /.test(visibleText(m)));
  const latestPrompt = (user: string) => dms(h, user).filter((m) => JSON.stringify(m.blocks ?? []).includes('standup_answer')).at(-1)!;
  const questions = (user: string) => dms(h, user).filter((m) => /Is this a blocker\?/.test(visibleText(m)));
  const blockerCmd = (user: string, text: string) => command(h, user, text, teamChannel, 'team-alpha', '/blocker');
  async function answer(user: string, blockers: string) {
    const before = thread().length;
    await answerPrompt(h, user, ['Finished the importer', 'Deploy it', blockers], latestPrompt(user));
    // The answer itself is posted in the day's thread.
    await waitFor(() => thread().length > before);
  }
  async function click(user: string, msg: { ts: string }, actionId: string, value: string, channel: string) {
    const before = h.catcher.received.length;
    const res = await h.sender.blockAction({ user_id: user, action_id: actionId, value, channel_id: channel, message_ts: msg.ts });
    expect(res.status).toBe(200);
    const reply = await h.catcher.waitFor((r) => h.catcher.received.indexOf(r) >= before);
    // The reply goes out before the click's tail (the announcement it queued is sent after).
    await h.idle();
    return visibleText(reply.body as { text?: string; blocks?: unknown[] });
  }

  beforeAll(async () => {
    h = await startHarness({ now: '2026-11-30T20:00:00Z' });
    h.fake.addUser({ id: 'UMGR', name: 'mara', real_name: 'Mara Manager', tz: 'Europe/Berlin' });
    h.fake.addUser({ id: 'UANA', name: 'ana', real_name: 'Ana Dev', tz: 'Europe/Berlin' });
    h.fake.addUser({ id: 'UBO', name: 'bo', real_name: 'Bo Dev', tz: 'Europe/Berlin' });
    h.fake.addUser({ id: 'UEVE', name: 'eve', real_name: 'Eve Elsewhere', tz: 'Europe/Berlin' });
    await command(h, 'UMGR', 'members add <@UANA> <@UBO>');
    await command(h, 'UMGR', 'timezone Europe/Berlin');
    await h.tickAt('2026-12-01T08:30:00Z'); // Tue 1 Dec, 09:30 Berlin
  });
  afterAll(() => h.close());

  it('"No blockers — just a lot of meetings today" is not announced, and nothing is asked', async () => {
    await answer('UBO', 'No blockers — just a lot of meetings today');
    await h.tickAt('2026-12-01T08:35:00Z');
    expect(announcements()).toEqual([]);
    expect(questions('UBO')).toEqual([]);
    expect(await h.services.repos.blockers.openOfTeam(1)).toEqual([]);
  });

  it('twelve bullet lines raise ten blockers, announced in one message that says how many more there were', async () => {
    const lines = Array.from({ length: 12 }, (_, i) => `- waiting on the vendor for API key ${i + 1}`).join('\n');
    await answer('UANA', lines);
    await waitFor(() => announcements().length === 1);
    await h.tickAt('2026-12-01T08:40:00Z');
    expect(announcements()).toHaveLength(1);
    const note = visibleText(announcements()[0]);
    expect(note).toMatch(/<@UMGR> — 10 new blockers from Ana Dev:/);
    expect(note).toMatch(/and 2 more lines in the answer, not tracked/);
    expect(await h.services.repos.blockers.openOfTeam(1)).toHaveLength(10);
  });

  it('"Not a blocker" on the announcement closes it and teaches the team; the same line later is not raised', async () => {
    const msg = announcements()[0]!;
    // Someone who is neither the reporter nor a manager may not.
    expect(await click('UEVE', msg, 'blocker_not', '1', teamChannel)).toMatch(/Only <@UANA> \(who raised it\) or a manager can say blocker #1 is not one/);
    expect(await click('UMGR', msg, 'blocker_not', '1', teamChannel)).toMatch(/Blocker #1 is marked as not a blocker/);
    const b = await h.services.repos.blockers.byId('T0001', 1);
    expect(b?.status).toBe('dismissed');
    await waitFor(() => thread().some((m) => /\*#1\* was not a blocker \(marked by <@UMGR>\)/.test(visibleText(m))));
    // Closed as a misreading: resolving it, or taking it on, says so instead of "resolved" or "you own it".
    expect(await blockerCmd('UANA', 'resolve 1')).toMatch(/Blocker #1 was already marked as not a blocker \(by <@UMGR>\)\./);
    expect(await click('UBO', msg, 'blocker_help', '1', teamChannel)).toMatch(/Blocker #1 was already marked as not a blocker \(by <@UMGR>\)\. Thanks anyway!/);
    const corrections = await h.db.db.select().from(blockerCorrections);
    expect(corrections.map((c) => [c.normalized, c.verdict])).toEqual([['waiting on the vendor for api key 1', 'nothing']]);
    expect(await blockerCmd('UMGR', 'list')).toMatch(/1 correction to blocker detection this month/);

    // Next day, Ana writes the same line again (and one new one): only the new one is raised.
    await h.tickAt('2026-12-02T08:30:00Z');
    const before = announcements().length;
    await answer('UANA', '- waiting on the vendor for API key 1\n- the staging certs expired');
    await waitFor(() => announcements().length === before + 1);
    expect(visibleText(announcements().at(-1))).toMatch(/new blocker \*#\d+\* from Ana Dev: the staging certs expired/);
    expect((await h.services.repos.blockers.openOfTeam(1, 'UANA')).filter((x) => /API key 1$/.test(x.text))).toEqual([]);
  });

  it('a doubtful line is not announced: its author is asked privately, and "Track it" raises it once', async () => {
    const before = announcements().length;
    await answer('UBO', 'design input would be nice at some point');
    const question = await waitFor(() => questions('UBO')[0]);
    expect(visibleText(question)).toMatch(/Is this a blocker\? “design input would be nice at some point”/);
    expect(announcements()).toHaveLength(before);
    const value = buttonValue(question, 'blocker_track');
    // Only the author answers the question.
    expect(await click('UANA', question, 'blocker_track', value, h.fake.dmChannelId('UBO'))).toMatch(/Only the person who wrote that answer/);
    expect(await click('UBO', question, 'blocker_track', value, h.fake.dmChannelId('UBO'))).toMatch(/Tracking it as blocker #\d+/);
    await waitFor(() => announcements().length === before + 1);
    expect(visibleText(announcements().at(-1))).toMatch(/new blocker \*#\d+\* from Bo Dev: design input would be nice at some point/);
    // A second click on either button does nothing more.
    await h.sender.blockAction({ user_id: 'UBO', action_id: 'blocker_untracked', value, channel_id: h.fake.dmChannelId('UBO'), message_ts: question.ts });
    // The click is handled after its ack: "nothing more" is read once it has been.
    await h.idle();
    await h.tickAt('2026-12-02T08:45:00Z');
    expect(announcements()).toHaveLength(before + 1);
    expect((await h.services.repos.blockers.openOfTeam(1, 'UBO')).map((b) => b.text)).toEqual(['design input would be nice at some point']);
    const corrections = await h.db.db.select().from(blockerCorrections);
    expect(corrections.find((c) => c.normalized === 'design input would be nice at some point')?.verdict).toBe('blocker');
  });

  it('"Not a blocker" on the question drops it, and the team is not asked about that line again', async () => {
    await h.tickAt('2026-12-03T08:30:00Z');
    const asked = questions('UANA').length;
    await answer('UANA', 'might need help with the exporter later');
    const question = await waitFor(() => questions('UANA')[asked]);
    expect(await click('UANA', question, 'blocker_untracked', buttonValue(question, 'blocker_untracked'), h.fake.dmChannelId('UANA'))).toMatch(/Not tracked/);
    await h.tickAt('2026-12-04T08:30:00Z');
    const before = announcements().length;
    await answer('UANA', 'might need help with the exporter later');
    await h.tickAt('2026-12-04T08:40:00Z');
    expect(questions('UANA')).toHaveLength(asked + 1);
    expect(announcements()).toHaveLength(before);
  });
});
