import { App, type Receiver } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { createServices } from '../../src/services.ts';
import { createTestClock } from '../../src/shared/clock.ts';
import { silentLogger } from '../../src/shared/logger.ts';
import { createRouter, registerListeners, type Registrar } from '../../src/slack/listeners.ts';
import { kindOf } from '../../src/slack/instrument.ts';

/**
 * The router gives Bolt one listener per kind instead of one per id. These tests register the
 * same listeners both ways on a real Bolt App and send each the same requests: the same
 * listeners run, with the same context, and a failure reaches the error handler the same way.
 */

const noReceiver: Receiver = { init: () => {}, start: async () => {}, stop: async () => {} };
const logger = {
  debug: () => {}, info: () => {}, warn: () => {}, error: () => {},
  setLevel: () => {}, getLevel: () => 'error', setName: () => {},
} as never;

type Run = { listener: string; context: Record<string, unknown>; hasAck: boolean; hasRespond: boolean; hasNext: boolean };

function boltApp(errors: unknown[]) {
  const app = new App({ receiver: noReceiver, logger, authorize: async () => ({ botToken: 'xoxb-test', botId: 'B1', botUserId: 'UBOT', teamId: 'T1' }) });
  app.error(async (e) => void errors.push(e));
  return app;
}

/** Wraps every listener registered through `registerListeners` with one that notes what it was given. */
function recordingRegistrar(target: Registrar, runs: Run[], fail?: (label: string) => Error | undefined): Registrar {
  const wrap = (name: keyof Registrar) => (constraint: unknown, ...listeners: unknown[]) => {
    const label = `${name}:${kindOf(constraint)}`;
    const listener = async (args: { context: Record<string, unknown>; ack?: unknown; respond?: unknown; next?: unknown }) => {
      const { context } = args;
      runs.push({
        listener: label,
        // What Bolt's matchers set, and what authorize and Bolt put there.
        context: Object.fromEntries(Object.entries(context).filter(([k]) => /Matches$|^matches$|^bot|^teamId$/.test(k))),
        hasAck: typeof args.ack === 'function',
        hasRespond: typeof args.respond === 'function',
        hasNext: typeof args.next === 'function',
      });
      const err = fail?.(label);
      if (err) throw err;
    };
    listeners.pop();
    return (target[name] as (...a: unknown[]) => unknown).call(target, constraint, ...listeners, listener);
  };
  return { command: wrap('command'), action: wrap('action'), view: wrap('view'), event: wrap('event'), shortcut: wrap('shortcut'), options: wrap('options') } as unknown as Registrar;
}

const clock = createTestClock('2026-12-01T00:00:00Z');
// Registration only keeps its dependencies; no database or Slack call happens in these tests.
const deps = { services: createServices({ db: undefined as never, web: undefined as never, clock, logger: silentLogger() }), clock, logger: silentLogger() };

const team = { id: 'T1', domain: 'acme' };
const user = { id: 'U1', team_id: 'T1' };
const command = (name: string) => ({ token: 't', team_id: 'T1', channel_id: 'C1', user_id: 'U1', command: name, text: '', response_url: 'https://hooks.example/r', trigger_id: '1.2.3', api_app_id: 'A1' });
const blockActions = (actionId: string) => ({ type: 'block_actions', team, user, api_app_id: 'A1', response_url: 'https://hooks.example/r', trigger_id: '1.2.3', actions: [{ action_id: actionId, block_id: 'b1', type: 'button', value: '1', action_ts: '1' }], container: { type: 'message' }, channel: { id: 'C1' } });
const viewBody = (type: string, callbackId: string) => ({ type, team, user, api_app_id: 'A1', view: { id: 'V1', type: 'modal', callback_id: callbackId, team_id: 'T1', private_metadata: '', state: { values: {} } } });
const event = (type: string) => ({ type: 'event_callback', team_id: 'T1', api_app_id: 'A1', event_id: `Ev-${type}`, event_time: 1, event: { type, user: 'U1', event_ts: '1.1' } });

const requests: [string, Record<string, unknown>][] = [
  ...['/standup', '/blocker', '/task', '/workload', '/digest', '/coordinator', '/milestone', '/risk', '/unknown'].map((c): [string, Record<string, unknown>] => [`command ${c}`, command(c)]),
  ...['standup_answer', 'standup_skip', 'blocker_help', 'blocker_resolve', 'blocker_not', 'blocker_track', 'blocker_untracked', 'privacy_forget_confirm', 'privacy_forget_cancel',
    'home_task_done', 'home_task_start', 'home_task_estimate', 'home_away_cancel', 'home_digest_preview', 'home_digest_post', 'home_settings',
    'blocker_raise_in_12', 'blocker_raise_in_x', 'unknown_action'].map((a): [string, Record<string, unknown>] => [`action ${a}`, blockActions(a)]),
  ...['standup_answer_modal', 'standup_setup_modal', 'task_modal', 'unknown_modal'].flatMap((v): [string, Record<string, unknown>][] => [
    [`view_submission ${v}`, viewBody('view_submission', v)],
    [`view_closed ${v}`, viewBody('view_closed', v)],
  ]),
  ['message shortcut', { type: 'message_action', team, user, callback_id: 'create_task_from_message', trigger_id: '1.2.3', response_url: 'https://hooks.example/r', channel: { id: 'C1' }, message: { ts: '1.1', text: 'hi' }, message_ts: '1.1' }],
  ['message shortcut, other id', { type: 'message_action', team, user, callback_id: 'other', trigger_id: '1.2.3', response_url: 'https://hooks.example/r', channel: { id: 'C1' }, message: { ts: '1.1', text: 'hi' } }],
  ['global shortcut, same id', { type: 'shortcut', team, user, callback_id: 'create_task_from_message', trigger_id: '1.2.3' }],
  ...['user_change', 'app_home_opened', 'app_uninstalled', 'tokens_revoked', 'member_joined_channel'].map((e): [string, Record<string, unknown>] => [`event ${e}`, event(e)]),
];

async function send(app: App, body: Record<string, unknown>) {
  await app.processEvent({ body, ack: async () => {} } as never);
}

describe('one Bolt listener per kind (the router)', () => {
  it('runs, for every kind of request we receive, exactly the listeners Bolt would run with one registration per id', async () => {
    const direct: Run[] = [];
    const routed: Run[] = [];
    const plain = boltApp([]);
    registerListeners(recordingRegistrar(plain, direct), deps);
    const viaRouter = boltApp([]);
    const router = createRouter();
    registerListeners(recordingRegistrar(router, routed), deps);
    router.mount(viaRouter);

    const seen = new Set<string>();
    for (const [name, body] of requests) {
      direct.length = 0;
      routed.length = 0;
      await send(plain, body);
      await send(viaRouter, body);
      expect(routed, name).toEqual(direct);
      for (const r of direct) seen.add(r.listener);
    }
    // The requests above reach every listener the app registers (33), and some reach none.
    expect(seen.size).toBe(33);
    expect(direct.length).toBe(0);
  });

  it('sets the matches of a pattern id in the context, as Bolt does', async () => {
    const routed: Run[] = [];
    const app = boltApp([]);
    const router = createRouter();
    registerListeners(recordingRegistrar(router, routed), deps);
    router.mount(app);
    await send(app, blockActions('blocker_raise_in_7'));
    expect(routed).toHaveLength(1);
    expect(routed[0]!.listener).toBe('action:/^blocker_raise_in_\\d+$/');
    expect([...(routed[0]!.context.actionIdMatches as RegExpMatchArray)]).toEqual(['blocker_raise_in_7']);
    expect(routed[0]!.context.botUserId).toBe('UBOT');
    expect(routed[0]!.context.teamId).toBe('T1');
  });

  it('hands a listener’s failure to the error handler unchanged, and several failures as one MultipleListenerError', async () => {
    const both = async (setup: (r: Registrar) => void) => {
      const out: { direct: unknown[]; routed: unknown[] } = { direct: [], routed: [] };
      const plain = boltApp(out.direct);
      setup(plain);
      const viaRouter = boltApp(out.routed);
      const router = createRouter();
      setup(router);
      router.mount(viaRouter);
      await send(plain, command('/x'));
      await send(viaRouter, command('/x'));
      return out;
    };
    const one = await both((r) => {
      r.command('/x', async () => {
        throw new Error('boom');
      });
      r.command('/y', async () => {});
    });
    expect(one.routed).toHaveLength(1);
    expect((one.routed[0] as Error).message).toBe('boom');
    expect((one.routed[0] as Error).message).toBe((one.direct[0] as Error).message);

    const two = await both((r) => {
      r.command('/x', async () => {
        throw new Error('first');
      });
      r.command(/^\/x$/, async () => {
        throw new Error('second');
      });
    });
    expect(two.direct).toHaveLength(1);
    expect(two.routed).toHaveLength(1);
    const codes = (e: unknown) => ({ code: (e as { code?: string }).code, originals: (e as { originals?: Error[] }).originals?.map((o) => o.message) });
    expect(codes(two.routed[0])).toEqual(codes(two.direct[0]));
    expect(codes(two.routed[0])).toEqual({ code: 'slack_bolt_multiple_listener_error', originals: ['first', 'second'] });
  });

  it('refuses listener middleware: a route is one listener', () => {
    const router = createRouter();
    expect(() => router.command('/x', (async () => {}) as never, (async () => {}) as never)).toThrow(/exactly one listener/);
  });
});
