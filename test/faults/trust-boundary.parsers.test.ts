import { describe, expect, it } from 'vitest';
import { parseBlockerCommand } from '../../src/blockers/blocker-command.parser.ts';
import { parseDigestCommand } from '../../src/digests/digest-command.parser.ts';
import { parseStandupCommand } from '../../src/standups/standup-command.parser.ts';
import { parseSetup, type SetupInput } from '../../src/teams/setup.models.ts';
import { parseTaskCommand } from '../../src/workload/task-command.parser.ts';
import { parseWorkloadCommand } from '../../src/workload/workload-command.parser.ts';

/** Issue 10: strict parsing at the edge. Each case here was once stored, misread, or an apology. */
const today = '2026-12-01';
const task = (text: string) => parseTaskCommand(text, { dayHours: 8, today });
const standup = (text: string) => parseStandupCommand(text, today);
const errorOf = (r: { kind: string; message?: string }) => {
  expect(r.kind).toBe('error');
  return r.message!;
};

describe('dates more than two years out (or a year back) are refused at the edge', () => {
  it.each([
    ['add Due far <@UALICE|alice> 1h due 9999-12-31', /9999-12-31 is more than two years ahead; pick a day before 2028-12-01\. Example: `\/task add/],
    ['add Next decade due 2036-01-01', /more than two years ahead/],
    ['add Typo year due 2206-12-04', /more than two years ahead/],
  ])('/task %s', (text, message) => {
    expect(errorOf(task(text))).toMatch(message);
  });

  it('a due date just inside the window is fine', () => {
    expect(task('add Plan 2028 due 2028-11-30')).toMatchObject({ kind: 'add', dueDate: '2028-11-30' });
  });

  it.each([
    ['away 2026-12-21 9999-12-31', /limited to a year/],
    ['away 9999-12-01 9999-12-31', /9999-12-01 is more than two years ahead/],
    ['away 2029-01-01', /more than two years ahead/],
    ['away 0001-01-01 2026-12-05', /limited to a year/],
  ])('/standup %s', (text, message) => {
    expect(errorOf(standup(text))).toMatch(message);
    expect(errorOf(standup(text))).toMatch(/Example: `\/standup away/);
  });
});

describe('NUL, control characters and lone surrogates', () => {
  it('are dropped (NUL, C0) or replaced (lone surrogate) before anything is stored', () => {
    expect(task('add Fix\u0000 the\u0007 build\ud800 2h')).toEqual({ kind: 'add', title: 'Fix the build\ufffd', estimateMinutes: 120 });
    expect(parseBlockerCommand('CI\u0000 is red \udc00')).toEqual({ kind: 'raise', text: 'CI is red \ufffd' });
    expect(standup('question add Any\u0000 risks?\u001b')).toEqual({ kind: 'question', op: 'add', text: 'Any risks?' });
    expect(standup('question edit 2 What\u0000 next?')).toEqual({ kind: 'question', op: 'edit', n: 2, text: 'What next?' });
    expect(parseDigestCommand('preview\u0000')).toEqual({ kind: 'preview' });
    expect(parseWorkloadCommand('capacity\u0000 <@UANA> 32h')).toEqual({ kind: 'capacity', userId: 'UANA', hours: 32 });
  });

  it('text that is nothing but control characters is empty, and says so', () => {
    expect(errorOf(parseBlockerCommand('\u0000\u0001'))).toMatch(/Say what is blocking you/);
    expect(errorOf(task('add \u0000'))).toMatch(/Give the task a title/);
    expect(errorOf(standup('question add \u0000'))).toMatch(/Give the question/);
  });

  it('also in the setup form’s questions and zone', () => {
    const blocks = Object.fromEntries(['members', 'managers', 'questionsText', 'doneQuestion', 'planQuestion', 'blockersQuestion', 'days', 'promptTime', 'tzMode', 'timezone', 'deadline', 'reminder', 'stakeholderChannel', 'capacity', 'threshold', 'overload', 'dayHours', 'defaultEstimate'].map((k) => [k, `b_${k}`])) as Record<keyof SetupInput, string>;
    const input: SetupInput = {
      members: ['UANA'], managers: ['UMGR'], questionsText: 'Done?\u0000\nPlan?\ud83d\nBlockers?', doneQuestion: '1', planQuestion: '2', blockersQuestion: '3',
      days: ['1', '2'], promptTime: '09:30', tzMode: 'member', timezone: 'Europe/Berlin\u0000', deadline: '13:00', reminder: 'none', stakeholderChannel: undefined,
      capacity: '40', threshold: '2', overload: '100', dayHours: '8', defaultEstimate: '4',
    };
    const r = parseSetup(input, blocks);
    expect(r.ok && r.settings.questions.map((q) => q.text)).toEqual(['Done?', 'Plan?\ufffd', 'Blockers?']);
    expect(r.ok && r.settings.timezone).toBe('Europe/Berlin');
    const crowd = parseSetup({ ...input, members: Array.from({ length: 101 }, (_, i) => `U${i}`) }, blocks);
    expect(crowd).toEqual({ ok: false, errors: { b_members: 'At most 100 people in one standup; you picked 101.' } });
  });
});

describe('an estimate-looking token that is not an estimate is an error, never title text', () => {
  it.each(['1e309h', 'NaNh', 'Infinityh', '-Infinityh', '0x10h', '1_000h', '1,000h', '٣h', '３h', '+2h', '.5h', '1.5.5h'])('/task add Deploy %s', (token) => {
    expect(errorOf(task(`add Deploy ${token}`))).toMatch(/is not an estimate I can read.*Example: `4h`/);
    expect(errorOf(task(`add Deploy ${token} <@UANA>`))).toMatch(/is not an estimate I can read/);
    expect(errorOf(task(`add Deploy ${token} 4h`))).toMatch(/is not an estimate I can read/);
    expect(errorOf(task(`estimate 12 ${token}`))).toMatch(/is not an estimate I can read/);
  });

  it('words that merely end like a unit stay in the title', () => {
    expect(task('add Plan the 4th 2h')).toMatchObject({ title: 'Plan the 4th', estimateMinutes: 120 });
    expect(task('add Celebrate the 3rd')).toMatchObject({ title: 'Celebrate the 3rd' });
    expect(task('add Render 3d 4h')).toMatchObject({ title: 'Render 3d', estimateMinutes: 240 });
    expect(task('add Write docs 3hours')).toMatchObject({ title: 'Write docs', estimateMinutes: 180 });
  });

  it.each([
    ['capacity <@UANA> 1e309h', /weekly hours/],
    ['capacity <@UANA> ３２h', /weekly hours/],
    ['capacity <@UANA> NaNh', /weekly hours/],
    ['capacity 1e309h', /default weekly hours/],
    ['capacity ٣٢', /default weekly hours/],
    ['threshold 1e3', /utilisation above which/],
    ['threshold ١١٠', /utilisation above which/],
    ['threshold Infinity', /utilisation above which/],
    ['dayhours 0x8', /hours in a working day/],
    ['dayhours ８', /hours in a working day/],
    ['unestimated 4e0h', /nobody estimated/],
    ['unestimated 4 5', /nobody estimated/],
  ])('/workload %s', (text, message) => {
    expect(errorOf(parseWorkloadCommand(text))).toMatch(message);
  });

  it.each(['reminder 1e3m', 'reminder ٩٠m', 'reminder Infinityh', 'reminder 0x10h', 'reminder 90m 2h', 'deadline １２:００', 'schedule ０９:30', 'question remove ٣', 'question move 1 ２'])('/standup %s', (text) => {
    expect(standup(text).kind).toBe('error');
  });

  it.each(['threshold 1e1', 'threshold ３', 'threshold 3 days'])('/blocker %s', (text) => {
    expect(errorOf(parseBlockerCommand(text))).toMatch(/working days \(1–30\)/);
  });
});

describe('ids are ASCII digits within a Postgres integer', () => {
  it.each([
    ['resolve 2147483648', /There is no blocker #2147483648/],
    ['resolve 99999999999999999999', /There is no blocker #999999999999…/],
    ['resolve 0', /There is no blocker #0/],
  ])('/blocker %s → "no blocker"', (text, message) => {
    expect(errorOf(parseBlockerCommand(text))).toMatch(message);
  });
  it('/blocker resolve 2147483647 is still a number to look up', () => {
    expect(parseBlockerCommand('resolve 2147483647')).toEqual({ kind: 'resolve', id: 2147483647 });
  });
  it.each(['done 2147483648', 'start 2147483648', 'assign 2147483648 <@UANA>', 'estimate 2147483648 4h', 'done 99999999999'])('/task %s → "no task"', (text) => {
    expect(errorOf(task(text))).toMatch(/There is no task #\d+.*`\/task list`/);
  });
  it.each(['done ٣', 'done ３', 'done 0x1', 'done 1e3', 'start 1.0', 'assign 1_2 <@UANA>'])('/task %s → usage', (text) => {
    expect(errorOf(task(text))).toMatch(/Example: `\/task/);
  });
  it('/standup away cancel 2147483648 → no such period', () => {
    expect(errorOf(standup('away cancel 2147483648'))).toMatch(/You have no time off numbered 2147483648/);
    expect(standup('away cancel 2147483647')).toEqual({ kind: 'away', op: 'cancel', id: 2147483647 });
  });
});

describe('a subcommand with the wrong arguments gets usage, never a side effect', () => {
  it.each([
    ['list <@UA> <@UB>', /`\/blocker list` shows/],
    ['list @a @b', /`\/blocker list` shows/],
    ['list foo', /`\/blocker list` shows/],
    ['list <@UA> soon', /`\/blocker list` shows/],
    ['resolve abc', /Give one blocker number/],
    ['resolve 12 13', /Give one blocker number/],
    ['resolve #12 please', /Give one blocker number/],
    ['resolve ٣', /Give one blocker number/],
  ])('/blocker %s', (text, message) => {
    expect(errorOf(parseBlockerCommand(text))).toMatch(message);
  });

  it('but a blocker that starts with such a word is still a blocker', () => {
    expect(parseBlockerCommand('list of servers is down')).toEqual({ kind: 'raise', text: 'list of servers is down' });
    expect(parseBlockerCommand('resolve the DNS issue first')).toEqual({ kind: 'raise', text: 'resolve the DNS issue first' });
    expect(parseBlockerCommand('threshold alarms fire all night')).toEqual({ kind: 'raise', text: 'threshold alarms fire all night' });
  });

  it.each(['done 1 2', 'start 1 2', 'assign 1', 'assign 1 <@UA> <@UB>', 'estimate 1', 'estimate 1 2h 3h', 'list <@UA> <@UB>', 'list foo'])('/task %s', (text) => {
    expect(task(text).kind).toBe('error');
  });
});

describe('lists that drive work are capped', () => {
  const mentions = (n: number) => Array.from({ length: n }, (_, i) => `<@U${String(i).padStart(4, '0')}>`).join(' ');
  it('at most 50 people in one command', () => {
    expect(standup(`members add ${mentions(50)}`)).toMatchObject({ kind: 'members', op: 'add' });
    expect(errorOf(standup(`members add ${mentions(300)}`))).toMatch(/That names 300 people; one command takes at most 50\. Add them in batches\. Example: `\/standup members add/);
    expect(errorOf(standup(`managers add ${mentions(51)}`))).toMatch(/at most 50/);
    expect(errorOf(standup(`members remove ${mentions(51)}`))).toMatch(/at most 50/);
  });
  it('the same person named twice counts once', () => {
    expect(standup(`members add ${Array(80).fill('<@UANA>').join(' ')}`)).toEqual({ kind: 'members', op: 'add', userIds: ['UANA'] });
  });
  it('titles, questions and blockers have a length', () => {
    expect(errorOf(task(`add ${'x'.repeat(201)}`))).toMatch(/under 200 characters/);
    expect(errorOf(standup(`question add ${'q'.repeat(301)}`))).toMatch(/under 300 characters/);
    expect(errorOf(parseBlockerCommand('b'.repeat(10_000)))).toMatch(/keep a blocker under 1500/);
  });
});
