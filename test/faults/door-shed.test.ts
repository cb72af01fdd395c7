import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { busyText } from '../../src/slack/capacity.ts';
import { gateRequests } from '../../src/slack/request-gate.ts';
import { singleWorkspace } from '../../src/slack/workspace-gate.ts';
import { createLogger } from '../../src/shared/logger.ts';
import { signSlackRequest } from '../../src/simulator/signer.ts';

/** The door in front of Bolt, on a real HTTP server, with a stand-in for Bolt that records what reached it. */
const secret = 'gate-test-secret';
const now = 1_796_000_000;
let server: Server | undefined;
afterEach(async () => {
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server = undefined;
});

async function door(shed: (command: string) => boolean) {
  const reachedBolt: string[] = [];
  const asked: string[] = [];
  const listener = gateRequests({
    next: (_req, res) => {
      reachedBolt.push('bolt');
      res.writeHead(200).end('from bolt');
    },
    path: '/slack/events',
    signingSecret: secret,
    nowSeconds: () => now,
    workspaces: singleWorkspace({ teamId: 'T1' }),
    logger: createLogger({ level: 'error', sink: () => {} }),
    shedCommand: (_req, command) => {
      asked.push(command);
      return shed(command);
    },
  });
  server = createServer(listener);
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
  const send = async (fields: Record<string, string>, sign = true) => {
    const body = new URLSearchParams(fields).toString();
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(now) };
    headers['x-slack-signature'] = sign ? signSlackRequest(secret, now, body) : 'v0=00';
    const res = await fetch(url, { method: 'POST', headers, body });
    return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
  };
  return { send, reachedBolt, asked };
}

const command = (team: string, name = '/standup') => ({ command: name, text: 'status', team_id: team, user_id: 'U1', channel_id: 'C1', response_url: 'https://hooks.slack.com/commands/1/2/3' });

describe('the door sheds a command flood before Bolt', () => {
  it('answers a signed command from the served workspace "busy" itself when told to, and Bolt never sees it', async () => {
    const d = await door(() => true);
    const res = await d.send(command('T1'));
    expect(res.status).toBe(200);
    expect(res.type).toMatch(/application\/json/);
    expect(JSON.parse(res.text)).toEqual({ response_type: 'ephemeral', text: busyText });
    expect(d.reachedBolt).toEqual([]);
    expect(d.asked).toEqual(['/standup']);
  });

  it('hands the command to Bolt when there is room', async () => {
    const d = await door(() => false);
    const res = await d.send(command('T1', '/task'));
    expect(res.text).toBe('from bolt');
    expect(d.reachedBolt).toEqual(['bolt']);
    expect(d.asked).toEqual(['/task']);
  });

  it('judges signature and workspace first: a forged or foreign command is never answered "busy"', async () => {
    const d = await door(() => true);
    const forged = await d.send(command('T1'), false);
    expect(forged.status).toBe(401);
    const foreign = await d.send(command('T2'));
    expect(foreign.status).toBe(200);
    expect(foreign.text).toBe('');
    expect(d.asked).toEqual([]);
    expect(d.reachedBolt).toEqual([]);
  });

  it('asks only for slash commands: a button click goes to Bolt even when commands are shed', async () => {
    const d = await door(() => true);
    const payload = JSON.stringify({ type: 'block_actions', team: { id: 'T1' }, user: { id: 'U1' }, actions: [{ action_id: 'x', type: 'button' }] });
    const res = await d.send({ payload });
    expect(res.text).toBe('from bolt');
    expect(d.asked).toEqual([]);
  });
});
