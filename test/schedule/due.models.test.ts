import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deadlineMemo, memberDueMemo, nextAging, nextDailyCheck, nextDeadline, nextDigest, nextMemberDue } from '../../src/schedule/due.models.ts';
import { planDue, type ScheduleMember, type ScheduleTeam } from '../../src/standups/schedule.models.ts';

const team = (over: Partial<ScheduleTeam> = {}): ScheduleTeam => ({
  id: 1,
  workingDays: [1, 2, 3, 4, 5],
  promptTime: '09:30',
  tzMode: 'member',
  timezone: 'UTC',
  reminderMinutes: 120,
  deadlineTime: '13:00',
  ...over,
});
const at = (iso: string) => new Date(iso);

describe('next instants', () => {
  it("a member's next prompt, then their reminder, in their own zone", () => {
    // Berlin is UTC+1 in December: 09:30 local = 08:30Z, the reminder two hours later.
    expect(nextMemberDue(team(), 'Europe/Berlin', at('2026-12-01T08:00:00Z'))).toEqual(at('2026-12-01T08:30:00Z'));
    expect(nextMemberDue(team(), 'Europe/Berlin', at('2026-12-01T08:30:00Z'))).toEqual(at('2026-12-01T10:30:00Z'));
    // After Friday's reminder: Monday's prompt.
    expect(nextMemberDue(team(), 'Europe/Berlin', at('2026-12-04T10:30:00Z'))).toEqual(at('2026-12-07T08:30:00Z'));
  });

  it('a pinned team prompts in its own zone, whatever the member’s', () => {
    expect(nextMemberDue(team({ tzMode: 'pinned', timezone: 'Asia/Kolkata' }), 'America/New_York', at('2026-12-01T00:00:00Z'))).toEqual(at('2026-12-01T04:00:00Z'));
  });

  it('across DST: the same local time on both sides of the change (New York, 1 November 2026)', () => {
    const t = team({ workingDays: [1, 2, 3, 4, 5, 6, 7], reminderMinutes: null });
    expect(nextMemberDue(t, 'America/New_York', at('2026-10-31T14:00:00Z'))).toEqual(at('2026-11-01T14:30:00Z'));
    expect(nextMemberDue(t, 'America/New_York', at('2026-10-30T14:00:00Z'))).toEqual(at('2026-10-30T13:30:00Z').getTime() > at('2026-10-30T14:00:00Z').getTime() ? null : at('2026-10-31T13:30:00Z'));
  });

  it('a prompt inside the spring-forward gap fires at the first valid minute, as planDue fires it', () => {
    const t = team({ promptTime: '02:30', workingDays: [7], reminderMinutes: null });
    const next = nextMemberDue(t, 'Europe/Berlin', at('2026-03-28T12:00:00Z'));
    const planned = planDue({ teams: [t], members: [{ teamId: 1, userId: 'U', tz: 'Europe/Berlin' }], from: at('2026-03-28T12:00:00Z'), to: at('2026-03-30T00:00:00Z') });
    expect(next).toEqual(planned[0]!.dueAt);
  });

  it('no working days: never', () => {
    expect(nextMemberDue(team({ workingDays: [] }), 'UTC', at('2026-12-01T00:00:00Z'))).toBeNull();
    expect(nextDeadline(team({ workingDays: [] }), ['UTC'], at('2026-12-01T00:00:00Z'))).toBeNull();
    expect(nextDeadline(team(), [], at('2026-12-01T00:00:00Z'))).toBeNull();
  });

  it("a team's deadline waits for its latest zone", () => {
    // 13:00 in New York (18:00Z) is later than 13:00 in Berlin (12:00Z).
    expect(nextDeadline(team(), ['Europe/Berlin', 'America/New_York'], at('2026-12-01T00:00:00Z'))).toEqual(at('2026-12-01T18:00:00Z'));
  });

  it('the digest: this week’s if still to come, else next week’s', () => {
    const t = { timezone: 'Europe/Berlin', digestDay: 5, digestTime: '16:00' };
    expect(nextDigest(t, at('2026-12-02T00:00:00Z'))).toEqual(at('2026-12-04T15:00:00Z'));
    expect(nextDigest(t, at('2026-12-04T15:00:00Z'))).toEqual(at('2026-12-11T15:00:00Z'));
    // A Monday digest on a Monday after its time: next Monday.
    expect(nextDigest({ ...t, digestDay: 1, digestTime: '09:00' }, at('2026-12-07T10:00:00Z'))).toEqual(at('2026-12-14T08:00:00Z'));
  });

  it('blockers age at the team’s prompt time; warnings are looked at each local midnight', () => {
    const t = { timezone: 'America/New_York', promptTime: '09:30' };
    expect(nextAging(t, at('2026-12-01T12:00:00Z'))).toEqual(at('2026-12-01T14:30:00Z'));
    expect(nextAging(t, at('2026-12-01T14:30:00Z'))).toEqual(at('2026-12-02T14:30:00Z'));
    expect(nextDailyCheck(t, at('2026-12-01T12:00:00Z'))).toEqual(at('2026-12-02T05:00:00Z'));
    // The night clocks go back, local midnight is still found (UTC-4 before, UTC-5 after).
    expect(nextDailyCheck(t, at('2026-11-01T03:00:00Z'))).toEqual(at('2026-11-01T04:00:00Z'));
    expect(nextDailyCheck(t, at('2026-11-01T04:00:00Z'))).toEqual(at('2026-11-02T05:00:00Z'));
  });

  it('the memo answers as the function does', () => {
    const memo = memberDueMemo(at('2026-12-01T08:00:00Z'));
    expect(memo(team(), 'Europe/Berlin')).toEqual(nextMemberDue(team(), 'Europe/Berlin', at('2026-12-01T08:00:00Z')));
    expect(memo(team(), null)).toEqual(at('2026-12-01T09:30:00Z'));
    // Another team with the same schedule shares the entry; a pinned one uses its own zone.
    expect(memo(team({ id: 2 }), 'Europe/Berlin')).toEqual(at('2026-12-01T08:30:00Z'));
    // (Kolkata's prompt, 04:00Z, and reminder, 06:00Z, have passed at 08:00Z: tomorrow's.)
    expect(memo(team({ id: 3, tzMode: 'pinned', timezone: 'Asia/Kolkata' }), 'Europe/Berlin')).toEqual(at('2026-12-02T04:00:00Z'));
    const deadline = deadlineMemo(at('2026-12-01T00:00:00Z'));
    expect(deadline(team(), ['America/New_York', 'Europe/Berlin', 'Europe/Berlin'])).toEqual(at('2026-12-01T18:00:00Z'));
    expect(deadline(team({ id: 2, tzMode: 'pinned', timezone: 'Europe/Berlin' }), ['America/New_York'])).toEqual(at('2026-12-01T12:00:00Z'));
    expect(deadline(team(), [])).toBeNull();
  });
});

const zonePool = ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Pacific/Chatham', 'Australia/Sydney', 'America/Santiago', null];
const hhmm = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.constantFrom(0, 15, 30, 45)).map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
const schedule = fc.record({
  workingDays: fc.subarray([1, 2, 3, 4, 5, 6, 7]),
  promptTime: hhmm,
  tzMode: fc.constantFrom('member' as const, 'pinned' as const),
  timezone: fc.constantFrom('UTC', 'Europe/Berlin', 'America/New_York', 'Pacific/Chatham'),
  reminderMinutes: fc.option(fc.constantFrom(30, 120, 600, 1500), { nil: null }),
  deadlineTime: hhmm,
});

/**
 * The tick that reads only what is due must plan exactly what planning everyone would plan:
 * random schedules and zones, ticks from one minute to five hours apart over three weeks around
 * the European and American autumn changes, and edits (schedule, zones) that reset instants as
 * the 0013 triggers do. Nothing missed and nothing extra (twice is the outbox's unique key).
 */
describe('planning only the due rows equals planning everyone', () => {
  it('holds for random schedules, zones, tick gaps and edits', () => {
    fc.assert(
      fc.property(
        schedule,
        fc.array(fc.constantFrom(...zonePool), { minLength: 1, maxLength: 6 }),
        fc.array(fc.record({ gapMinutes: fc.integer({ min: 1, max: 300 }), edit: fc.option(fc.oneof(schedule.map((s) => ({ schedule: s })), fc.record({ member: fc.nat(), tz: fc.constantFrom(...zonePool) })), { freq: 8 }) }), {
          minLength: 5,
          maxLength: 120,
        }),
        (initial, tzs, ticks) => {
          let t: ScheduleTeam = { id: 1, ...initial };
          const members: ScheduleMember[] = tzs.map((tz, i) => ({ teamId: 1, userId: `U${i}`, tz }));
          const epoch = new Date(0);
          const next = new Map<string, Date | null>(members.map((m) => [m.userId, epoch]));
          let nextDl: Date | null = epoch;
          const all: string[] = [];
          const dueOnly: string[] = [];
          let from = at('2026-10-20T00:00:00Z');
          let now = from;
          for (const tick of ticks) {
            now = new Date(now.getTime() + tick.gapMinutes * 60_000);
            all.push(...planDue({ teams: [t], members, from, to: now }).map((i) => i.key));
            const due = members.filter((m) => next.get(m.userId) !== null && next.get(m.userId)! <= now);
            dueOnly.push(...planDue({ teams: [t], members: due, from, to: now }).filter((i) => i.kind !== 'deadline').map((i) => i.key));
            if (nextDl !== null && nextDl <= now) dueOnly.push(...planDue({ teams: [t], members, from, to: now }).filter((i) => i.kind === 'deadline').map((i) => i.key));
            const memo = memberDueMemo(now);
            for (const m of due) next.set(m.userId, memo(t, m.tz));
            if (nextDl !== null && nextDl <= now) nextDl = deadlineMemo(now)(t, members.map((m) => m.tz));
            from = now;
            // An edit between ticks resets what it moves, as the triggers do.
            if (tick.edit && 'schedule' in tick.edit) {
              t = { id: 1, ...tick.edit.schedule };
              for (const m of members) next.set(m.userId, epoch);
              nextDl = epoch;
            } else if (tick.edit) {
              const m = members[tick.edit.member % members.length]!;
              m.tz = tick.edit.tz;
              next.set(m.userId, epoch);
              nextDl = epoch;
            }
          }
          // Keys, as the outbox dedupes them (an edit can make both planners name one day's prompt twice).
          expect([...new Set(dueOnly)].sort()).toEqual([...new Set(all)].sort());
        },
      ),
      { numRuns: 80 },
    );
  });
});
