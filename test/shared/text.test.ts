import { describe, expect, it } from 'vitest';
import { escapeMrkdwn, listJoin, plural, truncate } from '../../src/shared/text.ts';

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe('escapeMrkdwn', () => {
  it.each<[string, string]>([
    ['', ''],
    ['plain text', 'plain text'],
    ['<!channel>', '&lt;!channel&gt;'],
    ['<!here> <!everyone>', '&lt;!here&gt; &lt;!everyone&gt;'],
    ['<@U123ABC|alice>', '&lt;@U123ABC|alice&gt;'],
    ['<#C123|general>', '&lt;#C123|general&gt;'],
    ['<https://evil.example|click>', '&lt;https://evil.example|click&gt;'],
    ['a & b', 'a &amp; b'],
    ['&lt;', '&amp;lt;'],
    ['&amp;', '&amp;amp;'],
    ['<<>>', '&lt;&lt;&gt;&gt;'],
    ['x<y>z&w', 'x&lt;y&gt;z&amp;w'],
    ['*bold* _it_ ~s~ `code`', '*bold* _it_ ~s~ `code`'],
    ['😀 Zürich 日本', '😀 Zürich 日本'],
    ["'; DROP TABLE teams;--", "'; DROP TABLE teams;--"],
    ['line1\nline2', 'line1\nline2'],
  ])('%j → %j', (text, expected) => {
    expect(escapeMrkdwn(text)).toBe(expected);
  });

  it.each(['<!channel>', '<<<&&&>>>', '&lt;!channel&gt;', 'a&b<c>d'.repeat(100)])('sample %#: no raw < or >, and every & starts an entity', (text) => {
    const out = escapeMrkdwn(text);
    expect(out).not.toMatch(/[<>]/);
    expect(out.replace(/&(amp|lt|gt);/g, '')).not.toContain('&');
  });
});

describe('truncate', () => {
  it.each<[string, number, string]>([
    ['', 3, ''],
    ['hello', 10, 'hello'],
    ['hello', 5, 'hello'],
    ['hello!', 5, 'hell…'],
    ['hello world', 6, 'hello…'],
    ['abc', 1, '…'],
    ['abc', 2, 'a…'],
    // surrogate pairs: never half an emoji
    ['ab😀cd', 4, 'ab…'],
    ['ab😀cd', 5, 'ab😀…'],
    ['😀😀😀', 2, '…'],
    ['😀😀😀', 3, '😀…'],
    ['😀😀😀', 5, '😀😀…'],
    // escape entities: never half of one
    ['a &amp; b', 3, 'a …'],
    ['a &amp; b', 4, 'a …'],
    ['a &amp; b', 5, 'a …'],
    ['a &amp; b', 6, 'a …'],
    ['a &amp; b', 7, 'a …'],
    ['a &amp; b', 8, 'a &amp;…'],
    ['x&lt;y', 3, 'x…'],
    ['x&lt;y', 4, 'x…'],
    ['x&lt;y', 5, 'x…'],
    ['x&lt;yz', 6, 'x&lt;…'],
    ['&gt;&gt;&gt;', 8, '&gt;…'],
    ['&gt;&gt;&gt;', 9, '&gt;&gt;…'],
  ])('(%j, %i) → %j', (text, max, expected) => {
    expect(truncate(text, max)).toBe(expected);
  });

  const samples = [
    'x'.repeat(10_000),
    '😀'.repeat(5_000),
    'a😀'.repeat(100),
    escapeMrkdwn('<!channel> & <@U1> & <#C1> '.repeat(20)),
    escapeMrkdwn('😀<&>'.repeat(50)),
    'Zürich 日本 Ωmega '.repeat(20),
  ];

  it.each(samples.map((s, i) => [i, s] as const))('sample %i: at every length, fits, ends in …, no half pair, no half entity', (_i, text) => {
    for (let max = 1; max < Math.min(text.length, 300); max++) {
      const out = truncate(text, max);
      expect(out.length, `max ${max}`).toBeLessThanOrEqual(max);
      expect(out.endsWith('…')).toBe(true);
      expect(out, `max ${max}`).not.toMatch(loneSurrogate);
      expect(out.slice(0, -1), `max ${max}`).not.toMatch(/&[a-z]*$/);
      expect(text.startsWith(out.slice(0, -1))).toBe(true);
    }
  });

  it('leaves text that fits untouched, whatever it holds', () => {
    for (const text of ['&amp;', '😀', '<!channel>', 'x'.repeat(3000)]) expect(truncate(text, text.length)).toBe(text);
  });

  it('cuts a 10,000-character text to Slack’s 3000-character section limit', () => {
    const out = truncate('y'.repeat(10_000), 3000);
    expect(out).toHaveLength(3000);
    expect(out.endsWith('y…')).toBe(true);
  });
});

describe('listJoin', () => {
  it.each<[string[], string]>([
    [[], ''],
    [['a'], 'a'],
    [['a', 'b'], 'a and b'],
    [['a', 'b', 'c'], 'a, b and c'],
    [['<@U1>', '<@U2>', '<@U3>', '<@U4>'], '<@U1>, <@U2>, <@U3> and <@U4>'],
    [['', ''], ' and '],
  ])('%j → %j', (items, expected) => {
    expect(listJoin(items)).toBe(expected);
  });

  it('does not change its argument', () => {
    const items = ['a', 'b', 'c'];
    listJoin(items);
    expect(items).toEqual(['a', 'b', 'c']);
  });
});

describe('plural', () => {
  it.each<[number, string, string | undefined, string]>([
    [0, 'day', undefined, '0 days'],
    [1, 'day', undefined, '1 day'],
    [2, 'day', undefined, '2 days'],
    [100, 'blocker', undefined, '100 blockers'],
    [1, 'person', 'people', '1 person'],
    [2, 'person', 'people', '2 people'],
    [0, 'person', 'people', '0 people'],
    [1.5, 'hour', undefined, '1.5 hours'],
    [-1, 'day', undefined, '-1 days'],
  ])('(%d, %j, %j) → %j', (n, one, many, expected) => {
    expect(many === undefined ? plural(n, one) : plural(n, one, many)).toBe(expected);
  });
});
