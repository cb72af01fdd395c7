import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../shared/logger.ts';
import type { Metrics } from './metrics.ts';
import type { Readiness } from './readiness.ts';

/**
 * The operator's routes, the same in HTTP and Socket Mode:
 *   GET /healthz  200 while the process is alive
 *   GET /readyz   200 when it may take work, else 503; the body names the failed checks
 *   GET /metrics  Prometheus text format
 * In HTTP mode Bolt's receiver serves them beside /slack/events (as custom routes); in
 * Socket Mode, which has no HTTP receiver, `startOpsServer` serves them on PORT.
 */
export type OpsRoute = { path: string; method: string[]; handler: (req: IncomingMessage, res: ServerResponse) => void };

export function opsRoutes(deps: { readiness: Readiness; metrics: Metrics; logger: Logger }): OpsRoute[] {
  const log = deps.logger.child('ops');
  return [
    { path: '/healthz', method: ['GET'], handler: (_req, res) => json(res, 200, { ok: true }) },
    {
      path: '/readyz',
      method: ['GET'],
      handler: (_req, res) => {
        deps.readiness.check().then(
          (r) => json(res, r.ok ? 200 : 503, r),
          (err: unknown) => json(res, 503, { ok: false, failed: ['readiness'], checks: { readiness: String(err) } }),
        );
      },
    },
    {
      path: '/metrics',
      method: ['GET'],
      handler: (_req, res) => {
        deps.metrics.text().then(
          (text) => {
            res.writeHead(200, { 'content-type': deps.metrics.contentType });
            res.end(text);
          },
          (err: unknown) => {
            log.error({ err }, 'could not collect metrics');
            res.writeHead(500, { 'content-type': 'text/plain' });
            res.end('could not collect metrics\n');
          },
        );
      },
    },
  ];
}

function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

/**
 * How long an idle keep-alive connection stays open. Node's default is 5 s, and a client that
 * reuses a connection just as the server closes it gets ECONNRESET (a load balancer answers its
 * caller 502). Slack, a proxy in front of us (idle timeouts of 60 s are common) and our own
 * clients all keep connections for less than this, so it is the server that outlives them.
 */
export const keepAliveTimeoutMs = 65_000;

/** Keep-alive and header timeouts for a server of ours (see `keepAliveTimeoutMs`). */
export function keepConnections(server: Server): void {
  server.keepAliveTimeout = keepAliveTimeoutMs;
  // Node requires the header timeout to be longer than the keep-alive one.
  server.headersTimeout = keepAliveTimeoutMs + 1_000;
}

/** A small HTTP server for the ops routes alone (Socket Mode). */
export async function startOpsServer(routes: OpsRoute[], port: number, host?: string) {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const route = routes.find((r) => r.path === path);
    if (!route) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found\n');
      return;
    }
    if (!route.method.includes(req.method ?? '')) {
      res.writeHead(405, { allow: route.method.join(', '), 'content-type': 'text/plain' });
      res.end('method not allowed\n');
      return;
    }
    route.handler(req, res);
  });
  keepConnections(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
