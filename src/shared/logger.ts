import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import { pino, type DestinationStream, type Logger as PinoLogger } from 'pino';
import { redactSecrets, scrub } from './redact.ts';

/**
 * One structured logger for the app and for Bolt, backed by pino. Our own calls pass a
 * context object first (`log.info({ teamId }, 'prompt sent')`); Bolt passes plain strings.
 * Every line goes through `scrub` first, so a token or secret never reaches a log,
 * whether it sits in a context key, deep in an error, or inside a Bolt message.
 *
 * Formats: `json` (one JSON object a line, for production and log shippers) or `pretty`
 * (one readable line, for a terminal). Both are pino output; `pretty` is a small built-in
 * formatter rather than pino-pretty, so the built app needs no dev dependency and no worker
 * thread, and a line is written before the call returns (nothing lost at process.exit).
 */
export type LogContext = Record<string, unknown>;
export type Level = 'debug' | 'info' | 'warn' | 'error';
export type LogFormat = 'json' | 'pretty';

export interface Logger extends BoltLogger {
  child(namespace: string): Logger;
}

export type LogEntry = { level: Level; namespace: string; message: string; context: LogContext; at: Date };
export type LogSink = (entry: LogEntry) => void;

const order: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const levels = new Set<string>(['debug', 'info', 'warn', 'error']);

/** Keys pino itself writes on every line; everything else on a line is the call's context. */
const lineKeys = new Set(['level', 'time', 'ns', 'msg']);

function errorToJson(err: unknown, depth = 0): unknown {
  if (err instanceof Error) {
    const e = err as Error & { code?: unknown; data?: unknown };
    return {
      name: e.name,
      message: e.message,
      ...(e.code !== undefined ? { code: e.code } : {}),
      ...(e.data !== undefined && depth === 0 ? { data: e.data } : {}),
      ...(e.cause && depth < 4 ? { cause: errorToJson(e.cause, depth + 1) } : {}),
      stack: e.stack,
    };
  }
  return err;
}

function stringify(a: unknown): string {
  if (typeof a === 'string') return a;
  if (a instanceof Error) return a.message;
  try {
    // Secret keys in an object Bolt passes after its text are masked like a context's.
    return JSON.stringify(scrub(a)) ?? String(a);
  } catch {
    return String(a);
  }
}

function normalise(args: unknown[]): { message: string; context: LogContext } {
  const [first, ...rest] = args;
  if (first instanceof Error) {
    return { message: [first.message, ...rest.map(stringify)].join(' '), context: { err: errorToJson(first) } };
  }
  if (first && typeof first === 'object' && !Array.isArray(first)) {
    const context: LogContext = {};
    for (const [k, v] of Object.entries(first)) context[k] = k === 'err' || v instanceof Error ? errorToJson(v) : v;
    return { message: rest.map(stringify).join(' '), context };
  }
  return { message: args.map(stringify).join(' '), context: {} };
}

/** A pino JSON line back into an entry (the recording logger and the pretty formatter read lines this way). */
export function parseLine(line: string): LogEntry | undefined {
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const context: LogContext = {};
  for (const [k, v] of Object.entries(o)) if (!lineKeys.has(k)) context[k] = v;
  const level = levels.has(String(o.level)) ? (o.level as Level) : 'info';
  return { level, namespace: String(o.ns ?? ''), message: String(o.msg ?? ''), context, at: new Date(String(o.time)) };
}

/** One readable line: `2026-12-01T09:30:00.000Z INFO  [coordinator:main] message {"ctx":1}`. */
export function formatPretty(e: LogEntry): string {
  const ctx = Object.keys(e.context).length ? ` ${JSON.stringify(e.context)}` : '';
  const at = Number.isNaN(e.at.getTime()) ? '' : `${e.at.toISOString()} `;
  return `${at}${e.level.toUpperCase().padEnd(5)} [${e.namespace}] ${e.message}${ctx}\n`;
}

/** Writes pretty lines, warnings and errors to stderr as before. */
function prettyStream(out: NodeJS.WritableStream, err: NodeJS.WritableStream): DestinationStream {
  return {
    write(line: string) {
      const e = parseLine(line);
      if (!e) return void out.write(line);
      (e.level === 'error' || e.level === 'warn' ? err : out).write(formatPretty(e));
    },
  };
}

function sinkStream(sink: LogSink): DestinationStream {
  return {
    write(line: string) {
      const e = parseLine(line);
      if (e) sink(e);
    },
  };
}

/**
 * `json` when the output goes to a file, a pipe or a log collector; `pretty` on a terminal
 * or when NODE_ENV=development. LOG_FORMAT overrides both.
 */
export function chooseLogFormat(opts: { format?: LogFormat | undefined; nodeEnv?: string | undefined; isTTY?: boolean | undefined }): LogFormat {
  if (opts.format) return opts.format;
  return opts.nodeEnv === 'development' || opts.isTTY ? 'pretty' : 'json';
}

export type LoggerOptions = {
  level?: Level;
  namespace?: string;
  /** Receives each entry (after redaction) instead of any output; for tests and the demo. */
  sink?: LogSink;
  /** Output format when no sink is given (default json). */
  format?: LogFormat;
  /** Where JSON lines (or pretty info/debug lines) go; default stdout. */
  destination?: NodeJS.WritableStream;
  /** Where pretty warn/error lines go; default stderr. */
  errorDestination?: NodeJS.WritableStream;
};

export function createLogger(opts: LoggerOptions = {}): Logger {
  // Shared by every child: Bolt's setLevel on any of them changes them all, as it always has.
  const state = { level: opts.level ?? 'info' };
  const destination: DestinationStream = opts.sink
    ? sinkStream(opts.sink)
    : opts.format === 'pretty'
      ? prettyStream(opts.destination ?? process.stdout, opts.errorDestination ?? process.stderr)
      : ((opts.destination as DestinationStream | undefined) ?? pino.destination({ dest: 1, sync: true }));
  const root: PinoLogger = pino(
    {
      // Levels are filtered below (shared state); pino writes whatever reaches it.
      level: 'debug',
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      messageKey: 'msg',
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );

  const make = (namespace: string): Logger => {
    // Always a child of the root with the full name: nested pino children would repeat the key.
    const p = root.child({ ns: namespace });
    const emit = (level: Level, args: unknown[]) => {
      if (order[level] < order[state.level]) return;
      const { message, context } = normalise(args);
      p[level](scrub(context) as LogContext, redactSecrets(message));
    };
    return {
      debug: (...a: unknown[]) => emit('debug', a),
      info: (...a: unknown[]) => emit('info', a),
      warn: (...a: unknown[]) => emit('warn', a),
      error: (...a: unknown[]) => emit('error', a),
      setLevel: (level: LogLevel) => {
        if (levels.has(level)) state.level = level as Level;
      },
      getLevel: () => state.level as LogLevel,
      setName: () => {},
      child: (ns: string) => make(namespace ? `${namespace}:${ns}` : ns),
    };
  };
  return make(opts.namespace ?? 'coordinator');
}

/** A logger that keeps entries in memory, for tests. The entries went through pino and redaction. */
export function createRecordingLogger(level: Level = 'debug') {
  const entries: LogEntry[] = [];
  const logger = createLogger({ level, sink: (e) => entries.push(e) });
  return { logger, entries };
}

export const silentLogger = (): Logger => createLogger({ level: 'error', sink: () => {} });
