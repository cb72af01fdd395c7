import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanText, dateOutsideWindow, maxId, parseId } from '../../src/shared/input.ts';
import { mapPool } from '../../src/shared/pool.ts';
import { addDays, countWorkingDays, weekdayOf } from '../../src/shared/time.ts';

describe('cleanText: what may be stored and shown', () => {
  it.each([
    ['a\u0000b', 'ab'],
    ['\u0000', ''],
    ['bell\u0007 and escape\u001b[31m', 'bell and escape[31m'],
    ['del\u007f', 'del'],
    ['keeps\ttabs\nand newlines', 'keeps\ttabs\nand newlines'],
    ['crlf\r\nand cr\ralone', 'crlf\nand cr\nalone'],
    ['lone high \ud83d here', 'lone high \ufffd here'],
    ['lone low \ude00 here', 'lone low \ufffd here'],
    ['ends with high \ud83d', 'ends with high \ufffd'],
    ['pair 😀 kept, 𝕏 too', 'pair 😀 kept, 𝕏 too'],
    ['reversed \ude00\ud83d', 'reversed \ufffd\ufffd'],
    ['<!channel> & `code` ‮rtl', '<!channel> & `code` ‮rtl'],
  ])('%j → %j', (input, expected) => {
    expect(cleanText(input)).toBe(expected);
  });

  it('leaves nothing Postgres or UTF-8 would refuse, for any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.oneof(fc.constantFrom('\u0000', '\ud800', '\udfff', '\r', '\u001f'), fc.string({ unit: 'binary', maxLength: 1 })), maxLength: 60 }), (s) => {
        const out = cleanText(s);
        expect(out).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F]/);
        expect(out).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
        expect(Buffer.from(out, 'utf8').toString('utf8')).toBe(out);
        expect(cleanText(out)).toBe(out);
      }),
    );
  });
});

describe('parseId: record numbers as typed', () => {
  it.each([
    ['12', { id: 12 }],
    ['#12', { id: 12 }],
    ['007', { id: 7 }],
    [String(maxId), { id: 2147483647 }],
    ['2147483648', { outOfRange: '2147483648' }],
    ['0', { outOfRange: '0' }],
    ['99999999999999999999999', { outOfRange: '999999999999…' }],
    ['abc', undefined],
    ['', undefined],
    [undefined, undefined],
    ['-1', undefined],
    ['1.5', undefined],
    ['1e3', undefined],
    ['0x10', undefined],
    ['1_000', undefined],
    ['٣', undefined],
    ['３', undefined],
    ['12 ', undefined],
    ['#', undefined],
  ])('%j → %j', (token, expected) => {
    expect(parseId(token)).toEqual(expected);
  });
});

describe('dateOutsideWindow: typed dates stay within two years ahead and one back', () => {
  const today = '2026-12-01';
  it.each([
    ['2026-12-01', undefined],
    ['2028-11-30', undefined],
    ['2025-12-01', undefined],
  ])('%s is fine', (date, expected) => {
    expect(dateOutsideWindow(date, today)).toBe(expected);
  });
  it.each([
    ['9999-12-31', /more than two years ahead; pick a day before 2028-12-01/],
    ['2028-12-01', /more than two years ahead/],
    ['0001-01-01', /more than a year ago/],
    ['2025-11-30', /more than a year ago/],
    ['2026-02-30', /not a date on the calendar/],
    ['99999-01-01', /not a date on the calendar/],
  ])('%s is refused', (date, message) => {
    expect(dateOutsideWindow(date, today)).toMatch(message);
  });
});

describe('countWorkingDays: closed form', () => {
  const walk = (from: string, to: string, days: number[]) => {
    let n = 0;
    for (let d = from; d <= to; d = addDays(d, 1)) if (days.includes(weekdayOf(d))) n++;
    return n;
  };

  it('agrees with walking the days', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3000 }), fc.integer({ min: -3, max: 60 }), fc.subarray([1, 2, 3, 4, 5, 6, 7]), (start, span, days) => {
        const from = addDays('2020-01-01', start);
        const to = addDays(from, span);
        expect(countWorkingDays(from, to, days)).toBe(walk(from, to, days));
      }),
    );
  });

  it('a date in 9999 is arithmetic, not a walk', () => {
    // 2026-11-30 (Mon) … 9999-12-31 (Fri): 2,912,110 days, 416,015 whole weeks and 5 days (Mon–Fri).
    expect(countWorkingDays('2026-11-30', '9999-12-31', [1, 2, 3, 4, 5])).toBe(416_015 * 5 + 5);
    expect(countWorkingDays('2026-12-02', '2026-12-01', [1, 2, 3, 4, 5])).toBe(0);
  });
});

describe('mapPool', () => {
  it('keeps at most `limit` calls in flight and returns results in order', async () => {
    let inFlight = 0;
    let most = 0;
    const out = await mapPool(
      Array.from({ length: 300 }, (_, i) => i),
      4,
      async (i) => {
        inFlight++;
        most = Math.max(most, inFlight);
        // Yield a few times so that every worker is in flight at once.
        for (let k = 0; k < 3; k++) await Promise.resolve();
        inFlight--;
        return i * 2;
      },
    );
    expect(most).toBe(4);
    expect(out).toEqual(Array.from({ length: 300 }, (_, i) => i * 2));
    expect(await mapPool([], 4, async () => 1)).toEqual([]);
  });

  it('stops starting new calls after a failure and throws it', async () => {
    const started: number[] = [];
    await expect(
      mapPool([1, 2, 3, 4, 5, 6, 7, 8], 2, async (i) => {
        started.push(i);
        await Promise.resolve();
        if (i === 2) throw new Error('boom');
        return i;
      }),
    ).rejects.toThrow('boom');
    expect(started.length).toBeLessThan(8);
  });
});
