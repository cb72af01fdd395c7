import { AsyncLocalStorage } from 'node:async_hooks';
import type { Metrics, RequestOutcome, RequestType } from '../ops/metrics.ts';
import type { Registrar } from './listeners.ts';

/**
 * Every listener, measured and counted, without touching the listeners: the registrar
 * handed to `registerListeners` wraps each one as it is registered. Per request it records
 * ack latency, answer latency and the outcome, and it holds the request's work in a
 * tracker so a shutdown can wait for what was acknowledged but not yet finished.
 */

type Scope = { outcome: RequestOutcome };
const scope = new AsyncLocalStorage<Scope>();

const severity: Record<RequestOutcome, number> = { ok: 0, user_error: 1, slack_error: 2, busy: 3, error: 4 };

/**
 * How the request being handled ended, noted where that is decided (the user-facing error
 * message, the capacity guard). The worst outcome noted wins; outside a request it does nothing.
 */
export function noteOutcome(outcome: RequestOutcome): void {
  const s = scope.getStore();
  if (s && severity[outcome] > severity[s.outcome]) s.outcome = outcome;
}

/** Work accepted and not finished: listeners after their ack, a tick. `idle()` resolves when none is left. */
export function createWorkTracker() {
  let count = 0;
  let waiters: (() => void)[] = [];
  return {
    get count() {
      return count;
    },
    async run<T>(fn: () => Promise<T>): Promise<T> {
      count++;
      try {
        return await fn();
      } finally {
        count--;
        if (count === 0) for (const w of waiters.splice(0)) w();
      }
    },
    idle(): Promise<void> {
      return count === 0 ? Promise.resolve() : new Promise((resolve) => waiters.push(resolve));
    },
  };
}

export type WorkTracker = ReturnType<typeof createWorkTracker>;

/** Stamped on the request as early as the receiver sees it; read back from Bolt's context. */
export const receivedAtKey = 'receivedAt';

/** A bounded label for a listener's constraint: the command, action id, callback id or event type. */
export function kindOf(constraint: unknown): string {
  if (typeof constraint === 'string') return constraint;
  if (constraint instanceof RegExp) return `/${constraint.source}/`;
  if (constraint && typeof constraint === 'object') {
    const c = constraint as { callback_id?: unknown; action_id?: unknown; block_id?: unknown; type?: unknown };
    const v = c.callback_id ?? c.action_id ?? c.block_id ?? c.type;
    if (v !== undefined) return kindOf(v);
  }
  return 'other';
}

type Args = {
  ack?: (reply?: unknown) => Promise<void>;
  respond?: (msg: unknown) => Promise<unknown>;
  context?: Record<string, unknown>;
};
type Listener = (args: Args) => Promise<void>;

export function instrumentListener(type: RequestType, kind: string, listener: Listener, deps: { metrics: Metrics; work: WorkTracker }): Listener {
  const { metrics, work } = deps;
  return (args) =>
    work.run(() =>
      scope.run({ outcome: 'ok' }, async () => {
        const store = scope.getStore()!;
        const stamped = args.context?.[receivedAtKey];
        const started = typeof stamped === 'number' ? stamped : performance.now();
        const since = () => (performance.now() - started) / 1000;
        let acked = false;
        let answered = false;
        const answer = () => {
          if (answered) return;
          answered = true;
          metrics.answerSeconds(type, kind, since());
        };
        const wrapped: Args = { ...args };
        if (args.ack) {
          const ack = args.ack;
          wrapped.ack = async (reply?: unknown) => {
            await ack(reply);
            if (acked) return;
            acked = true;
            metrics.ackSeconds(type, kind, since());
            // A reply in the ack (usage, "busy", modal field errors) is the answer.
            if (reply !== undefined) answer();
          };
        }
        if (args.respond) {
          const respond = args.respond;
          wrapped.respond = async (msg: unknown) => {
            const r = await respond(msg);
            answer();
            return r;
          };
        }
        try {
          await listener(wrapped);
        } catch (err) {
          store.outcome = 'error';
          throw err;
        } finally {
          answer();
          metrics.request(type, kind, store.outcome);
        }
      }),
    );
}

/** The registrar listeners register on, with every listener instrumented. */
export function instrumentRegistrar(app: Registrar, deps: { metrics: Metrics; work: WorkTracker }): Registrar {
  const wrapLast =
    (type: RequestType, register: (...a: unknown[]) => unknown) =>
    (constraint: unknown, ...listeners: unknown[]) => {
      const last = listeners.pop() as Listener;
      return register(constraint, ...listeners, instrumentListener(type, kindOf(constraint), last, deps));
    };
  const bind = (name: keyof Registrar) => (app[name] as (...a: unknown[]) => unknown).bind(app);
  return {
    command: wrapLast('command', bind('command')),
    action: wrapLast('action', bind('action')),
    view: wrapLast('view', bind('view')),
    event: wrapLast('event', bind('event')),
    shortcut: wrapLast('shortcut', bind('shortcut')),
    options: wrapLast('options', bind('options')),
  } as unknown as Registrar;
}
