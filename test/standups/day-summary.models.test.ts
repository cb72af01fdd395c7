import { describe, expect, it } from 'vitest';
import { summarizeDay, unnamedFormerMembers, type DayFacts, type DaySummaryTeam } from '../../src/standups/day-summary.models.ts';

const team = (over: Partial<DaySummaryTeam> = {}): DaySummaryTeam => ({
  id: 1,
  workspaceId: 'T1',
  name: '#core',
  workingDays: [1, 2, 3, 4, 5],
  promptTime: '09:30',
  tzMode: 'member',
  timezone: 'UTC',
  reminderMinutes: null,
  deadlineTime: '13:00',
  holidayRegion: null,
  createdAt: new Date('2026-01-01T00:00:00Z'),
  ...over,
});

const member = (userId: string, over: Partial<DayFacts['members'][number]> = {}) => ({ userId, joinedAt: new Date('2026-01-01T00:00:00Z'), name: `Name ${userId}`, tz: 'Europe/Berlin', ...over });

const facts = (over: Partial<DayFacts> = {}): DayFacts => ({
  from: '2026-12-01',
  to: '2026-12-03',
  members: [],
  entries: [],
  away: [],
  regions: new Map(),
  calendar: new Map(),
  ...over,
});

// Wednesday 2 December 2026.
const day = '2026-12-02';

describe('summarizeDay', () => {
  it('sorts each participant by their entry, their time off and whether they were asked yet', () => {
    const s = summarizeDay(
      team(),
      day,
      false,
      facts({
        members: [member('UA'), member('UB'), member('UC'), member('UD'), member('UE'), member('UF'), member('UG'), member('UH', { joinedAt: new Date('2026-12-02T12:00:00Z') })],
        entries: [
          { userId: 'UA', date: day, status: 'answered', name: 'Name UA' },
          { userId: 'UB', date: day, status: 'pending', name: 'Name UB' },
          { userId: 'UC', date: day, status: 'skipped', name: 'Name UC' },
          // Another day's entry (the read spans the days "today" can be in any zone) does not count.
          { userId: 'UD', date: '2026-12-01', status: 'answered', name: 'Name UD' },
        ],
        away: [{ userId: 'UE', fromDate: '2026-11-30', toDate: '2026-12-04' }],
        regions: new Map([['UF', 'DE-BY']]),
        calendar: new Map([['UG', [day]]]),
      }),
    );
    // UD has no entry today and was on the team at 09:30 Berlin: expected. UH joined after: not yet.
    expect(s).toEqual({ teamName: '#core', date: day, answered: ['Name UA'], pending: ['Name UB', 'Name UD', 'Name UF'], away: ['Name UC', 'Name UE', 'Name UG'], holiday: [], closed: false });
  });

  it('a public holiday of the member’s region shows as holiday, not missing', () => {
    // 6 January 2027 (a Wednesday) is Epiphany, a public holiday in Bavaria.
    const s = summarizeDay(team(), '2027-01-06', true, facts({ from: '2027-01-05', to: '2027-01-07', members: [member('UF'), member('UG')], regions: new Map([['UF', 'DE-BY']]) }));
    expect(s.holiday).toEqual(['Name UF']);
    expect(s.pending).toEqual(['Name UG']);
    expect(s.closed).toBe(true);
  });

  it('someone who answered and then left still counts, under their stored name or the looked-up one', () => {
    const f = facts({
      members: [member('UA')],
      entries: [
        { userId: 'UX', date: day, status: 'answered', name: 'Stored X' },
        { userId: 'UY', date: day, status: 'answered', name: null },
        { userId: 'UZ', date: day, status: 'pending', name: null },
      ],
    });
    expect(unnamedFormerMembers(f, day)).toEqual(['UY']);
    expect(summarizeDay(team(), day, false, f, (id) => `looked up ${id}`).answered).toEqual(['Stored X', 'looked up UY']);
  });

  it('on a day that is not a working day, nobody without an entry is expected', () => {
    expect(summarizeDay(team(), '2026-12-05', false, facts({ members: [member('UA')] })).pending).toEqual([]);
  });

  it('a name-less profile shows the user id', () => {
    expect(summarizeDay(team(), day, false, facts({ members: [member('UA', { name: null })], entries: [{ userId: 'UA', date: day, status: 'answered', name: null }] })).answered).toEqual(['UA']);
  });
});
