import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { calendarLimits, looksLikeLeave, readCalendar } from '../../src/availability/calendar.parser.ts';

const feed = readFileSync(new URL('../fixtures/calendar/time-off.ics', import.meta.url), 'utf8');
const window = { from: '2026-11-01', to: '2026-12-31' };

describe('readCalendar', () => {
  it('turns leave into dates: recurring Fridays (less EXDATE and an override), an OOO week, a timed day off; nothing else', () => {
    const r = readCalendar(feed, { zone: 'Europe/Berlin', window });
    expect(r).toEqual({
      ok: true,
      events: 6,
      days: [
        '2026-11-06',
        '2026-11-13',
        // 17 Nov: 08:00–19:00 in a Windows-named zone from the feed's VTIMEZONE, Outlook's OOF.
        '2026-11-17',
        // 20 Nov excluded (EXDATE), 27 Nov overridden into a working day.
        '2026-12-04',
        '2026-12-07',
        '2026-12-08',
        '2026-12-09',
        '2026-12-10',
        '2026-12-11',
        '2026-12-18',
        '2026-12-25',
      ],
    });
  });

  it('finds leave in one moved occurrence of a series of meetings', () => {
    const text = [
      'BEGIN:VCALENDAR', 'VERSION:2.0',
      'BEGIN:VEVENT', 'UID:sync@t', 'DTSTAMP:20261101T000000Z', 'DTSTART;VALUE=DATE:20261102', 'RRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=6', 'SUMMARY:Weekly sync', 'END:VEVENT',
      'BEGIN:VEVENT', 'UID:sync@t', 'DTSTAMP:20261101T000000Z', 'RECURRENCE-ID;VALUE=DATE:20261116', 'DTSTART;VALUE=DATE:20261117', 'SUMMARY:Day off (moved)', 'END:VEVENT',
      'END:VCALENDAR',
    ].join('\r\n');
    expect(readCalendar(text, { zone: 'UTC', window })).toEqual({ ok: true, days: ['2026-11-17'], events: 1 });
  });

  it('judges a timed event against the working hours in the owner zone', () => {
    // 08:00–19:00 Berlin is 02:00–13:00 in New York: it does not cover 09:00–17:00 there.
    const r = readCalendar(feed, { zone: 'America/New_York', window });
    expect(r.ok && r.days.includes('2026-11-17')).toBe(false);
  });

  it('keeps to the window', () => {
    const r = readCalendar(feed, { zone: 'Europe/Berlin', window: { from: '2026-12-08', to: '2026-12-10' } });
    expect(r).toMatchObject({ ok: true, days: ['2026-12-08', '2026-12-09', '2026-12-10'] });
  });

  it.each([
    ['<html><body>Sign in</body></html>', /not an iCalendar feed/],
    ['BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:garbage', /could not be read|could not be read as a calendar|an event in it/],
    ['', /not an iCalendar feed/],
  ])('says what is wrong with %j', (text, reason) => {
    const r = readCalendar(text, { zone: 'UTC', window });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(reason);
  });

  it('stops a daily event from years ago at a bounded number of occurrences', () => {
    const daily = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'BEGIN:VEVENT', 'UID:d', 'DTSTAMP:20000101T000000Z', 'DTSTART;VALUE=DATE:19000101', 'RRULE:FREQ=DAILY', 'SUMMARY:OOO', 'END:VEVENT', 'END:VCALENDAR'].join('\r\n');
    const r = readCalendar(daily, { zone: 'UTC', window });
    // 1900 + 3000 days is long before the window: nothing, and it returned.
    expect(r).toEqual({ ok: true, days: [], events: 1 });
    expect(calendarLimits.occurrencesPerEvent).toBeLessThan(10_000);
  });
});

describe('looksLikeLeave', () => {
  it.each(['Out of office', 'OOO', 'Vacation 🌴', 'Annual leave', 'PTO', 'Friday off', 'Day off', 'Sick', 'Urlaub', 'Congés'])('%s is leave', (s) => {
    expect(looksLikeLeave(s)).toBe(true);
  });
  it.each(['Team kick-off', 'Offsite planning', 'Sprint review', 'Office hours'])('%s is not', (s) => {
    expect(looksLikeLeave(s)).toBe(false);
  });
  it('reads categories and Outlook busy status', () => {
    expect(looksLikeLeave('Away', ['Vacation'])).toBe(true);
    expect(looksLikeLeave('Busy', [], 'OOF')).toBe(true);
  });
});
