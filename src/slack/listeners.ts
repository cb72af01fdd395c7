import { MultipleListenerError, type App } from '@slack/bolt';
import type { UseCases } from '../services.ts';
import type { Clock } from '../shared/clock.ts';
import type { Logger } from '../shared/logger.ts';
import type { CapacityGuard } from './capacity.ts';
import { registerCommands } from './commands/index.ts';
import { registerEvents } from './events/index.ts';
import { registerActions } from './actions/index.ts';
import { registerViews } from './views/index.ts';
import { registerShortcuts } from './shortcuts/index.ts';

/** What every listener may use; built once in main.ts (or by the test harness). */
export type ListenerDeps = {
  /** Use cases only: a listener never reaches a repository, the outbox's rows or the database. */
  services: UseCases;
  clock: Clock;
  logger: Logger;
  /** Bounds the commands in flight; one per process, shared with the readiness route. */
  capacity?: CapacityGuard;
};

/** The part of Bolt's App that listeners register on; the manifest test passes a recorder. */
export type Registrar = Pick<App, 'command' | 'action' | 'view' | 'event' | 'shortcut' | 'options'>;

export function registerListeners(app: Registrar, deps: ListenerDeps): void {
  registerCommands(app, deps);
  registerEvents(app, deps);
  registerActions(app, deps);
  registerViews(app, deps);
  registerShortcuts(app, deps);
}

// --- one Bolt listener per kind ----------------------------------------------------------------
//
// Bolt runs every registered listener's middleware chain for every request (a chain is an async
// call and an argument object per step, whether or not its matcher lets the request through): with
// one registration per command, action, view, event and shortcut that was 33 chains per request,
// the largest piece of per-request CPU the bare-Bolt floor does not pay. The router takes the same
// registrations (`registerListeners` does not change) and gives Bolt one listener per kind, which
// finds the listener(s) for the request by id in a map. What a listener sees is what Bolt would
// have given it: the same arguments, the same context (the `*Matches` a pattern id sets), and the
// same error when it throws (several listeners matching one request still run side by side, and
// their failures still arrive as one MultipleListenerError).

type Kind = 'command' | 'action' | 'view' | 'event' | 'shortcut' | 'options';
type Args = {
  body: Record<string, unknown>;
  payload: Record<string, unknown>;
  context: Record<string, unknown>;
  command?: { command: string };
  event?: { type?: string };
};
type Listener = (args: Args) => unknown;
/** Bolt's constraints, normalised as its `App.action/view/shortcut/options` normalise them. */
type Constraints = { action_id?: string | RegExp; block_id?: string | RegExp; callback_id?: string | RegExp; type?: string };
type Route = { order: number; id: string | RegExp; constraints: Constraints | undefined; listener: Listener };

/** A constraint that lets every request of its kind through, without touching the context. */
const every: Constraints = {};
/** Matches every command name and event type (Bolt's command and event matchers take a name or a pattern). */
const anyName = /(?:)/;

export type Router = Registrar & {
  /** Registers one Bolt listener per kind that has routes. */
  mount(app: Registrar): void;
};

export function createRouter(): Router {
  const tables = new Map<Kind, { byId: Map<string, Route[]>; patterns: Route[] }>();
  let order = 0;

  const add = (kind: Kind, id: string | RegExp, constraints: Constraints | undefined, listeners: unknown[]) => {
    if (listeners.length !== 1 || typeof listeners[0] !== 'function') {
      throw new Error(`router: ${kind} ${String(id)} must be registered with exactly one listener (no listener middleware)`);
    }
    let table = tables.get(kind);
    if (!table) tables.set(kind, (table = { byId: new Map(), patterns: [] }));
    const route: Route = { order: order++, id, constraints, listener: listeners[0] as Listener };
    if (typeof id === 'string') {
      const list = table.byId.get(id);
      if (list) list.push(route);
      else table.byId.set(id, [route]);
    } else table.patterns.push(route);
  };

  /** The id a request is looked up by, for each kind. */
  const requestId: Record<Kind, (a: Args) => unknown> = {
    command: (a) => a.command?.command,
    event: (a) => a.event?.type,
    action: (a) => a.payload.action_id,
    options: (a) => a.payload.action_id,
    view: (a) => callbackIdOf(a.body),
    shortcut: (a) => callbackIdOf(a.body),
  };

  /** Whether a route takes the request, setting the context as Bolt's matcher would. */
  const takes = (kind: Kind, route: Route, args: Args, id: unknown): boolean => {
    if (route.constraints) return constraintsMatch(route.constraints, args);
    // Command names and event types: a string was looked up already; a pattern is tested here.
    if (typeof route.id === 'string') return route.id === id;
    if (typeof id !== 'string') return false;
    if (kind === 'command') return route.id.test(id);
    const m = id.match(route.id);
    if (m === null) return false;
    args.context.matches = m;
    return true;
  };

  const dispatcher = (kind: Kind) => {
    const table = tables.get(kind)!;
    const { byId, patterns } = table;
    return async (args: Args): Promise<void> => {
      // The mount's own pattern (events) set the context's matches; only a route's pattern may.
      if (kind === 'event') delete args.context.matches;
      const id = requestId[kind](args);
      const named = typeof id === 'string' ? byId.get(id) : undefined;
      let chosen: Route[] | undefined;
      if (named) for (const r of named) if (takes(kind, r, args, id)) (chosen ??= []).push(r);
      for (const r of patterns) if (takes(kind, r, args, id)) (chosen ??= []).push(r);
      if (!chosen) return;
      if (chosen.length === 1) {
        await chosen[0]!.listener(args);
        return;
      }
      // Like Bolt: every listener that matched runs, each with its own argument object.
      chosen.sort((a, b) => a.order - b.order);
      const settled = await Promise.allSettled(chosen.map(async (r) => r.listener({ ...args })));
      const failed = settled.filter((s): s is PromiseRejectedResult => s.status === 'rejected').map((s) => s.reason as Error);
      if (failed.length === 1) throw failed[0];
      if (failed.length > 1) throw new MultipleListenerError(failed);
    };
  };

  const router = {
    command: (name: string | RegExp, ...l: unknown[]) => add('command', name, undefined, l),
    event: (type: string | RegExp, ...l: unknown[]) => add('event', type, undefined, l),
    action: (c: string | RegExp | Constraints, ...l: unknown[]) => {
      const constraints = typeof c === 'string' || c instanceof RegExp ? { action_id: c } : c;
      add('action', indexId(constraints.action_id), constraints, l);
    },
    options: (c: string | RegExp | Constraints, ...l: unknown[]) => {
      const constraints = typeof c === 'string' || c instanceof RegExp ? { action_id: c } : c;
      add('options', indexId(constraints.action_id), constraints, l);
    },
    view: (c: string | RegExp | Constraints, ...l: unknown[]) => {
      const constraints = typeof c === 'string' || c instanceof RegExp ? { callback_id: c, type: 'view_submission' } : c;
      add('view', indexId(constraints.callback_id), constraints, l);
    },
    shortcut: (c: string | RegExp | Constraints, ...l: unknown[]) => {
      const constraints = typeof c === 'string' || c instanceof RegExp ? { callback_id: c } : c;
      add('shortcut', indexId(constraints.callback_id), constraints, l);
    },
    mount(app: Registrar) {
      const bolt = app as unknown as Record<Kind, (constraint: unknown, listener: unknown) => void>;
      for (const kind of tables.keys()) {
        bolt[kind](kind === 'command' || kind === 'event' ? anyName : every, dispatcher(kind));
      }
    },
  };
  return router as unknown as Router;
}

/** A route with no string id to look up (a pattern, or constraints without that id) is tried on every request of its kind. */
const unindexed = /(?:)/;
function indexId(id: string | RegExp | undefined): string | RegExp {
  return typeof id === 'string' ? id : (id ?? unindexed);
}

function callbackIdOf(body: Record<string, unknown>): unknown {
  const view = body.view as { callback_id?: unknown } | undefined;
  if ('view' in body && view !== undefined) return view.callback_id;
  return 'callback_id' in body ? body.callback_id : undefined;
}

/** Bolt's `matchConstraints` (middleware/builtin.js), as a test: same checks, same context it sets. */
function constraintsMatch(c: Constraints, { payload, body, context }: Args): boolean {
  if ('block_id' in c || 'action_id' in c) {
    if (!('action_id' in payload) || payload.action_id === undefined) return false;
    if (c.block_id !== undefined && !idMatches(payload.block_id, c.block_id, context, 'blockIdMatches')) return false;
    if (c.action_id !== undefined && !idMatches(payload.action_id, c.action_id, context, 'actionIdMatches')) return false;
  }
  if ('callback_id' in c && c.callback_id !== undefined) {
    const callbackId = callbackIdOf(body);
    if (callbackId === undefined || !idMatches(callbackId, c.callback_id, context, 'callbackIdMatches')) return false;
  }
  if ('type' in c && body.type !== c.type) return false;
  return true;
}

/** A string id is compared; a pattern is matched, and its match kept in the context under `key`, as Bolt does. */
function idMatches(value: unknown, wanted: string | RegExp, context: Args['context'], key: string): boolean {
  if (typeof wanted === 'string') return value === wanted;
  const m = String(value).match(wanted);
  if (m === null) return false;
  context[key] = m;
  return true;
}
