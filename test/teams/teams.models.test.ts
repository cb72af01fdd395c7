import { describe, expect, it } from 'vitest';
import { checkSchedule, type ScheduleChange } from '../../src/teams/teams.models.ts';

/** Prompts come before the deadline, and so does a reminder: a change that breaks it is refused, with what it collides with. */
describe('checkSchedule', () => {
  const team = { promptTime: '09:30', deadlineTime: '13:00' };

  it.each([
    [{ kind: 'schedule', time: '13:00' }, { code: 'schedule.prompt_not_before_deadline', deadlineTime: '13:00' }],
    [{ kind: 'schedule', time: '14:15' }, { code: 'schedule.prompt_not_before_deadline', deadlineTime: '13:00' }],
    [{ kind: 'deadline', time: '09:30' }, { code: 'schedule.deadline_not_after_prompt', promptTime: '09:30' }],
    [{ kind: 'deadline', time: '08:00' }, { code: 'schedule.deadline_not_after_prompt', promptTime: '09:30' }],
    [{ kind: 'reminder', minutes: 210 }, { code: 'schedule.reminder_after_deadline', minutes: 210, promptTime: '09:30', deadlineTime: '13:00' }],
    [{ kind: 'reminder', minutes: 240 }, { code: 'schedule.reminder_after_deadline', minutes: 240, promptTime: '09:30', deadlineTime: '13:00' }],
  ] as const)('refuses %j', (change, refusal) => {
    expect(checkSchedule(team, change)).toEqual(refusal);
  });

  it.each<ScheduleChange>([
    { kind: 'schedule', time: '12:59' },
    { kind: 'schedule', time: '08:00', days: [1, 3] },
    { kind: 'deadline', time: '09:31' },
    { kind: 'reminder', minutes: 209 },
    { kind: 'reminder', minutes: null },
    { kind: 'timezone', mode: 'pinned', zone: 'Asia/Tokyo' },
    { kind: 'timezone', mode: 'member' },
  ])('allows %j', (change) => {
    expect(checkSchedule(team, change)).toBeUndefined();
  });
});
