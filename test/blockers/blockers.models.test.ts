import { describe, expect, it } from 'vitest';
import { parseBlockerCommand } from '../../src/blockers/blocker-command.parser.ts';
import { agingDate, escalationLevel, workingDaysBetween } from '../../src/blockers/blockers.models.ts';
import { blockerListMessage, maxListed } from '../../src/slack/blocks/blocker.blocks.ts';
import { validateMessageBlocks } from '../support/slack-limits.ts';

const monFri = [1, 2, 3, 4, 5];

describe('workingDaysBetween', () => {
  it.each([
    ['2026-12-03', '2026-12-03', monFri, 0], // same day
    ['2026-12-03', '2026-12-04', monFri, 1], // Thu → Fri
    ['2026-12-03', '2026-12-05', monFri, 1], // Thu → Sat: the weekend does not count
    ['2026-12-03', '2026-12-07', monFri, 2], // Thu → Mon
    ['2026-12-03', '2026-12-09', monFri, 4], // Thu → Wed
    ['2026-12-05', '2026-12-06', monFri, 0], // Sat → Sun
    ['2026-12-01', '2026-12-29', monFri, 20], // four whole weeks
    ['2026-12-01', '2026-12-08', [1, 3, 5], 3], // Mon/Wed/Fri team: Wed, Fri, Mon
    ['2026-12-07', '2026-12-01', monFri, 0], // backwards is zero, never negative
    ['2025-12-01', '2026-12-01', monFri, 261],
  ])('%s → %s on %j is %i', (from, to, days, expected) => {
    expect(workingDaysBetween(from, to, days)).toBe(expected);
  });

  it('agrees with a day-by-day count over many spans', () => {
    const naive = (from: string, to: string, days: number[]) => {
      let n = 0;
      for (let d = new Date(`${from}T00:00:00Z`); d < new Date(`${to}T00:00:00Z`); ) {
        d = new Date(d.getTime() + 86400_000);
        if (days.includes(((d.getUTCDay() + 6) % 7) + 1)) n++;
      }
      return n;
    };
    for (let span = 0; span < 60; span += 3) {
      for (const start of ['2026-03-02', '2026-03-05', '2026-03-07']) {
        const to = new Date(Date.parse(`${start}T00:00:00Z`) + span * 86400_000).toISOString().slice(0, 10);
        expect(workingDaysBetween(start, to, [2, 4, 6])).toBe(naive(start, to, [2, 4, 6]));
      }
    }
  });
});

describe('escalationLevel and agingDate', () => {
  it.each([
    [0, 2, 0],
    [1, 2, 0],
    [2, 2, 1],
    [3, 2, 1],
    [4, 2, 2],
    [9, 2, 2],
    [3, 3, 1],
    [5, 0, 0],
  ])('age %i with threshold %i is level %i', (age, threshold, level) => {
    expect(escalationLevel(age, threshold)).toBe(level);
  });

  it('ages blockers at the team’s prompt time, not at midnight', () => {
    const team = { timezone: 'Europe/Berlin', promptTime: '09:30' };
    expect(agingDate(new Date('2026-12-07T08:29:00Z'), team)).toBe('2026-12-06');
    expect(agingDate(new Date('2026-12-07T08:30:00Z'), team)).toBe('2026-12-07');
  });
});

describe('parseBlockerCommand', () => {
  it.each([
    ['help', { kind: 'help' }],
    ['list', { kind: 'list' }],
    ['list <@U12AB|ana>', { kind: 'list', userId: 'U12AB' }],
    ['resolve 12', { kind: 'resolve', id: 12 }],
    ['resolve #12', { kind: 'resolve', id: 12 }],
    ['threshold 3', { kind: 'threshold', days: 3 }],
    ['waiting for staging DB access', { kind: 'raise', text: 'waiting for staging DB access' }],
    ['list of servers is down', { kind: 'raise', text: 'list of servers is down' }],
    ['help me, CI is red', { kind: 'raise', text: 'help me, CI is red' }],
    ['<!channel> deploys blocked', { kind: 'raise', text: '<!channel> deploys blocked' }],
  ])('%j', (text, expected) => {
    expect(parseBlockerCommand(text)).toEqual(expected);
  });

  it.each([[''], ['   '], ['resolve'], ['resolve abc'], ['resolve 0'], ['threshold 0'], ['threshold lots'], ['x'.repeat(1501)]])('%j is an error with an example', (text) => {
    const r = parseBlockerCommand(text);
    expect(r.kind).toBe('error');
    if (r.kind === 'error') expect(r.message).toMatch(/Example: `\/blocker/);
  });
});

describe('blockerListMessage', () => {
  it('fits Slack with 200 long blockers, escapes them, and says how many more', () => {
    const items = Array.from({ length: 200 }, (_, i) => ({ id: i + 1, text: `<!channel> ${'very long blocker text '.repeat(200)}`, reporterId: 'U1', ownerId: i % 2 ? 'U2' : null, ageDays: i }));
    const msg = blockerListMessage({ teamName: '#team <&>', items });
    expect(validateMessageBlocks({ blocks: msg.blocks })).toEqual([]);
    expect(msg.blocks.length).toBeLessThanOrEqual(50);
    const json = JSON.stringify(msg);
    expect(json).not.toContain('<!channel>');
    expect(json).toContain(`… and ${200 - maxListed} more`);
  });
});
