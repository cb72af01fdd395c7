import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFeedFetcher } from '../../src/availability/calendar.fetch.ts';

/** The feed fetcher against a local server: what it refuses before connecting, and what it refuses to read. */
describe('createFeedFetcher', () => {
  let server: Server;
  let port: number;
  const hits: string[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      hits.push(`${req.headers.host} ${req.url}`);
      if (req.url === '/redirect') return void res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data' }).end();
      if (req.url === '/big') {
        res.writeHead(200, { 'content-type': 'text/calendar' });
        // Streamed without a length: the cap is counted as it arrives.
        for (let i = 0; i < 40; i++) res.write('X'.repeat(64 * 1024));
        return void res.end();
      }
      if (req.url === '/hang') return; // never answers
      res.writeHead(200, { 'content-type': 'text/calendar', etag: '"e1"', 'last-modified': 'Tue, 01 Dec 2026 08:00:00 GMT' }).end('BEGIN:VCALENDAR\r\nEND:VCALENDAR');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise((r) => server.close(r)));

  const none = { etag: null, lastModified: null };

  it('reads a feed on loopback only behind the switch', async () => {
    const open = createFeedFetcher({ allowInsecure: true });
    expect(await open(`http://127.0.0.1:${port}/cal.ics`, none)).toEqual({ status: 'ok', body: 'BEGIN:VCALENDAR\r\nEND:VCALENDAR', etag: '"e1"', lastModified: 'Tue, 01 Dec 2026 08:00:00 GMT' });
    const strict = createFeedFetcher({ allowInsecure: false });
    const before = hits.length;
    expect(await strict(`http://127.0.0.1:${port}/cal.ics`, none)).toEqual({ status: 'error', reason: 'only https:// addresses are read' });
    expect(await strict(`https://127.0.0.1:${port}/cal.ics`, none)).toMatchObject({ status: 'error', reason: expect.stringMatching(/private or reserved network address \(loopback\)/) });
    expect(await strict(`https://[::ffff:127.0.0.1]:${port}/cal.ics`, none)).toMatchObject({ status: 'error', reason: expect.stringMatching(/\(loopback\)/) });
    expect(hits.length).toBe(before);
  });

  it('checks every resolved address and connects to the checked one, not a second lookup', async () => {
    // A name that also resolves to a private address is refused, even if another answer is public.
    const mixed = createFeedFetcher({ allowInsecure: true, resolve: async () => [{ address: '93.184.216.34', family: 4 }, { address: '10.0.0.7', family: 4 }] });
    expect(await mixed('http://calendar.example.test/cal.ics', none)).toMatchObject({ status: 'error', reason: expect.stringMatching(/\(private\)/) });
    const metadata = createFeedFetcher({ allowInsecure: true, resolve: async () => [{ address: '169.254.169.254', family: 4 }] });
    expect(await metadata('http://calendar.example.test/cal.ics', none)).toMatchObject({ status: 'error', reason: expect.stringMatching(/\(linkLocal\)/) });
    // The connection goes to the address that was checked (here the test server), under the feed's host name.
    const pinned = createFeedFetcher({ allowInsecure: true, resolve: async () => [{ address: '127.0.0.1', family: 4 }] });
    expect(await pinned(`http://calendar.example.test:${port}/cal.ics`, none)).toMatchObject({ status: 'ok' });
    expect(hits.at(-1)).toBe(`calendar.example.test:${port} /cal.ics`);
  });

  it('follows no redirect, caps the size and gives up on a server that never answers', async () => {
    const f = createFeedFetcher({ allowInsecure: true, maxBytes: 1024 * 1024, timeoutMs: 500 });
    expect(await f(`http://127.0.0.1:${port}/redirect`, none)).toMatchObject({ status: 'error', reason: expect.stringMatching(/redirects are not followed/) });
    expect(await f(`http://127.0.0.1:${port}/big`, none)).toMatchObject({ status: 'error', reason: 'the feed is larger than 1 MB' });
    expect(await f(`http://127.0.0.1:${port}/hang`, none)).toMatchObject({ status: 'error', reason: expect.stringMatching(/did not answer within/) });
    const unknown = createFeedFetcher({ allowInsecure: true, resolve: async () => Promise.reject(Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' })) });
    expect(await unknown('http://no-such-host.invalid/cal.ics', none)).toEqual({ status: 'error', reason: 'the host no-such-host.invalid could not be found' });
  });
});
