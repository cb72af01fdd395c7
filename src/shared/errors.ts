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

/**
 * A user error told from data: `refusal` names what was refused (`code`) and the facts the
 * person needs (a team's name, who may do it instead), and src/slack words it — a use case
 * builds no mrkdwn. `message` is a plain fallback for logs and for a surface that knows no wording.
 */
export class Refused<R extends { code: string } = { code: string }> extends UserError {
  constructor(
    readonly refusal: R,
    message: string,
  ) {
    super(refusal.code, message);
    this.name = 'Refused';
  }
}

export const refused = <R extends { code: string }>(refusal: R, message: string) => new Refused(refusal, message);

export function isRefused(err: unknown): err is Refused {
  return err instanceof Refused;
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
