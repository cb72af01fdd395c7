import { describe, expect, it } from 'vitest';
import { classifyAddress, parseFeedUrl, redactFeedUrl } from '../../src/availability/address.models.ts';

describe('classifyAddress: only global unicast may be fetched', () => {
  it.each(['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111', '::ffff:8.8.8.8'])('%s is allowed', (a) => {
    expect(classifyAddress(a)).toEqual({ ok: true });
  });

  it.each([
    ['127.0.0.1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['192.168.1.10', 'private'],
    ['169.254.169.254', 'linkLocal'],
    ['100.64.0.1', 'carrierGradeNat'],
    ['0.0.0.0', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'linkLocal'],
    ['fc00::1', 'uniqueLocal'],
    ['fd12:3456::1', 'uniqueLocal'],
    ['ff02::1', 'multicast'],
    // IPv4-mapped IPv6 is judged as the IPv4 address it carries.
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:169.254.169.254', 'linkLocal'],
    // NAT64 would reach an IPv4 address behind it.
    ['64:ff9b::a00:1', 'rfc6052'],
    ['not-an-ip', 'not an IP address'],
  ])('%s is refused (%s)', (a, range) => {
    expect(classifyAddress(a)).toEqual({ ok: false, range });
  });

  it('lets loopback through only behind the switch, and never private ranges', () => {
    expect(classifyAddress('127.0.0.1', { allowLoopback: true })).toEqual({ ok: true });
    expect(classifyAddress('::1', { allowLoopback: true })).toEqual({ ok: true });
    expect(classifyAddress('10.0.0.1', { allowLoopback: true }).ok).toBe(false);
  });
});

describe('parseFeedUrl', () => {
  it('accepts https and turns webcal into https', () => {
    expect(parseFeedUrl('https://calendar.google.com/calendar/ical/x%40group/private-abc/basic.ics')).toEqual({ ok: true, url: 'https://calendar.google.com/calendar/ical/x%40group/private-abc/basic.ics' });
    expect(parseFeedUrl('<webcal://example.com/cal.ics>')).toEqual({ ok: true, url: 'https://example.com/cal.ics' });
  });

  it.each([
    ['http://example.com/cal.ics', /Only https/],
    ['ftp://example.com/cal.ics', /Only https/],
    ['calendar please', /not a web address/],
    ['https://user:pw@example.com/cal.ics', /user name or password/],
    ['https://example.com:8443/cal.ics', /standard https port/],
  ])('%s is refused with an example', (text, message) => {
    const r = parseFeedUrl(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(message);
    if (!r.ok) expect(r.message).toMatch(/Example: `\/standup calendar https:/);
  });

  it('allows http and other ports behind the switch', () => {
    expect(parseFeedUrl('http://127.0.0.1:8080/cal.ics', { allowInsecure: true })).toEqual({ ok: true, url: 'http://127.0.0.1:8080/cal.ics' });
  });

  it('redacts the secret part', () => {
    expect(redactFeedUrl('https://calendar.google.com/calendar/ical/secret/basic.ics')).toBe('https://calendar.google.com/…');
  });
});
