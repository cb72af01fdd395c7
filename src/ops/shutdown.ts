import type { Logger } from '../shared/logger.ts';
import type { SlackApp } from '../slack/app.ts';

/**
 * What happens on SIGTERM, in order:
 *  1. not ready: `/readyz` answers 503 at once, so a load balancer stops sending work;
 *  2. stop taking work: the Slack intake closes (HTTP listener / Socket Mode connection)
 *     and the scheduler starts no new tick;
 *  3. drain: wait for what was accepted (listener work after its ack, the tick in progress),
 *     at most `deadlineMs` from the signal;
 *  4. close the database pool, then the ops server (Socket Mode).
 * Work still running at the deadline is cut off when the pool closes; that is logged.
 */
export type ShutdownSteps = {
  logger: Logger;
  deadlineMs: number;
  beginDrain: () => void;
  /** Stop intake; each may take a moment (connections closing). */
  stopTakingWork: (() => Promise<void>)[];
  /** Resolve when the work they watch is done. */
  inFlight: (() => Promise<void>)[];
  /** How much work is still running, for the log line at the deadline. */
  pending?: () => Record<string, number>;
  closePool: () => Promise<void>;
  /** Last of all (the ops server in Socket Mode). */
  finally?: () => Promise<void>;
  now?: () => number;
};

export type ShutdownResult = { drained: boolean; ms: number };

export async function shutdown(steps: ShutdownSteps): Promise<ShutdownResult> {
  const log = steps.logger.child('shutdown');
  const now = steps.now ?? (() => performance.now());
  const started = now();
  steps.beginDrain();
  log.info({ deadlineMs: steps.deadlineMs }, 'shutting down: not ready, taking no new work, draining');

  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'deadline'>((resolve) => {
    timer = setTimeout(() => resolve('deadline'), steps.deadlineMs);
  });
  const settle = (fs: (() => Promise<void>)[]) =>
    Promise.all(fs.map((f) => Promise.resolve().then(f).catch((err) => log.warn({ err }, 'a shutdown step failed; going on')))).then(() => 'done' as const);

  let drained: boolean;
  try {
    drained = (await Promise.race([settle([...steps.stopTakingWork, ...steps.inFlight]), deadline])) === 'done';
  } finally {
    clearTimeout(timer);
  }
  const ms = Math.round(now() - started);
  if (drained) log.info({ ms }, 'drained');
  else log.warn({ ms, deadlineMs: steps.deadlineMs, pending: steps.pending?.() }, 'shutdown deadline reached with work still running; closing anyway');

  await steps.closePool().catch((err) => log.error({ err }, 'could not close the database pool'));
  await steps.finally?.().catch((err) => log.warn({ err }, 'could not close the ops server'));
  return { drained, ms };
}

/**
 * The app's shutdown, as main.ts runs it on SIGTERM: the Slack app stops taking requests
 * and reports not ready, the scheduler starts no new tick, listener work after its ack and
 * the tick in progress are waited for, then the pool closes.
 */
export function shutdownApp(opts: {
  slack: Pick<SlackApp, 'readiness' | 'stopIntake' | 'stopOps' | 'work' | 'capacity'>;
  scheduler?: { stop(): Promise<void> };
  closePool: () => Promise<void>;
  deadlineMs: number;
  logger: Logger;
  /** Background loops to stop with the intake (the periodic Slack auth check). */
  alsoStop?: (() => void)[];
}): Promise<ShutdownResult> {
  const { slack, scheduler } = opts;
  return shutdown({
    logger: opts.logger,
    deadlineMs: opts.deadlineMs,
    beginDrain: () => slack.readiness.beginDrain(),
    stopTakingWork: [() => slack.stopIntake(), async () => opts.alsoStop?.forEach((stop) => stop())],
    inFlight: [...(scheduler ? [() => scheduler.stop()] : []), () => slack.work.idle()],
    pending: () => ({ listenerWork: slack.work.count, commands: slack.capacity.inFlight }),
    closePool: opts.closePool,
    finally: () => slack.stopOps(),
  });
}
