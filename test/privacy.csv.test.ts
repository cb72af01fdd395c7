import { describe, expect, it } from 'vitest';
import { csvCell, parseCsv, toCsv } from '../src/privacy/csv.ts';
import { parsePrivacyCommand } from '../src/privacy/privacy-command.parser.ts';

describe('CSV cells', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['=1+2', "'=1+2"],
    ['+49 30 1234', "'+49 30 1234"],
    ['-5', "'-5"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=cmd', "'\t=cmd"],
    ['=HYPERLINK("x","y")', `"'=HYPERLINK(""x"",""y"")"`],
  ])('%j → %s', (value, expected) => expect(csvCell(value)).toBe(expected));

  it('leaves numbers we write as numbers, and null as empty', () => {
    expect([csvCell(-3), csvCell(1.5), csvCell(null), csvCell(undefined), csvCell(true)]).toEqual(['-3', '1.5', '', '', 'true']);
  });

  it('round-trips through the parser, with a BOM and CRLF line ends', () => {
    const csv = toCsv(['a', 'b'], [['x,y', 'line\nbreak'], ['"q"', '']]);
    expect(csv.startsWith('\uFEFFa,b\r\n')).toBe(true);
    expect(parseCsv(csv)).toEqual([['a', 'b'], ['x,y', 'line\nbreak'], ['"q"', '']]);
  });
});

describe('/coordinator parser', () => {
  it.each([
    ['', { kind: 'help' }],
    ['export', { kind: 'export', who: 'auto' }],
    ['export me', { kind: 'export', who: 'me' }],
    ['export <@U123|ana>', { kind: 'export', who: { userId: 'U123' } }],
    ['forget me', { kind: 'forget', who: 'me' }],
    ['forget <@U123>', { kind: 'forget', who: { userId: 'U123' } }],
    ['retention', { kind: 'retentionShow' }],
    ['retention 12', { kind: 'retention', months: 12 }],
    ['retention 6months', { kind: 'retention', months: 6 }],
    ['retention off', { kind: 'retention', months: null }],
  ])('%j', (text, expected) => expect(parsePrivacyCommand(text)).toEqual(expected));

  it.each(['forget', 'forget ana', 'forget <@U1> <@U2>', 'retention 0', 'retention 121', 'retention 1.5', 'export all of it', 'delete'])('%j is an error with an example', (text) => {
    const r = parsePrivacyCommand(text);
    expect(r.kind).toBe('error');
    expect((r as { message: string }).message).toMatch(/Example: `\/coordinator/);
  });
});
