import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  classifyBlockerAnswer,
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

// --- the reading rules (classifyBlockerAnswer) ------------------------------------

type V = 'blocker' | 'nothing' | 'unsure';
const verdictOf = (answer: string) => classifyBlockerAnswer(answer).verdict;

/** [answer, verdict, reason pattern]: one table per rule, a few examples each. */
const rules: Record<string, [string, V, RegExp][]> = {
  'nothing and filler phrases only': [
    ['Nope, all clear for now, thanks!', 'nothing', /nothing phrase "nope"/],
    ['No blockers 🎉', 'nothing', /nothing phrase "no blockers" \(en\)/],
    ['👍', 'nothing', /no words/],
  ],
  'a leading "nothing" followed by context without an impediment': [
    ['No blockers — just a lot of meetings today', 'nothing', /nothing phrase "no blockers" \(en\), the rest reports no impediment/],
    ['nothing in the way, demo prep all afternoon', 'nothing', /nothing phrase "nothing in the way"/],
    ['nah all fine, PR for the exporter is up', 'nothing', /nothing phrase "nah"/],
    ["None 🎉 FYI I'm on support rotation this week", 'nothing', /nothing phrase "none"/],
    ['No blockers just need to finish the docs', 'nothing', /nothing phrase "no blockers"/],
    ['No blockers — notes drafted, waiting for Friday to send them', 'nothing', /nothing phrase/],
  ],
  'a single "nothing" word needs a pause to lead': [
    ['no access to the staging DB', 'blocker', /impediment "no access"/],
    ['None of the tests pass', 'blocker', /no rule matched/],
    ['Not yet approved by security', 'blocker', /impediment "not yet approved"/],
    ['nothing works on CI', 'blocker', /impediment "nothing works"/],
  ],
  'a present impediment': [
    ['waiting on legal sign-off', 'blocker', /^impediment "waiting on" \(en\)$/],
    ['e2e suite fails on main for two days, no owner', 'blocker', /impediment "fails"/],
    ['the staging certs expired', 'blocker', /impediment "expired"/],
    ["can't push, missing the deploy role", 'blocker', /impediment "cant push"/],
  ],
  'a negated impediment': [
    ['Not blocked by anything at the moment', 'nothing', /nothing phrase "not blocked"/],
    ["I'm not waiting on anyone", 'nothing', /negated impediment "waiting on" \("not"\)/],
    ["don't need anything from anyone today", 'nothing', /negated impediment "need" \("dont"\)/],
    ['no outages this week', 'nothing', /negated impediment "outages" \("no"\)/],
  ],
  'a past impediment': [
    ['had been waiting on QA, they finished this morning', 'nothing', /resolved impediment "waiting on" \("finished"\)/],
    ['I was stuck on the OAuth callback', 'nothing', /past impediment "stuck" \("was"\)/],
    ['staging was broken and is still broken', 'blocker', /impediment "broken" \(en\)/],
  ],
  'a resolved impediment': [
    ['the VPN issue from Tuesday is sorted now', 'nothing', /resolved "sorted"/],
    ['waiting on QA — done now', 'nothing', /resolved impediment "waiting on" \("done"\)/],
    ['waiting for the fix to be merged', 'blocker', /impediment "waiting for"/],
    ['still not fixed', 'blocker', /impediment "still not"/],
    ['nobody owns the billing service anymore', 'blocker', /impediment "nobody owns"/],
    ['need the hotfix merged before I can continue', 'blocker', /need|before i can/],
  ],
  'struck through': [
    ['~waiting on infra~ done', 'nothing', /struck-through impediment "waiting on"/],
    ['~blocked on the DB migration~', 'nothing', /struck through/],
    ['~nothing~ the on-call laptop', 'blocker', /no rule matched/],
    ['~2 days waiting on legal', 'blocker', /impediment "waiting on"/],
  ],
  'contrast after a "nothing"': [
    ['nothing huge, but I still need a reviewer for the migration PR, day 4 now', 'blocker', /^contrast "but" then impediment "need" \(en\)$/],
    ["No blockers, but heads up: I'm out Friday", 'nothing', /nothing phrase "no blockers"/],
    ['alles gut, aber ich warte noch auf die API-Keys', 'blocker', /contrast "aber" then impediment "warte"/],
  ],
  'an exception after a "nothing" names a blocker': [
    ["I'm fine, except I can't push until someone grants me the deploy role", 'blocker', /contrast "except" then impediment "cant push"/],
    ['all good 👍 apart from the vendor still not sending the API keys', 'blocker', /contrast "apart from"/],
    ['Nothing, except the flaky e2e suite', 'blocker', /contrast "except"/],
    ['none, apart from the quarterly planning doc', 'blocker', /contrast "apart from" then "the quarterly planning doc"/],
    ['all good, apart from that nothing', 'nothing', /nothing phrase/],
    ["all good except I'm out friday", 'nothing', /nothing phrase/],
  ],
  'a retraction after a "nothing"': [
    ['no — well yes, the staging certs expired again', 'blocker', /contrast "well yes" then impediment "expired"/],
    ['No blockers. Actually, the quarterly planning doc', 'blocker', /contrast "actually" then/],
  ],
  'hedged impediments and soft requests are unsure': [
    ['design input would be nice at some point', 'unsure', /soft request "would be nice" \(en\)/],
    ['might need help with X later', 'unsure', /hedged impediment "need help" \("might"\)/],
    ['nothing yet, will need DB access next week', 'unsure', /hedged impediment "need" \("next week"\)/],
    ['maybe the API keys?', 'unsure', /hedge "maybe" without a clear impediment/],
    ['still need DB access, maybe', 'blocker', /impediment/],
  ],
  'asking for help is a blocker': [
    ["who can approve changes to the payments schema? I'm stuck until then", 'blocker', /asks for help "who can" \(en\)/],
    ['does anyone know who owns the billing service?', 'blocker', /asks for help "does anyone"/],
    ['when will the staging env be back?', 'blocker', /a question/],
  ],
  'anything else is a blocker': [
    ['the Q3 roadmap doc', 'blocker', /^no rule matched: unknown text, treated as blocker$/],
    ['Yes', 'blocker', /no rule matched/],
  ],
  'a line after a "nothing" line is its context': [
    ['No blockers.\nJust meetings today.', 'nothing', /nothing phrase/],
    ['- no blockers\n- FYI out Friday', 'nothing', /nothing phrase/],
    ['None.\nWaiting on legal though', 'blocker', /impediment "waiting on"/],
  ],
};

describe('classifyBlockerAnswer: the rules, each with examples', () => {
  for (const [rule, examples] of Object.entries(rules)) {
    describe(rule, () => {
      it.each(examples)('%j → %s', (answer, verdict, reason) => {
        const d = classifyBlockerAnswer(answer);
        expect(d.verdict).toBe(verdict);
        expect(d.reason).toMatch(reason);
      });
    });
  }
});

describe('every example of the issue', () => {
  const nothing = [
    'No blockers — just a lot of meetings today', 'nothing in the way, demo prep all afternoon', 'nah all fine, PR for the exporter is up',
    "None 🎉 FYI I'm on support rotation this week", 'Not blocked by anything at the moment', 'the VPN issue from Tuesday is sorted now',
    'had been waiting on QA, they finished this morning', '~waiting on infra~ done', 'nada que reportar', 'alles gut, keine Blocker', 'aucun blocage',
    'tudo tranquilo por aqui', 'nessun problema', 'niks aan de hand', 'nic nie blokuje', 'なし', 'sab theek hai',
  ];
  const blockers = [
    'nothing huge, but I still need a reviewer for the migration PR, day 4 now', 'no — well yes, the staging certs expired again',
    "I'm fine, except I can't push until someone grants me the deploy role", 'all good 👍 apart from the vendor still not sending the API keys',
    "who can approve changes to the payments schema? I'm stuck until then", 'ich warte immer noch auf Zugriff auf das Monitoring',
    'bloqueado esperando respuesta del equipo de seguridad', 'e2e suite fails on main for two days, no owner',
  ];
  const unsure = ['design input would be nice at some point', 'might need help with X later', 'maybe the API keys?'];
  it.each(nothing)('%j is nothing', (a) => expect(verdictOf(a)).toBe('nothing'));
  it.each(blockers)('%j is a blocker', (a) => {
    expect(verdictOf(a)).toBe('blocker');
    expect(detectBlockers(a)).toEqual([a]);
  });
  it.each(unsure)('%j is unsure, and not announced', (a) => {
    expect(verdictOf(a)).toBe('unsure');
    expect(detectBlockers(a)).toEqual([]);
  });
});

describe('each language: a nothing, a nothing with context, an impediment, a contrast', () => {
  const table: [string, string, string, string, string][] = [
    ['es', 'sin bloqueos', 'nada, solo reuniones hoy', 'no puedo desplegar, falta el rol', 'todo bien pero sigo sin acceso a producción'],
    ['de', 'keine Blocker', 'nichts, nur viele Meetings heute', 'kein Zugriff auf die Produktionsdatenbank', 'alles gut, außer dass Staging kaputt ist'],
    ['fr', 'rien à signaler', 'rien, juste des réunions', "je suis bloqué par l'équipe infra", "tout va bien, mais j'attends toujours les accès"],
    ['pt', 'nenhum bloqueio', 'nada, só reuniões hoje', 'não consigo rodar os testes', 'tudo certo, mas preciso de acesso ao repositório'],
    ['it', 'niente da segnalare', 'niente, solo riunioni', 'non riesco a fare il deploy', 'tutto ok, tranne le chiavi API che non arrivano'],
    ['nl', 'geen blockers', 'niks, alleen meetings vandaag', 'geen toegang tot de productie database', 'alles goed, maar ik wacht op review'],
    ['pl', 'brak blokerów', 'nic, tylko spotkania', 'nie mogę wypchnąć zmian', 'wszystko ok, ale czekam na klucze API'],
    ['ja', '特になし', '特になし、会議が多いだけ', 'レビュー待ちです', '問題ないけど、権限がありません'],
    ['hi', 'kuch nahi', 'sab theek hai, bas meetings hain', 'deploy access nahi hai', 'sab theek hai lekin staging down hai'],
  ];
  it.each(table)('%s', (_, nothing, context, impediment, contrast) => {
    expect(classifyBlockerAnswer(nothing).reason).toMatch(/^nothing phrase/);
    expect(verdictOf(context)).toBe('nothing');
    expect(verdictOf(impediment)).toBe('blocker');
    expect(verdictOf(contrast)).toBe('blocker');
  });

  it('names the language of the phrase that decided', () => {
    expect(classifyBlockerAnswer('nessun problema').reason).toBe('nothing phrase "nessun problema" (it)');
    expect(classifyBlockerAnswer('czekam na dostęp').reason).toMatch(/\(pl\)$/);
    expect(classifyBlockerAnswer('CIが落ちています').reason).toMatch(/\(ja\)$/);
  });
});

describe('the three-way verdict', () => {
  it('lists blocker and unsure items in order, without repeats, and decides by the surest', () => {
    const d = classifyBlockerAnswer('- maybe the API keys?\n- CI is red\n- none\n- ci is RED!\n- design input would be nice');
    expect(d.items).toEqual([
      { text: 'maybe the API keys?', verdict: 'unsure', reason: 'hedge "maybe" without a clear impediment' },
      { text: 'CI is red', verdict: 'blocker', reason: 'impediment "is red" (en)' },
      { text: 'design input would be nice', verdict: 'unsure', reason: 'soft request "would be nice" (en)' },
    ]);
    expect(d.verdict).toBe('blocker');
    expect(d.reason).toBe('impediment "is red" (en)');
    expect(detectBlockers('- maybe the API keys?\n- CI is red')).toEqual(['CI is red']);
  });

  it('is unsure when only unsure items remain, nothing when none', () => {
    expect(classifyBlockerAnswer('- none\n- might need help later')).toMatchObject({ verdict: 'unsure', items: [{ verdict: 'unsure' }] });
    expect(classifyBlockerAnswer('- none\n- n/a')).toEqual({ verdict: 'nothing', items: [], reason: 'nothing phrase "none" (en)' });
    expect(classifyBlockerAnswer('')).toEqual({ verdict: 'nothing', items: [], reason: 'empty answer' });
  });

  it('keeps headings on their items', () => {
    expect(classifyBlockerAnswer('Waiting on:\n- legal\n- none').items).toEqual([{ text: 'Waiting on: legal', verdict: 'blocker', reason: 'impediment "waiting on" (en)' }]);
  });
});

describe('team corrections win over the rules', () => {
  const corrections = {
    nothing: ['on support rotation', 'waiting for the weekly release train'],
    blocker: ['demo prep all afternoon', 'the quarterly planning doc is late'],
  };
  it.each([
    ['equal to a nothing key', 'Waiting for the weekly release train', 'nothing', 'team correction'],
    ['equal to a blocker key', 'Demo prep all afternoon!', 'blocker', 'team correction'],
    ['starting with a nothing key, the rest plain', 'on support rotation this week', 'nothing', 'team correction "on support rotation"'],
    ['starting with a nothing key, the rest an impediment', 'on support rotation, and CI is down', 'blocker', 'impediment "is down" (en)'],
    ['starting with a blocker key', 'the quarterly planning doc is late again', 'blocker', 'team correction "the quarterly planning doc is late"'],
  ] as const)('%s', (_, answer, verdict, reason) => {
    const d = classifyBlockerAnswer(answer, corrections);
    expect(d.verdict).toBe(verdict);
    expect(d.reason).toBe(reason);
  });

  it('a key in both lists is a blocker; a one-word key covers only itself', () => {
    expect(verdictOf('rota')).toBe('blocker');
    expect(classifyBlockerAnswer('rota', { nothing: ['rota'], blocker: ['rota'] }).verdict).toBe('blocker');
    expect(classifyBlockerAnswer('rota', { nothing: ['rota'], blocker: [] }).verdict).toBe('nothing');
    expect(classifyBlockerAnswer('rota is broken', { nothing: ['rota'], blocker: [] }).verdict).toBe('blocker');
  });

  it('applies per item of a list', () => {
    const d = classifyBlockerAnswer('- demo prep all afternoon\n- on support rotation\n- waiting on legal', corrections);
    expect(d.items.map((i) => [i.text, i.reason])).toEqual([
      ['demo prep all afternoon', 'team correction'],
      ['waiting on legal', 'impediment "waiting on" (en)'],
    ]);
  });

  it('ignores malformed corrections', () => {
    const bad = { nothing: [null, 3, ''], blocker: undefined } as unknown as { nothing: string[]; blocker: string[] };
    expect(classifyBlockerAnswer('waiting on legal', bad).verdict).toBe('blocker');
  });
});

describe('classification is bounded on any input', () => {
  const wellFormed = (input: string) => {
    const d = classifyBlockerAnswer(input);
    expect(['blocker', 'nothing', 'unsure']).toContain(d.verdict);
    expect(typeof d.reason).toBe('string');
    expect(d.reason.length).toBeGreaterThan(0);
    for (const item of d.items) {
      expect(item.text.trim()).not.toBe('');
      expect(['blocker', 'unsure']).toContain(item.verdict);
      expect(item.reason.length).toBeGreaterThan(0);
    }
    if (d.verdict === 'nothing') expect(d.items).toEqual([]);
  };

  it.each([
    ['100k of one phrase', 'no blockers but waiting on '.repeat(4000)],
    ['100k of negators', 'not '.repeat(25_000)],
    ['100k of tildes', '~a'.repeat(50_000)],
    ['100k of kana', 'なし待って'.repeat(20_000)],
    ['100k of clause marks', ', but except'.repeat(8500)],
    ['100k of question marks', '?'.repeat(100_000)],
    ['100k of lines', '- waiting on legal\n- none\n'.repeat(4000)],
    ['100k of emoji codes', ':tada: '.repeat(14_000)],
  ])('%s terminates with a well-formed result', (_, input) => {
    wellFormed(input);
  });

  const phrase = fc.constantFrom('no', 'none', 'but', 'except', 'well yes', 'not', 'waiting on', 'was', 'might', 'later', 'sorted', '~', '?', ',', '—', '🎉', ':tada:', '\n- ', 'nada', 'aber', 'なし', '待って', 'nahi', 'lekin', '<@U1|ana>', 'need', 'to', 'be', 'still');
  it('random phrase soup, large and small, is well-formed', () => {
    fc.assert(
      fc.property(fc.array(phrase, { maxLength: 60 }).map((p) => p.join(' ')), fc.nat(2000), (soup, times) => {
        wellFormed(soup);
        wellFormed(soup.repeat(1 + (times % 50)));
      }),
      { numRuns: 200 },
    );
  });
});
