/**
 * A local stand-in for Slack's `response_url` endpoints: records what the app posts to
 * `/respond/<id>` so tests can read `respond()` output without reaching hooks.slack.com.
 */
import { keepConnections } from '../ops/http.ts';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { waitFor } from './wait.ts';

export interface CaughtResponse {
  /** The `<id>` part of `/respond/<id>`. */
  id: string;
  /** Parsed JSON body, or the raw text when it is not JSON. */
  body: unknown;
  text: string;
  headers: IncomingHttpHeaders;
  at: Date;
}

export interface ResponseCatcher {
  /** Server root, ends with `/`. */
  readonly baseUrl: string;
  /** The response_url to hand to the app for `id`. */
  url(id: string): string;
  /** Everything posted, in arrival order. */
  readonly received: CaughtResponse[];
  forId(id: string): CaughtResponse[];
  /** Resolves with the first posted body matching `predicate` (already received or later). */
  waitFor(predicate: (response: CaughtResponse) => boolean, timeoutMs?: number): Promise<CaughtResponse>;
  close(): Promise<void>;
}

export async function startResponseCatcher(): Promise<ResponseCatcher> {
  const received: CaughtResponse[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const match = /^\/respond\/([^/?]+)/.exec(req.url ?? '');
      if (req.method !== 'POST' || !match?.[1]) {
        res.writeHead(404, { 'content-type': 'text/plain' });
        res.end('not found');
        return;
      }
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // Not JSON: keep the text so the test can see what was sent.
      }
      received.push({ id: decodeURIComponent(match[1]), body, text, headers: req.headers, at: new Date() });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ok":true}');
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    keepConnections(server);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}/`;

  return {
    baseUrl,
    received,
    url: (id) => `${baseUrl}respond/${encodeURIComponent(id)}`,
    forId: (id) => received.filter((r) => r.id === id),
    // Generous: only a failure waits this long, and a busy machine may take seconds to reply.
    waitFor: (predicate, timeoutMs = 30_000) =>
      waitFor(() => received.find(predicate), { timeoutMs, message: 'a response_url post' }),
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}
