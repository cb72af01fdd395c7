/**
 * The milestone forecast's cost, pure (no database): `npx tsx bench/forecast.ts`.
 * A team of 50 with 20 open tasks each (1,000), 10 milestones sharing them, and a worst case:
 * work that never finishes, so every assignee is simulated for the full two-year horizon.
 */
import { performance } from 'node:perf_hooks';
import { forecastMilestone, workingCalendar, type PlanTask } from '../src/milestones/milestones.models.ts';

const weekdays = [1, 2, 3, 4, 5];
const members = Array.from({ length: 50 }, (_, i) => ({ userId: `U${i}`, capacityHours: 32 + (i % 3) * 4 }));
const away = new Map(members.filter((_, i) => i % 5 === 0).map((m) => [m.userId, new Set(Array.from({ length: 10 }, (_, d) => `2027-01-${String(4 + d).padStart(2, '0')}`))]));
const isWorking = workingCalendar(weekdays, away);

function tasks(hours: (i: number) => number): PlanTask[] {
  return Array.from({ length: 1000 }, (_, i) => ({ id: i + 1, title: `t${i}`, assigneeId: `U${i % 50}`, estimateHours: i % 7 === 0 ? null : hours(i), dueDate: i % 4 === 0 ? `2027-0${1 + (i % 6)}-15` : null, milestoneId: i % 3 === 0 ? 1 + (i % 10) : null }));
}

function run(label: string, open: PlanTask[], rounds: number) {
  let days = 0;
  const t0 = performance.now();
  for (let r = 0; r < rounds; r++) {
    for (let m = 1; m <= 10; m++) {
      const meter = { days: 0 };
      forecastMilestone({ today: '2026-12-01', milestone: { id: m, name: `M${m}`, targetDate: '2027-03-31', budgetHours: 500 }, workingDays: weekdays, isWorking, defaultEstimateHours: 4, members, openTasks: open, doneTasks: [] }, meter);
      days += meter.days;
    }
  }
  const ms = (performance.now() - t0) / rounds;
  console.log(`| ${label} | ${ms.toFixed(1)} | ${(ms / 10).toFixed(2)} | ${Math.round(days / rounds / 10)} |`);
}

console.log('| case | 10 milestones (ms) | per milestone (ms) | person-days simulated per milestone |');
console.log('|---|---|---|---|');
run('50 people, 1,000 tasks of 2–9 h', tasks((i) => 2 + (i % 8)), 20);
run('worst case: 1,000 tasks of 200 h (never finishes)', tasks(() => 200), 5);
