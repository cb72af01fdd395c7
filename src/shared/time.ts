import { DateTime, IANAZone } from 'luxon';

/** Pure calendar and time-zone helpers on Luxon; nothing here reads the clock. */

export type LocalDate = string; // 'YYYY-MM-DD'
export type LocalTime = string; // 'HH:MM'

/** Zones already checked: Luxon builds an Intl formatter per check, and the planner asks for every member each minute. */
const zoneValidity = new Map<string, boolean>();

/**
 * The shape of an IANA name ("Europe/Berlin", "UTC", "Etc/GMT+5"): it starts with a letter.
 * Intl on Node ≥ 22 also accepts bare offsets ("+02:00", "-0500"), which are no zone — they
 * know no DST and no holidays region — so those are refused here, whatever the runtime says.
 */
const IANA_NAME = /^[A-Za-z][A-Za-z0-9_+\-/]*$/;

/** True for IANA time-zone names the runtime knows; offsets that Intl merely tolerates are refused. */
export function isValidZone(zone: string): boolean {
  let valid = zoneValidity.get(zone);
  if (valid === undefined) {
    valid = zone.length <= 64 && IANA_NAME.test(zone) && IANAZone.isValidZone(zone);
    // Bounded: valid names are a few hundred; invalid ones are kept only while the map is small.
    if (valid || zoneValidity.size < 1000) zoneValidity.set(zone, valid);
  }
  return valid;
}

/** "europe/berlin" → "Europe/Berlin": the spelling the runtime's time-zone database uses. */
export function canonicalZone(zone: string): string {
  try {
    const resolved = new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
    // Only fix the case: some runtimes map a zone to an older alias (Asia/Kolkata → Asia/Calcutta).
    return resolved.toLowerCase() === zone.toLowerCase() ? resolved : zone;
  } catch {
    return zone;
  }
}

export function parseLocalTime(text: string): { hour: number; minute: number } | undefined {
  const m = /^([01]?\d|2[0-3])[:.h]([0-5]\d)$/.exec(text.trim());
  if (!m) return undefined;
  return { hour: Number(m[1]), minute: Number(m[2]) };
}

export function formatLocalTime(t: { hour: number; minute: number }): LocalTime {
  return `${String(t.hour).padStart(2, '0')}:${String(t.minute).padStart(2, '0')}`;
}

export function isValidLocalDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  return DateTime.fromISO(text, { zone: 'UTC' }).isValid;
}

/**
 * The instant a local wall-clock time happens on a date in a zone. A time that does
 * not exist (the gap of a spring-forward day) moves to the first valid minute after
 * it; a time that happens twice (fall-back) is taken once.
 */
export function localToInstant(date: LocalDate, time: LocalTime, zone: string): Date {
  const t = parseLocalTime(time);
  if (!t) throw new Error(`invalid local time ${time}`);
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  let dt: DateTime = DateTime.fromObject({ year, month, day, hour: t.hour, minute: t.minute }, { zone });
  if (!dt.isValid) throw new Error(`invalid date or zone: ${date} ${zone}`);
  if (dt.hour !== t.hour || dt.minute !== t.minute || dt.day !== day) {
    // In a gap Luxon shifts forward by the whole gap; walk back to the transition itself.
    const wanted = t.hour * 60 + t.minute;
    for (let i = 0; i < 180; i++) {
      const prev: DateTime = dt.minus({ minutes: 1 });
      const prevWall = prev.day === day ? prev.hour * 60 + prev.minute : -1;
      if (prevWall < wanted) break;
      dt = prev;
    }
  }
  return dt.toJSDate();
}

export function localDateOf(instant: Date, zone: string): LocalDate {
  return DateTime.fromJSDate(instant, { zone }).toISODate()!;
}

/*
 * Calendar arithmetic on 'YYYY-MM-DD' dates has no time zone in it, so it is done on day
 * numbers (days since 1970-01-01) with the built-in Date in UTC: exact, and some fifty
 * times cheaper than a Luxon DateTime per step, which matters in the load model that walks
 * every day of every task of every member each minute. Zones stay with Luxon.
 */
const dayMs = 86_400_000;

function dayNumber(date: LocalDate): number {
  const d = new Date(0);
  d.setUTCFullYear(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
  return Math.round(d.getTime() / dayMs);
}

function fromDayNumber(n: number): LocalDate {
  const d = new Date(n * dayMs);
  return `${String(d.getUTCFullYear()).padStart(4, '0')}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-${String(d.getUTCDate()).padStart(2, '0')}`;
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function weekdayOf(date: LocalDate): number {
  // 1970-01-01 was a Thursday (4).
  return ((((dayNumber(date) + 3) % 7) + 7) % 7) + 1;
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return fromDayNumber(dayNumber(date) + days);
}

export function daysBetween(from: LocalDate, to: LocalDate): number {
  return dayNumber(to) - dayNumber(from);
}

/**
 * Working days in [from, to], both included, in closed form: whole weeks are counted, not
 * walked, so a date ten years out costs no more than tomorrow.
 */
export function countWorkingDays(from: LocalDate, to: LocalDate, workingDays: readonly number[]): number {
  const span = daysBetween(from, to) + 1;
  if (span <= 0) return 0;
  const days = new Set(workingDays);
  const weeks = Math.floor(span / 7);
  let n = weeks * [...days].filter((d) => d >= 1 && d <= 7).length;
  // The remainder is at most six days.
  const first = weekdayOf(from);
  for (let i = 0; i < span - weeks * 7; i++) if (days.has(((first - 1 + i) % 7) + 1)) n++;
  return n;
}

const shortDays = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const shortMonths = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "Tue 1 Dec" — spelled here, not by the runtime's locale data, so it reads the same everywhere. */
export function formatDay(date: LocalDate): string {
  const d = DateTime.fromISO(date, { zone: 'UTC' });
  return `${shortDays[d.weekday - 1]} ${d.day} ${shortMonths[d.month - 1]}`;
}

export const weekdayNames = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/** "mon-fri", "mon,wed,fri", "weekdays", "every day" → ISO weekdays, or undefined. */
export function parseWeekdays(text: string): number[] | undefined {
  const t = text.trim().toLowerCase().replace(/[–—]/g, '-');
  if (t === 'weekdays' || t === 'workdays') return [1, 2, 3, 4, 5];
  if (t === 'daily' || t === 'everyday' || t === 'every day' || t === 'every-day' || t === 'all') return [1, 2, 3, 4, 5, 6, 7];
  // "mo", "mon", "monday" all name Monday; two letters are enough to be unambiguous.
  const dayIndex = (name: string): number | undefined => {
    const i = fullNames.findIndex((f) => name.length >= 2 && f.startsWith(name));
    return i === -1 ? undefined : i + 1;
  };
  const days = new Set<number>();
  for (const part of t.split(',')) {
    const p = part.trim();
    if (!p) return undefined;
    const range = p.split('-');
    if (range.length === 1) {
      const d = dayIndex(p);
      if (!d) return undefined;
      days.add(d);
    } else if (range.length === 2) {
      const a = dayIndex(range[0]!.trim());
      const b = dayIndex(range[1]!.trim());
      if (!a || !b) return undefined;
      // A range may wrap the weekend: fri-mon = fri, sat, sun, mon.
      for (let d = a, n = 0; n < 7; d = (d % 7) + 1, n++) {
        days.add(d);
        if (d === b) break;
      }
    } else return undefined;
  }
  return [...days].sort((x, y) => x - y);
}

const fullNames = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

/** [1,2,3,4,5] → "Mon–Fri"; [1,3,5] → "Mon, Wed, Fri". */
export function formatWeekdays(days: number[]): string {
  const sorted = [...new Set(days)].sort((a, b) => a - b);
  const label = (d: number) => fullNames[d - 1]!.slice(0, 3).replace(/^./, (c) => c.toUpperCase());
  if (sorted.length === 7) return 'every day';
  const contiguous = sorted.length >= 3 && sorted.every((d, i) => i === 0 || d === sorted[i - 1]! + 1);
  if (contiguous) return `${label(sorted[0]!)}–${label(sorted[sorted.length - 1]!)}`;
  return sorted.map(label).join(', ');
}
