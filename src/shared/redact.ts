/**
 * Keeps secrets out of anything we print: logs, start-up problems, error lines.
 * Pure. pino's own `redact` option only knows fixed paths; a Slack token can also hide in
 * a Bolt message string, an error's text or a nested request object, so values are
 * checked as well as keys.
 */

export const redacted = '[redacted]';

/** Slack tokens (bot, user, app-level, refresh, config), credentials in URLs, bearer values, calendar feed addresses. */
const patterns: [RegExp, string][] = [
  [/\b(bearer\s+)[A-Za-z0-9._~+/=-]+/gi, `$1${redacted}`],
  [/\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)[^\s@/]+@/gi, `$1${redacted}@`],
  [/\b(xox[a-z]|xapp)-[A-Za-z0-9-]+/g, `$1-${redacted}`],
  // A calendar feed's address reads the calendar (Google's /ical/…/private-…/basic.ics, Outlook's
  // …/calendar.ics, webcal://): only its scheme and host are shown, as replies show it.
  [/\b(webcals?:\/\/[^\s/?#"'<>]+)[/?#][^\s"'<>]*/gi, `$1/${redacted}`],
  [/\b(https?:\/\/[^\s/?#"'<>]+)[/?#][^\s"'<>]*?(?:\.ics\b|\/ical\/)[^\s"'<>]*/gi, `$1/${redacted}`],
];

/** A string with every token-looking part masked. */
export function redactSecrets(s: string): string {
  let out = s;
  for (const [re, by] of patterns) out = out.replace(re, by);
  return out;
}

/** Key names whose values are secrets whatever they look like (compared lower-case, without `_` and `-`). */
const secretKeys = /(token|secret|password|passwd|authorization|cookie|encryptionkey|apikey|privatekey|databaseurl)$/;

export function isSecretKey(key: string): boolean {
  return secretKeys.test(key.toLowerCase().replace(/[-_]/g, ''));
}

/**
 * A copy of `value` safe to print: secret keys masked at any depth, strings redacted.
 * Bounded (depth, cycles), so a huge or circular object cannot make logging expensive.
 */
export function scrub(value: unknown, depth = 0, seen: WeakSet<object> = new WeakSet()): unknown {
  if (typeof value === 'string') return redactSecrets(value);
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return value;
  if (seen.has(value)) return '[circular]';
  if (depth > 8) return '[deep]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1, seen));
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return scrub((value as { toJSON(): unknown }).toJSON(), depth + 1, seen);
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = isSecretKey(k) && v !== undefined && v !== null && v !== '' ? redacted : scrub(v, depth + 1, seen);
  }
  return out;
}

/**
 * How a configuration value may be shown in a problem line: secrets never (only their
 * length and the kind of value, enough to spot a pasted user token or a stray quote),
 * anything else quoted, cut short and with secrets masked.
 */
export function describeConfigValue(name: string, raw: string): string {
  if (isSecretKey(name)) {
    const kind = /^(xox[a-z]|xapp)-/.exec(raw)?.[0];
    return `a ${raw.length}-character value${kind ? ` starting with "${kind}"` : ''}, not shown`;
  }
  const shown = redactSecrets(raw);
  return `got ${JSON.stringify(shown.length > 60 ? `${shown.slice(0, 60)}…` : shown)}`;
}
