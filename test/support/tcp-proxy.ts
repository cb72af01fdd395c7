import { createServer, connect, type Socket } from 'node:net';

/**
 * A TCP proxy in front of the test Postgres that can be cut: while "down", every
 * connection through it is reset, as when the database server stops. Only this
 * test's connections are affected, not the other test files sharing the server.
 */
export async function startTcpProxy(target: { host: string; port: number }) {
  let down = false;
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    if (down) {
      client.destroy();
      return;
    }
    const upstream = connect(target.port, target.host);
    sockets.add(client);
    sockets.add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    down() {
      down = true;
      for (const s of sockets) s.destroy();
      sockets.clear();
    },
    up() {
      down = false;
    },
    async close() {
      this.down();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
