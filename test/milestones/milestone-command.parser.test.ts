import { describe, expect, it } from 'vitest';
import { parseMilestoneCommand } from '../../src/milestones/milestone-command.parser.ts';
import { parseRiskCommand } from '../../src/risks/risk-command.parser.ts';

const opts = { today: '2026-12-01', dayHours: 8 };
const m = (text: string) => parseMilestoneCommand(text, opts);

describe('/milestone parser', () => {
  it.each([
    ['add "Beta" 2027-02-15 budget 120h', { kind: 'add', name: 'Beta', targetDate: '2027-02-15', budgetMinutes: 7200 }],
    ['add “Public beta” 2027-02-15', { kind: 'add', name: 'Public beta', targetDate: '2027-02-15' }],
    ['add Public beta 2027-02-15 budget 15d', { kind: 'add', name: 'Public beta', targetDate: '2027-02-15', budgetMinutes: 15 * 8 * 60 }],
    ['', { kind: 'list' }],
    ['list', { kind: 'list' }],
    ['3', { kind: 'show', ref: { id: 3 } }],
    ['Beta', { kind: 'show', ref: { name: 'Beta' } }],
    ['done 3', { kind: 'done', ref: { id: 3 } }],
    ['move 3 2027-03-01', { kind: 'move', ref: { id: 3 }, targetDate: '2027-03-01' }],
    ['budget 3 off', { kind: 'budget', ref: { id: 3 }, budgetMinutes: null }],
    ['help', { kind: 'help' }],
  ])('%s', (text, expected) => {
    expect(m(text)).toEqual(expected);
  });

  it.each([
    ['add "Beta" 2026-11-30', /2026-11-30 is in the past.*Example/],
    ['add "Beta" 2027-02-30', /not a date on the calendar/],
    ['add "Beta" 2031-01-01', /more than two years ahead/],
    ['add "Beta" 2027-02-15 budget -3h', /positive number of hours.*Example/],
    ['add "Beta" 2027-02-15 budget 0h', /positive number of hours/],
    ['add "Beta" 2027-02-15 budget lots', /not a budget I can read/],
    ['add "<!channel> launch" 2027-02-15', /plain text: no mentions/],
    ['add "<@U123>" 2027-02-15', /plain text: no mentions/],
    ['add "" 2027-02-15', /Give the milestone a name/],
    ['add "12" 2027-02-15', /only a number/],
    [`add "${'x'.repeat(81)}" 2027-02-15`, /under 80 characters/],
    ['add Beta', /name and a target date/],
    ['add "Beta" 2027-02-15 owner me', /only `budget 120h` may follow/],
    ['move 3 2026-01-01', /in the past/],
    ['move 3', /its new target date/],
    ['done', /Give the milestone/],
    ['done 99999999999', /There is no milestone #99999999999/],
    ['list everything', /takes nothing more/],
  ])('%s is refused with an example', (text, expected) => {
    const r = m(text);
    expect(r.kind).toBe('error');
    expect((r as { message: string }).message).toMatch(expected);
  });
});

describe('/risk parser', () => {
  it.each([
    [
      'add Vendor API may slip likelihood 3 impact 5 owner <@UANA|ana> mitigation weekly call, impact reviewed',
      { kind: 'add', text: 'Vendor API may slip', likelihood: 3, impact: 5, ownerId: 'UANA', mitigation: 'weekly call, impact reviewed' },
    ],
    ['add Key person leaves impact 4 likelihood 2 milestone Beta', { kind: 'add', text: 'Key person leaves', likelihood: 2, impact: 4, milestone: { name: 'Beta' } }],
    ['list', { kind: 'list', all: false }],
    ['list all', { kind: 'list', all: true }],
    ['update 4 likelihood 1 owner none', { kind: 'update', id: 4, fields: { likelihood: 1, ownerId: null } }],
    ['update 4 milestone 2', { kind: 'update', id: 4, fields: { milestone: { id: 2 } } }],
    ['update 4 mitigation none', { kind: 'update', id: 4, fields: { mitigation: null } }],
    ['close 4', { kind: 'close', id: 4 }],
  ])('%s', (text, expected) => {
    expect(parseRiskCommand(text)).toEqual(expected);
  });

  it.each([
    ['add Vendor slips likelihood 7 impact 3', /Likelihood is a whole number from 1 \(rare\) to 5 \(almost certain\), not “7”.*Example/],
    ['add Vendor slips likelihood 3 impact 0', /Impact is a whole number from 1/],
    ['add Vendor slips likelihood 2.5 impact 3', /not “2.5”/],
    ['add Vendor slips likelihood 3', /both likelihood and impact/],
    ['add Vendor slips', /likelihood and impact, each 1–5/],
    ['add likelihood 3 impact 3', /Describe the risk first/],
    ['add Vendor slips likelihood 3 impact 3 owner ana', /owner as a mention/],
    ['add Vendor slips likelihood 3 impact 3 mitigation', /Write the mitigation/],
    ['add Vendor slips likelihood 3 impact 3 banana', /can't read “banana”/],
    ['update 4', /Say what changes/],
    ['update x likelihood 2', /risk number/],
    ['close', /risk number/],
    ['frobnicate', /I don't know `\/risk frobnicate`/],
  ])('%s is refused with an example', (text, expected) => {
    const r = parseRiskCommand(text);
    expect(r.kind).toBe('error');
    expect((r as { message: string }).message).toMatch(expected);
  });
});
