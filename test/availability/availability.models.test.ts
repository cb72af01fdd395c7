import { describe, expect, it } from 'vitest';
import { availabilityOn, daysOffBetween, indexAvailability, noDaysOff, type MemberDays } from '../../src/availability/availability.models.ts';
import { workingDaysBetween } from '../../src/blockers/blockers.models.ts';
import { effectiveRegion, holidaysBetween, parseHolidayRegion } from '../../src/availability/holidays.models.ts';

const monFri = [1, 2, 3, 4, 5];

describe('availabilityOn: one answer for every feature', () => {
  const days: MemberDays = {
    away: [{ from: '2026-12-21', to: '2026-12-23' }],
    holidays: new Map([
      ['2026-11-26', 'Thanksgiving Day'],
      ['2026-12-22', 'A holiday inside time off'],
    ]),
    calendar: new Set(['2026-11-27', '2026-11-28']),
  };
  it.each([
    ['2026-11-25', { working: true }],
    ['2026-11-26', { working: false, reason: 'holiday', holiday: 'Thanksgiving Day' }],
    ['2026-11-27', { working: false, reason: 'calendar' }],
    // Saturday: not a working day, whatever the calendar says.
    ['2026-11-28', { working: false, reason: 'weekend' }],
    // Typed time off is named before a holiday inside it.
    ['2026-12-22', { working: false, reason: 'away' }],
  ])('%s', (date, expected) => {
    expect(availabilityOn(monFri, days, date)).toEqual(expected);
  });

  it('lists working days off with their reason, weekends left out', () => {
    expect(daysOffBetween(monFri, days, '2026-11-23', '2026-11-30')).toEqual([
      { date: '2026-11-26', reason: 'holiday' },
      { date: '2026-11-27', reason: 'calendar' },
    ]);
    expect(daysOffBetween(monFri, noDaysOff, '2026-11-23', '2026-11-30')).toEqual([]);
  });

  it('looks at a bounded number of days whatever the range', () => {
    expect(daysOffBetween(monFri, { ...noDaysOff, calendar: new Set(['2030-01-01']) }, '2026-01-01', '2099-12-31', 10)).toEqual([]);
  });
});

describe('holiday regions', () => {
  it.each([
    ['DE-BY', 'DE-BY'],
    ['de-by', 'DE-BY'],
    [' us ', 'US'],
    ['US-CA', 'US-CA'],
    ['IN', 'IN'],
  ])('%s is %s', (text, region) => {
    expect(parseHolidayRegion(text)).toMatchObject({ ok: true, region });
  });

  it.each([
    ['XX', /no public holidays for the country “XX”.*`DE-BY`/],
    ['DE-ZZ', /“DE-ZZ” is not a subdivision.*BY/],
    ['Bavaria please', /not a region.*Example: `DE-BY`/],
    ['', /not a region/],
  ])('%j is refused with an example', (text, message) => {
    const r = parseHolidayRegion(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(message);
  });

  it('counts public holidays only: Thanksgiving in the US, Epiphany in Bavaria, not in Berlin', () => {
    expect([...holidaysBetween('US', '2026-11-26', '2026-11-26').keys()]).toEqual(['2026-11-26']);
    expect(holidaysBetween('DE', '2026-11-26', '2026-11-26').size).toBe(0);
    expect(holidaysBetween('DE-BY', '2027-01-06', '2027-01-06').get('2027-01-06')).toBe('Epiphany');
    expect(holidaysBetween('DE-BE', '2027-01-06', '2027-01-06').size).toBe(0);
    // Lichtmess (2 Feb) is an observance in Bavaria: a working day.
    expect(holidaysBetween('DE-BY', '2026-02-02', '2026-02-02').size).toBe(0);
  });

  it('spans years and takes no region as no holidays', () => {
    expect([...holidaysBetween('DE-BY', '2026-12-24', '2027-01-07').keys()]).toEqual(['2026-12-25', '2026-12-26', '2027-01-01', '2027-01-06']);
    expect(holidaysBetween(null, '2026-01-01', '2026-12-31').size).toBe(0);
  });

  it("a member's own region wins over the team's", () => {
    expect(effectiveRegion('DE-BY', 'US')).toBe('DE-BY');
    expect(effectiveRegion(null, 'US')).toBe('US');
    expect(effectiveRegion(undefined, null)).toBeNull();
  });
});

describe('indexAvailability: what every feature reads', () => {
  const team = { workspaceId: 'T1', workingDays: monFri, holidayRegion: 'DE' };
  const index = indexAvailability({
    from: '2026-11-23',
    to: '2026-12-31',
    away: [{ workspaceId: 'T1', userId: 'UANA', fromDate: '2026-12-21', toDate: '2026-12-23' }],
    regions: new Map([['T1:UUS', 'US']]),
    calendar: new Map([['T1:UANA', ['2026-11-27', '2026-11-28']]]),
  });

  it("applies a member's own region, else the team's", () => {
    expect(index.on(team, 'UUS', '2026-11-26')).toEqual({ working: false, reason: 'holiday', holiday: 'Thanksgiving Day' });
    expect(index.on(team, 'UANA', '2026-11-26')).toEqual({ working: true });
    expect(index.on(team, 'UANA', '2026-12-25')).toMatchObject({ working: false, reason: 'holiday' });
    // With no region anywhere, Christmas is a working day.
    expect(index.on({ ...team, holidayRegion: null }, 'UANA', '2026-12-25')).toEqual({ working: true });
  });

  it('lists days off as periods: typed time off as typed, holidays and calendar days one by one, weekends never', () => {
    expect(index.offPeriods(team, ['UANA', 'UUS'], '2026-11-23', '2026-11-29')).toEqual([
      { workspaceId: 'T1', userId: 'UANA', fromDate: '2026-11-27', toDate: '2026-11-27', reason: 'calendar' },
      { workspaceId: 'T1', userId: 'UUS', fromDate: '2026-11-26', toDate: '2026-11-26', reason: 'holiday' },
    ]);
    expect(index.offPeriods(team, ['UANA'], '2026-12-21', '2026-12-27')).toEqual([
      { workspaceId: 'T1', userId: 'UANA', fromDate: '2026-12-21', toDate: '2026-12-23', reason: 'away' },
      { workspaceId: 'T1', userId: 'UANA', fromDate: '2026-12-25', toDate: '2026-12-25', reason: 'holiday' },
    ]);
  });
});

describe('blocker ages in working days', () => {
  it('do not grow on a public holiday of the team', () => {
    // Raised Wed 25 Nov; Thu 26 (Thanksgiving) does not count in the US, Fri 27 and Mon 30 do.
    expect(workingDaysBetween('2026-11-25', '2026-11-30', monFri)).toBe(3);
    expect(workingDaysBetween('2026-11-25', '2026-11-30', monFri, holidaysBetween('US', '2026-11-25', '2026-11-30').keys())).toBe(2);
    // A holiday on the day it was raised, or on a weekend, changes nothing.
    expect(workingDaysBetween('2026-12-25', '2026-12-28', monFri, ['2026-12-25', '2026-12-26'])).toBe(1);
  });
});
