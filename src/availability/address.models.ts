import ipaddr from 'ipaddr.js';

/**
 * Pure: may a calendar feed be fetched from this resolved address? Only global unicast
 * addresses: private (10/8, 172.16/12, 192.168/16), loopback, link-local (169.254/16,
 * fe80::/10, where cloud metadata lives), unique-local (fc00::/7), carrier-grade NAT,
 * multicast, broadcast, unspecified, reserved, and IPv6 forms that carry an IPv4 address
 * (IPv4-mapped ::ffff:a.b.c.d is judged as that IPv4 address; NAT64, 6to4 and Teredo are
 * refused) are not. `allowLoopback` (the tests' and the demo's switch) lets loopback through.
 */
export type AddressVerdict = { ok: true } | { ok: false; range: string };

export function classifyAddress(address: string, opts: { allowLoopback?: boolean } = {}): AddressVerdict {
  if (!ipaddr.isValid(address)) return { ok: false, range: 'not an IP address' };
  // ::ffff:127.0.0.1 is 127.0.0.1.
  const parsed = ipaddr.process(address);
  const range = parsed.range();
  if (range === 'unicast') return { ok: true };
  if (range === 'loopback' && opts.allowLoopback) return { ok: true };
  return { ok: false, range };
}

/** Pure: the URL a person gave for their feed, checked and normalised, or why not. */
export function parseFeedUrl(text: string, opts: { allowInsecure?: boolean } = {}): { ok: true; url: string } | { ok: false; message: string } {
  const example = 'Example: `/standup calendar https://calendar.google.com/calendar/ical/…/basic.ics` (Google: Settings → your calendar → "Secret address in iCal format"; Outlook: Publish calendar → ICS).';
  let raw = text.trim().replace(/^<(.*)>$/, '$1').replace(/\|.*$/, '');
  // Apple and Outlook hand out webcal:// links: the same feed over https.
  raw = raw.replace(/^webcals?:\/\//i, 'https://');
  if (raw.length > 2000) return { ok: false, message: `That address is ${raw.length} characters; a calendar feed address is far shorter. ${example}` };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, message: `That is not a web address. ${example}` };
  }
  if (url.protocol !== 'https:' && !(opts.allowInsecure && url.protocol === 'http:')) {
    return { ok: false, message: `Only https:// addresses are read (the address is a secret, and http would show it to everyone on the way). ${example}` };
  }
  if (url.username || url.password) return { ok: false, message: `Addresses with a user name or password in them are not accepted. ${example}` };
  if (url.port && !opts.allowInsecure && url.port !== '443') return { ok: false, message: `Only the standard https port is used for feeds. ${example}` };
  return { ok: true, url: url.toString() };
}

/** A feed address as it may be shown or logged: host only, the secret path hidden. */
export function redactFeedUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}/…`;
  } catch {
    return '(a calendar address)';
  }
}
