import { createServer, connect, type Socket } from 'node:net';

/**
 * A TCP proxy in front of the test Postgres that can fail in two ways, affecting only
 * the connections through it (not the other test files sharing the server):
 * - `down()`: every connection is closed, and new ones are accepted and closed at once,
 *   as a pooler or load balancer does when its Postgres is gone;
 * - `stall()`: what the app sends still reaches Postgres, but nothing comes back, and new
 *   connections are held open unanswered: the app cannot know whether its statements ran,
 *   as when the network drops the replies.
 * `up()` heals either; connections that were stalled are closed, as dead TCP sessions are.
 */
export async function startTcpProxy(target: { host: string; port: number }) {
  let mode: 'up' | 'down' | 'stall' = 'up';
  const sockets = new Set<Socket>();
  const track = (s: Socket) => {
    sockets.add(s);
    s.on('error', () => s.destroy()).on('close', () => sockets.delete(s));
  };
  const dropAll = () => {
    for (const s of sockets) s.destroy();
    sockets.clear();
  };
  const server = createServer((client) => {
    track(client);
    if (mode === 'down') return void client.end();
    if (mode === 'stall') return void client.resume(); // read and discard, never answer
    const upstream = connect(target.port, target.host);
    track(upstream);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    // Stalled: the app's statements still reach the server; its replies are lost.
    client.on('data', (chunk) => mode !== 'down' && upstream.write(chunk));
    upstream.on('data', (chunk) => mode === 'up' && client.write(chunk));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    down() {
      mode = 'down';
      for (const s of sockets) s.end();
    },
    stall() {
      mode = 'stall';
    },
    up() {
      if (mode === 'stall') dropAll();
      mode = 'up';
    },
    async close() {
      mode = 'down';
      dropAll();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
