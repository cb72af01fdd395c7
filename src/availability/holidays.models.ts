import Holidays from 'date-holidays';
import type { LocalDate } from '../shared/time.ts';

/**
 * Public holidays from date-holidays (data shipped in the package, no network). Only
 * holidays of type `public` count: `bank` (banks closed, most offices open), `school`,
 * `optional` and `observance` days (Mother's Day, Lichtmess) are not days off.
 *
 * A region is `CC` or `CC-SUB` (ISO 3166 country, and a subdivision the library knows):
 * `US`, `US-CA`, `DE-BY`, `IN`. Dates are local dates of the region's calendar; a person's
 * day is their local date, so a holiday is off from their midnight to midnight.
 */

export type HolidayRegion = string;

const catalogue = new Holidays();
const countries = catalogue.getCountries('en') as Record<string, string>;

export type RegionCheck = { ok: true; region: HolidayRegion; name: string } | { ok: false; message: string };

const example = 'Example: `DE-BY` (Bavaria), `US-CA`, `IN`, `GB-SCT`.';

/** Pure: text → a region the library knows, or a sentence saying what was wrong. */
export function parseHolidayRegion(text: string): RegionCheck {
  const raw = text.trim().toUpperCase().replace(/_/g, '-');
  const m = /^([A-Z]{2})(?:-([A-Z0-9]{1,4}))?$/.exec(raw);
  if (!m) return { ok: false, message: `“${text.trim().slice(0, 20)}” is not a region: a two-letter country, optionally with its subdivision. ${example}` };
  const [, country, sub] = m as unknown as [string, string, string | undefined];
  const countryName = countries[country];
  if (!countryName) return { ok: false, message: `I have no public holidays for the country “${country}”. ${example}` };
  if (!sub) return { ok: true, region: country, name: countryName };
  const states = (catalogue.getStates(country, 'en') ?? {}) as Record<string, string>;
  const stateName = states[sub];
  if (!stateName) {
    const known = Object.keys(states);
    const hint = known.length ? `Subdivisions of ${countryName}: ${known.slice(0, 20).join(', ')}${known.length > 20 ? ', …' : ''}.` : `${countryName} has no subdivisions with their own holidays; use \`${country}\`.`;
    return { ok: false, message: `“${country}-${sub}” is not a subdivision I know. ${hint}` };
  }
  return { ok: true, region: `${country}-${sub}`, name: `${stateName}, ${countryName}` };
}

const cache = new Map<string, ReadonlyMap<LocalDate, string>>();

/** Public holidays of a region in one year (local date → English name); memoised, the data never changes at run time. */
export function publicHolidays(region: HolidayRegion, year: number): ReadonlyMap<LocalDate, string> {
  const key = `${region}|${year}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const [country, state] = region.split('-') as [string, string | undefined];
  const lib = state ? new Holidays(country, state, { languages: ['en'], types: ['public'] }) : new Holidays(country, { languages: ['en'], types: ['public'] });
  const out = new Map<LocalDate, string>();
  for (const h of lib.getHolidays(year, 'en') || []) {
    if (h.type !== 'public') continue;
    // `date` is the local start ('2026-11-26 00:00:00'); the few multi-day entries count from their first day.
    const first = h.date.slice(0, 10);
    if (!out.has(first)) out.set(first, h.name);
  }
  if (cache.size > 2000) cache.clear();
  cache.set(key, out);
  return out;
}

/** Public holidays of a region in [from, to] (local dates, inclusive). */
export function holidaysBetween(region: HolidayRegion | null | undefined, from: LocalDate, to: LocalDate): Map<LocalDate, string> {
  const out = new Map<LocalDate, string>();
  if (!region) return out;
  const y0 = Number(from.slice(0, 4));
  const y1 = Math.min(Number(to.slice(0, 4)), y0 + 3);
  for (let y = y0; y <= y1; y++) {
    for (const [d, name] of publicHolidays(region, y)) if (d >= from && d <= to) out.set(d, name);
  }
  return out;
}

/** The region that applies: the person's own, else the team's. */
export function effectiveRegion(own: HolidayRegion | null | undefined, team: HolidayRegion | null | undefined): HolidayRegion | null {
  return own || team || null;
}
