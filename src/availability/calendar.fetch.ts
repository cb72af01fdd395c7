import { lookup as dnsLookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { classifyAddress } from './address.models.ts';

/**
 * Fetches a person's calendar feed without letting the address reach inside our network.
 * The host is resolved here, every address it resolves to is checked (a resolved-address
 * check, not a string check), and the connection goes to the checked address itself, so a
 * second DNS answer cannot swap in 127.0.0.1 (rebinding). https only (TLS still verifies
 * the host name); redirects are not followed; bodies are capped and requests time out.
 * `allowInsecure` (CALENDAR_ALLOW_INSECURE=1, tests and the demo) permits http and loopback,
 * never private or link-local addresses.
 *
 * The URL is a secret: no error or log line made here contains it.
 */
export type FeedFetchResult =
  | { status: 'ok'; body: string; etag: string | null; lastModified: string | null }
  | { status: 'not-modified' }
  | { status: 'error'; reason: string };

export type FeedFetcher = (url: string, cache: { etag: string | null; lastModified: string | null }) => Promise<FeedFetchResult>;

export const feedLimits = { maxBytes: 5 * 1024 * 1024, timeoutMs: 15_000 } as const;

export function createFeedFetcher(opts: { allowInsecure: boolean; maxBytes?: number; timeoutMs?: number; resolve?: (host: string) => Promise<{ address: string; family: number }[]> }): FeedFetcher {
  const maxBytes = opts.maxBytes ?? feedLimits.maxBytes;
  const timeoutMs = opts.timeoutMs ?? feedLimits.timeoutMs;
  const resolve = opts.resolve ?? ((host: string) => dnsLookup(host, { all: true, verbatim: true }));
  return async (rawUrl, cache) => {
    let url: URL;
    try {
      url = new URL(rawUrl);
    } catch {
      return { status: 'error', reason: 'the address is not a valid web address' };
    }
    if (url.protocol !== 'https:' && !(opts.allowInsecure && url.protocol === 'http:')) return { status: 'error', reason: 'only https:// addresses are read' };
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    let addresses: { address: string; family: number }[];
    try {
      addresses = await resolve(host);
    } catch {
      return { status: 'error', reason: `the host ${host} could not be found` };
    }
    if (!addresses.length) return { status: 'error', reason: `the host ${host} could not be found` };
    // Every address must be public: a host that also answers with a private one is refused.
    for (const a of addresses) {
      const verdict = classifyAddress(a.address, { allowLoopback: opts.allowInsecure });
      if (!verdict.ok) return { status: 'error', reason: `the host ${host} points at a private or reserved network address (${verdict.range}); only public calendar servers are read` };
    }
    const target = addresses[0]!;
    const pinned: LookupFunction = (_h, options, cb) => {
      if ((options as { all?: boolean }).all) (cb as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address: target.address, family: target.family }]);
      else cb(null, target.address, target.family);
    };
    const headers: Record<string, string> = { accept: 'text/calendar, text/plain;q=0.5', 'user-agent': 'Coordinator calendar reader' };
    if (cache.etag) headers['if-none-match'] = cache.etag;
    if (cache.lastModified) headers['if-modified-since'] = cache.lastModified;
    const lib = url.protocol === 'https:' ? https : http;
    return new Promise<FeedFetchResult>((done) => {
      let settled = false;
      const finish = (r: FeedFetchResult) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        done(r);
      };
      const req = lib.request(
        { protocol: url.protocol, hostname: host, port: url.port || undefined, path: `${url.pathname}${url.search}`, method: 'GET', headers, lookup: pinned, servername: host, agent: false },
        (res) => {
          const status = res.statusCode ?? 0;
          if (status === 304) {
            res.resume();
            return finish({ status: 'not-modified' });
          }
          if (status >= 300 && status < 400) {
            res.resume();
            return finish({ status: 'error', reason: `the server redirects elsewhere (HTTP ${status}); redirects are not followed — use the final address` });
          }
          if (status < 200 || status >= 300) {
            res.resume();
            return finish({ status: 'error', reason: `the server answered HTTP ${status}${status === 404 || status === 401 || status === 403 ? ' (the address may have been reset; copy the secret address again)' : ''}` });
          }
          const declared = Number(res.headers['content-length'] ?? 0);
          if (declared > maxBytes) {
            res.destroy();
            return finish({ status: 'error', reason: `the feed is larger than ${Math.round(maxBytes / 1024 / 1024)} MB` });
          }
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > maxBytes) {
              res.destroy();
              req.destroy();
              return finish({ status: 'error', reason: `the feed is larger than ${Math.round(maxBytes / 1024 / 1024)} MB` });
            }
            chunks.push(chunk);
          });
          res.on('end', () =>
            finish({
              status: 'ok',
              body: Buffer.concat(chunks).toString('utf8'),
              etag: typeof res.headers.etag === 'string' ? res.headers.etag.slice(0, 200) : null,
              lastModified: typeof res.headers['last-modified'] === 'string' ? res.headers['last-modified'].slice(0, 100) : null,
            }),
          );
          res.on('error', () => finish({ status: 'error', reason: 'the connection broke while reading the feed' }));
        },
      );
      const timer = setTimeout(() => {
        req.destroy();
        finish({ status: 'error', reason: `the server did not answer within ${Math.round(timeoutMs / 1000)} s` });
      }, timeoutMs);
      req.on('error', (err: NodeJS.ErrnoException) => finish({ status: 'error', reason: `the server could not be reached (${err.code ?? 'connection error'})` }));
      req.end();
    });
  };
}
