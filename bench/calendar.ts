/**
 * `npx tsx bench/calendar.ts`: what reading a calendar feed and counting holidays costs, on
 * this machine, beside a floor (parsing the same text with ical.js alone). Measured, never asserted.
 */
import ICAL from 'ical.js';
import { readCalendar } from '../src/availability/calendar.parser.ts';
import { holidaysBetween, publicHolidays } from '../src/availability/holidays.models.ts';
import { indexAvailability } from '../src/availability/availability.models.ts';

function feed(events: number): string {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//bench//EN'];
  for (let i = 0; i < events; i++) {
    const day = new Date(Date.UTC(2026, 0, 1) + (i % 700) * 86400_000).toISOString().slice(0, 10).replace(/-/g, '');
    const recurring = i % 10 === 0 ? ['RRULE:FREQ=WEEKLY;BYDAY=FR'] : [];
    const summary = i % 7 === 0 ? 'Out of office' : `Meeting ${i}`;
    lines.push('BEGIN:VEVENT', `UID:e${i}@bench`, 'DTSTAMP:20260101T000000Z', `DTSTART;TZID=Europe/Berlin:${day}T090000`, `DTEND;TZID=Europe/Berlin:${day}T${i % 7 === 0 ? '180000' : '100000'}`, ...recurring, `SUMMARY:${summary}`, 'END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return lines.join('\r\n');
}

function time(label: string, runs: number, fn: () => unknown) {
  fn();
  const t = process.hrtime.bigint();
  for (let i = 0; i < runs; i++) fn();
  const ms = Number(process.hrtime.bigint() - t) / 1e6 / runs;
  console.log(`${label.padEnd(58)} ${ms.toFixed(2).padStart(9)} ms`);
  return ms;
}

const window = { from: '2026-11-25', to: '2027-12-02' };
for (const n of [100, 1000, 5000]) {
  const text = feed(n);
  console.log(`feed of ${n} events, ${(text.length / 1024).toFixed(0)} KB`);
  time('  floor: ICAL.parse alone', 5, () => ICAL.parse(text));
  time('  readCalendar (parse, expand, pick days off)', 5, () => readCalendar(text, { zone: 'Europe/Berlin', window }));
}
publicHolidays('US', 2026);
time('holidaysBetween(DE-BY, one year), memoised', 1000, () => holidaysBetween('DE-BY', '2026-01-01', '2026-12-31'));
const regions = ['US', 'DE', 'DE-BY', 'IN', 'GB', 'FR', 'JP', 'BR', 'US-CA', 'ES'];
const index = indexAvailability({
  from: '2026-11-29',
  to: '2026-12-03',
  away: [],
  regions: new Map(Array.from({ length: 10_000 }, (_, i) => [`T1:U${i}`, regions[i % regions.length]!])),
  calendar: new Map(Array.from({ length: 2_000 }, (_, i) => [`T1:U${i * 5}`, ['2026-12-01']])),
});
const team = { workspaceId: 'T1', workingDays: [1, 2, 3, 4, 5], holidayRegion: 'US' };
time('10,000 members × 3 days through availabilityOn (one planning pass)', 5, () => {
  for (let i = 0; i < 10_000; i++) for (const d of ['2026-11-30', '2026-12-01', '2026-12-02']) index.on(team, `U${i}`, d);
});
