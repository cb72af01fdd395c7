import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectBlockers } from '../../src/blockers/blocker-detection.ts';
import { parseBlockerCommand } from '../../src/blockers/blocker-command.parser.ts';
import { parseDigestCommand } from '../../src/digests/digest-command.parser.ts';
import { parseStandupCommand } from '../../src/standups/standup-command.parser.ts';
import { parseTaskCommand, parseWorkloadCommand } from '../../src/workload/task-command.parser.ts';

/** Text a hostile or careless user could type: unicode, huge strings, mentions, markup, SQL. */
const hostileToken = fc.oneof(
  fc.constantFrom('<!channel>', '<!here>', '<@U123ABC|ana>', '<@W999>', '<#C123|general>', "'; drop table teams; --", '\u0000', '\u202e', '𝕏', '🎉', '&amp;', '`', '*', '_', '~', '>', '<', '\n', '\t', '09:30', '25:99', 'mon-fri', '2026-02-30', '2026-12-21', '-3h', '999d', '4h', 'due', 'add', 'remove', 'list', 'help', '#12', '0', '99999999999'),
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
);
const hostileText = fc.oneof(
  fc.array(hostileToken, { maxLength: 12 }).map((t) => t.join(' ')),
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.constant('x'.repeat(10_000)),
  fc.string({ minLength: 5000, maxLength: 10_000 }),
);
const subcommands = ['', 'help', 'setup', 'join', 'leave', 'status', 'skip', 'members', 'managers', 'schedule', 'timezone', 'deadline', 'reminder', 'away', 'questions', 'question', 'list', 'resolve', 'threshold', 'add', 'done', 'start', 'assign', 'estimate', 'capacity', 'preview', 'post', 'channel', 'history'];
const commandText = fc.oneof(hostileText, fc.tuple(fc.constantFrom(...subcommands), hostileText).map(([s, t]) => `${s} ${t}`));

const isError = (r: { kind: string }) => r.kind === 'error';
function checkError(r: { kind: string; message?: string }) {
  if (!isError(r)) return;
  expect(typeof r.message).toBe('string');
  expect(r.message!.length).toBeLessThan(600);
  expect(r.message).toMatch(/Example|example|`\//);
}

describe('every command parser, under random and hostile text', () => {
  it('/standup never throws; errors explain with an example; results are well-formed', () => {
    fc.assert(
      fc.property(commandText, (text) => {
        const r = parseStandupCommand(text, '2026-12-01');
        checkError(r);
        if (r.kind === 'schedule') {
          expect(r.time).toMatch(/^([01]\d|2[0-3]):[0-5]\d$/);
          for (const d of r.days ?? []) expect(d >= 1 && d <= 7).toBe(true);
        }
        if (r.kind === 'away' && r.op === 'add') expect(r.from <= r.to && r.to >= '2026-12-01').toBe(true);
        if ((r.kind === 'members' || r.kind === 'managers') && r.op !== 'list') for (const u of r.userIds) expect(u).toMatch(/^[UW][A-Z0-9]+$/);
      }),
      { numRuns: 500 },
    );
  });

  it('/blocker never throws; raised text is bounded', () => {
    fc.assert(
      fc.property(commandText, (text) => {
        const r = parseBlockerCommand(text);
        checkError(r);
        if (r.kind === 'raise') expect(r.text.length).toBeLessThanOrEqual(1500);
        if (r.kind === 'resolve') expect(Number.isInteger(r.id) && r.id > 0).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('/task and /workload never throw; estimates and dates are valid', () => {
    fc.assert(
      fc.property(commandText, (text) => {
        const r = parseTaskCommand(text, { dayHours: 8, today: '2026-12-01' });
        checkError(r);
        if (r.kind === 'add') {
          expect(r.title.length).toBeGreaterThan(0);
          expect(r.title.length).toBeLessThanOrEqual(200);
          if (r.estimateMinutes !== undefined) expect(r.estimateMinutes > 0 && r.estimateMinutes <= 12_000).toBe(true);
          if (r.dueDate) expect(r.dueDate >= '2026-12-01').toBe(true);
        }
        const w = parseWorkloadCommand(text);
        checkError(w);
        if (w.kind === 'capacity') expect(w.hours >= 0 && w.hours <= 80).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('/digest never throws', () => {
    fc.assert(
      fc.property(commandText, (text) => {
        const r = parseDigestCommand(text);
        checkError(r);
        if (r.kind === 'schedule') expect(r.day >= 1 && r.day <= 7).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('blocker detection never throws and never returns empty blockers', () => {
    fc.assert(
      fc.property(hostileText, (text) => {
        for (const b of detectBlockers(text)) expect(b.trim().length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });
});
