import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  detectBlockers,
  FILLER_PHRASES,
  isNothingAnswer,
  normaliseBlockerText,
  NOTHING_PHRASES,
} from '../../src/blockers/blocker-detection.ts';

type Case = { answer: string; blockers: string[] };

function loadCases(): Case[] {
  const raw: unknown = JSON.parse(readFileSync(new URL('./blocker-detection.cases.json', import.meta.url), 'utf8'));
  if (!Array.isArray(raw)) throw new Error('cases file must be an array');
  return raw.map((c: unknown, i) => {
    const ok =
      typeof c === 'object' && c !== null &&
      typeof (c as Case).answer === 'string' &&
      Array.isArray((c as Case).blockers) && (c as Case).blockers.every((b) => typeof b === 'string');
    if (!ok) throw new Error(`case ${i} is not { answer: string, blockers: string[] }`);
    return c as Case;
  });
}

const cases = loadCases();
const nothing = cases.filter((c) => c.blockers.length === 0);
const blocking = cases.filter((c) => c.blockers.length > 0);

describe('detectBlockers over the cases file', () => {
  it('has enough real-looking answers of both kinds', () => {
    expect(nothing.length).toBeGreaterThanOrEqual(40);
    expect(blocking.length).toBeGreaterThanOrEqual(40);
    expect(new Set(cases.map((c) => c.answer)).size).toBe(cases.length);
  });

  it.each(cases.map((c) => [JSON.stringify(c.answer), c] as const))('%s', (_, c) => {
    expect(detectBlockers(c.answer)).toEqual(c.blockers);
    expect(isNothingAnswer(c.answer)).toBe(c.blockers.length === 0);
  });
});

describe('the phrase table', () => {
  it.each([...NOTHING_PHRASES])('nothing phrase %j is nothing on its own, in any case and dressed up', (phrase) => {
    expect(isNothingAnswer(phrase)).toBe(true);
    expect(isNothingAnswer(`${phrase.toUpperCase()}!! :tada:`)).toBe(true);
    expect(isNothingAnswer(`- ${phrase} 🎉 thanks`)).toBe(true);
  });

  it.each([...FILLER_PHRASES])('filler %j follows "none" without making a blocker', (filler) => {
    expect(isNothingAnswer(`none ${filler}`)).toBe(true);
  });

  // A "nothing" followed by context is read as a person would (see blocker-rules.test.ts):
  // the context raises a blocker only when it reports a present impediment.
  it.each([...NOTHING_PHRASES])('nothing phrase %j followed by a real problem is a blocker', (phrase) => {
    for (const answer of [`${phrase}, but I still need access to the staging DB`, `${phrase} — waiting on access to the staging DB`]) {
      expect(detectBlockers(answer)).toEqual([answer]);
    }
  });

  it.each([...NOTHING_PHRASES])('nothing phrase %j followed by plain context is nothing', (phrase) => {
    expect(isNothingAnswer(`${phrase} — just a lot of meetings today`)).toBe(true);
  });
});

describe('detectBlockers on lists', () => {
  it('keeps the first spelling of a repeated blocker', () => {
    expect(detectBlockers('- CI is red\n- ci is RED!\n- :fire: CI is red')).toEqual(['CI is red']);
  });

  it('does not prefix items after the list ends', () => {
    expect(detectBlockers('Waiting on:\n- legal\nAlso the VPN is down')).toEqual(['Waiting on: legal', 'Also the VPN is down']);
  });

  it('keeps a lone label line when nothing else says what is wrong', () => {
    expect(detectBlockers('Still blocked\n:(')).toEqual(['Still blocked']);
    expect(detectBlockers('Yes\nStill blocked')).toEqual(['Yes', 'Still blocked']);
    expect(detectBlockers('Yes\nthe VPN')).toEqual(['the VPN']);
    expect(detectBlockers('Blockers:\nnone')).toEqual([]);
  });

  it('handles Windows line endings and Unicode line separators', () => {
    expect(detectBlockers('- legal\r\n- design\u2028- none')).toEqual(['legal', 'design']);
  });
});

describe('normaliseBlockerText', () => {
  it.each([
    ['Waiting on Bob', 'waiting on bob'],
    ['  Waiting   on\n\tBob.  ', 'waiting on bob'],
    ['- waiting on Bob', 'waiting on bob'],
    ['• waiting on Bob!!', 'waiting on bob'],
    ['2) waiting on Bob', 'waiting on bob'],
    ['*Waiting* on _Bob_', 'waiting on bob'],
    ['waiting on Bob :hourglass: ⏳', 'waiting on bob'],
    ['🚨 waiting on Bob 🚨', 'waiting on bob'],
    ['waiting on Bob :(', 'waiting on bob'],
    ['"waiting on Bob"', 'waiting on bob'],
    ['Waiting on <@U024BE7LH|bob>', 'waiting on bob'],
    ['Waiting on <https://github.com/acme/api/pull/12|PR #12>.', 'waiting on pr 12'],
    ['See <https://example.com/x>', 'see https://example.com/x'],
    ['Ask <#C0123|infra>', 'ask infra'],
    ['Ask #infra', 'ask infra'],
    ['<!here> CI is down', 'here ci is down'],
    ['Q&amp;A env is down', 'q&a env is down'],
    ['Q&A env is down', 'q&a env is down'],
    ["Alice's review (design)", "alice's review design"],
    ['C++ build broken', 'c++ build broken'],
    ['my_table migration fails', 'my_table migration fails'],
    ['retry at 10:30:00', 'retry at 10:30:00'],
    ['Ｗａｉｔｉｎｇ on Bob', 'waiting on bob'],
    ['', ''],
    ['   ', ''],
    ['🎉 :tada: !!!', ''],
  ])('%j → %j', (input, expected) => {
    expect(normaliseBlockerText(input)).toBe(expected);
  });

  it('gives a slash-command blocker and the same text typed in the modal one key', () => {
    expect(normaliseBlockerText('Waiting on Q&amp;A &lt;prod&gt;')).toBe(normaliseBlockerText('waiting on Q&A <prod>'));
  });
});

describe('hostile input never throws and never hangs', () => {
  const big = 10_000;
  const hostile: [string, string][] = [
    ['empty', ''],
    ['whitespace only', ' \t\n\r\u00a0\u200b\u2028 '],
    ['<!channel>', '<!channel>'],
    ['<!everyone> and <!subteam^S123|@devs>', '<!everyone> and <!subteam^S123|@devs>'],
    ['escaped channel ping', '&lt;!channel&gt;'],
    ['lone surrogates', '\ud800 none \udfff'],
    ['NUL and control characters', '\u0000\u0001none\u007f'],
    ['right-to-left override', '\u202enone\u202c'],
    ['combining marks', 'n\u0301\u0302\u0303o\u0304\u0305ne'],
    ['one 10k word', 'a'.repeat(big)],
    ['10k punctuation then a letter', `${'!'.repeat(big)}a`],
    ['10k underscores then a letter', `${'_'.repeat(big)}a`],
    ['10k spaces between letters', `a${' '.repeat(big)}b`],
    ['10k colons', ':'.repeat(big)],
    ['an unclosed emoji code', `:${'a'.repeat(big)}`],
    ['10k angle brackets', '<'.repeat(big)],
    ['an unclosed Slack link', `<https://${'a'.repeat(big)}`],
    ['alternating markup', '<a|'.repeat(big / 3)],
    ['"no " 3k times', 'no '.repeat(big / 3)],
    ['"none" lines', '- none\n'.repeat(big / 7)],
    ['distinct lines', Array.from({ length: 2000 }, (_, i) => `- blocker ${i}`).join('\n')],
    ['emoji flood', '🎉'.repeat(big / 2)],
    ['skin tones and ZWJ', '👩🏽‍💻'.repeat(big / 7)],
    ['list markers only', '1. '.repeat(big / 3)],
    ['newlines only', '\n'.repeat(big)],
    ['emoticon-ish', ':-)'.repeat(big / 3)],
  ];

  it.each(hostile)('%s', (_, input) => {
    const blockers = detectBlockers(input);
    expect(Array.isArray(blockers)).toBe(true);
    for (const b of blockers) expect(b.trim()).not.toBe('');
    expect(typeof isNothingAnswer(input)).toBe('boolean');
    expect(typeof normaliseBlockerText(input)).toBe('string');
  }, 5_000);

  it('treats a value that is not a string as an empty answer', () => {
    expect(detectBlockers(undefined as unknown as string)).toEqual([]);
    expect(normaliseBlockerText(null as unknown as string)).toBe('');
  });

  it('keeps a channel ping as text for the renderer to escape, never as a "nothing"', () => {
    expect(detectBlockers('<!channel>')).toEqual(['<!channel>']);
  });
});
