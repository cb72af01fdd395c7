import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectBlockers } from '../../src/blockers/blocker-detection.ts';
import { parseBlockerCommand } from '../../src/blockers/blocker-command.parser.ts';
import { parseDigestCommand } from '../../src/digests/digest-command.parser.ts';
import { parseStandupCommand } from '../../src/standups/standup-command.parser.ts';
import { parseTaskCommand } from '../../src/workload/task-command.parser.ts';
import { parseWorkloadCommand } from '../../src/workload/workload-command.parser.ts';
import { parseMilestoneCommand } from '../../src/milestones/milestone-command.parser.ts';
import { parseRiskCommand } from '../../src/risks/risk-command.parser.ts';

/** Text a hostile or careless user could type: unicode, huge strings, mentions, markup, SQL. */
/** Numbers a parser could misread: huge, non-finite, other notations, other scripts. */
const hostileNumber = fc.oneof(
  fc.constantFrom('1e309', 'NaN', 'Infinity', '-Infinity', '0x10', '1_000', '1,000', '٣', '３', '٣٢', '２０', '2147483648', '2147483647', '99999999999999999999', '-0', '+1', '.5', '1.5.5', '9'.repeat(400)),
  fc.bigInt({ min: 0n, max: 10n ** 30n }).map(String),
  fc.double().map(String),
);
const hostileUnit = fc.constantFrom('', 'h', 'd', 'm', '%', 'h?', 'days');
const hostileToken = fc.oneof(
  fc.tuple(hostileNumber, hostileUnit).map(([n, u]) => `${n}${u}`),
  fc.tuple(fc.constantFrom('#', 'due ', ''), hostileNumber).map(([p, n]) => `${p}${n}`),
  fc.constantFrom('\u0000', '\ud800', '\udfff', 'a\u0000b', '\u0007', '\r', '\u001b[2J', '9999-12-31', '0001-01-01', '2206-12-04', '<@U1> <@U2> <@U3>', '@a @b'),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.constantFrom('<!channel>', '<!here>', '<@U123ABC|ana>', '<@W999>', '<#C123|general>', "'; drop table teams; --", '\u0000', '\u202e', '𝕏', '🎉', '&amp;', '`', '*', '_', '~', '>', '<', '\n', '\t', '09:30', '25:99', 'mon-fri', '2026-02-30', '2026-12-21', '-3h', '999d', '4h', 'due', 'add', 'remove', 'list', 'help', '#12', '0', '99999999999'),
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
);
const hostileText = fc.oneof(
  fc.array(hostileToken, { maxLength: 12 }).map((t) => t.join(' ')),
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.constant('x'.repeat(10_000)),
  fc.string({ unit: 'binary', minLength: 9000, maxLength: 10_000 }),
  fc.array(fc.constant('<@UAAAAAA>'), { minLength: 40, maxLength: 400 }).map((m) => m.join(' ')),
  fc.string({ minLength: 5000, maxLength: 10_000 }),
);
const subcommands = ['', 'help', 'setup', 'join', 'leave', 'status', 'skip', 'members', 'members add', 'managers', 'schedule', 'timezone', 'deadline', 'reminder', 'away', 'away cancel', 'questions', 'question', 'question edit', 'question move', 'list', 'resolve', 'threshold', 'add', 'add Ship it', 'done', 'start', 'assign', 'estimate', 'estimate 1', 'capacity', 'capacity <@UANA>', 'dayhours', 'unestimated', 'preview', 'post', 'channel', 'history', 'move', 'move 1', 'budget', 'budget 1', 'update', 'update 1', 'update 1 likelihood', 'close', 'add Vendor likelihood', 'add "Beta"', 'add Beta 2027-01-04 budget'];
const commandText = fc.oneof(hostileText, fc.tuple(fc.constantFrom(...subcommands), hostileText).map(([s, t]) => `${s} ${t}`));

const isError = (r: { kind: string }) => r.kind === 'error';

/** Nothing a parser returns carries text Postgres refuses (NUL) or UTF-8 cannot encode (a lone surrogate), or a number a column cannot hold. */
function checkClean(r: object) {
  for (const v of Object.values(r)) {
    if (typeof v === 'string') {
      expect(v).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F]/);
      expect(v).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
    }
    if (typeof v === 'number') expect(Number.isSafeInteger(v) || Number.isFinite(v)).toBe(true);
    if (Array.isArray(v)) expect(v.length).toBeLessThanOrEqual(50);
  }
  const id = (r as { id?: number }).id;
  if (id !== undefined) expect(Number.isInteger(id) && id >= 1 && id <= 2 ** 31 - 1).toBe(true);
}
function checkError(r: { kind: string; message?: string }) {
  if (!isError(r)) return;
  expect(typeof r.message).toBe('string');
  expect(r.message!.length).toBeLessThan(600);
  expect(r.message).toMatch(/Example|example|`\//);
}

describe('every command parser, under random and hostile text', () => {
  it('/milestone never throws; names, dates and budgets are bounded', () => {
    fc.assert(
      fc.property(commandText, (text) => {
        const r = parseMilestoneCommand(text, { today: '2026-12-01', dayHours: 8 });
        checkError(r);
        checkClean(r);
        if (r.kind === 'add') {
          expect(r.name.length).toBeLessThanOrEqual(80);
          expect(r.name).not.toMatch(/[<>\n]/);
        }
        if (r.kind === 'add' || r.kind === 'move') expect(r.targetDate >= '2026-12-01' && r.targetDate <= '2028-11-30').toBe(true);
        if ((r.kind === 'add' || r.kind === 'budget') && r.budgetMinutes != null) expect(r.budgetMinutes > 0 && r.budgetMinutes <= 20_000 * 60).toBe(true);
        if ('ref' in r && 'name' in r.ref) expect(r.ref.name.length).toBeLessThanOrEqual(80);
      }),
      { numRuns: 500 },
    );
  });

  it('/risk never throws; scores stay 1–5 and text is bounded', () => {
    fc.assert(
      fc.property(commandText, (text) => {
        const r = parseRiskCommand(text);
        checkError(r);
        checkClean(r);
        const f = r.kind === 'add' ? r : r.kind === 'update' ? r.fields : undefined;
        if (r.kind === 'add') expect(r.text.length).toBeLessThanOrEqual(300);
        for (const n of [f?.likelihood, f?.impact]) if (n !== undefined) expect(Number.isInteger(n) && n >= 1 && n <= 5).toBe(true);
        if (f?.mitigation) expect(f.mitigation.length).toBeLessThanOrEqual(500);
        if (f?.ownerId) expect(f.ownerId).toMatch(/^[UW][A-Z0-9]+$/);
        if (f?.milestone && 'name' in f.milestone) expect(f.milestone.name.length).toBeLessThanOrEqual(80);
      }),
      { numRuns: 500 },
    );
  });

  it('/standup never throws; errors explain with an example; results are well-formed', () => {
    fc.assert(
      fc.property(commandText, (text) => {
        const r = parseStandupCommand(text, '2026-12-01');
        checkError(r);
        checkClean(r);
        if (r.kind === 'schedule') {
          expect(r.time).toMatch(/^([01]\d|2[0-3]):[0-5]\d$/);
          for (const d of r.days ?? []) expect(d >= 1 && d <= 7).toBe(true);
        }
        if (r.kind === 'away' && r.op === 'add') expect(r.from <= r.to && r.to >= '2026-12-01' && r.from >= '2025-12-01' && r.to <= '2028-11-30').toBe(true);
        if (r.kind === 'question' && 'text' in r) expect(r.text.length).toBeLessThanOrEqual(300);
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
        checkClean(r);
        // "list …", "resolve …", "threshold …" typed wrong never raise a blocker.
        if (r.kind === 'raise') expect(r.text).not.toMatch(/^(list|resolve|threshold)(\s+\S+)?$/i);
        if (r.kind === 'raise') expect(r.text).not.toMatch(/^list\s.*<?@/i);
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
        checkClean(r);
        if (r.kind === 'add') {
          expect(r.title.length).toBeGreaterThan(0);
          expect(r.title.length).toBeLessThanOrEqual(200);
          if (r.estimateMinutes !== undefined) expect(r.estimateMinutes > 0 && r.estimateMinutes <= 12_000).toBe(true);
          if (r.dueDate) expect(r.dueDate >= '2026-12-01' && r.dueDate <= '2028-11-30').toBe(true);
          // A number-with-unit at the end of a title was meant as an estimate: it is an error instead.
          expect(r.title.split(' ').at(-1)).not.toMatch(/^[+-]?(\p{Nd}|nan|inf)[\p{Nd}.,_ex+-]*(h|d|m)$/iu);
        }
        const w = parseWorkloadCommand(text);
        checkError(w);
        checkClean(w);
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
        checkClean(r);
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
