import type { AvailabilityRefusal, CalendarConnected, CalendarDisconnected, CalendarStatus, MyHolidays, MyRegionSet, TeamRegionSet } from '../../availability/availability.models.ts';
import { formatDay } from '../../shared/time.ts';

/** Pure reply texts for `/standup holidays …` and `/standup calendar …`, from what the availability use cases return. */

const example = 'Example: `/standup calendar https://calendar.google.com/calendar/ical/…/basic.ics`';

/** A region or a calendar address refused: the parser's sentence (no markup), and that nothing changed. */
export function availabilityRefusalText(r: AvailabilityRefusal): string {
  return `${r.problem} Nothing was changed.`;
}

/** `/standup holidays XX` (and `off`). */
export function myRegionText(r: MyRegionSet): string {
  if (r.kind === 'region-cleared') {
    return r.teamRegion ? `Your public holidays now follow your team's region, ${r.teamRegion}.` : "You have no holiday region now; your team has none either, so no public holidays are counted for you. Example: `/standup holidays DE-BY`";
  }
  const next = r.next.length ? ` Next: ${r.next.map((h) => `${h.name} (${formatDay(h.date)})`).join(', ')}.` : '';
  return `:calendar: Your public holidays are now those of ${r.name} (${r.region}): no prompts or reminders on them, and you'll show as on holiday, not missing.${next}`;
}

/** `/standup holidays team XX` (and `off`). */
export function teamRegionText(r: TeamRegionSet): string {
  // The team's name as it always read here (not escaped): kept as it was.
  if (r.kind === 'team-region-cleared') return `${r.teamName} has no default holiday region now; members who set their own keep theirs.`;
  return `:calendar: ${r.teamName}'s default holiday region is now ${r.name} (${r.region}). Members who set their own (\`/standup holidays DE-BY\`) keep theirs.`;
}

/** `/standup holidays`. */
export function myHolidaysText(h: MyHolidays): string {
  if (h.kind === 'no-region') return 'No holiday region is set for you or your team, so no public holidays are counted. Set yours: `/standup holidays DE-BY` (or `US-CA`, `IN`); managers set the team default: `/standup holidays team US`.';
  const lines = h.next.map((d) => `• ${formatDay(d.date)} (${d.date}) — ${d.name}`);
  const source = h.source === 'own' ? 'yours' : "your team's";
  return [
    `*Public holidays for ${h.region}* (${source}; \`/standup holidays XX\` changes it)`,
    ...(lines.length ? lines : ['None in the next year.']),
    h.calendarDaysOff !== null ? `Your calendar adds ${h.calendarDaysOff} upcoming day(s) off.` : '',
  ]
    .filter(Boolean)
    .join('\n');
}

/** `/standup calendar URL`. */
export function calendarConnectedText(c: CalendarConnected): string {
  return `:calendar: Connected your calendar (${c.address}). I read it about once an hour and keep only the dates of your time off — all-day "Out of office", "Vacation", "Leave", "PTO" or "… off" events, and such events covering your working day — never titles or guests. If it can't be read, I'll tell you here once. \`/standup calendar off\` disconnects it.`;
}

/** `/standup calendar off`. */
export function calendarDisconnectedText(d: CalendarDisconnected): string {
  return d.kind === 'calendar-disconnected' ? 'Disconnected your calendar; its days off are forgotten. Your `/standup away` time off and public holidays still count.' : `You have no calendar connected. ${example}`;
}

/** `/standup calendar`. */
export function calendarStatusText(s: CalendarStatus): string {
  if (s.kind === 'no-calendar') return `No calendar connected. ${example} (Google: calendar settings → "Secret address in iCal format"). \`/standup calendar off\` disconnects it.`;
  const state = s.lastError ? `:warning: The last read failed: ${s.lastError}. The days from the last good read are kept.` : s.lastReadAt ? `Last read ${s.lastReadAt.toISOString().slice(0, 16).replace('T', ' ')} UTC.` : 'Not read yet; it will be within a minute.';
  const days = s.upcoming.length ? `Days off from it: ${s.upcoming.slice(0, 20).map((d) => formatDay(d)).join(', ')}${s.upcoming.length > 20 ? ` and ${s.upcoming.length - 20} more` : ''}.` : 'No upcoming days off found in it.';
  return [`*Your calendar* (${s.address})`, state, days].join('\n');
}
