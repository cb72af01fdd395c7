import { WebSocketServer, type WebSocket } from 'ws';

type Ack = { envelope_id: string; payload?: Record<string, unknown> };

/**
 * Slack's side of a Socket Mode connection, for tests: the app connects (to the URL the
 * fake Web API hands out from apps.connections.open), gets `hello`, then receives
 * envelopes and answers each with an ack carrying its envelope_id.
 */
export async function startSocketModeServer() {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  const port = (wss.address() as { port: number }).port;
  const acks: Ack[] = [];
  const waiters: { id: string; resolve: (a: Ack) => void }[] = [];
  let socket: WebSocket | undefined;
  let connected!: () => void;
  const ready = new Promise<void>((resolve) => (connected = resolve));

  wss.on('connection', (ws) => {
    socket = ws;
    ws.on('message', (data) => {
      const ack = JSON.parse(String(data)) as Ack;
      acks.push(ack);
      for (const w of waiters.filter((x) => x.id === ack.envelope_id)) w.resolve(ack);
    });
    ws.send(JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'fake' }, connection_info: { app_id: 'A0001' } }));
    connected();
  });

  let next = 0;
  return {
    url: `ws://127.0.0.1:${port}/link`,
    acks,
    /** Resolves once the app has connected and been greeted. */
    ready,
    /** Sends one envelope and resolves with the app's ack of it. */
    async send(type: 'slash_commands' | 'events_api' | 'interactive', payload: Record<string, unknown>, timeoutMs = 30_000): Promise<Ack> {
      // Generous: only a missing ack waits this long; a busy machine may take seconds to ack.
      await ready;
      const envelopeId = `env-${++next}`;
      const acked = new Promise<Ack>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ack for ${envelopeId} (${type}) within ${timeoutMs} ms`)), timeoutMs);
        waiters.push({ id: envelopeId, resolve: (a) => (clearTimeout(timer), resolve(a)) });
      });
      socket!.send(JSON.stringify({ envelope_id: envelopeId, type, payload, accepts_response_payload: type !== 'events_api' }));
      return acked;
    },
    async close() {
      for (const c of wss.clients) c.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
