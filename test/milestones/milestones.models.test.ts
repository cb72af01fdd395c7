import { describe, expect, it } from 'vitest';
import { forecastMilestone, maxForecastDays, statusOf, burnUp, worsened, needingAttention, workingCalendar, type ForecastInput, type PlanTask } from '../../src/milestones/milestones.models.ts';
import type { LocalDate } from '../../src/shared/time.ts';

const today = '2026-12-01'; // Tuesday
const weekdays = [1, 2, 3, 4, 5];
const days = (from: LocalDate, to: LocalDate) => {
  const out = new Set<LocalDate>();
  for (let d = new Date(`${from}T00:00:00Z`); d <= new Date(`${to}T00:00:00Z`); d.setUTCDate(d.getUTCDate() + 1)) out.add(d.toISOString().slice(0, 10));
  return out;
};
const ms = (target: LocalDate, budgetHours: number | null = null) => ({ id: 1, name: 'Beta', targetDate: target, budgetHours });
let nextId = 1;
const t = (assigneeId: string, estimateHours: number | null, opts: Partial<PlanTask> = {}): PlanTask => ({ id: nextId++, title: `task ${nextId}`, assigneeId, estimateHours, dueDate: null, milestoneId: 1, ...opts });

function input(p: Partial<ForecastInput> & { target?: LocalDate; away?: Record<string, Set<LocalDate>> }): ForecastInput {
  return {
    today,
    milestone: ms(p.target ?? '2026-12-18'),
    workingDays: weekdays,
    isWorking: workingCalendar(weekdays, new Map(Object.entries(p.away ?? {}))),
    defaultEstimateHours: 4,
    members: [{ userId: 'UANA', capacityHours: 40 }, { userId: 'UBO', capacityHours: 20 }],
    openTasks: [],
    doneTasks: [],
    ...p,
  };
}

describe('the delivery forecast on hand-built calendars', () => {
  it('a full-time person: 32 h over four 8-hour days, finishing Friday, well before the target', () => {
    const f = forecastMilestone(input({ openTasks: [t('UANA', 32)] }));
    expect(f).toMatchObject({ finish: '2026-12-04', status: 'on-track', uncertain: false, remainingHours: 32, daysLate: -14 });
    expect(f.assignees[0]).toMatchObject({ userId: 'UANA', remainingHours: 32, finish: '2026-12-04' });
  });

  it('capacity: half time (20 h a week) takes twice as many working days, skipping the weekend', () => {
    const f = forecastMilestone(input({ openTasks: [t('UBO', 32)] }));
    expect(f.finish).toBe('2026-12-10');
  });

  it('an away week pushes the finish past it; a tight target turns it at risk, an earlier one late', () => {
    const away = { UANA: days('2026-12-02', '2026-12-08') };
    expect(forecastMilestone(input({ away, openTasks: [t('UANA', 32)] }))).toMatchObject({ finish: '2026-12-11', status: 'on-track' });
    // Finish Fri 11, target Mon 14: one working day to spare, fewer than the margin of two.
    expect(forecastMilestone(input({ away, target: '2026-12-14', openTasks: [t('UANA', 32)] }))).toMatchObject({ finish: '2026-12-11', status: 'at-risk' });
    expect(forecastMilestone(input({ away, target: '2026-12-10', openTasks: [t('UANA', 32)] }))).toMatchObject({ finish: '2026-12-11', status: 'late', daysLate: 1 });
  });

  it('holidays come through the "is working" function: one more day off, one day later', () => {
    const holiday = '2026-12-03';
    const base = workingCalendar(weekdays, new Map());
    const f = forecastMilestone(input({ isWorking: (u, d) => d !== holiday && base(u, d), openTasks: [t('UANA', 32)] }));
    expect(f.finish).toBe('2026-12-07');
  });

  it('competing work due earlier goes first; work due after the target waits', () => {
    const early = t('UANA', 16, { milestoneId: null, dueDate: '2026-12-02' });
    const late = t('UANA', 40, { milestoneId: null, dueDate: '2026-12-31' });
    const f = forecastMilestone(input({ target: '2026-12-14', openTasks: [late, t('UANA', 32), early] }));
    // Tue+Wed on the early task, then Thu, Fri, Mon, Tue on the milestone.
    expect(f.finish).toBe('2026-12-08');
    // 10 working days to the target (80 h), 16 of them taken: 64 h over 14 days = 32 h a week.
    expect(f.assignees[0]!.freeHoursPerWeek).toBe(32);
    expect(f.status).toBe('on-track');
  });

  it('the finish is the last assignee’s, and the reason names them first', () => {
    const f = forecastMilestone(input({ openTasks: [t('UANA', 8), t('UBO', 32)] }));
    expect(f.finish).toBe('2026-12-10');
    expect(f.assignees.map((a) => a.userId)).toEqual(['UBO', 'UANA']);
  });

  it('unestimated work counts with the team default and makes the forecast uncertain: at risk however early', () => {
    const f = forecastMilestone(input({ openTasks: [t('UANA', 8), t('UANA', null)] }));
    expect(f).toMatchObject({ remainingHours: 12, uncertain: true, status: 'at-risk', finish: '2026-12-02' });
    expect(f.unestimated).toHaveLength(1);
  });

  it('work on someone with no capacity (not on the team) never finishes: late, with no date', () => {
    const f = forecastMilestone(input({ openTasks: [t('UEVE', 4)] }));
    expect(f).toMatchObject({ finish: null, status: 'late', daysLate: null });
    expect(f.assignees[0]).toMatchObject({ userId: 'UEVE', member: false, finish: null });
  });

  it('is bounded: a finish beyond two years is not simulated further', () => {
    const meter = { days: 0 };
    const f = forecastMilestone(input({ members: [{ userId: 'UANA', capacityHours: 1 }], openTasks: [t('UANA', 200), t('UANA', 200), t('UANA', 200)] }), meter);
    expect(f.finish).toBeNull();
    expect(f.status).toBe('late');
    expect(meter.days).toBeLessThanOrEqual(maxForecastDays);
  });

  it('names teammates with room until the target', () => {
    const f = forecastMilestone(input({ openTasks: [t('UANA', 60)], target: '2026-12-07' }));
    // Bo: 20 h a week, nothing else to do; five working days in the seven to the target.
    expect(f.room).toEqual([{ userId: 'UBO', freeHoursPerWeek: 20 }]);
    expect(f.status).toBe('late');
  });

  it('budget: done plus remaining against the budget; burn-up by week', () => {
    const f = forecastMilestone(input({ milestone: ms('2026-12-18', 40), openTasks: [t('UANA', 32)], doneTasks: [{ hours: 6, doneDate: '2026-11-24' }, { hours: 4, doneDate: '2026-11-30' }] }));
    expect(f).toMatchObject({ doneHours: 10, plannedHours: 42, budgetHours: 40, budgetPct: 105 });
    expect(f.burnUp).toEqual([{ week: '2026-11-23', doneHours: 6 }, { week: '2026-11-30', doneHours: 10 }]);
  });

  it('nothing left to do is on track', () => {
    expect(forecastMilestone(input({ openTasks: [t('UANA', 8, { milestoneId: 2 })] }))).toMatchObject({ status: 'on-track', openTasks: 0, finish: null });
  });
});

describe('status thresholds', () => {
  const s = (finish: LocalDate | null, target: LocalDate, uncertain = false) => statusOf({ openTasks: 1, finish, target, uncertain, margin: 2, workingDays: weekdays });
  it.each([
    ['2026-12-04', '2026-12-09', false, 'on-track'], // Mon 7, Tue 8, Wed 9 to spare
    ['2026-12-04', '2026-12-08', false, 'on-track'], // two to spare: the margin exactly
    ['2026-12-04', '2026-12-07', false, 'at-risk'], // one to spare
    ['2026-12-04', '2026-12-06', false, 'at-risk'], // finish Friday, target Sunday: none to spare
    ['2026-12-04', '2026-12-04', false, 'at-risk'],
    ['2026-12-05', '2026-12-04', false, 'late'],
    ['2026-12-01', '2026-12-31', true, 'at-risk'],
    [null, '2026-12-31', false, 'late'],
  ] as const)('finish %s, target %s, uncertain %s → %s', (finish, target, uncertain, expected) => {
    expect(s(finish, target, uncertain)).toBe(expected);
  });

  it('worsening is on track → at risk → late; a first verdict counts from on track', () => {
    expect(worsened(null, 'on-track')).toBe(false);
    expect(worsened(null, 'at-risk')).toBe(true);
    expect(worsened('at-risk', 'late')).toBe(true);
    expect(worsened('late', 'at-risk')).toBe(false);
    expect(worsened('at-risk', 'at-risk')).toBe(false);
  });

  it('milestones needing attention: late first, then soonest target', () => {
    const base = forecastMilestone(input({ openTasks: [] }));
    const list = [
      { ...base, milestoneId: 1, status: 'at-risk' as const, target: '2026-12-20' },
      { ...base, milestoneId: 2, status: 'on-track' as const },
      { ...base, milestoneId: 3, status: 'late' as const, target: '2027-01-20' },
      { ...base, milestoneId: 4, status: 'at-risk' as const, target: '2026-12-10' },
    ];
    expect(needingAttention(list).map((f) => f.milestoneId)).toEqual([3, 4, 1]);
  });

  it('burn-up keeps the last eight weeks, cumulative', () => {
    const done = Array.from({ length: 10 }, (_, i) => ({ hours: 1, doneDate: `2026-${String(9 + Math.floor(i / 4)).padStart(2, '0')}-${String(1 + (i % 4) * 7).padStart(2, '0')}` }));
    const b = burnUp(done);
    expect(b).toHaveLength(8);
    expect(b.at(-1)!.doneHours).toBe(10);
  });
});
