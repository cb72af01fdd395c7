import type { Logger } from '../shared/logger.ts';

/**
 * The "Slack auth" readiness check. Start-up already ran auth.test (the process does not
 * start without it), so the check begins healthy; every `intervalMs` auth.test runs again
 * and only a token Slack now rejects (revoked, app uninstalled, workspace disabled) makes
 * the process unready. Slack being unreachable is not this replica's fault, and taking every
 * replica out of the load balancer for it would help no one: that is logged, not failed.
 */
const rejectedCodes = new Set(['invalid_auth', 'not_authed', 'account_inactive', 'token_revoked', 'token_expired', 'team_disabled']);

export function createSlackAuthCheck(opts: { authTest: () => Promise<unknown>; logger: Logger; intervalMs?: number }) {
  const log = opts.logger.child('slack-auth');
  let failure: string | undefined;
  async function refresh(): Promise<void> {
    try {
      await opts.authTest();
      if (failure) log.info({}, 'Slack accepts the token again');
      failure = undefined;
    } catch (err) {
      const code = (err as { data?: { error?: string } }).data?.error;
      if (code && rejectedCodes.has(code)) {
        if (!failure) log.error({ code }, 'Slack rejects the bot token; not ready');
        failure = `Slack rejects the bot token (auth.test: ${code})`;
      } else {
        log.warn({ err }, 'could not reach Slack to re-check the token; keeping the last verdict');
      }
    }
  }
  const timer = opts.intervalMs ? setInterval(() => void refresh(), opts.intervalMs) : undefined;
  timer?.unref();
  return {
    probe: async () => {
      if (failure) throw new Error(failure);
    },
    refresh,
    stop: () => clearInterval(timer),
  };
}
