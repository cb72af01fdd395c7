/**
 * Time to answer: signed slash commands sent at a fixed offered rate (a paced sender, not a
 * flood), each with its own `response_url` on a local catcher; for every command, the time from
 * sending it until its answer arrives. Commands the app sheds as "busy" get no answer and are
 * counted apart; commands with neither an answer nor a "busy" ack by the end are "lost".
 */
import { Agent, request } from 'node:http';
import type { ResponseCatcher } from '../src/simulator/response-catcher.ts';
import { signSlackRequest } from '../src/simulator/signer.ts';

export type AnswerRun = {
  offered: number; sent: number; answered: number; shed: number; lost: number; errors: number;
  p50: number | null; p99: number | null; max: number | null; ackP99: number | null; workedPerSecond: number;
};

const pct = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : null);

export async function answerRun(opts: { port: number; secret: string; catcher: ResponseCatcher; rate: number; durationS: number; tag: string; command: string; text: string; drainMs?: number }): Promise<AnswerRun> {
  const agent = new Agent({ keepAlive: true, maxSockets: 512 });
  const total = Math.round(opts.rate * opts.durationS);
  const sentAt = new Map<string, number>();
  const acks: number[] = [];
  let shed = 0;
  let errors = 0;
  let lastAnswerAt = 0;
  const send = (i: number) => {
    const id = `${opts.tag}-${i}`;
    const body = new URLSearchParams({
      token: 'x', team_id: 'T0001', team_domain: 'acme', channel_id: 'CTEAM', channel_name: 'team', user_id: 'UMGR', user_name: 'mgr',
      command: opts.command, text: opts.text, api_app_id: 'A0001', is_enterprise_install: 'false', response_url: opts.catcher.url(id), trigger_id: '1.2.3',
    }).toString();
    const ts = Math.floor(Date.now() / 1000);
    const started = Date.now();
    sentAt.set(id, started);
    const req = request({ host: '127.0.0.1', port: opts.port, path: '/slack/events', method: 'POST', agent, headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body), 'x-slack-request-timestamp': String(ts), 'x-slack-signature': signSlackRequest(opts.secret, ts, body) } }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => {
        acks.push(Date.now() - started);
        if (res.statusCode !== 200) errors++;
        else if (text.includes('very busy')) (shed++, sentAt.delete(id));
      });
    });
    req.on('error', () => (errors++, sentAt.delete(id)));
    req.end(body);
  };
  // Paced: every 5 ms, send however many the offered rate owes by now (no catching up in a burst
  // after a stall of the sender's own loop beyond what it owes).
  const t0 = Date.now();
  let next = 0;
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const owed = Math.min(total, Math.floor(((Date.now() - t0) / 1000) * opts.rate));
      while (next < owed) send(next++);
      if (next >= total) (clearInterval(timer), resolve());
    }, 5);
  });
  const sendEnd = Date.now();
  // Answers still on their way: wait until every accepted command is answered, or drainMs passes.
  const deadline = Date.now() + (opts.drainMs ?? 10_000);
  const answers = () => opts.catcher.received.filter((r) => r.id.startsWith(`${opts.tag}-`));
  while (Date.now() < deadline && answers().length + shed + errors < total) await new Promise((r) => setTimeout(r, 100));
  const times: number[] = [];
  for (const r of answers()) {
    const s = sentAt.get(r.id);
    if (s === undefined) continue;
    times.push(r.at.getTime() - s);
    lastAnswerAt = Math.max(lastAnswerAt, r.at.getTime());
  }
  times.sort((a, b) => a - b);
  acks.sort((a, b) => a - b);
  agent.destroy();
  const span = Math.max(sendEnd, lastAnswerAt) - t0;
  return {
    offered: opts.rate, sent: total, answered: times.length, shed, lost: total - times.length - shed - errors, errors,
    p50: pct(times, 50), p99: pct(times, 99), max: times.at(-1) ?? null, ackP99: pct(acks, 99),
    workedPerSecond: Math.round((times.length / span) * 1000),
  };
}
