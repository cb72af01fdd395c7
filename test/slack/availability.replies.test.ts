import { describe, expect, it } from 'vitest';
import type { CalendarStatus } from '../../src/availability/availability.models.ts';
import { calendarConnectedText, calendarDisconnectedText, calendarStatusText, myHolidaysText, myRegionText, teamRegionText } from '../../src/slack/blocks/availability.replies.ts';

describe('availability replies', () => {
  it('answers a change of my region: cleared (with or without a team region) or set, with the next holidays', () => {
    expect(myRegionText({ kind: 'region-cleared', teamRegion: 'US' })).toBe("Your public holidays now follow your team's region, US.");
    expect(myRegionText({ kind: 'region-cleared', teamRegion: null })).toBe('You have no holiday region now; your team has none either, so no public holidays are counted for you. Example: `/standup holidays DE-BY`');
    expect(myRegionText({ kind: 'region-set', region: 'DE-BY', name: 'Bavaria, Germany', next: [{ date: '2026-12-25', name: 'Christmas Day' }, { date: '2026-12-26', name: 'Boxing Day' }] })).toBe(
      ":calendar: Your public holidays are now those of Bavaria, Germany (DE-BY): no prompts or reminders on them, and you'll show as on holiday, not missing. Next: Christmas Day (Fri 25 Dec), Boxing Day (Sat 26 Dec).",
    );
    expect(myRegionText({ kind: 'region-set', region: 'XX', name: 'Nowhere', next: [] })).not.toContain('Next:');
  });

  it("answers a change of the team's region", () => {
    expect(teamRegionText({ kind: 'team-region-cleared', teamName: 'Alpha' })).toBe('Alpha has no default holiday region now; members who set their own keep theirs.');
    expect(teamRegionText({ kind: 'team-region-set', teamName: 'Alpha', region: 'US', name: 'United States' })).toBe(
      ":calendar: Alpha's default holiday region is now United States (US). Members who set their own (`/standup holidays DE-BY`) keep theirs.",
    );
  });

  it('lists my holidays, whose region they follow, and what my calendar adds', () => {
    expect(myHolidaysText({ kind: 'no-region' })).toMatch(/^No holiday region is set for you or your team/);
    const next = [{ date: '2027-01-06', name: 'Epiphany' }];
    expect(myHolidaysText({ kind: 'holidays', region: 'DE-BY', source: 'own', next, calendarDaysOff: null })).toBe('*Public holidays for DE-BY* (yours; `/standup holidays XX` changes it)\n• Wed 6 Jan (2027-01-06) — Epiphany');
    expect(myHolidaysText({ kind: 'holidays', region: 'US', source: 'team', next: [], calendarDaysOff: 0 })).toBe(
      "*Public holidays for US* (your team's; `/standup holidays XX` changes it)\nNone in the next year.\nYour calendar adds 0 upcoming day(s) off.",
    );
  });

  it('answers connecting, disconnecting and the status of a calendar', () => {
    expect(calendarConnectedText({ kind: 'calendar-connected', address: 'https://cal.example/…', key: 'k' })).toMatch(/^:calendar: Connected your calendar \(https:\/\/cal\.example\/…\)\. I read it about once an hour/);
    expect(calendarDisconnectedText({ kind: 'calendar-disconnected' })).toMatch(/^Disconnected your calendar/);
    expect(calendarDisconnectedText({ kind: 'no-calendar' })).toBe('You have no calendar connected. Example: `/standup calendar https://calendar.google.com/calendar/ical/…/basic.ics`');
    expect(calendarStatusText({ kind: 'no-calendar' })).toMatch(/^No calendar connected\. Example: .* \(Google: calendar settings/);
    const feed: Extract<CalendarStatus, { kind: 'calendar' }> = { kind: 'calendar', address: 'https://cal.example/…', lastError: null, lastReadAt: null, upcoming: [] };
    expect(calendarStatusText(feed)).toBe('*Your calendar* (https://cal.example/…)\nNot read yet; it will be within a minute.\nNo upcoming days off found in it.');
    expect(calendarStatusText({ ...feed, lastReadAt: new Date('2026-12-01T09:05:00Z'), upcoming: ['2026-12-04'] })).toBe('*Your calendar* (https://cal.example/…)\nLast read 2026-12-01 09:05 UTC.\nDays off from it: Fri 4 Dec.');
    const many = Array.from({ length: 23 }, (_, i) => `2027-01-${String(i + 1).padStart(2, '0')}`);
    const failed = calendarStatusText({ ...feed, lastError: 'HTTP 500', upcoming: many });
    expect(failed).toContain(':warning: The last read failed: HTTP 500. The days from the last good read are kept.');
    expect(failed).toMatch(/Sat 2 Jan, .*Wed 20 Jan and 3 more\.$/);
  });
});
