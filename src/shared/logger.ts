import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';

/**
 * One structured logger for the app and for Bolt. Our own calls pass a context
 * object first (`log.info({ teamId }, 'prompt sent')`); Bolt passes plain strings.
 */
export type LogContext = Record<string, unknown>;
export type Level = 'debug' | 'info' | 'warn' | 'error';

export interface Logger extends BoltLogger {
  child(namespace: string): Logger;
}

export type LogSink = (entry: { level: Level; namespace: string; message: string; context: LogContext; at: Date }) => void;

const order: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

function errorToJson(err: unknown): unknown {
  if (err instanceof Error) {
    return { name: err.name, message: err.message, ...(err.cause ? { cause: errorToJson(err.cause) } : {}), stack: err.stack };
  }
  return err;
}

function normalise(args: unknown[]): { message: string; context: LogContext } {
  const [first, ...rest] = args;
  if (first instanceof Error) {
    return { message: [first.message, ...rest.map(String)].join(' '), context: { err: errorToJson(first) } };
  }
  if (first && typeof first === 'object' && !Array.isArray(first)) {
    const context: LogContext = {};
    for (const [k, v] of Object.entries(first)) context[k] = k === 'err' || v instanceof Error ? errorToJson(v) : v;
    return { message: rest.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join(' '), context };
  }
  return { message: args.map((a) => (typeof a === 'string' ? a : a instanceof Error ? a.message : JSON.stringify(a))).join(' '), context: {} };
}

export function createLogger(opts: { level?: Level; namespace?: string; sink?: LogSink } = {}): Logger {
  const state = { level: opts.level ?? 'info' };
  const sink: LogSink =
    opts.sink ??
    ((e) => {
      const ctx = Object.keys(e.context).length ? ` ${JSON.stringify(e.context)}` : '';
      const line = `${e.at.toISOString()} ${e.level.toUpperCase().padEnd(5)} [${e.namespace}] ${e.message}${ctx}\n`;
      (e.level === 'error' || e.level === 'warn' ? process.stderr : process.stdout).write(line);
    });

  const make = (namespace: string): Logger => {
    const emit = (level: Level, args: unknown[]) => {
      if (order[level] < order[state.level]) return;
      const { message, context } = normalise(args);
      sink({ level, namespace, message, context, at: new Date() });
    };
    return {
      debug: (...a: unknown[]) => emit('debug', a),
      info: (...a: unknown[]) => emit('info', a),
      warn: (...a: unknown[]) => emit('warn', a),
      error: (...a: unknown[]) => emit('error', a),
      setLevel: (level: LogLevel) => {
        state.level = level as Level;
      },
      getLevel: () => state.level as LogLevel,
      setName: () => {},
      child: (ns: string) => make(namespace ? `${namespace}:${ns}` : ns),
    };
  };
  return make(opts.namespace ?? 'coordinator');
}

/** A logger that keeps entries in memory, for tests. */
export function createRecordingLogger(level: Level = 'debug') {
  const entries: Parameters<LogSink>[0][] = [];
  const logger = createLogger({ level, sink: (e) => entries.push(e) });
  return { logger, entries };
}

export const silentLogger = (): Logger => createLogger({ level: 'error', sink: () => {} });
