import { DateTime } from 'luxon';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  daysBetween,
  formatDay,
  formatLocalTime,
  formatWeekdays,
  isValidLocalDate,
  isValidZone,
  localDateOf,
  localToInstant,
  parseLocalTime,
  parseWeekdays,
  weekdayOf,
} from '../../src/shared/time.ts';

const iso = (date: string, time: string, zone: string) => localToInstant(date, time, zone).toISOString();
/** The wall clock ('YYYY-MM-DD HH:mm') of an instant in a zone. */
const wall = (instant: Date, zone: string) => DateTime.fromJSDate(instant, { zone }).toFormat('yyyy-MM-dd HH:mm');
const everyMinute = Array.from({ length: 24 * 60 }, (_, m) => formatLocalTime({ hour: Math.floor(m / 60), minute: m % 60 }));

describe('parseLocalTime', () => {
  it.each<[string, { hour: number; minute: number }]>([
    ['09:30', { hour: 9, minute: 30 }],
    ['9:30', { hour: 9, minute: 30 }],
    ['0:00', { hour: 0, minute: 0 }],
    ['00:00', { hour: 0, minute: 0 }],
    ['12:00', { hour: 12, minute: 0 }],
    ['19:05', { hour: 19, minute: 5 }],
    ['23:59', { hour: 23, minute: 59 }],
    ['9.30', { hour: 9, minute: 30 }],
    ['9h30', { hour: 9, minute: 30 }],
    ['17h00', { hour: 17, minute: 0 }],
    [' 09:30 ', { hour: 9, minute: 30 }],
  ])('%j → %j', (text, expected) => {
    expect(parseLocalTime(text)).toEqual(expected);
  });

  it.each([
    '24:00',
    '25:99',
    '9:60',
    '09:5',
    '9',
    '930',
    '0930',
    '009:30',
    '09:30:00',
    '9am',
    '9:30pm',
    '09-30',
    '9 : 30',
    '-1:00',
    '',
    ' ',
    'ab:cd',
    '１０:００', // full-width digits
    '٠٩:٣٠', // Arabic-Indic digits
    '09:30\n10:00',
  ])('%j → undefined', (text) => {
    expect(parseLocalTime(text)).toBeUndefined();
  });
});

describe('formatLocalTime', () => {
  it.each<[{ hour: number; minute: number }, string]>([
    [{ hour: 0, minute: 0 }, '00:00'],
    [{ hour: 9, minute: 5 }, '09:05'],
    [{ hour: 9, minute: 30 }, '09:30'],
    [{ hour: 23, minute: 59 }, '23:59'],
  ])('%j → %s', (t, expected) => {
    expect(formatLocalTime(t)).toBe(expected);
  });

  it('round-trips with parseLocalTime for every minute of the day', () => {
    for (const text of everyMinute) {
      const t = parseLocalTime(text);
      expect(t, text).toBeDefined();
      expect(formatLocalTime(t!)).toBe(text);
    }
    expect(new Set(everyMinute).size).toBe(1440);
  });
});

describe('isValidLocalDate', () => {
  it.each(['2026-01-01', '2026-12-31', '2028-02-29', '2000-02-29', '2026-06-30', '1970-01-01', '9999-12-31'])('%s is a date', (text) => {
    expect(isValidLocalDate(text)).toBe(true);
  });

  it.each([
    '2026-02-30',
    '2026-02-29',
    '1900-02-29',
    '2026-04-31',
    '2026-13-01',
    '2026-00-10',
    '2026-01-00',
    '2026-01-32',
    '2026-1-5',
    '26-01-01',
    '2026/01/01',
    '20260101',
    '2026-01-01T00:00',
    ' 2026-01-01',
    '2026-01-01 ',
    '2026-W01-1',
    '2026-001',
    '',
    'tomorrow',
    '２０２６-01-01',
  ])('%j is not a date', (text) => {
    expect(isValidLocalDate(text)).toBe(false);
  });
});

describe('isValidZone', () => {
  it.each<[string, boolean]>([
    ['Europe/Berlin', true],
    ['America/New_York', true],
    ['Pacific/Chatham', true],
    ['Australia/Lord_Howe', true],
    ['UTC', true],
    ['Etc/GMT+5', true],
    ['Etc/UTC', true],
    ['America/Argentina/Buenos_Aires', true],
    ['Mars/Olympus_Mons', false],
    // Offsets: Intl on Node ≥ 22 takes them as a time zone; they are not IANA names.
    ['+02:00', false],
    ['-05:00', false],
    ['+0200', false],
    ['-03', false],
    ['+14:00', false],
    [' Europe/Berlin', false],
    ['Europe/Berlin ', false],
    ['Berlin', false],
    ['', false],
    ['local', false],
  ])('%j → %s', (zone, expected) => {
    expect(isValidZone(zone)).toBe(expected);
  });
});

describe('localToInstant on ordinary days', () => {
  it.each<[string, string, string, string]>([
    ['2026-06-15', '09:30', 'UTC', '2026-06-15T09:30:00.000Z'],
    ['2026-06-15', '09:30', 'America/New_York', '2026-06-15T13:30:00.000Z'], // EDT
    ['2026-01-15', '09:30', 'America/New_York', '2026-01-15T14:30:00.000Z'], // EST
    ['2026-06-15', '09:30', 'Europe/Berlin', '2026-06-15T07:30:00.000Z'], // CEST
    ['2026-01-15', '09:30', 'Europe/Berlin', '2026-01-15T08:30:00.000Z'], // CET
    ['2026-06-15', '09:30', 'Asia/Kolkata', '2026-06-15T04:00:00.000Z'],
    ['2026-01-15', '09:30', 'Pacific/Chatham', '2026-01-14T19:45:00.000Z'], // +13:45
    ['2026-06-15', '09:30', 'Pacific/Chatham', '2026-06-14T20:45:00.000Z'], // +12:45
    ['2026-01-15', '09:30', 'Australia/Lord_Howe', '2026-01-14T22:30:00.000Z'], // +11
    ['2026-06-15', '09:30', 'Australia/Lord_Howe', '2026-06-14T23:00:00.000Z'], // +10:30
    ['2026-06-15', '09:00', 'Pacific/Kiritimati', '2026-06-14T19:00:00.000Z'], // +14
    ['2026-06-15', '23:00', 'Pacific/Pago_Pago', '2026-06-16T10:00:00.000Z'], // -11
    ['2026-06-15', '00:00', 'UTC', '2026-06-15T00:00:00.000Z'],
    ['2026-06-15', '23:59', 'UTC', '2026-06-15T23:59:00.000Z'],
    ['2028-02-29', '12:00', 'Europe/London', '2028-02-29T12:00:00.000Z'],
  ])('%s %s in %s → %s', (date, time, zone, expected) => {
    expect(iso(date, time, zone)).toBe(expected);
  });

  it.each<[string, string, string]>([
    ['2026-06-15', '25:00', 'UTC'],
    ['2026-06-15', '9am', 'UTC'],
    ['2026-02-30', '09:00', 'UTC'],
    ['not-a-date', '09:00', 'UTC'],
    ['2026-06-15', '09:00', 'Mars/Olympus_Mons'],
  ])('%s %s in %s throws', (date, time, zone) => {
    expect(() => localToInstant(date, time, zone)).toThrow();
  });
});

describe('localToInstant on spring-forward days (time in the gap → first valid minute after it)', () => {
  // zone, date, time asked for, expected instant
  const gaps: [string, string, string, string][] = [
    // US: 02:00 EST → 03:00 EDT on 2026-03-08
    ['America/New_York', '2026-03-08', '01:59', '2026-03-08T06:59:00.000Z'],
    ['America/New_York', '2026-03-08', '02:00', '2026-03-08T07:00:00.000Z'],
    ['America/New_York', '2026-03-08', '02:30', '2026-03-08T07:00:00.000Z'],
    ['America/New_York', '2026-03-08', '02:59', '2026-03-08T07:00:00.000Z'],
    ['America/New_York', '2026-03-08', '03:00', '2026-03-08T07:00:00.000Z'],
    ['America/New_York', '2026-03-08', '03:01', '2026-03-08T07:01:00.000Z'],
    ['America/Los_Angeles', '2026-03-08', '02:15', '2026-03-08T10:00:00.000Z'],
    // EU: 01:00 UTC on 2026-03-29
    ['Europe/Berlin', '2026-03-29', '01:59', '2026-03-29T00:59:00.000Z'],
    ['Europe/Berlin', '2026-03-29', '02:00', '2026-03-29T01:00:00.000Z'],
    ['Europe/Berlin', '2026-03-29', '02:30', '2026-03-29T01:00:00.000Z'],
    ['Europe/Berlin', '2026-03-29', '03:00', '2026-03-29T01:00:00.000Z'],
    ['Europe/London', '2026-03-29', '01:00', '2026-03-29T01:00:00.000Z'],
    ['Europe/London', '2026-03-29', '01:30', '2026-03-29T01:00:00.000Z'],
    ['Europe/London', '2026-03-29', '02:00', '2026-03-29T01:00:00.000Z'],
    // Chatham: 02:45 +12:45 → 03:45 +13:45 on 2026-09-27
    ['Pacific/Chatham', '2026-09-27', '02:44', '2026-09-26T13:59:00.000Z'],
    ['Pacific/Chatham', '2026-09-27', '02:45', '2026-09-26T14:00:00.000Z'],
    ['Pacific/Chatham', '2026-09-27', '03:00', '2026-09-26T14:00:00.000Z'],
    ['Pacific/Chatham', '2026-09-27', '03:44', '2026-09-26T14:00:00.000Z'],
    ['Pacific/Chatham', '2026-09-27', '03:45', '2026-09-26T14:00:00.000Z'],
    ['Pacific/Chatham', '2026-09-27', '09:30', '2026-09-26T19:45:00.000Z'],
    // Lord Howe: a 30-minute change, 02:00 +10:30 → 02:30 +11 on 2026-10-04
    ['Australia/Lord_Howe', '2026-10-04', '01:59', '2026-10-03T15:29:00.000Z'],
    ['Australia/Lord_Howe', '2026-10-04', '02:00', '2026-10-03T15:30:00.000Z'],
    ['Australia/Lord_Howe', '2026-10-04', '02:15', '2026-10-03T15:30:00.000Z'],
    ['Australia/Lord_Howe', '2026-10-04', '02:29', '2026-10-03T15:30:00.000Z'],
    ['Australia/Lord_Howe', '2026-10-04', '02:30', '2026-10-03T15:30:00.000Z'],
    // Santiago: the gap is at midnight (00:00 → 01:00 on 2026-09-06), so the day starts at 01:00
    ['America/Santiago', '2026-09-06', '00:00', '2026-09-06T04:00:00.000Z'],
    ['America/Santiago', '2026-09-06', '00:30', '2026-09-06T04:00:00.000Z'],
    ['America/Santiago', '2026-09-06', '01:00', '2026-09-06T04:00:00.000Z'],
  ];

  it.each(gaps)('%s %s %s → %s', (zone, date, time, expected) => {
    expect(iso(date, time, zone)).toBe(expected);
  });

  const springDays: [string, string][] = [
    ['America/New_York', '2026-03-08'],
    ['Europe/Berlin', '2026-03-29'],
    ['Europe/London', '2026-03-29'],
    ['Pacific/Chatham', '2026-09-27'],
    ['Australia/Lord_Howe', '2026-10-04'],
    ['America/Santiago', '2026-09-06'],
  ];

  it.each(springDays)('%s %s: every minute of the day maps to the first existing minute at or after it, on that day', (zone, date) => {
    let previous = -Infinity;
    let moved = 0;
    for (const time of everyMinute) {
      const instant = localToInstant(date, time, zone);
      const got = wall(instant, zone);
      expect(got.slice(0, 10), time).toBe(date);
      expect(got.slice(11) >= time, `${time} → ${got}`).toBe(true);
      if (got.slice(11) !== time) {
        moved++;
        // first valid minute after the gap: one minute earlier is before the asked time, or on the day before
        const before = wall(new Date(instant.getTime() - 60_000), zone);
        expect(before.slice(0, 10) < date || before.slice(11) < time, `${time} → ${got}, minute before ${before}`).toBe(true);
      }
      expect(instant.getTime()).toBeGreaterThanOrEqual(previous);
      previous = instant.getTime();
    }
    expect(moved).toBe(zone === 'Australia/Lord_Howe' ? 30 : 60);
  });
});

describe('localToInstant on fall-back days (an ambiguous time resolves to one instant)', () => {
  // zone, date, ambiguous time, the earlier instant, the later instant
  const ambiguous: [string, string, string, string, string][] = [
    ['America/New_York', '2026-11-01', '01:30', '2026-11-01T05:30:00.000Z', '2026-11-01T06:30:00.000Z'],
    ['America/New_York', '2026-11-01', '01:00', '2026-11-01T05:00:00.000Z', '2026-11-01T06:00:00.000Z'],
    ['Europe/Berlin', '2026-10-25', '02:30', '2026-10-25T00:30:00.000Z', '2026-10-25T01:30:00.000Z'],
    ['Europe/London', '2026-10-25', '01:30', '2026-10-25T00:30:00.000Z', '2026-10-25T01:30:00.000Z'],
    ['Pacific/Chatham', '2026-04-05', '03:00', '2026-04-04T13:15:00.000Z', '2026-04-04T14:15:00.000Z'],
    ['Australia/Lord_Howe', '2026-04-05', '01:45', '2026-04-04T14:45:00.000Z', '2026-04-04T15:15:00.000Z'],
  ];

  it.each(ambiguous)('%s %s %s is one of its two instants, and always the same one', (zone, date, time, earlier, later) => {
    const got = iso(date, time, zone);
    expect([earlier, later]).toContain(got);
    expect(iso(date, time, zone)).toBe(got);
    expect(wall(new Date(got), zone)).toBe(`${date} ${time}`);
  });

  const fallDays: [string, string][] = [
    ['America/New_York', '2026-11-01'],
    ['Europe/Berlin', '2026-10-25'],
    ['Europe/London', '2026-10-25'],
    ['Pacific/Chatham', '2026-04-05'],
    ['Australia/Lord_Howe', '2026-04-05'],
  ];

  it.each(fallDays)('%s %s: every minute of the day exists once, in order', (zone, date) => {
    let previous = -Infinity;
    const seen = new Set<number>();
    for (const time of everyMinute) {
      const instant = localToInstant(date, time, zone);
      expect(wall(instant, zone), time).toBe(`${date} ${time}`);
      expect(instant.getTime(), time).toBeGreaterThan(previous);
      previous = instant.getTime();
      seen.add(instant.getTime());
    }
    expect(seen.size).toBe(1440);
  });
});

describe('localDateOf', () => {
  it.each<[string, string, string]>([
    ['2026-06-15T23:30:00Z', 'UTC', '2026-06-15'],
    ['2026-06-15T23:30:00Z', 'Asia/Kolkata', '2026-06-16'],
    ['2026-06-15T03:00:00Z', 'America/Los_Angeles', '2026-06-14'],
    ['2026-06-15T11:00:00Z', 'Pacific/Kiritimati', '2026-06-16'],
    ['2026-06-15T10:59:00Z', 'Pacific/Pago_Pago', '2026-06-14'],
    ['2026-09-26T13:59:00Z', 'Pacific/Chatham', '2026-09-27'],
    ['2026-09-26T11:14:00Z', 'Pacific/Chatham', '2026-09-26'],
    ['2026-12-31T23:00:00Z', 'Europe/Berlin', '2027-01-01'],
  ])('%s in %s → %s', (instant, zone, expected) => {
    expect(localDateOf(new Date(instant), zone)).toBe(expected);
  });

  it('inverts localToInstant', () => {
    for (const zone of ['UTC', 'America/New_York', 'Pacific/Chatham', 'Australia/Lord_Howe', 'Pacific/Kiritimati']) {
      for (const time of ['00:00', '09:30', '23:59']) {
        expect(localDateOf(localToInstant('2026-06-15', time, zone), zone)).toBe('2026-06-15');
      }
    }
  });
});

describe('weekdayOf', () => {
  it.each<[string, number]>([
    ['2026-06-15', 1],
    ['2026-06-16', 2],
    ['2026-06-17', 3],
    ['2026-06-18', 4],
    ['2026-06-19', 5],
    ['2026-06-20', 6],
    ['2026-06-21', 7],
    ['2026-01-01', 4],
    ['2026-12-01', 2],
    ['2028-02-29', 2],
    ['2026-03-29', 7], // EU spring-forward Sunday
  ])('%s → %i', (date, expected) => {
    expect(weekdayOf(date)).toBe(expected);
  });
});

describe('addDays', () => {
  it.each<[string, number, string]>([
    ['2026-06-15', 0, '2026-06-15'],
    ['2026-06-15', 1, '2026-06-16'],
    ['2026-06-15', -1, '2026-06-14'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2027-01-01', -1, '2026-12-31'],
    ['2026-02-28', 1, '2026-03-01'],
    ['2028-02-28', 1, '2028-02-29'],
    ['2028-02-29', 1, '2028-03-01'],
    ['2026-03-01', -1, '2026-02-28'],
    ['2026-03-28', 1, '2026-03-29'], // across a DST change: dates, not instants
    ['2026-03-29', 1, '2026-03-30'],
    ['2026-10-25', 1, '2026-10-26'],
    ['2026-01-01', 365, '2027-01-01'],
    ['2028-01-01', 366, '2029-01-01'],
  ])('%s %+i → %s', (date, n, expected) => {
    expect(addDays(date, n)).toBe(expected);
  });
});

describe('daysBetween', () => {
  it.each<[string, string, number]>([
    ['2026-06-15', '2026-06-15', 0],
    ['2026-06-15', '2026-06-16', 1],
    ['2026-06-16', '2026-06-15', -1],
    ['2026-03-28', '2026-03-30', 2],
    ['2026-10-24', '2026-10-26', 2],
    ['2026-12-21', '2027-01-03', 13],
    ['2026-01-01', '2027-01-01', 365],
    ['2028-01-01', '2029-01-01', 366],
    ['2026-02-28', '2026-03-01', 1],
  ])('%s → %s = %i', (from, to, expected) => {
    expect(daysBetween(from, to)).toBe(expected);
  });

  it('is the inverse of addDays', () => {
    for (const start of ['2026-01-01', '2026-03-27', '2028-02-27']) {
      for (let n = -400; n <= 400; n += 7) expect(daysBetween(start, addDays(start, n))).toBe(n);
    }
  });
});

describe('calendar arithmetic agrees with Luxon', () => {
  // Any date from 1900 to 2200 and any step within ten years either way.
  const dates = fc.integer({ min: Date.UTC(1900, 0, 1) / 86_400_000, max: Date.UTC(2200, 11, 31) / 86_400_000 }).map((n) => new Date(n * 86_400_000).toISOString().slice(0, 10));
  const luxon = (d: string) => DateTime.fromISO(d, { zone: 'UTC' });

  it('weekdayOf, addDays and daysBetween', () => {
    fc.assert(
      fc.property(dates, fc.integer({ min: -3660, max: 3660 }), (date, n) => {
        expect(weekdayOf(date)).toBe(luxon(date).weekday);
        const later = addDays(date, n);
        expect(later).toBe(luxon(date).plus({ days: n }).toISODate());
        expect(daysBetween(date, later)).toBe(n);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('formatDay', () => {
  it.each<[string, string]>([
    ['2026-12-01', 'Tue 1 Dec'],
    ['2026-06-15', 'Mon 15 Jun'],
    ['2027-01-03', 'Sun 3 Jan'],
    ['2028-02-29', 'Tue 29 Feb'],
    ['2026-03-31', 'Tue 31 Mar'],
    ['2026-05-01', 'Fri 1 May'],
    ['2026-07-04', 'Sat 4 Jul'],
  ])('%s → %s', (date, expected) => {
    expect(formatDay(date)).toBe(expected);
  });

  it('never pads the day of the month', () => {
    expect(formatDay('2026-12-05')).toBe('Sat 5 Dec');
  });

  // Regression: the en-GB locale in current ICU abbreviates September to four letters, so
  // formatDay('2026-09-01') is 'Tue 1 Sept' while every other month has three ('Tue 1 Dec').
  // The output also depends on the ICU data Node was built with.
  it('abbreviates every month to three letters', () => {
    const months = Array.from({ length: 12 }, (_, i) => formatDay(`2026-${String(i + 1).padStart(2, '0')}-01`).split(' ')[2]);
    expect(months).toEqual(['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']);
  });
});

describe('parseWeekdays', () => {
  const all = [1, 2, 3, 4, 5, 6, 7];
  it.each<[string, number[]]>([
    ['mon-fri', [1, 2, 3, 4, 5]],
    ['mon,wed,fri', [1, 3, 5]],
    ['fri-mon', [1, 5, 6, 7]],
    ['sat-sun', [6, 7]],
    ['sun-tue', [1, 2, 7]],
    ['sun-sat', all],
    ['mon-sun', all],
    ['mon-mon', [1]],
    ['weekdays', [1, 2, 3, 4, 5]],
    ['workdays', [1, 2, 3, 4, 5]],
    ['daily', all],
    ['everyday', all],
    ['every-day', all],
    ['all', all],
    ['monday', [1]],
    ['Monday-Friday', [1, 2, 3, 4, 5]],
    ['tuesday,thursday', [2, 4]],
    ['wednesday', [3]],
    ['saturday,sunday', [6, 7]],
    ['mo,we,fr', [1, 3, 5]],
    ['mo-fr', [1, 2, 3, 4, 5]],
    ['tu', [2]],
    ['th', [4]],
    ['sa', [6]],
    ['su', [7]],
    ['tues', [2]],
    ['thurs', [4]],
    ['MON-FRI', [1, 2, 3, 4, 5]],
    ['Mon,Wed,Fri', [1, 3, 5]],
    ['WeekDays', [1, 2, 3, 4, 5]],
    ['DAILY', all],
    ['fri,mon', [1, 5]],
    ['mon,mon,mon', [1]],
    ['mon-wed,fri', [1, 2, 3, 5]],
    ['mon-wed,tue-thu', [1, 2, 3, 4]],
    [' mon , wed ', [1, 3]],
    ['mon - fri', [1, 2, 3, 4, 5]],
  ])('%j → %j', (text, expected) => {
    expect(parseWeekdays(text)).toEqual(expected);
  });

  it.each([
    '',
    ' ',
    'mon-xyz',
    ',,',
    ',',
    'funday',
    'm',
    't',
    's',
    'mon-',
    '-fri',
    'mon--fri',
    'mon-wed-fri',
    'mon,,fri',
    'mon,',
    ',mon',
    'mondays',
    'weekend',
    'weekends',
    '1-5',
    '1,3,5',
    'mon fri',
    'mon;fri',
    'lundi',
    'mon-fri<!channel>',
  ])('%j → undefined', (text) => {
    expect(parseWeekdays(text)).toBeUndefined();
  });

  // Regression: the doc comment promises "every day", but parseWeekdays('every day') → undefined (expected 1..7).
  it('accepts "every day" as its doc comment says', () => {
    expect(parseWeekdays('every day')).toEqual(all);
  });

  // Regression (usability): formatWeekdays shows "Mon–Fri" with an en dash; a user who copies that back gets
  // parseWeekdays('Mon–Fri') → undefined (expected [1..5]). The same goes for an em dash or autocorrected text.
  it('reads back what formatWeekdays prints (en dash)', () => {
    expect(parseWeekdays('Mon–Fri')).toEqual([1, 2, 3, 4, 5]);
  });
});

describe('formatWeekdays', () => {
  it.each<[number[], string]>([
    [[1, 2, 3, 4, 5], 'Mon–Fri'],
    [[1, 3, 5], 'Mon, Wed, Fri'],
    [[1, 2, 3, 4, 5, 6, 7], 'every day'],
    [[7, 6, 5, 4, 3, 2, 1], 'every day'],
    [[1, 2, 3], 'Mon–Wed'],
    [[2, 3, 4, 5, 6, 7], 'Tue–Sun'],
    [[6, 7], 'Sat, Sun'],
    [[1, 2], 'Mon, Tue'],
    [[3], 'Wed'],
    [[7], 'Sun'],
    [[5, 1, 3], 'Mon, Wed, Fri'],
    [[1, 1, 2, 2, 3], 'Mon–Wed'],
    [[1, 5, 6, 7], 'Mon, Fri, Sat, Sun'],
    [[], ''],
  ])('%j → %j', (days, expected) => {
    expect(formatWeekdays(days)).toBe(expected);
  });

  it('does not change its argument', () => {
    const days = [5, 1, 3];
    formatWeekdays(days);
    expect(days).toEqual([5, 1, 3]);
  });
});
