import { createServer, type Server, type Socket } from 'node:net';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * postgres.js 3.4.9 leaves a query waiting forever, and reconnects in a tight loop, when a
 * server accepts the connection and closes it cleanly before the handshake (a pooler or
 * proxy whose Postgres is gone; porsager/postgres#1193). `patches/postgres+3.4.9.patch`,
 * applied by `patch-package` on install, makes that close reject the query the way a reset
 * does. This fails if the patch is missing, so a plain `npm ci --ignore-scripts` is caught.
 * No Postgres is needed: the "server" here only accepts and closes.
 */
describe('postgres.js against a server that accepts and closes', () => {
  let server: Server;
  let port: number;
  let accepted = 0;
  const sockets = new Set<Socket>();

  beforeAll(async () => {
    server = createServer((socket) => {
      accepted += 1;
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });
  afterAll(async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  /** The query's outcome, or 'still waiting' if it has neither failed nor succeeded after `ms`. */
  async function outcome(query: Promise<unknown>, ms = 5000): Promise<string> {
    let timer: NodeJS.Timeout | undefined;
    const waiting = new Promise<string>((resolve) => (timer = setTimeout(() => resolve('still waiting'), ms)));
    const settled = query.then(
      () => 'succeeded',
      (err: { code?: string }) => `failed: ${err.code}`,
    );
    try {
      return await Promise.race([settled, waiting]);
    } finally {
      clearTimeout(timer);
    }
  }

  it('rejects every query with CONNECTION_CLOSED, the first and the ones after it', async () => {
    const sql = postgres(`postgres://nobody@127.0.0.1:${port}/none`, { max: 2, connect_timeout: 30, onnotice: () => {} });
    try {
      const results: string[] = [];
      for (let i = 0; i < 4; i++) results.push(await outcome(sql`select 1`));
      expect(results).toEqual(Array(4).fill('failed: CONNECTION_CLOSED'));
      // Each query cost a bounded number of connection attempts, not a reconnect loop.
      const before = accepted;
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(accepted - before).toBe(0);
    } finally {
      await sql.end({ timeout: 0 });
    }
  });

  it('rejects queries issued together, as a burst of commands would', async () => {
    const sql = postgres(`postgres://nobody@127.0.0.1:${port}/none`, { max: 3, connect_timeout: 30, onnotice: () => {} });
    try {
      await outcome(sql`select 1`);
      const burst = await Promise.all(Array.from({ length: 6 }, () => outcome(sql`select 1`)));
      expect(burst).toEqual(Array(6).fill('failed: CONNECTION_CLOSED'));
    } finally {
      await sql.end({ timeout: 0 });
    }
  });
});
