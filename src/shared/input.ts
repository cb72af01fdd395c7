import { truncate } from './text.ts';
import { addDays, daysBetween, isValidLocalDate, type LocalDate } from './time.ts';

/**
 * The trust boundary for typed text: pure helpers every command parser and modal field
 * goes through, so that no input is stored half-broken, misread, or able to make work
 * unbounded.
 */

/**
 * Text as it may be stored and shown. Postgres refuses NUL in text and Slack renders
 * control characters as garbage, so C0 controls (and DEL) are dropped, except tab and
 * newline; CRLF and a lone CR become a newline. A lone UTF-16 surrogate (half an emoji,
 * from a client that cut a string) cannot be encoded as UTF-8 and becomes U+FFFD, the
 * replacement character, rather than failing the whole request.
 */
export function cleanText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[\u0000-\u0008\u000B-\u001F\u007F]/g, '')
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

/** Largest id a Postgres `integer` (int4) column holds. */
export const maxId = 2 ** 31 - 1;

/**
 * A record number as typed ("12" or "#12"): ASCII digits only. `{ id }` when it can name
 * a row; `{ outOfRange }` for a well-formed number no row can have (0, or beyond int4),
 * which the caller answers with "no such …"; undefined when it is not a number at all.
 */
export function parseId(token: string | undefined): { id: number } | { outOfRange: string } | undefined {
  const m = /^#?([0-9]{1,40})$/.exec(token ?? '');
  if (!m) return undefined;
  const digits = m[1]!.replace(/^0+(?=\d)/, '');
  const n = Number(digits);
  if (digits.length > 10 || n < 1 || n > maxId) return { outOfRange: digits.length > 12 ? `${digits.slice(0, 12)}…` : digits };
  return { id: n };
}

/** Most people one command may name: each unknown one is a `users.info` call. */
export const maxMentions = 50;

export const tooManyMentions = (n: number, example: string) => `That names ${n} people; one command takes at most ${maxMentions}. Add them in batches. ${example}`;

/**
 * How far from today a typed date may be. Anything date-like further out is a typo
 * (9999-12-31, 2206 for 2026) and would make every plan that spans it expensive.
 */
export const maxDaysAhead = 2 * 365;
export const maxDaysBack = 365;

/** Undefined when `date` is a calendar date within the window around `today`; else why not. */
export function dateOutsideWindow(date: LocalDate, today: LocalDate): string | undefined {
  if (!isValidLocalDate(date)) return `${truncate(date, 20)} is not a date on the calendar (YYYY-MM-DD).`;
  if (daysBetween(today, date) > maxDaysAhead) return `${date} is more than two years ahead; pick a day before ${addDays(today, maxDaysAhead + 1)}.`;
  if (daysBetween(date, today) > maxDaysBack) return `${date} is more than a year ago.`;
  return undefined;
}
