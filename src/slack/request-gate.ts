import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import { z } from 'zod';
import type { Logger } from '../shared/logger.ts';
import { busyText } from './capacity.ts';
import { judgeWorkspace, type InstalledWorkspaces } from './workspace-gate.ts';

/**
 * The door in front of Bolt for `POST /slack/events`. Bolt checks the signature, but it
 * takes a timestamp from the future, and a signed body that is not a Slack payload
 * (`payload=null`) throws inside its receiver and is never answered. Everything here
 * is decided before any listener, database or Web API call:
 *
 *   too large → 413 · unsigned, badly signed, or timestamp more than 5 min off either way → 401
 *   signed but not a well-formed Slack payload → 400 · otherwise handed to Bolt.
 *
 * Then the workspace: a request from a workspace that has not installed Coordinator is
 * answered 200 and dropped (workspace-gate.ts). Bolt's `authorize` applies the same
 * rule again, which is what Socket Mode relies on.
 */

/** Slack's own rule: a request whose timestamp is more than five minutes away from now is refused. */
export const maxClockSkewSeconds = 5 * 60;
/** Slack's payloads are small; a modal with 100 blocks of state is well under this. */
export const maxBodyBytes = 1024 * 1024;

export type GateVerdict =
  | { ok: true; body: SlackBody }
  | { ok: false; status: 400 | 401; reason: string };

// --- the shapes we accept: only what Bolt and our listeners rely on; everything else may vary ----

/** Slack's ids are short runs of letters, digits and a few separators: never control characters or spaces. */
const id = z.string().min(1).max(64).regex(/^[A-Za-z0-9._:-]+$/);
const team = z.looseObject({ id, enterprise_id: id.optional().nullable() });
const user = z.looseObject({ id, team_id: id.optional() });

const slashCommand = z.looseObject({
  command: z.string().regex(/^\/[^\s]{1,31}$/),
  text: z.string().max(40_000).optional(),
  team_id: id,
  enterprise_id: id.optional(),
  user_id: id,
  channel_id: id,
  response_url: z.string().url().optional(),
  trigger_id: z.string().max(200).optional(),
});

const view = z.looseObject({
  id,
  callback_id: z.string().max(255),
  team_id: id.optional().nullable(),
  app_installed_team_id: id.optional().nullable(),
  private_metadata: z.string().max(3000).optional(),
  hash: z.string().max(200).optional(),
  state: z.looseObject({ values: z.record(z.string(), z.record(z.string(), z.looseObject({ type: z.string() }))) }).optional(),
});

const interactive = z.discriminatedUnion('type', [
  z.looseObject({
    type: z.literal('block_actions'),
    team: team.nullable(),
    user,
    actions: z.array(z.looseObject({ action_id: z.string().max(255), type: z.string() })).min(1).max(25),
    view: view.optional(),
  }),
  z.looseObject({ type: z.literal('view_submission'), team: team.nullable(), user, view }),
  z.looseObject({ type: z.literal('view_closed'), team: team.nullable(), user, view }),
  z.looseObject({ type: z.literal('shortcut'), team: team.nullable(), user, callback_id: z.string().max(255) }),
  z.looseObject({ type: z.literal('message_action'), team: team.nullable(), user, callback_id: z.string().max(255), channel: z.looseObject({ id }) }),
  z.looseObject({ type: z.literal('block_suggestion'), team: team.nullable(), user, action_id: z.string().max(255) }),
]);

const eventBody = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('url_verification'), challenge: z.string().max(200) }),
  z.looseObject({ type: z.literal('app_rate_limited'), team_id: id }),
  z.looseObject({
    type: z.literal('event_callback'),
    team_id: id,
    enterprise_id: id.optional().nullable(),
    event_id: id,
    event: z.looseObject({ type: z.string().min(1).max(100) }),
    authorizations: z.array(z.looseObject({ team_id: id.nullable(), enterprise_id: id.nullable().optional() })).max(10).optional(),
  }),
]);

export type SlackBody =
  | ({ kind: 'command' } & { raw: z.infer<typeof slashCommand> })
  | ({ kind: 'interactive' } & { raw: z.infer<typeof interactive> })
  | ({ kind: 'event' } & { raw: z.infer<typeof eventBody> })
  | { kind: 'ssl_check' };

/** The signature check Slack documents: v0=HMAC-SHA256(secret, `v0:${ts}:${body}`), compared in constant time. */
export function verifySignature(opts: { signingSecret: string; timestamp: string | undefined; signature: string | undefined; rawBody: Buffer; nowSeconds: number }): string | null {
  const { timestamp, signature } = opts;
  if (!timestamp || !/^\d{1,12}$/.test(timestamp)) return 'missing or malformed x-slack-request-timestamp';
  if (Math.abs(opts.nowSeconds - Number(timestamp)) > maxClockSkewSeconds) return 'timestamp more than 5 minutes from now';
  if (!signature || !/^v0=[0-9a-f]{64}$/.test(signature)) return 'missing or malformed x-slack-signature';
  const expected = createHmac('sha256', opts.signingSecret).update(`v0:${timestamp}:`).update(opts.rawBody).digest();
  const given = Buffer.from(signature.slice(3), 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected) ? null : 'signature mismatch';
}

/** Reads a signed body into what kind of Slack request it is, or says why it is not one. Pure. */
export function parseSlackBody(rawBody: Buffer, contentType: string | undefined): { ok: true; body: SlackBody } | { ok: false; reason: string } {
  const type = mediaType(contentType);
  try {
    if (type === 'application/x-www-form-urlencoded') return readForm(parseQuery(rawBody.toString('utf8')));
    if (type === 'application/json') {
      const parsed = eventBody.safeParse(JSON.parse(rawBody.toString('utf8')));
      return parsed.success ? { ok: true, body: { kind: 'event', raw: parsed.data } } : { ok: false, reason: `not an Events API body: ${summarise(parsed.error)}` };
    }
  } catch (err) {
    return { ok: false, reason: `unreadable body: ${(err as Error).message.slice(0, 100)}` };
  }
  return { ok: false, reason: `unsupported content-type ${JSON.stringify(type.slice(0, 60))}` };
}

const mediaType = (contentType: string | undefined) => (contentType ?? '').split(';')[0]!.trim().toLowerCase();

/** A form body, parsed once: a slash command, an interactive payload, or Slack's SSL check. */
function readForm(form: ReturnType<typeof parseQuery>): { ok: true; body: SlackBody } | { ok: false; reason: string } {
  try {
    for (const key in form) {
      if (Array.isArray(form[key])) return { ok: false, reason: `form field ${key} given more than once` };
    }
    if (form.ssl_check === '1') return { ok: true, body: { kind: 'ssl_check' } };
    if ('payload' in form) {
      const parsed = interactive.safeParse(JSON.parse(String(form.payload)));
      return parsed.success ? { ok: true, body: { kind: 'interactive', raw: parsed.data } } : { ok: false, reason: `not an interactive payload: ${summarise(parsed.error)}` };
    }
    const parsed = slashCommand.safeParse(form);
    return parsed.success ? { ok: true, body: { kind: 'command', raw: parsed.data } } : { ok: false, reason: `not a slash command: ${summarise(parsed.error)}` };
  } catch (err) {
    return { ok: false, reason: `unreadable body: ${(err as Error).message.slice(0, 100)}` };
  }
}

function summarise(error: z.ZodError): string {
  const first = error.issues[0];
  return first ? `${first.path.join('.') || '(root)'}: ${first.message}`.slice(0, 200) : 'invalid';
}

/** Signature, freshness and shape of one request. Pure apart from the HMAC. */
export function judgeRequest(opts: { signingSecret: string; headers: IncomingMessage['headers']; rawBody: Buffer; nowSeconds: number }): GateVerdict {
  const header = (name: string) => {
    const v = opts.headers[name];
    return typeof v === 'string' ? v : undefined;
  };
  const type = header('content-type');
  // A form is parsed once, here: for the SSL check below and for its shape after the signature.
  const form = mediaType(type) === 'application/x-www-form-urlencoded' ? parseQuery(opts.rawBody.toString('utf8')) : undefined;
  // Slack's SSL check (`ssl_check=1&token=…`) is unsigned by design; it carries nothing to act
  // on and is answered 200 — but only when it is nothing else (no command, no payload).
  if (form && (type ?? '').startsWith('application/x-www-form-urlencoded') && opts.rawBody.length < 1000) {
    if (form.ssl_check === '1' && !('command' in form) && !('payload' in form)) return { ok: true, body: { kind: 'ssl_check' } };
  }
  const problem = verifySignature({
    signingSecret: opts.signingSecret,
    timestamp: header('x-slack-request-timestamp'),
    signature: header('x-slack-signature'),
    rawBody: opts.rawBody,
    nowSeconds: opts.nowSeconds,
  });
  if (problem) return { ok: false, status: 401, reason: problem };
  const parsed = form ? readForm(form) : parseSlackBody(opts.rawBody, type);
  return parsed.ok ? parsed : { ok: false, status: 400, reason: parsed.reason };
}

type Listener = (req: IncomingMessage, res: ServerResponse) => void;

/** The ack Bolt would send for the capacity guard's "busy" (an ephemeral reply to the command). */
const busyReply = JSON.stringify({ response_type: 'ephemeral', text: busyText });

/**
 * Wraps Bolt's HTTP request listener: requests to the events endpoint are read (bounded),
 * judged, and either answered at once with 4xx or handed to Bolt with the body already
 * read (Bolt then checks the signature again on the same bytes).
 */
export function gateRequests(opts: {
  next: Listener;
  path: string;
  signingSecret: string;
  nowSeconds: () => number;
  workspaces: InstalledWorkspaces;
  logger: Logger;
  /**
   * Whether a signed slash command from a served workspace is answered "busy" here, at once,
   * instead of being handed to Bolt (the process has no room for it). The answer is the capacity
   * guard's own; deciding it before Bolt's chain keeps a flood cheap to refuse, so the event loop
   * stays short and new connections are still accepted (libuv accepts one per loop turn).
   */
  shedCommand?: (req: IncomingMessage, command: string) => boolean;
}): Listener {
  const log = opts.logger;
  return (req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== opts.path || req.method !== 'POST') return opts.next(req, res);
    readBody(req, maxBodyBytes).then(
      async (rawBody) => {
        if (rawBody === null) return refuse(res, 413, 'body too large');
        const verdict = judgeRequest({ signingSecret: opts.signingSecret, headers: req.headers, rawBody, nowSeconds: opts.nowSeconds() });
        if (!verdict.ok) return refuse(res, verdict.status, verdict.reason);
        if (verdict.body.kind === 'ssl_check') {
          res.writeHead(200).end();
          return;
        }
        if (!(verdict.body.kind === 'event' && verdict.body.raw.type === 'url_verification')) {
          const workspace = await judgeWorkspace(verdict.body.raw, opts.workspaces).catch((err: unknown) => {
            // The installation store did not answer: nothing can be served; Slack will retry.
            log.error({ err }, 'could not tell whether the workspace is installed');
            return undefined;
          });
          if (!workspace) {
            if (!res.headersSent) res.writeHead(503).end();
            return;
          }
          if (!workspace.serve) {
            // Acknowledged so Slack does not retry, and otherwise ignored: no listener, no row, no Web API call.
            log.info({ teamIds: workspace.teamIds, kind: verdict.body.kind }, `request ignored: ${workspace.reason}`);
            res.writeHead(200).end();
            return;
          }
        }
        if (verdict.body.kind === 'command' && opts.shedCommand?.(req, verdict.body.raw.command)) {
          res.writeHead(200, { 'content-type': 'application/json' }).end(busyReply);
          return;
        }
        // Bolt reads `rawBody` when it is already there instead of the (consumed) stream.
        (req as IncomingMessage & { rawBody?: Buffer }).rawBody = rawBody;
        try {
          opts.next(req, res);
        } catch (err) {
          log.error({ err }, 'request could not be handed to Bolt');
          if (!res.headersSent) res.writeHead(500).end();
        }
      },
      (err: unknown) => refuse(res, 400, `body could not be read: ${(err as Error).message}`),
    );
  };

  function refuse(res: ServerResponse, status: number, reason: string) {
    log.warn({ status, reason }, 'request refused at the door');
    if (!res.headersSent) res.writeHead(status, { 'content-type': 'text/plain' }).end(`${status === 413 ? 'too large' : status === 401 ? 'unauthorized' : 'bad request'}\n`);
  }
}

/** The body, or null when it is larger than `limit` (reading stops there). */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      req.resume();
      resolve(null);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) {
        done = true;
        resolve(null);
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!done) resolve(Buffer.concat(chunks));
    });
    req.on('error', (err) => {
      if (!done) reject(err);
    });
  });
}
