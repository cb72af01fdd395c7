/**
 * Errors a user caused and can fix: shown to them as they are. Anything else is
 * logged with its cause and the user gets a short apology.
 */
export class UserError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'UserError';
  }
}

export const userError = (code: string, message: string) => new UserError(code, message);

export function isUserError(err: unknown): err is UserError {
  return err instanceof UserError;
}

/** What a Slack Web API failure means for a retry. */
export type SlackFailure = { retry: true; afterMs: number; reason: string } | { retry: false; reason: string };

const transientPlatformErrors = new Set(['ratelimited', 'internal_error', 'fatal_error', 'service_unavailable', 'request_timeout', 'team_added_to_org']);

export function classifySlackError(err: unknown): SlackFailure {
  const e = err as { code?: string; retryAfter?: number; statusCode?: number; data?: { error?: string }; message?: string };
  switch (e?.code) {
    case 'slack_webapi_rate_limited_error':
      return { retry: true, afterMs: Math.max(1, e.retryAfter ?? 1) * 1000, reason: `rate limited (Retry-After ${e.retryAfter ?? '?'} s)` };
    case 'slack_webapi_http_error':
      return { retry: true, afterMs: 30_000, reason: `HTTP ${e.statusCode ?? '?'}` };
    case 'slack_webapi_request_error':
      return { retry: true, afterMs: 30_000, reason: `request failed: ${e.message ?? ''}` };
    case 'slack_webapi_platform_error': {
      const code = e.data?.error ?? 'unknown';
      if (transientPlatformErrors.has(code)) return { retry: true, afterMs: 30_000, reason: code };
      return { retry: false, reason: code };
    }
    default:
      // Timeouts and resets surface as plain errors from the HTTP layer: worth another try.
      return { retry: true, afterMs: 30_000, reason: e?.message ?? String(err) };
  }
}
