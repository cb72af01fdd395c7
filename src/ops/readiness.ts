import type { CapacityGuard } from '../slack/capacity.ts';

/**
 * `GET /readyz`: may a load balancer send this process work? Each probe answers within
 * a deadline or counts as failed; the body names every check and which failed:
 *
 *   { "ok": false, "failed": ["database"], "checks": { "database": "unreachable: …", "migrations": "ok", … } }
 *
 * Once a shutdown has begun the answer is 503 at once, whatever the probes say.
 */

/** Resolves when healthy (optionally with a detail shown as `ok (detail)`); rejects with the reason. */
export type Probe = () => Promise<string | void>;

export type ReadinessReport = { ok: boolean; failed: string[]; checks: Record<string, string> };

/** How a probe's failure reads, by check; the database keeps the wording operators already grep for. */
const failurePrefix: Record<string, string> = { database: 'unreachable: ' };

export function createReadiness(opts: { probes: Record<string, Probe>; capacity?: Pick<CapacityGuard, 'saturated' | 'inFlight' | 'limit'>; timeoutMs?: number }) {
  const timeoutMs = opts.timeoutMs ?? 2000;
  let draining = false;
  return {
    /** From now on not ready: the process is shutting down. */
    beginDrain() {
      draining = true;
    },
    get draining() {
      return draining;
    },
    async check(): Promise<ReadinessReport> {
      const checks: Record<string, string> = {};
      const failed: string[] = [];
      if (draining) {
        checks.shutdown = 'draining: finishing work in flight, taking no new work';
        failed.push('shutdown');
      }
      const results = await Promise.all(
        Object.entries(opts.probes).map(async ([name, probe]) => {
          try {
            const detail = await withDeadline(probe(), timeoutMs);
            return [name, detail ? `ok (${detail})` : 'ok', true] as const;
          } catch (err) {
            return [name, `${failurePrefix[name] ?? ''}${err instanceof Error ? err.message : String(err)}`.slice(0, 300), false] as const;
          }
        }),
      );
      for (const [name, text, ok] of results) {
        checks[name] = text;
        if (!ok) failed.push(name);
      }
      if (opts.capacity) {
        const c = opts.capacity;
        checks.commands = `${c.saturated ? 'saturated' : 'ok'} (${c.inFlight}/${c.limit} in flight)`;
        if (c.saturated) failed.push('commands');
      }
      return { ok: failed.length === 0, failed, checks };
    },
  };
}

export type Readiness = ReturnType<typeof createReadiness>;

function withDeadline<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([p, deadline]).finally(() => clearTimeout(timer));
}
