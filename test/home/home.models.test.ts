import { describe, expect, it } from 'vitest';
import { formatInstant, nextWeekly, participationOf, standupState } from '../../src/home/home.models.ts';
import { homeSlotEnd, homeSlotOf, kinds } from '../../src/outbox/kinds.ts';

describe('App Home rules', () => {
  it.each([
    [{ workingDay: true, away: false, entryStatus: 'answered', promptDue: true }, 'answered'],
    [{ workingDay: true, away: false, entryStatus: 'skipped', promptDue: true }, 'skipped'],
    [{ workingDay: true, away: true, entryStatus: undefined, promptDue: true }, 'away'],
    [{ workingDay: true, away: false, entryStatus: 'away', promptDue: true }, 'away'],
    [{ workingDay: false, away: false, entryStatus: undefined, promptDue: true }, 'day-off'],
    [{ workingDay: true, away: false, holiday: true, entryStatus: undefined, promptDue: true }, 'holiday'],
    [{ workingDay: true, away: true, holiday: true, entryStatus: undefined, promptDue: true }, 'holiday'],
    [{ workingDay: false, away: false, holiday: true, entryStatus: undefined, promptDue: true }, 'day-off'],
    [{ workingDay: true, away: false, holiday: true, entryStatus: 'answered', promptDue: true }, 'answered'],
    [{ workingDay: true, away: false, entryStatus: 'pending', promptDue: true }, 'to-answer'],
    [{ workingDay: true, away: false, entryStatus: 'missed', promptDue: true }, 'to-answer'],
    [{ workingDay: true, away: false, entryStatus: undefined, promptDue: true }, 'to-answer'],
    [{ workingDay: true, away: false, entryStatus: undefined, promptDue: false }, 'later'],
    // An answer given on a day off (from the Home or /standup) still shows as answered.
    [{ workingDay: false, away: false, entryStatus: 'answered', promptDue: false }, 'answered'],
  ] as const)('standup state %o is %s', (input, state) => {
    expect(standupState(input)).toBe(state);
  });

  it('counts participation over the answers asked for', () => {
    expect(participationOf(['answered', 'answered', 'missed', 'pending', 'skipped', 'away'])).toEqual({ answered: 2, expected: 4, pct: 50 });
    expect(participationOf(['skipped'])).toEqual({ answered: 0, expected: 0, pct: null });
  });

  it('finds the next weekly instant in the team’s zone, across DST', () => {
    // Wednesday 2 Dec 2026 → Friday 4 Dec 16:00 in Berlin (CET, UTC+1).
    expect(nextWeekly(new Date('2026-12-02T10:00:00Z'), 5, '16:00', 'Europe/Berlin').toISOString()).toBe('2026-12-04T15:00:00.000Z');
    // Exactly at the instant: the next one, a week later.
    expect(nextWeekly(new Date('2026-12-04T15:00:00Z'), 5, '16:00', 'Europe/Berlin').toISOString()).toBe('2026-12-11T15:00:00.000Z');
    // Friday 27 Mar 2026 17:00 Berlin (CET) → Friday 3 Apr 16:00 CEST (UTC+2).
    expect(nextWeekly(new Date('2026-03-27T16:00:00Z'), 5, '16:00', 'Europe/Berlin').toISOString()).toBe('2026-04-03T14:00:00.000Z');
    expect(formatInstant(new Date('2026-12-04T15:00:00Z'), 'Europe/Berlin')).toBe('Fri 4 Dec, 16:00 (Europe/Berlin)');
  });

  it('coalesces changes per person into 5-second slots, due at the slot’s end', () => {
    const at = (iso: string) => homeSlotOf(new Date(iso));
    expect(at('2026-12-02T10:00:00.000Z')).toBe(at('2026-12-02T10:00:04.999Z'));
    expect(at('2026-12-02T10:00:05.000Z')).toBe(at('2026-12-02T10:00:00Z') + 1);
    expect(homeSlotEnd(at('2026-12-02T10:00:01Z')).toISOString()).toBe('2026-12-02T10:00:05.000Z');
    const row = (slot: number, open?: boolean) => kinds.homePublish.key({ workspaceId: 'T1', userId: 'U1', slot, ...(open ? { open } : {}) });
    expect(row(7)).toBe('home:T1:U1:7');
    expect(row(7, true)).toBe('home-open:T1:U1:7');
    expect(kinds.homePublish.payload.safeParse({ workspaceId: 'T1', userId: 'U1', slot: -1 }).success).toBe(false);
  });
});
