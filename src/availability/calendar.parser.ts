import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import { addDays, isValidZone, localToInstant, type LocalDate } from '../shared/time.ts';

/**
 * Pure: an iCalendar feed's text → the local dates its owner is off, within a window.
 *
 * Counted as time off: events that read as leave — a summary or category like "Out of
 * office", "OOO", "Vacation", "Holiday", "Leave", "PTO", "Sick", "Day off", "Friday off"
 * (and the usual German, French and Spanish words), or Outlook's busy status `OOF`.
 * All-day ones mark each of their days; timed ones mark the days whose working hours
 * (`workday`, in the owner's zone) they cover entirely. Cancelled events never count.
 * Recurrences are expanded (RRULE, RDATE, EXDATE, and RECURRENCE-ID overrides, which may
 * move or rename one occurrence); times are read in their TZID (an IANA name, or the
 * feed's own VTIMEZONE for Windows names), UTC, or — floating — the owner's zone.
 *
 * Titles are read here and dropped: only dates leave this function.
 */
export type CalendarRead = { ok: true; days: LocalDate[]; events: number } | { ok: false; reason: string };

/** Bounds, so no feed can make the work unbounded. */
export const calendarLimits = { events: 5000, occurrencesPerEvent: 3000, days: 800 } as const;

const leaveWords =
  /\b(out of (the )?office|ooo|oof|vacation|holidays?|annual leave|leave|pto|time off|day off|days off|sick|parental|maternity|paternity|urlaub|abwesend|krank|cong[eé]s?|vacances|vacaciones|ferias|ferie)\b|(?<![-\w])off\b/i;

export function looksLikeLeave(summary: string, categories: string[] = [], busyStatus?: string): boolean {
  if (busyStatus?.toUpperCase() === 'OOF') return true;
  return leaveWords.test(summary) || categories.some((c) => leaveWords.test(c));
}

type Window = { from: LocalDate; to: LocalDate };

export function readCalendar(text: string, opts: { zone: string; window: Window; workday?: { start: string; end: string } }): CalendarRead {
  const zone = isValidZone(opts.zone) ? opts.zone : 'UTC';
  const workday = opts.workday ?? { start: '09:00', end: '17:00' };
  if (!/BEGIN:VCALENDAR/i.test(text.slice(0, 2000))) return { ok: false, reason: 'it is not an iCalendar feed (no BEGIN:VCALENDAR); check that you copied the address ending in .ics' };
  let root: ICAL.Component;
  try {
    const jcal = ICAL.parse(text);
    root = new ICAL.Component(Array.isArray(jcal[0]) ? jcal[0] : jcal);
  } catch (e) {
    return { ok: false, reason: `it could not be read as a calendar (${String((e as Error).message ?? e).slice(0, 120)})` };
  }
  if (root.name !== 'vcalendar') return { ok: false, reason: 'it is not an iCalendar feed' };

  const zones = new Map<string, ICAL.Timezone>();
  for (const vtz of root.getAllSubcomponents('vtimezone')) {
    try {
      const tz = new ICAL.Timezone(vtz);
      if (tz.tzid) zones.set(tz.tzid, tz);
    } catch {
      /* an unreadable VTIMEZONE: its times fall back below */
    }
  }
  /** The instant of an ICAL time (ms since the epoch). */
  const instant = (t: ICAL.Time): number => {
    const wall = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second);
    const tzid = t.zone && t.zone.tzid !== 'floating' ? t.zone.tzid : (t as unknown as { timezone?: string }).timezone;
    if (tzid === 'UTC' || tzid === 'Z' || t.zone === ICAL.Timezone.utcTimezone) return wall;
    if (tzid && isValidZone(tzid)) return DateTime.fromObject({ year: t.year, month: t.month, day: t.day, hour: t.hour, minute: t.minute, second: t.second }, { zone: tzid }).toMillis();
    const own = tzid ? zones.get(tzid) : undefined;
    if (own) {
      const probe = t.clone();
      return wall - own.utcOffset(probe) * 1000;
    }
    // Floating: the owner's own wall clock.
    return DateTime.fromObject({ year: t.year, month: t.month, day: t.day, hour: t.hour, minute: t.minute, second: t.second }, { zone }).toMillis();
  };
  const dateOf = (t: ICAL.Time): LocalDate => `${String(t.year).padStart(4, '0')}-${String(t.month).padStart(2, '0')}-${String(t.day).padStart(2, '0')}`;
  const { from, to } = opts.window;
  // Occurrences that start after the window's end (plus a day of zone slack) are not read.
  const stopAfter = addDays(to, 1);
  const days = new Set<LocalDate>();
  const add = (d: LocalDate) => {
    if (d >= from && d <= to && days.size < calendarLimits.days) days.add(d);
  };

  const mark = (start: ICAL.Time, end: ICAL.Time | null) => {
    if (start.isDate) {
      // All-day: DTEND is exclusive; none (or not after the start) means the one day.
      const first = dateOf(start);
      const last = end && end.isDate && dateOf(end) > first ? addDays(dateOf(end), -1) : first;
      if (last < from || first > to) return;
      for (let d = first < from ? from : first, n = 0; d <= last && d <= to && n < 800; d = addDays(d, 1), n++) add(d);
      return;
    }
    const s = instant(start);
    const e = end ? instant(end) : s;
    if (e <= s) return;
    // Each local date the event touches: off when it covers that date's working hours.
    const firstDay = DateTime.fromMillis(s, { zone }).toISODate()!;
    const lastDay = DateTime.fromMillis(e, { zone }).toISODate()!;
    if (lastDay < from || firstDay > to) return;
    for (let d = firstDay < from ? from : firstDay, n = 0; d <= lastDay && d <= to && n < 800; d = addDays(d, 1), n++) {
      if (s <= localToInstant(d, workday.start, zone).getTime() && e >= localToInstant(d, workday.end, zone).getTime()) add(d);
    }
  };

  const leave = (ev: ICAL.Event) => {
    const c = ev.component;
    if (String(c.getFirstPropertyValue('status') ?? '').toUpperCase() === 'CANCELLED') return false;
    const categories = c.getAllProperties('categories').flatMap((p) => p.getValues().map(String));
    return looksLikeLeave(String(ev.summary ?? ''), categories, String(c.getFirstPropertyValue('x-microsoft-cdo-busystatus') ?? '') || undefined);
  };

  const vevents = root.getAllSubcomponents('vevent');
  if (vevents.length > calendarLimits.events) return { ok: false, reason: `it has ${vevents.length} events; at most ${calendarLimits.events} are read — use a calendar with only your time off` };
  // Overrides (RECURRENCE-ID) are read through their master, matched by UID.
  const overrides = new Map<string, ICAL.Component[]>();
  for (const v of vevents) {
    if (!v.hasProperty('recurrence-id')) continue;
    const uid = String(v.getFirstPropertyValue('uid') ?? '');
    overrides.set(uid, [...(overrides.get(uid) ?? []), v]);
  }
  let events = 0;
  try {
    for (const vevent of vevents) {
      if (vevent.hasProperty('recurrence-id')) continue;
      const ev = new ICAL.Event(vevent, { strictExceptions: true, exceptions: overrides.get(String(vevent.getFirstPropertyValue('uid') ?? '')) ?? [] });
      events++;
      if (!ev.startDate) continue;
      if (!ev.isRecurring()) {
        if (leave(ev)) mark(ev.startDate, ev.endDate ?? null);
        continue;
      }
      // Most events are meetings: a series none of whose versions reads as leave is not expanded.
      // (ical.js keeps a series' overrides in an object keyed by recurrence id, whatever its types say.)
      if (!leave(ev) && !Object.values(ev.exceptions as unknown as Record<string, ICAL.Event>).some((x) => leave(x))) continue;
      const it = ev.iterator();
      for (let n = 0; n < calendarLimits.occurrencesPerEvent; n++) {
        const next = it.next();
        if (!next) break;
        if (dateOf(next) > stopAfter) break;
        const o = ev.getOccurrenceDetails(next);
        if (leave(o.item)) mark(o.startDate, o.endDate ?? null);
      }
    }
  } catch (e) {
    return { ok: false, reason: `an event in it could not be read (${String((e as Error).message ?? e).slice(0, 120)})` };
  }
  return { ok: true, days: [...days].sort(), events };
}
