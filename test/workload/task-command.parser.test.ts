import { describe, expect, it } from 'vitest';
import { parseTaskCommand } from '../../src/workload/task-command.parser.ts';
import { parseWorkloadCommand } from '../../src/workload/workload-command.parser.ts';

const p = (t: string) => parseTaskCommand(t, { dayHours: 8, today: '2026-12-01' });

describe('parseTaskCommand', () => {
  it.each([
    ['', { kind: 'modal' }],
    ['help', { kind: 'help' }],
    ['add Write the release notes', { kind: 'add', title: 'Write the release notes' }],
    ['add Write the release notes <@UANA|ana> 3h due 2026-12-04', { kind: 'add', title: 'Write the release notes', assigneeId: 'UANA', estimateMinutes: 180, dueDate: '2026-12-04' }],
    ['add Release due 2026-12-04 2d <@UANA>', { kind: 'add', title: 'Release', assigneeId: 'UANA', estimateMinutes: 960, dueDate: '2026-12-04' }],
    ['add Fix the 2d grid due to the resize 30m', { kind: 'add', title: 'Fix the 2d grid due to the resize', estimateMinutes: 30 }],
    ['add Tidy 1.5h', { kind: 'add', title: 'Tidy', estimateMinutes: 90 }],
    ['list', { kind: 'list' }],
    ['list <@UANA>', { kind: 'list', userId: 'UANA' }],
    ['done 12', { kind: 'done', id: 12 }],
    ['start #12', { kind: 'start', id: 12 }],
    ['assign 12 <@UBO|bo>', { kind: 'assign', id: 12, userId: 'UBO' }],
    ['estimate 12 4h', { kind: 'estimate', id: 12, minutes: 240 }],
  ])('%j', (text, expected) => {
    expect(p(text)).toEqual(expected);
  });

  it.each([
    ['add Deploy -3h', /not a positive estimate/],
    ['add Deploy 0h', /not a positive estimate/],
    ['add Deploy 999d', /more than 200 hours/],
    ['add Deploy due 2026-02-30', /not a date on the calendar/],
    ['add Deploy due 2025-01-01', /in the past/],
    ['add Deploy due tomorrow', /due YYYY-MM-DD/],
    ['add', /Give the task a title/],
    ['add <@UANA>', /Give the task a title/],
    ['add Deploy <@UANA> <@UBO>', /one assignee/],
    ['done', /task number/],
    ['done twelve', /task number/],
    ['assign 12', /task number and the person/],
    ['estimate 12 lots', /remaining estimate/],
    ['estimate 12 -2h', /not a positive estimate/],
    ['frobnicate', /I don't know `\/task frobnicate`/],
    [`add ${'x'.repeat(201)}`, /under 200 characters/],
  ])('%j is an error with an example', (text, pattern) => {
    const r = p(text);
    expect(r.kind).toBe('error');
    if (r.kind === 'error') {
      expect(r.message).toMatch(pattern);
      expect(r.message).toMatch(/Example: `/);
    }
  });
});

describe('a task with an estimate and no title', () => {
  // Found by the property test: "add 1e309m" was stored as a task titled "1e309m".
  it.each(['add 4h', 'add 1e309m', 'add 2d <@UANA>', 'add ３h'])('%j asks for a title before the estimate', (text) => {
    const r = parseTaskCommand(text, { dayHours: 8, today: '2026-12-01' });
    expect(r.kind).toBe('error');
    expect(r.kind === 'error' && r.message).toMatch(/^Give the task a title before its estimate\. Example: /);
  });
});

describe('parseWorkloadCommand', () => {
  it.each([
    ['', { kind: 'team' }],
    ['help', { kind: 'help' }],
    ['<@UANA|ana>', { kind: 'person', userId: 'UANA' }],
    ['capacity <@UANA> 32h', { kind: 'capacity', userId: 'UANA', hours: 32 }],
    ['capacity <@UANA> 0', { kind: 'capacity', userId: 'UANA', hours: 0 }],
    ['capacity 36h', { kind: 'teamCapacity', hours: 36 }],
    ['capacity team 30', { kind: 'teamCapacity', hours: 30 }],
    ['CAPACITY default 80h', { kind: 'teamCapacity', hours: 80 }],
    ['unestimated 6h', { kind: 'defaultEstimate', hours: 6 }],
    ['default-estimate 2', { kind: 'defaultEstimate', hours: 2 }],
  ])('%j', (text, expected) => {
    expect(parseWorkloadCommand(text)).toEqual(expected);
  });

  it.each([['capacity <@UANA> 99h'], ['capacity ana 32h'], ['capacity <@UANA>'], ['everyone please'], ['capacity 0h'], ['capacity 81h'], ['capacity team'], ['unestimated'], ['unestimated 0h'], ['unestimated 41h'], ['unestimated 2d'], ['unestimated 4h please']])('%j is an error with an example', (text) => {
    const r = parseWorkloadCommand(text);
    expect(r.kind).toBe('error');
    if (r.kind === 'error') expect(r.message).toMatch(/Example: `\/workload/);
  });
});

describe('/task add … for MILESTONE', () => {
  const opts = { dayHours: 8, today: '2026-12-01' };
  it.each([
    ['add Build the API @x for Beta', { title: 'Build the API', milestone: { name: 'Beta' }, titleWithFor: 'Build the API for Beta' }],
    ['add Build the API for "Public beta" 4h', { title: 'Build the API', milestone: { name: 'Public beta' }, estimateMinutes: 240 }],
    ['add Build the API for 3', { title: 'Build the API', milestone: { id: 3 } }],
    ['add Load tests for payments 12h', { title: 'Load tests', milestone: { name: 'payments' }, titleWithFor: 'Load tests for payments', estimateMinutes: 720 }],
    ['add for Beta', { title: 'for Beta' }],
  ])('%s', (text, expected) => {
    const r = parseTaskCommand(text.replace('@x', ''), opts);
    expect(r).toMatchObject({ kind: 'add', ...expected });
    if (!('milestone' in expected)) expect(r).not.toHaveProperty('milestone');
  });

  it('/task milestone ID NAME | none', () => {
    expect(parseTaskCommand('milestone 12 Public beta', opts)).toEqual({ kind: 'milestone', id: 12, milestone: { name: 'Public beta' } });
    expect(parseTaskCommand('milestone 12 none', opts)).toEqual({ kind: 'milestone', id: 12, milestone: null });
    expect(parseTaskCommand('milestone 12', opts)).toMatchObject({ kind: 'error', message: expect.stringMatching(/Example: `\/task milestone 12 Beta`/) });
  });
});
