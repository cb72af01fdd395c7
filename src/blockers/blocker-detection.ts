import { FILLER_PHRASES, LIST_LABEL_WORDS, NOTHING_PHRASES } from './nothing-phrases.ts';
import * as P from './signal-phrases.ts';
import type { Lang } from './signal-phrases.ts';

/**
 * Pure blocker detection: which blockers a standup "blockers" answer raises, read the way
 * a person reads it.
 *
 * An answer is split into lines (several bullet lines are several blockers), each line into
 * clauses (at punctuation, emoji, and at "but" / "except" / "well yes"), and the clauses are
 * matched against the phrase tables of `signal-phrases.ts` (ten languages). The rules, in
 * the order they decide a line:
 *
 *  1. Made only of "nothing" and filler phrases ("Nope, all clear for now") → nothing.
 *  2. A present impediment ("waiting on", "can't", "expired", "who can approve …") that is
 *     not negated ("*not* blocked"), past ("*had been* waiting"), resolved ("… sorted now",
 *     "… they finished") or struck through (`~waiting on infra~`) → blocker.
 *  3. After a leading "nothing", an exception or a retraction ("all good *apart from* …",
 *     "no — *well yes*, …") followed by something that is not itself nothing → blocker.
 *  4. An impediment hedged ("*might* need help", "need X *next week*") or a soft request
 *     ("would be nice") → unsure: the person is asked rather than their manager told.
 *  5. A leading "nothing" followed by context without a present impediment → nothing.
 *  6. Impediments that were all negated, past or resolved; a resolution alone → nothing.
 *  7. A hedge without an impediment ("maybe the API keys?") → unsure.
 *  8. Anything else, questions included → blocker: a blocker missed costs more than one
 *     announced by mistake, and a team can correct the latter (`TeamCorrections`).
 *
 * Every decision carries its reason. Every step is linear in the input: tokens are read
 * once, phrases are looked up by their first word and are at most a few words long, no
 * regex here can backtrack over user text, and a line is read up to MAX_LINE_CHARS.
 */

export { FILLER_PHRASES, LIST_LABEL_WORDS, NOTHING_PHRASES };

export type BlockerVerdict = 'blocker' | 'nothing' | 'unsure';
export type DetectedItem = { text: string; verdict: 'blocker' | 'unsure'; reason: string };
export type Detection = { verdict: BlockerVerdict; items: DetectedItem[]; reason: string };
/** Normalised keys (`normaliseBlockerText`) of items the team has said are nothing / a blocker. */
export type TeamCorrections = { nothing: readonly string[]; blocker: readonly string[] };

/**
 * The three-way reading of a standup blockers answer: the items that are blockers or
 * unsure, in order, without repeats (the text as written minus list markers; a heading
 * line ending in ":" is prefixed to its items), and the answer's verdict: 'blocker' if any
 * item is a sure blocker, else 'unsure' if any is unsure, else 'nothing'.
 *
 * Team corrections win over the rules. An item whose key equals a `blocker` key is a
 * blocker; one whose key equals a `nothing` key is nothing. A correction of two words or
 * more also covers longer items that start with it: under a `blocker` key the item is a
 * blocker; under a `nothing` key the rest of the item is read as context after a "nothing"
 * (so "on support rotation, and CI is down" still raises CI). A key in both lists is a
 * blocker: a missed blocker costs more.
 */
export function classifyBlockerAnswer(answer: string, corrections?: TeamCorrections): Detection {
  const judged = readAnswer(answer, corrections ? correctionIndex(corrections) : undefined);
  const items: DetectedItem[] = [];
  const seen = new Set<string>();
  let firstNothing: string | null = null;
  for (const it of judged) {
    if (it.verdict === 'nothing') {
      firstNothing ??= it.reason;
      continue;
    }
    if (seen.has(it.key)) continue;
    seen.add(it.key);
    items.push({ text: it.text, verdict: it.verdict, reason: it.reason });
  }
  const sure = items.find((i) => i.verdict === 'blocker');
  if (sure) return { verdict: 'blocker', items, reason: sure.reason };
  const unsure = items[0];
  if (unsure) return { verdict: 'unsure', items, reason: unsure.reason };
  return { verdict: 'nothing', items, reason: firstNothing ?? 'empty answer' };
}

/**
 * The sure blockers in an answer, as the person wrote them minus list markers, in order,
 * without repeats. A line ending in ":" that introduces a list is prefixed to each item
 * ("Waiting on:" + "- legal" = "Waiting on: legal") unless it is just a label
 * ("Blockers:", "Yes, two:"). Unsure items are left out: they are asked about, not announced.
 */
export function detectBlockers(answer: string): string[] {
  return classifyBlockerAnswer(answer).items.filter((i) => i.verdict === 'blocker').map((i) => i.text);
}

/** True when the answer raises no sure blocker: "None at the moment 🎉", "-", "" … */
export function isNothingAnswer(text: string): boolean {
  return detectBlockers(text).length === 0;
}

// --- answers and lines ----------------------------------------------------------

type Judged = { text: string; key: string; verdict: BlockerVerdict; reason: string; lead: boolean };

function readAnswer(answer: string, corrections: CorrectionIndex | undefined): Judged[] {
  const lines = splitLines(answer).map(classify);
  // "Yes" above a list is a label; "Yes" alone still says something is wrong.
  const hasContent = lines.some((line) => !line.label && line.reading.verdict !== 'nothing');

  const out: Judged[] = [];
  let heading: string | null = null;
  let previous: ClassifiedLine | null = null;
  for (const [i, line] of lines.entries()) {
    const colon = endsWithColon(line.text);
    if (!line.marked) heading = null;
    if (!line.marked && colon && lines[i + 1]?.marked) {
      heading = line.label ? null : trimBy(line.text.slice(0, -1), isBlank);
      previous = null;
      continue;
    }
    // "Blockers:" introduces the answer whatever follows it.
    if (line.label && (hasContent || colon)) continue;
    // A line after a "nothing" line of the same kind is its context ("No blockers.\nJust meetings today.",
    // "- none\n- FYI out Friday"); it raises a blocker only by naming an impediment.
    const afterNothing: boolean = previous !== null && previous.marked === line.marked && previous.reading.verdict === 'nothing' && previous.reading.lead;
    let reading: Reading = afterNothing ? readLine(line.text, true) : line.reading;
    const text = heading ? `${heading}: ${line.text}` : line.text;
    const key = heading ? normaliseBlockerText(text) : line.key;
    // An item under a heading is read with it ("Waiting on:" + "- legal"), unless it is nothing itself.
    if (heading && reading.verdict !== 'nothing') {
      const whole = readLine(text, false);
      if (whole.verdict !== 'nothing') reading = whole;
    }
    const corrected: Reading = corrections ? applyCorrections(corrections, key, reading) : reading;
    out.push({ text, key, verdict: corrected.verdict, reason: corrected.reason, lead: corrected.lead });
    previous = { ...line, reading: corrected };
  }
  return out;
}

/**
 * The comparison key of a blocker: same key, same blocker (a carried-forward or repeated
 * answer is not a new one). Lowercase, Slack markup read as what it shows, entities
 * decoded, emoji / `:codes:` / emoticons dropped, list markers and punctuation around
 * words stripped, whitespace collapsed. "- *CI* is red :fire:" → "ci is red".
 */
export function normaliseBlockerText(text: string): string {
  if (typeof text !== 'string') return '';
  const plain = stripListMarkers(trimBy(text, isBlank)).text
    .replace(SLACK_MARKUP, (_, inner: string) => ` ${readSlackMarkup(inner)} `)
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(EMOJI_CODE, ' ')
    .replace(EMOJI, ' ')
    .replaceAll(SHRUG, ' ')
    .normalize('NFKC')
    .toLowerCase();
  const words: string[] = [];
  for (const token of plain.split(WHITESPACE)) {
    if (EMOTICON.test(token)) continue;
    const word = trimBy(token, isWordEdgeMark);
    if (word) words.push(word);
  }
  return trimBy(words.join(' '), isEdgeJunk);
}

// --- lines -----------------------------------------------------------------------

type Line = { text: string; marked: boolean };

/** `-`, `*`, `+` need a space after them so `*bold*` and `-5` keep theirs. Sticky: matched at `lastIndex`. */
const LIST_MARKER = /(?:[-*+]\s+|[•◦▪▫‣⁃∙·–—]\s*|\(?\d{1,3}[.)](?:\s+|$))/uy;

function stripListMarkers(text: string): Line {
  // "- 1. foo": a marker may follow a marker. Walk an index rather than re-slicing per marker,
  // which would be quadratic on "- - - - …".
  let at = 0;
  for (;;) {
    LIST_MARKER.lastIndex = at;
    if (!LIST_MARKER.exec(text)) break;
    at = LIST_MARKER.lastIndex;
  }
  return at === 0 ? { text, marked: false } : { text: trimBy(text.slice(at), isBlank), marked: true };
}

function splitLines(answer: string): Line[] {
  if (typeof answer !== 'string') return [];
  return answer
    .split(/\r\n|[\n\r\v\f\u0085\u2028\u2029]/)
    .map((raw) => stripListMarkers(trimBy(raw, isBlank)))
    .filter((line) => line.text !== '');
}

type ClassifiedLine = Line & { key: string; reading: Reading; label: boolean };

function classify(line: Line): ClassifiedLine {
  const key = normaliseBlockerText(line.text);
  const words = phraseWords(key);
  return { ...line, key, reading: readLine(line.text, false), label: words.length > 0 && words.every((w) => labelWords.has(w)) };
}

function endsWithColon(text: string): boolean {
  return text.endsWith(':') || text.endsWith('：');
}

// --- normalisation pieces ------------------------------------------------------

/** `<https://x|label>`, `<@U1|bob>`, `<#C1|general>`, `<!channel>`: no nesting, stops at the next `<`. */
const SLACK_MARKUP = /<([^<>\n]*)>/g;
/** `:tada:`, `:+1::skin-tone-2:`, but not the `:30:` of "10:30:00". */
const EMOJI_CODE = /(?<![\p{L}\p{N}]):[a-z0-9_+'-]{1,100}:/giu;
const EMOJI = /[\p{Extended_Pictographic}\p{Emoji_Modifier}\p{Regional_Indicator}\u200d\ufe0e\ufe0f\u20e3]/gu;
/** Whole tokens only, so a URL such as `http://x` is never touched: `:)`, `;-)`, `:D`, `xD`, `<3`, `^_^`. */
const EMOTICON = /^(?:[:;=][-'^o]?[)(\][dpo3/\\|*]{1,3}|[)(][-']?[:;=]|xd|<3|\^_?\^)$/u;
/** Slack's /shrug; replaced before NFKC, which would split its macrons. */
const SHRUG = '¯\\_(ツ)_/¯';
const WHITESPACE = /[\s\u200b\u2060]+/u;

function readSlackMarkup(inner: string): string {
  const bar = inner.indexOf('|');
  const target = bar === -1 ? inner : inner.slice(0, bar);
  const label = bar === -1 ? '' : inner.slice(bar + 1);
  if (target.startsWith('@') || target.startsWith('#')) return label || target.slice(1);
  if (target.startsWith('!')) return label || (target.slice(1).split('^')[0] ?? '');
  return label || target.replace(/^mailto:/, '');
}

const isBlank = (ch: string) => /^[\s\u200b\u2060\ufeff]$/u.test(ch);
/** Punctuation and brackets around a word, Slack formatting marks (`*`, `_`, `~`, `` ` ``) included. */
const isWordEdgeMark = (ch: string) => /^[\p{P}~`<>]$/u.test(ch);
/** What the whole key may not start or end with: punctuation, symbols, bullets. */
const isEdgeJunk = (ch: string) => /^[\p{P}\p{S}\s]$/u.test(ch);

/** Trims by code point with plain loops: `/x+$/` would rescan every run of x (quadratic). */
function trimBy(text: string, strip: (ch: string) => boolean): string {
  const chars = Array.from(text);
  let start = 0;
  let end = chars.length;
  while (start < end && strip(chars[start]!)) start++;
  while (end > start && strip(chars[end - 1]!)) end--;
  return start === 0 && end === chars.length ? text : chars.slice(start, end).join('');
}

// --- team corrections ----------------------------------------------------------

/** Longer items are matched against corrections by their first words, up to this many. */
const MAX_CORRECTION_WORDS = 24;

type CorrectionIndex = { nothing: ReadonlySet<string>; blocker: ReadonlySet<string> };

function correctionIndex(c: TeamCorrections): CorrectionIndex {
  const keys = (list: readonly string[] | undefined) =>
    new Set((Array.isArray(list) ? list : []).filter((k): k is string => typeof k === 'string').map(normaliseBlockerText).filter(Boolean));
  return { nothing: keys(c.nothing), blocker: keys(c.blocker) };
}

function applyCorrections(ix: CorrectionIndex, key: string, reading: Reading): Reading {
  if (key === '') return reading;
  if (ix.blocker.has(key)) return { verdict: 'blocker', reason: 'team correction', lead: false };
  if (ix.nothing.has(key)) return { verdict: 'nothing', reason: 'team correction', lead: true };
  const words = key.split(' ');
  for (let k = Math.min(words.length - 1, MAX_CORRECTION_WORDS); k >= 2; k--) {
    const prefix = words.slice(0, k).join(' ');
    if (ix.blocker.has(prefix)) return { verdict: 'blocker', reason: `team correction "${prefix}"`, lead: false };
    if (ix.nothing.has(prefix)) {
      const rest = readLine(words.slice(k).join(' '), true);
      return rest.verdict === 'nothing' ? { verdict: 'nothing', reason: `team correction "${prefix}"`, lead: true } : rest;
    }
  }
  return reading;
}

// --- tokens ----------------------------------------------------------------------

/** A line is read up to this many characters; a longer one is never read as nothing. */
const MAX_LINE_CHARS = 4000;
/** A run of kana/kanji is searched for phrases up to this many characters. */
const MAX_CJK_RUN = 200;

type Tok = { w: string; struck: boolean; seg: number };
type Tokens = { toks: Tok[]; questions: Set<number>; truncated: boolean };

const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー]/u;
const DIGIT = /\p{N}/u;
const SPACE = /[\s\u200b\u2060\ufeff]/u;
/** Punctuation that ends a clause; a lone dash too ("No — well yes"). */
const CLAUSE_END = /[,;.!:…—–\-()[\]{}"“”„«»|、。！，；：()]/u;
/** Stands for an emoji or `:code:`, which ends a clause ("None 🎉 FYI …"); never survives `splitLines`. */
const BREAK = '\u2029';

function fold(word: string): string {
  if (CJK.test(word)) return word.normalize('NFKC').toLowerCase();
  return word
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/ł/g, 'l')
    .replace(/ß/g, 'ss')
    .replace(/[øœæđ]/g, (c) => ({ ø: 'o', œ: 'oe', æ: 'ae', đ: 'd' })[c] ?? c);
}

/**
 * Words in order with the clause segment each sits in (a new segment after punctuation or
 * an emoji) and whether it is struck through (`~…~`, only when a closing `~` follows).
 * Apostrophes and slashes inside a word vanish ("can't" = "cant", "n/a" = "na").
 */
function tokenize(raw: string, prepare = true): Tokens {
  const truncated = raw.length > MAX_LINE_CHARS;
  let text = truncated ? raw.slice(0, MAX_LINE_CHARS) : raw;
  if (prepare) {
    text = text
      .replace(SLACK_MARKUP, (_, inner: string) => ` ${readSlackMarkup(inner)} `)
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&')
      .replace(EMOJI_CODE, BREAK)
      .replaceAll(SHRUG, ' ')
      .replace(EMOJI, BREAK);
  }
  const cs = Array.from(text);
  let lastCloser = -1;
  for (let i = 1; i < cs.length; i++) if (cs[i] === '~' && !SPACE.test(cs[i - 1]!)) lastCloser = i;

  const toks: Tok[] = [];
  const questions = new Set<number>();
  let seg = 0;
  let word = '';
  let struck = false;
  const flush = () => {
    if (word === '') return;
    if (prepare && CJK.test(word[0]!)) for (const w of segmentCjk(fold(word))) toks.push({ w, struck, seg });
    else toks.push({ w: fold(word), struck, seg });
    word = '';
  };
  for (let i = 0; i < cs.length; i++) {
    const c = cs[i]!;
    if (WORD_CHAR.test(c)) {
      if (word !== '' && CJK.test(c) !== CJK.test(word[0]!)) flush();
      word += c;
      continue;
    }
    const next = cs[i + 1];
    const inWord = word !== '' && !CJK.test(word[0]!) && next !== undefined && WORD_CHAR.test(next) && !CJK.test(next);
    if (inWord && (c === "'" || c === '’' || c === 'ʼ' || c === '/')) continue;
    if (inWord && (c === '.' || c === '-' || c === '‐')) {
      word += c === '‐' ? '-' : c;
      continue;
    }
    if (inWord && c === ':' && DIGIT.test(cs[i - 1]!) && DIGIT.test(next)) {
      word += c;
      continue;
    }
    flush();
    if (c === '~') {
      if (!struck && next !== undefined && !SPACE.test(next) && lastCloser > i) struck = true;
      else if (struck && i > 0 && !SPACE.test(cs[i - 1]!)) struck = false;
      continue;
    }
    if (c === '?' || c === '？') {
      questions.add(seg);
      seg++;
    } else if (c === BREAK || CLAUSE_END.test(c)) {
      seg++;
    }
  }
  flush();
  return { toks, questions, truncated };
}

/** Japanese has no spaces: phrases found in a run become words of their own, the gaps too. */
function segmentCjk(run: string): string[] {
  const s = run.length > MAX_CJK_RUN ? run.slice(0, MAX_CJK_RUN) : run;
  const owner = new Int16Array(s.length).fill(-1);
  const found: { at: number; len: number }[] = [];
  for (const phrase of cjkPhrases) {
    for (let from = 0, at = s.indexOf(phrase); at !== -1; from = at + 1, at = s.indexOf(phrase, from)) {
      let free = true;
      for (let k = at; k < at + phrase.length; k++) if (owner[k] !== -1) free = false;
      if (!free) continue;
      for (let k = at; k < at + phrase.length; k++) owner[k] = found.length;
      found.push({ at, len: phrase.length });
    }
  }
  const words: string[] = [];
  let gap = '';
  for (let k = 0; k < s.length; ) {
    const o = owner[k]!;
    if (o === -1) {
      gap += s[k];
      k++;
      continue;
    }
    if (gap) words.push(gap);
    gap = '';
    words.push(s.slice(k, k + found[o]!.len));
    k += found[o]!.len;
  }
  if (gap) words.push(gap);
  return words;
}

// --- the phrase index ----------------------------------------------------------

type Kind =
  | 'nothing' | 'filler' | 'impediment' | 'need' | 'soft' | 'help' | 'resolved'
  | 'contrast' | 'exception' | 'reversal' | 'anaphor' | 'info'
  | 'negator' | 'past' | 'present' | 'hedge' | 'later' | 'irrealis';

/** Phrases that are read (and consume their words); the rest only mark the words around them. */
const CONTENT_KINDS: ReadonlySet<Kind> = new Set(['nothing', 'filler', 'impediment', 'need', 'soft', 'help', 'resolved', 'contrast', 'exception', 'reversal', 'anaphor', 'info']);
const CUE_KINDS: readonly Kind[] = ['help', 'impediment', 'need', 'soft'];

type Entry = { words: string[]; text: string; kinds: Map<Kind, Lang> };

const TABLES: [Kind, P.PhraseTable][] = [
  ['nothing', P.NOTHING], ['nothing', { en: NOTHING_PHRASES.join('|') }], ['filler', P.FILLER], ['filler', { en: FILLER_PHRASES.join('|') }],
  ['impediment', P.IMPEDIMENT], ['need', P.NEED], ['soft', P.SOFT_REQUEST], ['help', P.HELP_REQUEST], ['resolved', P.RESOLVED],
  ['contrast', P.CONTRAST], ['exception', P.EXCEPTION], ['reversal', P.REVERSAL], ['anaphor', P.ANAPHOR], ['info', P.INFO],
  ['negator', P.NEGATOR], ['past', P.PAST], ['present', P.PRESENT], ['hedge', P.HEDGE], ['later', P.LATER], ['irrealis', P.IRREALIS],
];

const entries = new Map<string, Entry>();
for (const [kind, table] of TABLES) {
  for (const lang of P.LANGS) {
    for (const phrase of (table[lang] ?? '').split('|')) {
      const words = tokenize(phrase, false).toks.map((t) => t.w);
      if (words.length === 0) continue;
      const key = words.join(' ');
      const entry = entries.get(key) ?? { words, text: key, kinds: new Map<Kind, Lang>() };
      if (!entry.kinds.has(kind)) entry.kinds.set(kind, lang);
      entries.set(key, entry);
    }
  }
}

function indexBy(keep: (e: Entry) => boolean): Map<string, Entry[]> {
  const index = new Map<string, Entry[]>();
  for (const e of entries.values()) {
    if (!keep(e)) continue;
    const bucket = index.get(e.words[0]!) ?? [];
    bucket.push(e);
    index.set(e.words[0]!, bucket);
  }
  for (const bucket of index.values()) bucket.sort((a, b) => b.words.length - a.words.length);
  return index;
}

const has = (e: Entry, ...kinds: Kind[]) => kinds.some((k) => e.kinds.has(k));
const contentIndex = indexBy((e) => [...e.kinds.keys()].some((k) => CONTENT_KINDS.has(k)));
const markerIndex = indexBy((e) => has(e, 'negator', 'past', 'present', 'hedge', 'later', 'irrealis'));
const nothingIndex = indexBy((e) => has(e, 'nothing', 'filler'));
/** Japanese phrases, found inside runs of kana and kanji, longest first. */
const cjkPhrases = [...entries.values()]
  .filter((e) => e.words.length === 1 && CJK.test(e.words[0]!))
  .map((e) => e.words[0]!)
  .sort((a, b) => b.length - a.length);

const labelWords = new Set(LIST_LABEL_WORDS.flatMap((w) => phraseWords(normaliseBlockerText(w))));
/** "not yet", "not really" only lead an answer before a pause: "Not yet approved by security" is a blocker. */
const BARE_NOT = new Set(['not', 'nicht', 'non', 'pas', 'nie', 'niet', 'nao', 'nahi']);
/** "need to finish the docs" is a plan, not a need. */
const NEED_VERBS = new Set(['need', 'needs', 'needed', 'require', 'requires', 'required']);
/** Single words of the negator table, to tell an absence ("no owner", "can't") from a state. */
const negatorWords = new Set([...entries.values()].filter((e) => e.words.length === 1 && e.kinds.has('negator')).map((e) => e.words[0]!));
const NEGATIVE_CUES = new Set(['cant', 'cannot', 'couldnt', 'missing', 'lacking', 'nobody', 'noone']);
/** Resolutions that only say something stopped, which an absence cannot do. */
const LASTING = new Set(['anymore', 'any more', 'no more', 'no longer', 'not anymore']);
/** Hindi puts the past after the verb: "ruka hua *tha*". */
const PAST_AFTER = new Set(['tha', 'thi']);

// --- reading one line --------------------------------------------------------------

type Reading = { verdict: BlockerVerdict; reason: string; lead: boolean };
type Match = { start: number; end: number; e: Entry };
type Marker = { kind: Kind; end: number; e: Entry };
type Clause = { start: number; end: number; marker: Match | null; markerKind: 'contrast' | 'exception' | 'reversal' | null; question: boolean };
type CueStatus = 'live' | 'negated' | 'past' | 'resolved' | 'struck' | 'hedged' | 'soft';
type Cue = { m: Match; kind: Kind; clause: number; status: CueStatus; by: string };

const quote = (s: string) => `"${s.length > 60 ? `${s.slice(0, 57)}…` : s}"`;
const langOf = (e: Entry, kind: Kind) => e.kinds.get(kind) ?? 'en';

function fits(toks: Tok[], i: number, words: string[]): boolean {
  const seg = toks[i]!.seg;
  for (let k = 0; k < words.length; k++) {
    const t = toks[i + k];
    if (t === undefined || t.w !== words[k] || t.seg !== seg) return false;
  }
  return true;
}

/** Left to right, the longest phrase at each word; its words are then taken. */
function matchContent(toks: Tok[]): Match[] {
  const out: Match[] = [];
  for (let i = 0; i < toks.length; ) {
    const hit = contentIndex.get(toks[i]!.w)?.find((e) => fits(toks, i, e.words));
    if (!hit) {
      i++;
      continue;
    }
    const end = i + hit.words.length;
    const planOnly = hit.kinds.size === 1 && hit.kinds.has('need') && NEED_VERBS.has(hit.words[hit.words.length - 1]!) && toks[end]?.w === 'to';
    if (!planOnly) out.push({ start: i, end, e: hit });
    i = end;
  }
  return out;
}

function markersAt(toks: Tok[]): Marker[][] {
  return toks.map((_, i) => {
    const out: Marker[] = [];
    for (const e of markerIndex.get(toks[i]!.w) ?? []) {
      if (!fits(toks, i, e.words)) continue;
      for (const kind of e.kinds.keys()) if (!CONTENT_KINDS.has(kind)) out.push({ kind, end: i + e.words.length, e });
    }
    return out;
  });
}

/** The first nothing phrase when the words read as nothing and filler phrases only, else null. */
function nothingPhrase(words: string[]): Entry | null {
  if (words.length === 0) return null;
  // reach[i]: 1 = words before i are filler, 2 = they hold a nothing phrase (first one in via[i]).
  const reach = new Uint8Array(words.length + 1);
  const via: (Entry | null)[] = new Array<Entry | null>(words.length + 1).fill(null);
  reach[0] = 1;
  for (let i = 0; i < words.length; i++) {
    const state = reach[i]!;
    if (state === 0) continue;
    for (const e of nothingIndex.get(words[i]!) ?? []) {
      if (!e.words.every((w, k) => words[i + k] === w)) continue;
      const end = i + e.words.length;
      const nothing = e.kinds.has('nothing');
      if (state === 2 || nothing) {
        if (reach[end] !== 2) via[end] = state === 2 ? via[i]! : e;
        reach[end] = 2;
      } else if (reach[end] === 0) reach[end] = 1;
    }
  }
  return reach[words.length] === 2 ? via[words.length]! : null;
}

export function readLine(raw: string, afterNothing: boolean): Reading {
  const { toks, questions, truncated } = tokenize(raw);
  const guard = (r: Reading): Reading =>
    truncated && r.verdict === 'nothing' ? { verdict: 'blocker', reason: 'too long to read as nothing', lead: false } : r;
  const plain = toks.filter((t) => !t.struck).map((t) => t.w);
  if (plain.length === 0) {
    return guard(toks.length > 0
      ? { verdict: 'nothing', reason: 'struck through', lead: false }
      : { verdict: 'nothing', reason: 'no words (emoji or punctuation only)', lead: true });
  }
  const whole = nothingPhrase(plain);
  if (whole) return guard({ verdict: 'nothing', reason: `nothing phrase ${quote(whole.text)} (${langOf(whole, 'nothing')})`, lead: true });

  const matches = matchContent(toks);
  const markers = markersAt(toks);
  const cover = new Int32Array(toks.length).fill(-1);
  matches.forEach((m, mi) => cover.fill(mi, m.start, m.end));

  // Clauses: a new one at each segment and at each "but" / "except" / "well yes".
  const clauses: Clause[] = [];
  const clauseOf = new Int32Array(toks.length);
  for (let i = 0; i < toks.length; i++) {
    const mi = cover[i]!;
    const m = mi >= 0 && matches[mi]!.start === i ? matches[mi]! : null;
    const markerKind = m ? (has(m.e, 'reversal') ? 'reversal' : has(m.e, 'exception') ? 'exception' : has(m.e, 'contrast') ? 'contrast' : null) : null;
    if (i === 0 || toks[i]!.seg !== toks[i - 1]!.seg || markerKind) {
      clauses.push({ start: i, end: i + 1, marker: markerKind ? m : null, markerKind, question: false });
    }
    const c = clauses[clauses.length - 1]!;
    c.end = i + 1;
    c.question = questions.has(toks[i]!.seg);
    clauseOf[i] = clauses.length - 1;
  }
  const byClause: Match[][] = clauses.map(() => []);
  for (const m of matches) byClause[clauseOf[m.start]!]!.push(m);
  const clauseMatches = (ci: number) => byClause[ci] ?? [];
  const clauseMarkers = (ci: number, kind: Kind, from: number, to: number) => {
    const c = clauses[ci]!;
    for (let j = Math.max(c.start, from); j < Math.min(c.end, to); j++) {
      const hit = markers[j]!.find((mk) => mk.kind === kind && mk.end <= c.end);
      if (hit) return { at: j, ...hit };
    }
    return null;
  };
  // Per clause, once: a present marker, the first hedge, a time still to come.
  const scope = clauses.map((c, ci) => ({
    present: clauseMarkers(ci, 'present', c.start, c.end),
    hedge: clauseMarkers(ci, 'hedge', c.start, c.end),
    later: clauseMarkers(ci, 'later', c.start, c.end),
  }));
  const plainWords = (ci: number, from?: number) =>
    toks.slice(from ?? clauses[ci]!.start, clauses[ci]!.end).filter((t) => !t.struck).map((t) => t.w);
  const isResolution = (r: Match) =>
    has(r.e, 'resolved') &&
    !clauseMarkers(clauseOf[r.start]!, 'irrealis', r.start - 2, r.start) &&
    !clauseMarkers(clauseOf[r.start]!, 'negator', r.start - 2, r.start);

  // The leading "nothing": the first clause with words that are not just filler or a label.
  let lead = -1;
  let leadPhrase: Entry | null = null;
  if (!afterNothing) {
    for (let ci = 0; ci < clauses.length; ci++) {
      const words = plainWords(ci);
      if (words.length === 0) continue;
      if (clauses[ci]!.marker) break;
      const ms = clauseMatches(ci);
      const fillerOnly = words.every((w) => labelWords.has(w)) || (ms.length > 0 && ms.every((m) => has(m.e, 'filler') && !has(m.e, 'nothing')) && ms.reduce((n, m) => n + m.end - m.start, 0) === words.length);
      if (fillerOnly) continue;
      const dp = nothingPhrase(words);
      if (dp) {
        lead = ci;
        leadPhrase = dp;
      } else {
        // A multi-word "no blockers" leads even without a pause after it, after filler only.
        let at = clauses[ci]!.start;
        for (const m of ms) {
          if (m.start !== at) break;
          if (has(m.e, 'nothing') && m.e.words.length > 1 && !BARE_NOT.has(m.e.words[0]!) && !toks[m.start]!.struck) {
            lead = ci;
            leadPhrase = m.e;
            break;
          }
          if (!has(m.e, 'filler')) break;
          at = m.end;
        }
      }
      break;
    }
  }
  const hasLead = lead >= 0 || afterNothing;

  // Every impediment, with what became of it.
  const cues: Cue[] = [];
  for (const m of matches) {
    const kind = CUE_KINDS.find((k) => m.e.kinds.has(k));
    if (!kind) continue;
    const ci = clauseOf[m.start]!;
    const c = clauses[ci]!;
    const { present } = scope[ci]!;
    let status: CueStatus = 'live';
    let by = '';
    const negator = (() => {
      for (let j = Math.max(c.start, m.start - 3); j < m.start; j++) {
        const mk = markers[j]!.find((x) => x.kind === 'negator' && x.end <= m.start);
        if (!mk) continue;
        const owner = cover[j]! >= 0 ? matches[cover[j]!]! : null;
        // "no blockers just need a review": a whole "no blockers" negates nothing after it.
        if (owner && owner.e.words.length > 1 && has(owner.e, 'nothing') && owner.end !== m.start) continue;
        if (owner && CUE_KINDS.some((k) => owner.e.kinds.has(k))) continue;
        return mk.e.text;
      }
      return null;
    })();
    const resolvedBy = (() => {
      // "need the hotfix merged": what a need names is not done yet.
      // "nobody owns it anymore": an absence that lasts is not undone by "anymore".
      const absence = m.e.words.some((w) => negatorWords.has(w)) || (m.e.words.length === 1 && NEGATIVE_CUES.has(m.e.words[0]!));
      const undoes = (r: Match) => isResolution(r) && !(absence && LASTING.has(r.e.text));
      const inClause = kind === 'impediment' ? clauseMatches(ci).find((r) => r.start >= m.end && undoes(r)) : undefined;
      if (inClause) return inClause.e.text;
      const next = clauses[ci + 1];
      if (!next || next.markerKind === 'contrast' || next.markerKind === 'exception') return null;
      const ms = clauseMatches(ci + 1);
      if (ms.some((r) => CUE_KINDS.some((k) => r.e.kinds.has(k)))) return null;
      return ms.find(undoes)?.e.text ?? null;
    })();
    const past = present ? null : clauseMarkers(ci, 'past', m.start - 3, m.start) ?? (PAST_AFTER.has(toks[m.end]?.w ?? '') || PAST_AFTER.has(toks[m.end + 1]?.w ?? '') ? { e: { text: 'tha' } } : null);
    const early = scope[ci]!.hedge;
    const hedge = present ? null : (early && early.at < m.start ? early : null) ?? (kind === 'need' ? scope[ci]!.later : null);
    if (toks.slice(m.start, m.end).some((t) => t.struck)) status = 'struck';
    else if (negator) [status, by] = ['negated', negator];
    else if (resolvedBy) [status, by] = ['resolved', resolvedBy];
    else if (past) [status, by] = ['past', past.e.text];
    else if (kind === 'soft') status = 'soft';
    else if (hedge) [status, by] = ['hedged', hedge.e.text];
    cues.push({ m, kind, clause: ci, status, by });
  }

  const contrastBefore = (ci: number) => {
    if (!hasLead) return null;
    for (let k = ci; k > lead; k--) if (clauses[k]!.marker) return clauses[k]!.marker!.e.text;
    return null;
  };
  const cueText = (cue: Cue) => `${cue.kind === 'help' ? 'asks for help' : 'impediment'} ${quote(cue.m.e.text)} (${langOf(cue.m.e, cue.kind)})`;

  // 2. A present impediment.
  const live = cues.find((c) => c.status === 'live');
  if (live) {
    const contrast = contrastBefore(live.clause);
    return { verdict: 'blocker', reason: contrast ? `contrast ${quote(contrast)} then ${cueText(live)}` : cueText(live), lead: false };
  }

  // 3. After a "nothing", an exception or a retraction that names something.
  if (hasLead) {
    for (let ci = Math.max(lead + 1, 0); ci < clauses.length; ci++) {
      const c = clauses[ci]!;
      if (c.markerKind !== 'exception' && c.markerKind !== 'reversal') continue;
      let target = ci;
      let words = plainWords(ci, c.marker!.end);
      if (words.length === 0 && clauses[ci + 1] && !clauses[ci + 1]!.marker) words = plainWords((target = ci + 1));
      if (words.length === 0) {
        if (c.markerKind === 'reversal') return { verdict: 'unsure', reason: `retraction ${quote(c.marker!.e.text)} with nothing after it`, lead: false };
        continue;
      }
      const ms = clauseMatches(target).filter((m) => m !== c.marker);
      const first = ms[0];
      const explained =
        nothingPhrase(words) !== null ||
        (first !== undefined && first.start === (target === ci ? c.marker!.end : clauses[target]!.start) && has(first.e, 'anaphor', 'info', 'nothing')) ||
        ms.some(isResolution) ||
        cues.some((q) => q.clause === target && q.status !== 'hedged' && q.status !== 'soft');
      if (explained) continue;
      const hedged = cues.find((q) => q.clause === target) ?? null;
      if (hedged) return { verdict: 'unsure', reason: `contrast ${quote(c.marker!.e.text)} then hedged ${quote(hedged.m.e.text)}`, lead: false };
      return { verdict: 'blocker', reason: `contrast ${quote(c.marker!.e.text)} then ${quote(words.join(' '))}`, lead: false };
    }
  }

  // 4. A hedged impediment or a soft request.
  const maybe = cues.find((c) => c.status === 'hedged' || c.status === 'soft');
  if (maybe) {
    return {
      verdict: 'unsure',
      reason: maybe.status === 'soft'
        ? `soft request ${quote(maybe.m.e.text)} (${langOf(maybe.m.e, 'soft')})`
        : `hedged impediment ${quote(maybe.m.e.text)} (${quote(maybe.by)})`,
      lead: false,
    };
  }

  // 5. A "nothing" with context that reports no present impediment.
  if (hasLead) {
    const base = leadPhrase ? `nothing phrase ${quote(leadPhrase.text)} (${langOf(leadPhrase, 'nothing')})` : 'after a "nothing" line';
    const first = cues[0];
    const detail = first ? `, then ${first.status} impediment ${quote(first.m.e.text)}${first.by ? ` (${quote(first.by)})` : ''}` : ', the rest reports no impediment';
    return guard({ verdict: 'nothing', reason: base + detail, lead: true });
  }

  // 6. Impediments that were all negated, past, resolved or struck through; a resolution alone.
  const gone = cues[0];
  if (gone) {
    const what = { negated: 'negated', past: 'past', resolved: 'resolved', struck: 'struck-through' }[gone.status as 'negated'] ?? gone.status;
    return guard({ verdict: 'nothing', reason: `${what} impediment ${quote(gone.m.e.text)}${gone.by ? ` (${quote(gone.by)})` : ''}`, lead: false });
  }
  const resolution = matches.find(isResolution);
  if (resolution) return guard({ verdict: 'nothing', reason: `resolved ${quote(resolution.e.text)} (${langOf(resolution.e, 'resolved')})`, lead: false });

  // 7. A hedge without an impediment: ask.
  for (const { hedge: h } of scope) {
    if (h) return { verdict: 'unsure', reason: `hedge ${quote(h.e.text)} without a clear impediment`, lead: false };
  }

  // 8. Anything else is announced.
  if (clauses.some((c) => c.question)) return { verdict: 'blocker', reason: 'a question, with no "nothing" before it', lead: false };
  return { verdict: 'blocker', reason: 'no rule matched: unknown text, treated as blocker', lead: false };
}

/** The words the list-label table is compared on: "i'm not blocked" → im, not, blocked. */
function phraseWords(normalised: string): string[] {
  return normalised
    .replace(/['’/]/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}
