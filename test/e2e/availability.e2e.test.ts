import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness.ts';
import { command, dms, teamChannel, visibleText } from '../support/standup-helpers.ts';

/**
 * Time off nobody types: public holidays per member's region and a calendar feed served by
 * a local server, through signed commands, the real tick and the fake Slack.
 */

// Weekly "Friday off" from 4 Dec, and an all-day out-of-office week 14–18 Dec.
const feed = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//test//EN',
  'BEGIN:VEVENT',
  'UID:friday@test',
  'DTSTAMP:20261101T000000Z',
  'DTSTART;VALUE=DATE:20261204',
  'DTEND;VALUE=DATE:20261205',
  'RRULE:FREQ=WEEKLY;BYDAY=FR',
  'SUMMARY:Friday off',
  'ATTENDEE;CN=Secret Person:mailto:secret@example.com',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'UID:ooo@test',
  'DTSTAMP:20261101T000000Z',
  'DTSTART;VALUE=DATE:20261214',
  'DTEND;VALUE=DATE:20261219',
  'SUMMARY:Out of office — secret trip',
  'END:VEVENT',
  'END:VCALENDAR',
].join('\r\n');

describe('availability end to end', () => {
  let h: Harness;
  let server: Server;
  let base: string;
  let serve: 'feed' | 'broken' | 'error' = 'feed';
  const requests: { path: string; ifNoneMatch: string | undefined }[] = [];
  const prompted = (user: string, date: string) => dms(h, user).some((m) => visibleText(m).includes(date));
  const feedOf = (user: string) => h.services.db.query.calendarFeeds.findFirst({ where: (f, { eq }) => eq(f.userId, user) });

  beforeAll(async () => {
    server = createServer((req, res) => {
      requests.push({ path: req.url ?? '', ifNoneMatch: req.headers['if-none-match'] as string | undefined });
      if (serve === 'error') return void res.writeHead(500).end('oops');
      if (serve === 'broken') return void res.writeHead(200, { 'content-type': 'text/html' }).end('<html>Sign in to see this calendar</html>');
      if (req.headers['if-none-match'] === '"v1"') return void res.writeHead(304).end();
      res.writeHead(200, { 'content-type': 'text/calendar', etag: '"v1"' }).end(feed);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // Monday 23 Nov 2026, evening.
    h = await startHarness({ now: '2026-11-23T20:00:00Z', calendarAllowInsecure: true });
    h.fake.addUser({ id: 'UMGR', name: 'mara', real_name: 'Mara Manager', tz: 'Europe/Berlin' });
    h.fake.addUser({ id: 'UUS', name: 'uma', real_name: 'Uma States', tz: 'America/New_York' });
    h.fake.addUser({ id: 'UDE', name: 'dirk', real_name: 'Dirk Deutsch', tz: 'Europe/Berlin' });
    h.fake.addUser({ id: 'UBY', name: 'bea', real_name: 'Bea Bayern', tz: 'Europe/Berlin' });
    await command(h, 'UMGR', 'members add <@UUS> <@UDE> <@UBY>');
  });
  afterAll(async () => {
    await h.close();
    await new Promise((r) => server.close(r));
  });

  it('sets regions by text; a bad region is refused with an example and changes nothing', async () => {
    // A pass sets the team's next instants; a new region moves warnings, so they are worked out again.
    await h.tickAt('2026-11-23T20:00:00Z');
    const warningsAt = async () => (await h.services.db.query.teams.findFirst())!.nextWarningsAt!.getTime();
    expect(await warningsAt()).toBeGreaterThan(h.clock.now().getTime());
    expect(await command(h, 'UDE', 'holidays team DE')).toMatch(/Only #team-alpha's managers/);
    expect(await warningsAt()).toBeGreaterThan(h.clock.now().getTime());
    expect(await command(h, 'UMGR', 'holidays team DE')).toMatch(/default holiday region is now Germany \(DE\)/);
    expect(await warningsAt()).toBeLessThanOrEqual(h.clock.now().getTime());
    expect(await command(h, 'UUS', 'holidays XX')).toMatch(/no public holidays for the country “XX”.*`DE-BY`/);
    expect(await command(h, 'UBY', 'holidays DE-QQ')).toMatch(/not a subdivision I know.*BY/);
    expect(await command(h, 'UUS', 'holidays US')).toMatch(/public holidays are now those of United States of America \(US\).*Thanksgiving Day \(Thu 26 Nov\)/);
    expect(await command(h, 'UBY', 'holidays de-by')).toMatch(/\(DE-BY\)/);
    // Dirk follows the team's region.
    const mine = await command(h, 'UDE', 'holidays');
    expect(mine).toMatch(/Public holidays for DE\* \(your team's/);
    expect(mine).toContain('Christmas Day');
  });

  it('a US member gets no prompt on Thanksgiving 2026 while a DE teammate does; shown as holiday, not missing', async () => {
    // Thursday 26 Nov: Berlin 09:30 = 08:30 UTC, New York 09:30 = 14:30 UTC.
    await h.tickAt('2026-11-26T08:30:00Z');
    expect(prompted('UDE', 'Thu 26 Nov')).toBe(true);
    expect(prompted('UBY', 'Thu 26 Nov')).toBe(true);
    await h.tickAt('2026-11-26T14:30:00Z');
    await h.tickAt('2026-11-26T16:30:00Z');
    expect(dms(h, 'UUS')).toHaveLength(0);
    const status = await command(h, 'UDE', 'status');
    expect(status).toMatch(/Holiday \(1\): Uma States/);
    expect(status).not.toMatch(/Pending \(\d\): .*Uma/);
    // The New York deadline (13:00 = 18:00 UTC) closes the day: Uma is on holiday, not missing.
    await h.tickAt('2026-11-26T18:00:00Z');
    const parent = h.fake.messages(teamChannel).find((m) => visibleText(m).includes('Standup — Thu 26 Nov'))!;
    expect(visibleText(parent)).toMatch(/Missing: .*Dirk/);
    expect(visibleText(parent)).not.toMatch(/Missing: .*Uma/);
    expect(visibleText(parent)).toMatch(/Holiday: Uma States/);
  });

  it('connects a calendar: dates only, read once an hour with ETag', async () => {
    const reply = await command(h, 'UDE', `calendar ${base}/private-secret/basic.ics`);
    expect(reply).toMatch(/Connected your calendar \(http:\/\/127\.0\.0\.1:\d+\/…\)/);
    expect(reply).not.toContain('private-secret');
    await expect.poll(async () => (await feedOf('UDE'))?.okAt ?? null, { timeout: 20_000 }).not.toBeNull();
    const stored = (await feedOf('UDE'))!;
    expect(stored.days).toEqual(expect.arrayContaining(['2026-12-04', '2026-12-11', '2026-12-14', '2026-12-18', '2026-12-25']));
    expect(stored.days).not.toContain('2026-12-19');
    expect(JSON.stringify(stored)).not.toMatch(/secret trip|Secret Person|Friday off/);
    expect(stored.etag).toBe('"v1"');
    // Within the hour: no read. After it: one conditional read, answered 304.
    const before = requests.length;
    await h.tickAt('2026-11-26T18:30:00Z');
    expect(requests.length).toBe(before);
    await h.tickAt('2026-11-26T19:31:00Z');
    expect(requests.length).toBe(before + 1);
    expect(requests.at(-1)!.ifNoneMatch).toBe('"v1"');
    expect(h.logs.map((l) => JSON.stringify(l)).join('\n')).not.toContain('private-secret');
  });

  it('a DE-BY member is off on Epiphany; the feed stops the right prompts and reduces capacity', async () => {
    // Friday 4 Dec: Dirk's calendar says off; Bea is prompted.
    await h.tickAt('2026-12-04T08:30:00Z');
    expect(prompted('UBY', 'Fri 4 Dec')).toBe(true);
    expect(prompted('UDE', 'Fri 4 Dec')).toBe(false);
    // Monday 7 Dec: both are prompted (the calendar only has Fridays that week).
    await h.tickAt('2026-12-07T08:30:00Z');
    expect(prompted('UDE', 'Mon 7 Dec')).toBe(true);
    // Capacity: 40 h a week; Dirk loses Friday 11 Dec (32 h); the week of 14 Dec he is out.
    const team = (await h.services.repos.teams.findByChannel(h.fake.teamId, teamChannel))!;
    const dirk = await h.services.workload.person(team, 'UDE');
    if (dirk.kind !== 'person') throw new Error('UDE answers standups');
    expect(dirk.load.weeks.map((w) => w.availableHours)).toEqual([32, 0]);
    const bea = await h.services.workload.person(team, 'UBY');
    if (bea.kind !== 'person') throw new Error('UBY answers standups');
    expect(bea.load.weeks.map((w) => w.availableHours)).toEqual([40, 40]);
    // The one function, as the send-time check asks it.
    expect(await h.services.availability.on(team, 'UDE', '2026-12-11')).toEqual({ working: false, reason: 'calendar' });
    expect(await h.services.availability.on(team, 'UBY', '2027-01-06')).toEqual({ working: false, reason: 'holiday', holiday: 'Epiphany' });
    expect(await h.services.availability.on(team, 'UDE', '2027-01-06')).toEqual({ working: true });
    expect(await h.services.availability.on(team, 'UUS', '2026-11-26')).toEqual({ working: false, reason: 'holiday', holiday: 'Thanksgiving Day' });
    expect(await command(h, 'UUS', 'away 2026-12-10 2026-12-10')).toMatch(/Away Thu 10 Dec/);
    expect(await h.services.availability.on(team, 'UUS', '2026-12-10')).toEqual({ working: false, reason: 'away' });
    expect(await h.services.availability.on(team, 'UUS', '2026-12-09')).toEqual({ working: true });
    expect(await h.services.availability.on(team, 'UUS', '2026-12-12')).toEqual({ working: false, reason: 'weekend' });
    await h.tickAt('2026-12-14T08:30:00Z');
    expect(prompted('UDE', 'Mon 14 Dec')).toBe(false);
    expect(prompted('UBY', 'Mon 14 Dec')).toBe(true);
    // Wednesday 6 Jan 2027 (Epiphany in Bavaria, not elsewhere in Germany).
    await h.tickAt('2027-01-05T20:00:00Z');
    await h.tickAt('2027-01-06T08:30:00Z');
    expect(prompted('UBY', 'Wed 6 Jan')).toBe(false);
    expect(prompted('UDE', 'Wed 6 Jan')).toBe(true);
  });

  it('digest participation does not count holidays or calendar days off', async () => {
    const team = (await h.services.repos.teams.findByChannel(h.fake.teamId, teamChannel))!;
    const member = (c: Awaited<ReturnType<typeof h.services.digests.compose>>, id: string) => c.participation.members.find((m) => m.userId === id)!;
    // Week of Thanksgiving, as of Friday evening: Uma was expected four days, not five.
    const thanksgiving = await h.services.digests.compose(team, new Date('2026-11-27T22:00:00Z'));
    expect(member(thanksgiving, 'UUS')).toMatchObject({ expected: 4, awayDays: 1 });
    expect(member(thanksgiving, 'UDE')).toMatchObject({ expected: 5, awayDays: 0 });
    // The out-of-office week: Dirk was expected on no day.
    const ooo = await h.services.digests.compose(team, new Date('2026-12-18T22:00:00Z'));
    expect(member(ooo, 'UDE')).toMatchObject({ answered: 0, expected: 0, awayDays: 5 });
    expect(member(ooo, 'UBY')).toMatchObject({ expected: 5, awayDays: 0 });
  });

  it('a broken feed keeps the previous days and tells its owner once', async () => {
    const kept = (await feedOf('UDE'))!.days;
    serve = 'broken';
    // Connect again to force a fresh read without the ETag: it gets HTML, not a calendar.
    await h.tickAt('2027-01-06T10:00:00Z');
    let feedRow = (await feedOf('UDE'))!;
    expect(feedRow.error).toMatch(/not an iCalendar feed/);
    expect(feedRow.days).toEqual(kept);
    const problems = () => dms(h, 'UDE').filter((m) => visibleText(m).includes("couldn't read your calendar"));
    await expect.poll(() => problems().length, { timeout: 20_000 }).toBe(1);
    expect(visibleText(problems()[0])).toMatch(/not an iCalendar feed.*last good read are kept/s);
    serve = 'error';
    await h.tickAt('2027-01-06T11:01:00Z');
    feedRow = (await feedOf('UDE'))!;
    expect(feedRow.error).toMatch(/HTTP 500/);
    expect(feedRow.days).toEqual(kept);
    expect(problems()).toHaveLength(1);
    // It works again: the error clears.
    serve = 'feed';
    await h.tickAt('2027-01-06T12:02:00Z');
    feedRow = (await feedOf('UDE'))!;
    expect(feedRow.error).toBeNull();
  });

  it('a feed pointing at a private address is refused, the owner told why', async () => {
    expect(await command(h, 'UBY', 'calendar ftp://example.com/x.ics')).toMatch(/Only https:\/\/.*Example/);
    await command(h, 'UBY', 'calendar http://10.1.2.3/basic.ics');
    await expect.poll(async () => (await feedOf('UBY'))?.error ?? null, { timeout: 20_000 }).toMatch(/private or reserved network address \(private\)/);
    await expect.poll(() => dms(h, 'UBY').filter((m) => visibleText(m).includes('private or reserved')).length, { timeout: 20_000 }).toBe(1);
    expect(await command(h, 'UBY', 'calendar off')).toMatch(/Disconnected/);
    expect(await feedOf('UBY')).toBeUndefined();
  });
});
