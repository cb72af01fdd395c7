import type { Logger } from '../shared/logger.ts';

/**
 * A command is acked at once and answered through response_url when its work is done.
 * If that work is stuck (a database that stopped answering), the person would hear
 * nothing; after `ms` they are told it is still going, and the answer follows when it comes.
 */
export const slowNoticeMs = 8000;
export const slowText = ':hourglass: Still working on that — things are slow on our side right now. The answer will appear here; if it has not come in a few minutes, try again.';

type Respond = (msg: { response_type: 'ephemeral'; text: string }) => Promise<unknown>;

export function withSlowNotice<A extends { respond: Respond }>(handler: (args: A) => Promise<void>, log: Logger, ms = slowNoticeMs) {
  return async (args: A) => {
    // Only while the person has heard nothing: work that goes on after the answer (posting
    // an announcement, say) must not be followed by "still working".
    let answered = false;
    const respond: Respond = (msg) => {
      answered = true;
      return args.respond(msg);
    };
    const timer = setTimeout(() => {
      if (answered) return;
      args.respond({ response_type: 'ephemeral', text: slowText }).catch((err) => log.warn({ err }, 'could not tell the user their command is slow'));
    }, ms);
    try {
      await handler({ ...args, respond });
    } finally {
      clearTimeout(timer);
    }
  };
}
