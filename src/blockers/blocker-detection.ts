import { FILLER_PHRASES, LIST_LABEL_WORDS, NOTHING_PHRASES } from './nothing-phrases.ts';

/**
 * Pure blocker detection: which blockers a standup "blockers" answer raises.
 *
 * Teams mute bots that cry wolf, so the rule is narrow on purpose: an answer (or one
 * line of a list) is "nothing" only when every word of it is in the phrase table of
 * `nothing-phrases.ts`; anything else is a blocker. Every step is linear in the input
 * (no regex here can backtrack quadratically over user text): 10,000 characters take
 * about a millisecond.
 */

export { FILLER_PHRASES, LIST_LABEL_WORDS, NOTHING_PHRASES };

/**
 * The blockers in an answer, as the person wrote them minus list markers, in order,
 * without repeats. A line ending in ":" that introduces a list is prefixed to each
 * item ("Waiting on:" + "- legal" = "Waiting on: legal") unless it is just a label
 * ("Blockers:", "Yes, two:").
 */
export function detectBlockers(answer: string): string[] {
  const lines = splitLines(answer).map(classify);
  // "Yes" above a list is a label; "Yes" alone still says something is wrong.
  const hasContent = lines.some((line) => !line.label && !line.nothing);

  const blockers: string[] = [];
  const seen = new Set<string>();
  let heading: string | null = null;
  for (const [i, line] of lines.entries()) {
    const colon = endsWithColon(line.text);
    if (!line.marked) heading = null;
    if (!line.marked && colon && lines[i + 1]?.marked) {
      heading = line.label ? null : trimBy(line.text.slice(0, -1), isBlank);
      continue;
    }
    // "Blockers:" introduces the answer whatever follows it.
    if (line.label && (hasContent || colon)) continue;
    if (line.nothing) continue;
    const text = heading ? `${heading}: ${line.text}` : line.text;
    const key = heading ? normaliseBlockerText(text) : line.key;
    if (seen.has(key)) continue;
    seen.add(key);
    blockers.push(text);
  }
  return blockers;
}

/** True when the answer raises no blocker: "None at the moment 🎉", "-", "" … */
export function isNothingAnswer(text: string): boolean {
  return detectBlockers(text).length === 0;
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

type ClassifiedLine = Line & { key: string; nothing: boolean; label: boolean };

function classify(line: Line): ClassifiedLine {
  const key = normaliseBlockerText(line.text);
  const words = phraseWords(key);
  return { ...line, key, nothing: meansNothing(words), label: words.length > 0 && words.every((w) => labelWords.has(w)) };
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

// --- "nothing" matching --------------------------------------------------------

/** Answers of more words than this are never "nothing"; keeps the matcher bounded. */
const MAX_NOTHING_WORDS = 24;

type Phrase = { words: string[]; nothing: boolean };

/** The words the phrase table is compared on: "i'm not blocked" → im, not, blocked. */
function phraseWords(normalised: string): string[] {
  return normalised
    .replace(/['’/]/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

const phrasesByFirstWord = new Map<string, Phrase[]>();
for (const [list, nothing] of [[NOTHING_PHRASES, true], [FILLER_PHRASES, false]] as const) {
  for (const phrase of list) {
    const words = phraseWords(normaliseBlockerText(phrase));
    const first = words[0];
    if (first === undefined) continue;
    const bucket = phrasesByFirstWord.get(first) ?? [];
    bucket.push({ words, nothing });
    phrasesByFirstWord.set(first, bucket);
  }
}

const labelWords = new Set(LIST_LABEL_WORDS.flatMap((w) => phraseWords(normaliseBlockerText(w))));

/**
 * Whether the words can be read left to right as nothing and filler phrases with at
 * least one nothing phrase. reach[i]: 1 = words before i are all filler, 2 = they hold
 * a nothing phrase. An answer without any words ("-", "👍", "✅ :tada:") is nothing too:
 * a blocker has to say something a manager can act on.
 */
function meansNothing(words: string[]): boolean {
  if (words.length === 0) return true;
  if (words.length > MAX_NOTHING_WORDS) return false;
  const reach = new Uint8Array(words.length + 1);
  reach[0] = 1;
  for (let i = 0; i < words.length; i++) {
    const state = reach[i]!;
    if (state === 0) continue;
    for (const phrase of phrasesByFirstWord.get(words[i]!) ?? []) {
      if (!phrase.words.every((w, k) => words[i + k] === w)) continue;
      const end = i + phrase.words.length;
      reach[end] = reach[end]! | (phrase.nothing ? 2 : state);
    }
  }
  return (reach[words.length]! & 2) !== 0;
}
