import { describe, expect, it } from 'vitest';
import { readSetupState, setupBlockIds, setupModal } from '../../src/slack/blocks/setup.blocks.ts';
import { parseSetup, type SetupInput } from '../../src/teams/setup.models.ts';
import { parseStandupCommand } from '../../src/standups/standup-command.parser.ts';

const input: SetupInput = {
  members: ['UANA'], managers: ['UMGR'], questionsText: 'Done?\nPlan?\nBlockers?', doneQuestion: '1', planQuestion: '2', blockersQuestion: '3',
  days: ['1', '2', '3', '4', '5'], promptTime: '09:30', tzMode: 'member', timezone: 'Europe/Berlin', deadline: '13:00', reminder: 'none', stakeholderChannel: undefined,
  capacity: '40', threshold: '2', overload: '100', dayHours: '8', defaultEstimate: '4',
};

describe('the team holiday region in the setup form', () => {
  it('is checked against the holiday library; empty clears it; a form without the field leaves it', () => {
    expect(parseSetup({ ...input, holidayRegion: 'de-by' }, setupBlockIds)).toMatchObject({ ok: true, settings: { holidayRegion: 'DE-BY' } });
    expect(parseSetup({ ...input, holidayRegion: '  ' }, setupBlockIds)).toMatchObject({ ok: true, settings: { holidayRegion: null } });
    const kept = parseSetup(input, setupBlockIds);
    expect(kept.ok && 'holidayRegion' in kept.settings).toBe(false);
    expect(parseSetup({ ...input, holidayRegion: 'Bavaria' }, setupBlockIds)).toEqual({ ok: false, errors: { holiday_region: expect.stringMatching(/not a region.*Example: DE-BY/) } });
  });

  it('is shown pre-filled and read back', () => {
    const modal = setupModal({ teamName: 'T', channelId: 'C1', participants: ['UANA'], managers: ['UMGR'], questions: [{ text: 'Done?', kind: 'done' }], workingDays: [1], promptTime: '09:30', tzMode: 'member', timezone: 'UTC', deadlineTime: '13:00', reminderMinutes: null, stakeholderChannelId: null, capacityHours: 40, blockerThresholdDays: 2, overloadThreshold: 100, dayHours: 8, defaultEstimateHours: 4, holidayRegion: 'US' });
    const block = modal.blocks.find((b) => 'block_id' in b && b.block_id === 'holiday_region') as { element: { initial_value?: string } };
    expect(block.element.initial_value).toBe('US');
    expect(readSetupState({ holiday_region: { holiday_region: { value: null } } }).holidayRegion).toBe('');
    expect(readSetupState({}).holidayRegion).toBeUndefined();
  });
});

describe('/standup holidays and calendar', () => {
  const p = (t: string) => parseStandupCommand(t, '2026-11-23');
  it.each([
    ['holidays', { kind: 'holidays', op: 'list' }],
    ['holidays DE-BY', { kind: 'holidays', op: 'mine', region: 'DE-BY' }],
    ['holidays us-ca', { kind: 'holidays', op: 'mine', region: 'US-CA' }],
    ['holidays team US', { kind: 'holidays', op: 'team', region: 'US' }],
    ['holidays team off', { kind: 'holidays', op: 'team', region: null }],
    ['holidays off', { kind: 'holidays', op: 'mine', region: null }],
    ['calendar', { kind: 'calendar', op: 'status' }],
    ['calendar off', { kind: 'calendar', op: 'off' }],
    ['calendar <https://example.com/a.ics>', { kind: 'calendar', op: 'connect', url: '<https://example.com/a.ics>' }],
  ])('%s', (text, expected) => expect(p(text)).toEqual(expected));

  it.each([
    ['holidays Bavaria', /not a region.*Example: `\/standup holidays DE-BY`/],
    ['holidays team', /Give one region/],
    ['holidays DE BY', /Give one region/],
    ['calendar https://a.example/x.ics extra', /secret iCal address, or `off`/],
  ])('%s is an error with an example', (text, message) => {
    const r = p(text);
    expect(r.kind).toBe('error');
    expect(r.kind === 'error' && r.message).toMatch(message);
  });
});
