import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, countWorkingDays, weekdayOf } from '../../src/shared/time.ts';
import { band, computeLoad, isoWeekLabel, mondayOf, mostRoom, sortByLoad, type LoadInput, type LoadTask } from '../../src/workload/workload.models.ts';

// Monday 30 Nov 2026 is the start of ISO week 49.
const base = (over: Partial<LoadInput> = {}): LoadInput => ({
  today: '2026-11-30',
  workingDays: [1, 2, 3, 4, 5],
  defaultEstimateHours: 4,
  overloadThreshold: 100,
  members: [{ userId: 'A', capacityHours: 40, awayDates: new Set() }],
  tasks: [],
  weeks: ['2026-11-30', '2026-12-07'],
  ...over,
});
const task = (over: Partial<LoadTask>): LoadTask => ({ id: 1, title: 't', assigneeId: 'A', estimateHours: 8, dueDate: null, status: 'open', ...over });
const week = (input: LoadInput, i = 0, member = 0) => computeLoad(input)[member]!.weeks[i]!;

describe('computeLoad', () => {
  it('a task with no due date is spread over the rest of this week', () => {
    const w = week(base({ tasks: [task({ estimateHours: 20 })] }));
    expect(w).toMatchObject({ plannedHours: 20, availableHours: 40, utilisation: 50, band: 'under' });
    expect(week(base({ tasks: [task({ estimateHours: 20 })] }), 1)).toMatchObject({ plannedHours: 0, utilisation: 0 });
  });

  it('available hours are the whole week’s, so utilisation does not creep up as days pass', () => {
    const w = week(base({ today: '2026-12-03', tasks: [task({ estimateHours: 16 })] }));
    expect(w).toMatchObject({ plannedHours: 16, availableHours: 40, utilisation: 40, band: 'under' });
  });

  it('a due date inside the week spreads the work up to it', () => {
    const w = week(base({ tasks: [task({ estimateHours: 30, dueDate: '2026-12-01' })] }));
    expect(w.plannedHours).toBe(30);
    expect(w.utilisation).toBe(75);
  });

  it('a due date across weeks splits the work by working days in each week', () => {
    // Thu 3 Dec → Tue 8 Dec: Thu, Fri | Mon, Tue = 4 working days, 10 h each.
    const input = base({ today: '2026-12-03', tasks: [task({ estimateHours: 40, dueDate: '2026-12-08' })] });
    expect(week(input, 0)).toMatchObject({ plannedHours: 20, availableHours: 40, utilisation: 50, band: 'under' });
    expect(week(input, 1)).toMatchObject({ plannedHours: 20, availableHours: 40, utilisation: 50 });
  });

  it('overdue work lands in the current week, on today', () => {
    const input = base({ today: '2026-12-02', tasks: [task({ estimateHours: 12, dueDate: '2026-11-25' })] });
    expect(week(input)).toMatchObject({ plannedHours: 12, availableHours: 40, utilisation: 30 });
  });

  it('away days reduce available hours and are not planned on', () => {
    const input = base({
      members: [{ userId: 'A', capacityHours: 40, awayDates: new Set(['2026-12-01', '2026-12-02']) }],
      tasks: [task({ estimateHours: 24, dueDate: '2026-12-04' })],
    });
    const w = week(input);
    expect(w).toMatchObject({ plannedHours: 24, availableHours: 24, utilisation: 100, awayDays: 2 });
  });

  it('an unestimated task counts with the team default and is shown as unestimated', () => {
    const loads = computeLoad(base({ defaultEstimateHours: 6, tasks: [task({ estimateHours: null })] }));
    expect(loads[0]!.weeks[0]!.plannedHours).toBe(6);
    expect(loads[0]!.weeks[0]!.tasks[0]!.estimated).toBe(false);
    expect(loads[0]!.unestimated).toBe(1);
  });

  it('part-time capacity: 20 h over a 5-day week is 4 h a day', () => {
    const input = base({ members: [{ userId: 'A', capacityHours: 20, awayDates: new Set() }], tasks: [task({ estimateHours: 20 })] });
    expect(week(input)).toMatchObject({ availableHours: 20, utilisation: 100 });
  });

  it('a member with zero available hours is away, never divided by zero', () => {
    const allWeek = new Set(['2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04']);
    const input = base({ members: [{ userId: 'A', capacityHours: 40, awayDates: allWeek }], tasks: [task({ estimateHours: 8, dueDate: '2026-12-02' })] });
    const w = week(input);
    expect(w.availableHours).toBe(0);
    expect(w.utilisation).toBeNull();
    expect(w.band).toBe('away');
    expect(w.plannedHours).toBe(8); // the work is still visible
    const zero = week(base({ members: [{ userId: 'A', capacityHours: 0, awayDates: new Set() }] }));
    expect(zero).toMatchObject({ utilisation: null, band: 'away' });
  });

  it('counts work in progress', () => {
    const loads = computeLoad(base({ tasks: [task({ id: 1, status: 'in_progress' }), task({ id: 2 })] }));
    expect(loads[0]!.inProgress).toBe(1);
  });
});

describe('bands, sorting and room', () => {
  it.each([
    [null, 'away'],
    [0, 'under'],
    [59, 'under'],
    [60, 'healthy'],
    [84, 'healthy'],
    [85, 'at-risk'],
    [100, 'at-risk'],
    [101, 'overloaded'],
  ] as const)('%s %% is %s', (u, b) => {
    expect(band(u, 100)).toBe(b);
  });

  it('a lower team threshold moves the overloaded line', () => {
    expect(band(95, 90)).toBe('overloaded');
    expect(band(88, 90)).toBe('at-risk');
  });

  it('sorts the overloaded first and suggests who has room', () => {
    const input = base({
      members: ['A', 'B', 'C'].map((userId) => ({ userId, capacityHours: 40, awayDates: new Set<string>() })),
      tasks: [task({ id: 1, assigneeId: 'B', estimateHours: 60 }), task({ id: 2, assigneeId: 'C', estimateHours: 10 })],
    });
    const loads = computeLoad(input);
    expect(sortByLoad(loads).map((l) => l.userId)).toEqual(['B', 'C', 'A']);
    expect(mostRoom(loads, '2026-11-30', 'B')).toEqual([
      { userId: 'A', utilisation: 0 },
      { userId: 'C', utilisation: 25 },
    ]);
  });

  it('labels ISO weeks across the year boundary', () => {
    expect(isoWeekLabel(mondayOf('2026-12-31'))).toBe('2026-W53');
    expect(isoWeekLabel(mondayOf('2027-01-04'))).toBe('2027-W01');
  });
});

describe('computeLoad is bounded whatever the dates (trust boundary)', () => {
  // The model as it was, walking every day up to each due date: the reference for small dates.
  function walked(input: LoadInput, userIndex = 0, weekIndex = 0): number {
    const m = input.members[userIndex]!;
    const canWork = (d: string) => input.workingDays.includes(weekdayOf(d)) && !m.awayDates.has(d);
    const monday = input.weeks[weekIndex]!;
    let planned = 0;
    for (const t of input.tasks.filter((x) => x.assigneeId === m.userId)) {
      const hours = t.estimateHours ?? input.defaultEstimateHours;
      const last = t.dueDate && t.dueDate >= input.today ? t.dueDate : t.dueDate ? input.today : addDays(mondayOf(input.today), 6);
      const days: string[] = [];
      for (let d = input.today; d <= last; d = addDays(d, 1)) if (canWork(d)) days.push(d);
      if (!days.length) days.push(input.today);
      for (const d of days) if (d >= monday && d <= addDays(monday, 6)) planned += hours / days.length;
    }
    return Math.round(planned * 10) / 10;
  }

  it('plans what walking the days planned, for dates a walk can reach', () => {
    const date = fc.integer({ min: -10, max: 80 }).map((n) => addDays('2026-12-02', n));
    fc.assert(
      fc.property(
        fc.array(fc.record({ estimateHours: fc.option(fc.integer({ min: 1, max: 120 })), dueDate: fc.option(date) }), { maxLength: 6 }),
        fc.uniqueArray(date, { maxLength: 12 }),
        fc.subarray([1, 2, 3, 4, 5, 6, 7], { minLength: 1 }),
        (tasks, away, workingDays) => {
          const input = base({
            today: '2026-12-02',
            workingDays,
            members: [{ userId: 'A', capacityHours: 40, awayDates: new Set(away) }],
            tasks: tasks.map((t, i) => task({ id: i + 1, ...t })),
          });
          // Rounded to 0.1 h after summing in a different order.
          for (const w of [0, 1]) expect(Math.abs(week(input, w).plannedHours - walked(input, 0, w))).toBeLessThan(0.11);
        },
      ),
    );
  });

  it('a row stored with due 9999-12-31 (before dates were bounded) spreads its hours arithmetically', () => {
    // Mon 30 Nov 2026 … Fri 31 Dec 9999: 2,080,080 working days; this week has five of them.
    const input = base({ tasks: [task({ estimateHours: 2_080_080, dueDate: '9999-12-31' })] });
    expect(week(input, 0)).toMatchObject({ plannedHours: 5, availableHours: 40, utilisation: 13 });
    expect(week(input, 1)).toMatchObject({ plannedHours: 5 });
  });

  it('a task due in ten years counts the time off before it', () => {
    // Ten days off this fortnight; from 14 Dec, 2,610 − 10 working days are left before 2036-11-28.
    const away = new Set(Array.from({ length: 14 }, (_, i) => addDays('2026-11-30', i)).filter((d) => weekdayOf(d) <= 5));
    const input = base({ members: [{ userId: 'A', capacityHours: 40, awayDates: away }], tasks: [task({ estimateHours: 100, dueDate: '2036-11-28' })] });
    expect(countWorkingDays('2026-11-30', '2036-11-28', [1, 2, 3, 4, 5])).toBe(2610);
    expect(week(input, 0)).toMatchObject({ plannedHours: 0, availableHours: 0, band: 'away' });
    expect(week(input, 1)).toMatchObject({ plannedHours: 0 });
    const back = base({ today: '2026-12-14', weeks: ['2026-12-14'], members: [{ userId: 'A', capacityHours: 40, awayDates: away }], tasks: [task({ estimateHours: 2600, dueDate: '2036-11-28' })] });
    expect(week(back)).toMatchObject({ plannedHours: 5 });
    // Away only this week: 2,610 − 5 working days share the work; next week gets five of them.
    const firstWeek = new Set([...away].filter((d) => d < '2026-12-07'));
    const partly = base({ members: [{ userId: 'A', capacityHours: 40, awayDates: firstWeek }], tasks: [task({ estimateHours: 2605, dueDate: '2036-11-28' })] });
    expect(week(partly, 1)).toMatchObject({ plannedHours: 5, availableHours: 40 });
  });

  it('visits only the reported weeks’ days, however many far-off tasks and absurd away dates', () => {
    // The walking model made 2.9 million steps per task here: 200 members × 20 tasks would never finish.
    const away = new Set(['2026-12-01', '5000-01-01', '9999-12-30']);
    const members = Array.from({ length: 200 }, (_, i) => ({ userId: `U${i}`, capacityHours: 40, awayDates: away }));
    const tasks = members.flatMap((m, i) => Array.from({ length: 20 }, (_, k) => task({ id: i * 100 + k, assigneeId: m.userId, estimateHours: 40, dueDate: k % 2 ? '9999-12-31' : '0001-01-01' })));
    const meter = { days: 0 };
    const loads = computeLoad(base({ members, tasks }), meter);
    expect(meter.days).toBe(200 * 2 * 7);
    // Ten tasks overdue since year 1 land today (400 h); ten due in 9999 add a sliver.
    expect(loads[0]!.weeks[0]!.plannedHours).toBeCloseTo(400, 0);
    expect(loads[0]!.weeks[0]!.availableHours).toBe(32);
  });
});
