/**
 * A fake Slack Web API on `node:http`, for end-to-end tests and benchmarks.
 *
 * Point `@slack/web-api` (or Bolt's `clientOptions.slackApiUrl`) at `fake.url`. The fake
 * records every call, keeps the state tests want to read back (messages per channel,
 * views, uploaded files), rejects payloads the way Slack does when they break Block Kit
 * limits, and can inject failures (429, 5xx, hangs, Slack error codes).
 *
 * It speaks the wire format `@slack/web-api` uses: POST `application/x-www-form-urlencoded`
 * with object values JSON-stringified, `multipart/form-data` when a value is a Buffer,
 * and the token in `Authorization: Bearer`. JSON bodies and a `token` field also work.
 */
import { keepConnections } from '../ops/http.ts';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LIMITS, validateMessageBlocks, validateView } from './slack-limits.ts';
import { waitFor, type WaitOptions } from './wait.ts';

export { LIMITS, validateBlocks, validateMessageBlocks, validateView, type Surface } from './slack-limits.ts';

// ---------------------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------------------

/** What an injected failure does to one call. */
export type Failure =
  /** HTTP 429 with `Retry-After: retryAfter` (seconds, default 1) and `{ok:false,error:'ratelimited'}`. */
  | { status: 429; retryAfter?: number }
  /** An HTTP 5xx; `@slack/web-api` surfaces it as a `slack_webapi_http_error`. */
  | { status: 500 | 502 | 503 | 504 }
  /** Never answer (until `close()`); exercise client timeouts. */
  | { hang: true }
  /** HTTP 200 with `{ ok: false, error, ...extra }`, as Slack reports most failures. */
  | { error: string; extra?: Record<string, unknown> }
  /** Does the work, then answers only after `ms`: past a client's timeout, the caller cannot know it worked. */
  | { slowAnswer: number }
  /** Does the work, then drops the connection without an answer: the caller cannot know it worked, at once. */
  | { lostAnswer: true };

export type FailureHook = (method: string, args: SlackArgs) => Failure | undefined;

/** Request arguments as Slack receives them: strings, except JSON fields parsed back. */
export type SlackArgs = Record<string, unknown>;

export interface SlackResponse {
  ok: boolean;
  [key: string]: unknown;
}

export interface RecordedCall {
  /** Web API method, or `'upload'` for the byte upload to a `files.getUploadURLExternal` URL. */
  method: string;
  /** Parsed body (plus query string). `blocks`, `attachments`, `view`, `files`, `metadata` are objects. */
  args: SlackArgs;
  token: string | undefined;
  at: Date;
  /** HTTP status sent; undefined while a call hangs. */
  status: number | undefined;
  /** JSON body sent; undefined while a call hangs. */
  response: SlackResponse | undefined;
  /** Set when the call did not succeed: injected failure, rate limit, or an `ok:false` answer. */
  failed?: true;
  /** The injected failure, when one was applied. */
  injected?: Failure;
}

export interface FakeUserInput {
  id: string;
  name: string;
  real_name?: string;
  /** IANA zone; defaults to UTC. */
  tz?: string;
  /** Seconds east of UTC; derived from `tz` at the current instant when omitted. */
  tz_offset?: number;
  is_admin?: boolean;
  is_bot?: boolean;
  deleted?: boolean;
  email?: string;
  /** The user's home workspace; another one makes them a Slack Connect user (`is_stranger`). Default: this workspace. */
  team_id?: string;
}

export type FakeUser = Required<Omit<FakeUserInput, 'email' | 'team_id'>> & { email?: string; team_id?: string };

export interface FakeChannelInput {
  id: string;
  name: string;
  is_private?: boolean;
  /**
   * When false, posting and reading (history, replies) answer `not_in_channel` (reading a
   * private channel answers `channel_not_found`, as Slack hides it) until the app calls
   * `conversations.join`. Default true.
   */
  is_member?: boolean;
  is_archived?: boolean;
  members?: string[];
}

export type FakeChannel = Required<FakeChannelInput>;

export interface FakeMessage {
  type: 'message';
  channel: string;
  ts: string;
  text: string;
  user: string;
  bot_id: string;
  app_id: string;
  team: string;
  blocks?: unknown[];
  attachments?: unknown[];
  /** Set on replies, and on a parent once it has replies (as Slack does). */
  thread_ts?: string;
  reply_broadcast?: boolean;
  reply_count?: number;
  latest_reply?: string;
  metadata?: unknown;
  files?: Array<{ id: string; title: string; name: string }>;
  edited?: { user: string; ts: string };
}

export interface FakeEphemeral {
  channel: string;
  user: string;
  ts: string;
  text: string;
  blocks?: unknown[];
  attachments?: unknown[];
  thread_ts?: string;
}

export interface FakeView {
  id: string;
  type: 'modal' | 'home';
  hash: string;
  callback_id: string;
  private_metadata: string;
  external_id: string;
  blocks: unknown[];
  root_view_id: string;
  previous_view_id: string | null;
  /** Owner for home tabs (views.publish). */
  user_id?: string;
  [field: string]: unknown;
}

export interface FakeFile {
  id: string;
  filename: string;
  title: string;
  bytes: Buffer;
  channel_id?: string;
  thread_ts?: string;
  initial_comment?: string;
}

export interface RateLimitRule {
  method: string;
  /** Calls allowed per channel (the `channel` argument) in any 1 s window. */
  perChannelPerSecond?: number;
  /** Calls allowed across all channels in any 1 s window. */
  perSecond?: number;
  /** Retry-After seconds to answer with. Default 1. */
  retryAfter?: number;
}

export interface FakeSlackOptions {
  teamId?: string;
  teamDomain?: string;
  botUserId?: string;
  botId?: string;
  appId?: string;
  /** Accepted tokens; when omitted any non-empty token is accepted. Others get `invalid_auth`. */
  tokens?: string[];
  /** Answer `channel_not_found` for channels not added with `addChannel` (DMs always exist). */
  strictChannels?: boolean;
  /**
   * Trigger ids minted by `createSlackSender` embed their creation time; views.open/push with
   * one older than this answer `expired_trigger_id`, like Slack's 3 s window (pass 3000).
   * Off by default: measured in real time, it would fail a test on a slow machine rather than
   * a defect. A trigger id is always refused when used twice.
   */
  triggerTtlMs?: number | null;
  /** Seconds part of the first message ts. Default 1700000000. */
  tsStartSeconds?: number;
  /**
   * The fake's clock (ms), for its rate-limit windows and trigger ages. Default real time; a test
   * that asserts a rate limit fixes it, so a slow machine cannot spread a burst over two windows.
   */
  now?: () => number;
}

export interface FakeSlack {
  /** Base URL for `slackApiUrl`, ends with `/api/`. */
  readonly url: string;
  /** Server root, ends with `/`. */
  readonly baseUrl: string;
  readonly teamId: string;
  readonly botUserId: string;
  readonly botId: string;
  readonly appId: string;
  /** Every call in arrival order (a stable array; `reset()` empties it in place). */
  readonly calls: RecordedCall[];
  /** Bytes received per file id. */
  readonly uploads: Map<string, Buffer>;
  readonly users: Map<string, FakeUser>;
  readonly channels: Map<string, FakeChannel>;
  /** The WebSocket URL apps.connections.open hands out (Socket Mode); unset, it answers not_allowed_token_type. */
  socketModeUrl: string | undefined;

  callsTo(method: string): RecordedCall[];
  /** Resolves with the first answered call to `method` that matches `predicate`. */
  waitForCall(
    method: string,
    predicate?: (call: RecordedCall) => boolean,
    options?: WaitOptions,
  ): Promise<RecordedCall>;
  /** Forget calls, stored messages/views/files, failures, rate limits and latency; keeps users and channels. */
  reset(): void;

  /** Fail the next `times` calls to `method` (`'*'` = any method). Queued failures run in order. */
  failNext(method: string, failure: Failure, times?: number): void;
  /** Consulted for every call not already failed by `failNext`; pass undefined to remove. */
  setFailure(hook: FailureHook | undefined): void;
  /** Add a sliding-window rate limit answered with 429. */
  rateLimit(rule: RateLimitRule): void;
  /** Delay every answer (or per method) by some milliseconds. */
  setLatency(latency: number | ((method: string) => number)): void;

  addUser(user: FakeUserInput): FakeUser;
  addChannel(channel: FakeChannelInput): FakeChannel;
  /** DM channel id the fake uses for a user (`D` + user id). */
  dmChannelId(userId: string): string;

  /** Current messages of a channel (parents and thread replies), oldest first; copies. */
  messages(channel: string): FakeMessage[];
  message(channel: string, ts: string): FakeMessage | undefined;
  /** A thread: parent then replies, oldest first. */
  thread(channel: string, ts: string): FakeMessage[];
  /** Moves the clock that message ts are drawn from forward (time passing between posts). */
  advanceTs(seconds: number): void;
  ephemerals(filter?: { channel?: string; user?: string }): FakeEphemeral[];
  /** Modals and home tabs in creation order, current content. */
  views(): FakeView[];
  view(id: string): FakeView | undefined;
  homeView(userId: string): FakeView | undefined;
  /** Completed uploads (files.completeUploadExternal). */
  files(): FakeFile[];

  /** Stops the server, dropping hanging and keep-alive connections. */
  close(): Promise<void>;
}

// ---------------------------------------------------------------------------------------
// Implementation
// ---------------------------------------------------------------------------------------

/** Fields `@slack/web-api` JSON-stringifies into form bodies. */
const JSON_FIELDS = new Set(['blocks', 'attachments', 'view', 'files', 'metadata', 'file_uploads']);

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const clone = <T>(value: T): T => structuredClone(value);

const str = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : undefined;

/** Form bodies carry booleans as "true"/"1"; JSON bodies as booleans. */
const truthy = (value: unknown): boolean => value === true || value === 'true' || value === '1' || value === 1;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const nonEmptyArray = (value: unknown): value is unknown[] => Array.isArray(value) && value.length > 0;

const ok = (extra: Record<string, unknown> = {}): SlackResponse => ({ ok: true, ...extra });

const fail = (error: string, extra: Record<string, unknown> = {}): SlackResponse => ({ ok: false, error, ...extra });

/** Slack's shape for schema errors on views.* methods. */
const invalidArguments = (reasons: string[]): SlackResponse =>
  fail('invalid_arguments', { response_metadata: { messages: reasons.map((r) => `[ERROR] ${r}`) } });

/** Seconds east of UTC for an IANA zone at an instant. */
function tzOffsetSeconds(tz: string, at: Date = new Date()): number {
  const part = new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: 'longOffset' })
    .formatToParts(at)
    .find((p) => p.type === 'timeZoneName')?.value;
  const match = part ? /GMT([+-])(\d{2}):(\d{2})/.exec(part) : null;
  if (!match) return 0;
  const sign = match[1] === '-' ? -1 : 1;
  return sign * (Number(match[2]) * 3600 + Number(match[3]) * 60);
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function parseJsonFields(args: SlackArgs): SlackArgs {
  for (const key of JSON_FIELDS) {
    const value = args[key];
    if (typeof value !== 'string') continue;
    try {
      args[key] = JSON.parse(value);
    } catch {
      // Leave it as a string: the method handler reports it like Slack would.
    }
  }
  return args;
}

/** Lets the platform's multipart parser (undici) do the work instead of hand-rolling one. */
function parseMultipart(body: Buffer, contentType: string): Promise<FormData> {
  return new Response(new Uint8Array(body), { headers: { 'content-type': contentType } }).formData();
}

/** Decodes a request body the way Slack's API front door accepts it. */
async function parseArgs(req: IncomingMessage, body: Buffer, url: URL): Promise<SlackArgs> {
  const args: SlackArgs = Object.fromEntries(url.searchParams);
  const contentType = req.headers['content-type'] ?? '';
  if (contentType.startsWith('application/json')) {
    const parsed: unknown = body.length ? JSON.parse(body.toString('utf8')) : {};
    if (isObject(parsed)) Object.assign(args, parsed);
  } else if (contentType.startsWith('multipart/form-data')) {
    const form = await parseMultipart(body, contentType);
    for (const [key, value] of form.entries()) {
      args[key] = typeof value === 'string' ? value : Buffer.from(await value.arrayBuffer());
    }
  } else if (body.length) {
    Object.assign(args, Object.fromEntries(new URLSearchParams(body.toString('utf8'))));
  }
  return parseJsonFields(args);
}

interface CallContext {
  args: SlackArgs;
  token: string | undefined;
}

type Handler = (ctx: CallContext) => SlackResponse;

interface PendingUpload {
  id: string;
  filename: string;
  length: number;
}

class FakeSlackServer implements FakeSlack {
  readonly calls: RecordedCall[] = [];
  readonly uploads = new Map<string, Buffer>();
  readonly users = new Map<string, FakeUser>();
  readonly channels = new Map<string, FakeChannel>();
  readonly teamId: string;
  readonly botUserId: string;
  readonly botId: string;
  readonly appId: string;
  url = '';
  baseUrl = '';

  private readonly server: Server;
  private readonly teamDomain: string;
  private readonly acceptedTokens: ReadonlySet<string> | undefined;
  private readonly strictChannels: boolean;
  private readonly triggerTtlMs: number | null;
  private readonly now: () => number;

  private failQueues = new Map<string, Failure[]>();
  private failureHook: FailureHook | undefined;
  private rateLimits: Array<{ rule: RateLimitRule; hits: Map<string, number[]> }> = [];
  private latency: (method: string) => number = () => 0;
  private hanging = new Set<ServerResponse>();

  private tsMicros: number;
  private idCounter = 0;
  private channelMessages = new Map<string, FakeMessage[]>();
  private ephemeralMessages: FakeEphemeral[] = [];
  private storedViews = new Map<string, FakeView>();
  private homeViews = new Map<string, string>();
  private usedTriggers = new Set<string>();
  private pendingUploads = new Map<string, PendingUpload>();
  private completedFiles: FakeFile[] = [];

  /** What apps.connections.open answers; undefined = Socket Mode not offered. */
  socketModeUrl: string | undefined;

  private readonly handlers: Record<string, Handler> = {
    'auth.test': () => this.authTest(),
    // Socket Mode: where the app's WebSocket should connect (set with socketModeUrl).
    'apps.connections.open': () => (this.socketModeUrl ? ok({ url: this.socketModeUrl }) : fail('not_allowed_token_type')),
    'chat.postMessage': (ctx) => this.postMessage(ctx.args),
    'chat.update': (ctx) => this.updateMessage(ctx.args),
    'chat.postEphemeral': (ctx) => this.postEphemeral(ctx.args),
    'chat.delete': (ctx) => this.deleteMessage(ctx.args),
    'chat.getPermalink': (ctx) => this.getPermalink(ctx.args),
    'conversations.open': (ctx) => this.openConversation(ctx.args),
    'conversations.info': (ctx) => this.conversationInfo(ctx.args),
    'conversations.join': (ctx) => this.joinConversation(ctx.args),
    'conversations.history': (ctx) => this.history(ctx.args),
    'conversations.replies': (ctx) => this.replies(ctx.args),
    'conversations.members': (ctx) => this.members(ctx.args),
    'users.info': (ctx) => this.userInfo(ctx.args),
    'users.list': () => ok({ members: [...this.users.values()].map((u) => this.userPayload(u)), response_metadata: { next_cursor: '' } }),
    'views.open': (ctx) => this.openView(ctx.args, 'views.open'),
    'views.push': (ctx) => this.openView(ctx.args, 'views.push'),
    'views.update': (ctx) => this.updateView(ctx.args),
    'views.publish': (ctx) => this.publishView(ctx.args),
    'files.getUploadURLExternal': (ctx) => this.getUploadUrl(ctx.args),
    'files.completeUploadExternal': (ctx) => this.completeUpload(ctx.args),
  };

  constructor(opts: FakeSlackOptions) {
    this.teamId = opts.teamId ?? 'T0001';
    this.teamDomain = opts.teamDomain ?? 'fake-workspace';
    this.botUserId = opts.botUserId ?? 'UBOT';
    this.botId = opts.botId ?? 'BBOT';
    this.appId = opts.appId ?? 'A0001';
    this.acceptedTokens = opts.tokens ? new Set(opts.tokens) : undefined;
    this.strictChannels = opts.strictChannels ?? false;
    this.triggerTtlMs = opts.triggerTtlMs ?? null;
    this.now = opts.now ?? Date.now;
    this.tsMicros = (opts.tsStartSeconds ?? 1_700_000_000) * 1_000_000;
    this.server = createServer((req, res) => {
      this.route(req, res).catch((error: unknown) => {
        // A bug in the fake must fail loudly in the test, not look like a Slack answer.
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`fake-slack internal error: ${error instanceof Error ? error.stack : String(error)}`);
      });
    });
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      keepConnections(this.server);
      this.server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = this.server.address() as AddressInfo;
    this.baseUrl = `http://127.0.0.1:${port}/`;
    this.url = `${this.baseUrl}api/`;
  }

  async close(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.hanging.clear();
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    // fetch keeps connections alive; without this close() waits for them to time out.
    this.server.closeAllConnections();
    await closed;
  }

  // ----- inspection --------------------------------------------------------------------

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  waitForCall(
    method: string,
    predicate: (call: RecordedCall) => boolean = () => true,
    options: WaitOptions = {},
  ): Promise<RecordedCall> {
    return waitFor(
      () => this.calls.find((c) => c.method === method && c.response !== undefined && predicate(c)),
      { message: `a call to ${method}`, ...options },
    );
  }

  reset(): void {
    this.calls.length = 0;
    this.uploads.clear();
    this.failQueues.clear();
    this.failureHook = undefined;
    this.rateLimits = [];
    this.latency = () => 0;
    this.channelMessages.clear();
    this.ephemeralMessages = [];
    this.storedViews.clear();
    this.homeViews.clear();
    this.usedTriggers.clear();
    this.pendingUploads.clear();
    this.completedFiles = [];
    // ts keeps increasing across resets so an app never sees a ts twice.
  }

  messages(channel: string): FakeMessage[] {
    return clone(this.channelMessages.get(this.dmOrId(channel)) ?? []);
  }

  message(channel: string, ts: string): FakeMessage | undefined {
    const found = this.findMessage(this.dmOrId(channel), ts);
    return found && clone(found);
  }

  thread(channel: string, ts: string): FakeMessage[] {
    return this.messages(channel).filter((m) => m.ts === ts || m.thread_ts === ts);
  }

  ephemerals(filter: { channel?: string; user?: string } = {}): FakeEphemeral[] {
    return clone(
      this.ephemeralMessages.filter(
        (e) =>
          (filter.channel === undefined || e.channel === this.dmOrId(filter.channel)) &&
          (filter.user === undefined || e.user === filter.user),
      ),
    );
  }

  views(): FakeView[] {
    return clone([...this.storedViews.values()]);
  }

  view(id: string): FakeView | undefined {
    const found = this.storedViews.get(id);
    return found && clone(found);
  }

  homeView(userId: string): FakeView | undefined {
    const id = this.homeViews.get(userId);
    return id === undefined ? undefined : this.view(id);
  }

  files(): FakeFile[] {
    return this.completedFiles.map((f) => ({ ...f, bytes: Buffer.from(f.bytes) }));
  }

  // ----- configuration -----------------------------------------------------------------

  failNext(method: string, failure: Failure, times = 1): void {
    const queue = this.failQueues.get(method) ?? [];
    for (let i = 0; i < times; i++) queue.push(failure);
    this.failQueues.set(method, queue);
  }

  setFailure(hook: FailureHook | undefined): void {
    this.failureHook = hook;
  }

  rateLimit(rule: RateLimitRule): void {
    this.rateLimits.push({ rule, hits: new Map() });
  }

  setLatency(latency: number | ((method: string) => number)): void {
    this.latency = typeof latency === 'number' ? () => latency : latency;
  }

  addUser(input: FakeUserInput): FakeUser {
    const tz = input.tz ?? 'UTC';
    const user: FakeUser = {
      id: input.id,
      name: input.name,
      real_name: input.real_name ?? input.name,
      tz,
      tz_offset: input.tz_offset ?? tzOffsetSeconds(tz),
      is_admin: input.is_admin ?? false,
      is_bot: input.is_bot ?? false,
      deleted: input.deleted ?? false,
      ...(input.email === undefined ? {} : { email: input.email }),
      ...(input.team_id === undefined ? {} : { team_id: input.team_id }),
    };
    this.users.set(user.id, user);
    return user;
  }

  addChannel(input: FakeChannelInput): FakeChannel {
    const channel: FakeChannel = {
      id: input.id,
      name: input.name,
      is_private: input.is_private ?? false,
      is_member: input.is_member ?? true,
      is_archived: input.is_archived ?? false,
      members: input.members ?? [],
    };
    this.channels.set(channel.id, channel);
    return channel;
  }

  dmChannelId(userId: string): string {
    return `D${userId}`;
  }

  // ----- HTTP --------------------------------------------------------------------------

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.baseUrl);
    const body = await readBody(req);

    if (url.pathname.startsWith('/api/')) {
      const method = decodeURIComponent(url.pathname.slice('/api/'.length));
      const args = await parseArgs(req, body, url);
      const token = this.tokenOf(req, args);
      delete args.token;
      await this.serveCall(res, method, args, token, () => this.dispatch(method, { args, token }));
      return;
    }

    const upload = /^\/upload\/([^/]+)$/.exec(url.pathname);
    if (upload?.[1] !== undefined && req.method === 'POST') {
      const fileId = upload[1];
      const args: SlackArgs = { file_id: fileId, content_type: req.headers['content-type'] ?? '' };
      await this.serveCall(res, 'upload', args, this.tokenOf(req, {}), () =>
        this.receiveUpload(fileId, req, body),
      );
      return;
    }

    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
  }

  private tokenOf(req: IncomingMessage, args: SlackArgs): string | undefined {
    const header = req.headers.authorization;
    if (header?.startsWith('Bearer ')) return header.slice('Bearer '.length);
    return str(args.token);
  }

  /** Records the call, applies failures/rate limits/latency, then answers with `handle()`. */
  private async serveCall(
    res: ServerResponse,
    method: string,
    args: SlackArgs,
    token: string | undefined,
    handle: () => Promise<SlackResponse> | SlackResponse,
  ): Promise<void> {
    const call: RecordedCall = { method, args, token, at: new Date(), status: undefined, response: undefined };
    this.calls.push(call);

    const delay = this.latency(method);
    if (delay > 0) await sleep(delay);

    const failure = this.takeFailure(method, args) ?? this.checkRateLimit(method, args);
    if (failure && 'lostAnswer' in failure) {
      call.injected = failure;
      call.failed = true;
      await handle();
      res.socket?.destroy();
      return;
    }
    if (failure && 'slowAnswer' in failure) {
      call.injected = failure;
      const body = await handle();
      await sleep(failure.slowAnswer);
      this.send(res, call, 200, body);
      return;
    }
    if (failure) {
      call.injected = failure;
      call.failed = true;
      if ('hang' in failure) {
        this.hanging.add(res);
        return;
      }
      if ('error' in failure) {
        this.send(res, call, 200, fail(failure.error, failure.extra));
      } else if (failure.status === 429) {
        const retryAfter = failure.retryAfter ?? 1;
        this.send(res, call, 429, fail('ratelimited'), { 'retry-after': String(retryAfter) });
      } else {
        this.send(res, call, failure.status, fail('internal_error'));
      }
      return;
    }

    this.send(res, call, 200, await handle());
  }

  private send(
    res: ServerResponse,
    call: RecordedCall,
    status: number,
    body: SlackResponse,
    headers: Record<string, string> = {},
  ): void {
    call.status = status;
    call.response = body;
    if (status !== 200 || !body.ok) call.failed = true;
    // The byte upload endpoint answers plain text, like files.slack.com.
    const isUploadText = call.method === 'upload' && status === 200 && typeof body.text === 'string';
    res.writeHead(status, {
      'content-type': isUploadText ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8',
      ...headers,
    });
    res.end(isUploadText ? String(body.text) : JSON.stringify(body));
  }

  private takeFailure(method: string, args: SlackArgs): Failure | undefined {
    for (const key of [method, '*']) {
      const queue = this.failQueues.get(key);
      const next = queue?.shift();
      if (next) return next;
    }
    return this.failureHook?.(method, args);
  }

  private checkRateLimit(method: string, args: SlackArgs): Failure | undefined {
    const now = this.now();
    for (const { rule, hits } of this.rateLimits) {
      if (rule.method !== method) continue;
      const checks: Array<[string, number | undefined]> = [
        [`channel:${str(args.channel) ?? ''}`, rule.perChannelPerSecond],
        ['all', rule.perSecond],
      ];
      for (const [key, limit] of checks) {
        if (limit === undefined) continue;
        const recent = (hits.get(key) ?? []).filter((t) => t > now - 1000);
        hits.set(key, recent);
        if (recent.length >= limit) return { status: 429, retryAfter: rule.retryAfter ?? 1 };
      }
      for (const [key, limit] of checks) if (limit !== undefined) hits.get(key)?.push(now);
    }
    return undefined;
  }

  private dispatch(method: string, ctx: CallContext): SlackResponse {
    const handler = this.handlers[method];
    if (!handler) return fail('unknown_method');
    if (!ctx.token) return fail('not_authed');
    if (this.acceptedTokens && !this.acceptedTokens.has(ctx.token)) return fail('invalid_auth');
    return handler(ctx);
  }

  // ----- ids ---------------------------------------------------------------------------

  advanceTs(seconds: number): void {
    this.tsMicros += Math.round(seconds * 1_000_000);
  }

  /** Unique, increasing message ts: 1700000000.000100, 1700000000.000200, … */
  private nextTs(): string {
    this.tsMicros += 100;
    const seconds = Math.floor(this.tsMicros / 1_000_000);
    const micros = this.tsMicros % 1_000_000;
    return `${seconds}.${String(micros).padStart(6, '0')}`;
  }

  private nextId(prefix: string): string {
    this.idCounter += 1;
    return `${prefix}${String(this.idCounter).padStart(8, '0')}`;
  }

  // ----- channels & messages -----------------------------------------------------------

  /** Posting to a user id goes to the app's DM with that user, as on Slack. */
  private dmOrId(channel: string): string {
    return /^[UW][A-Z0-9]+$/.test(channel) ? this.dmChannelId(channel) : channel;
  }

  private resolveChannel(channel: string | undefined): { id: string } | { error: string } {
    if (!channel) return { error: 'channel_not_found' };
    if (channel.startsWith('#')) {
      const byName = [...this.channels.values()].find((c) => c.name === channel.slice(1));
      return byName ? this.resolveChannel(byName.id) : { error: 'channel_not_found' };
    }
    const id = this.dmOrId(channel);
    const known = this.channels.get(id);
    if (known) {
      if (known.is_archived) return { error: 'is_archived' };
      if (!known.is_member) return { error: 'not_in_channel' };
      return { id };
    }
    if (this.strictChannels && !id.startsWith('D')) return { error: 'channel_not_found' };
    return { id };
  }

  private findMessage(channel: string, ts: string): FakeMessage | undefined {
    return this.channelMessages.get(channel)?.find((m) => m.ts === ts);
  }

  /** Shared checks of chat.postMessage / update / postEphemeral content. */
  private checkContent(args: SlackArgs): SlackResponse | undefined {
    const text = typeof args.text === 'string' ? args.text : '';
    if (!text && !nonEmptyArray(args.blocks) && !nonEmptyArray(args.attachments)) return fail('no_text');
    if (text.length > LIMITS.messageText) return fail('msg_too_long');
    if (args.blocks !== undefined && typeof args.blocks === 'string') return fail('invalid_blocks_format');
    const errors = validateMessageBlocks({ blocks: args.blocks, attachments: args.attachments });
    if (errors.length) {
      return fail('invalid_blocks', { errors, response_metadata: { messages: errors.map((e) => `[ERROR] ${e}`) } });
    }
    return undefined;
  }

  private authTest(): SlackResponse {
    return ok({
      url: `https://${this.teamDomain}.slack.com/`,
      team: 'Fake Workspace',
      user: 'coordinator',
      team_id: this.teamId,
      user_id: this.botUserId,
      bot_id: this.botId,
      is_enterprise_install: false,
    });
  }

  private postMessage(args: SlackArgs): SlackResponse {
    const channel = this.resolveChannel(str(args.channel));
    if ('error' in channel) return fail(channel.error);
    const invalid = this.checkContent(args);
    if (invalid) return invalid;

    const message: FakeMessage = {
      type: 'message',
      channel: channel.id,
      ts: this.nextTs(),
      text: typeof args.text === 'string' ? args.text : '',
      user: this.botUserId,
      bot_id: this.botId,
      app_id: this.appId,
      team: this.teamId,
    };
    if (Array.isArray(args.blocks)) message.blocks = args.blocks;
    if (Array.isArray(args.attachments)) message.attachments = args.attachments;
    if (args.metadata !== undefined) message.metadata = args.metadata;
    this.storeMessage(message, str(args.thread_ts), truthy(args.reply_broadcast));
    return ok({ channel: channel.id, ts: message.ts, message: this.publicMessage(message) });
  }

  private storeMessage(message: FakeMessage, threadTs: string | undefined, broadcast: boolean): void {
    if (threadTs) {
      message.thread_ts = threadTs;
      if (broadcast) message.reply_broadcast = true;
      const parent = this.findMessage(message.channel, threadTs);
      if (parent) {
        parent.thread_ts = parent.ts;
        parent.reply_count = (parent.reply_count ?? 0) + 1;
        parent.latest_reply = message.ts;
      }
    }
    const list = this.channelMessages.get(message.channel) ?? [];
    list.push(message);
    this.channelMessages.set(message.channel, list);
  }

  /** The message as Slack echoes it back (no `channel` field). */
  private publicMessage(message: FakeMessage): Record<string, unknown> {
    const { channel: _channel, ...rest } = clone(message);
    return rest;
  }

  private updateMessage(args: SlackArgs): SlackResponse {
    const channel = this.resolveChannel(str(args.channel));
    if ('error' in channel) return fail(channel.error);
    const ts = str(args.ts);
    const message = ts ? this.findMessage(channel.id, ts) : undefined;
    if (!message) return fail('message_not_found');
    const invalid = this.checkContent(args);
    if (invalid) return invalid;

    // Fields left out of chat.update keep their previous value; an empty array clears.
    if (typeof args.text === 'string') message.text = args.text;
    if (Array.isArray(args.blocks)) message.blocks = args.blocks;
    if (Array.isArray(args.attachments)) message.attachments = args.attachments;
    if (args.metadata !== undefined) message.metadata = args.metadata;
    message.edited = { user: this.botUserId, ts: this.nextTs() };
    return ok({ channel: channel.id, ts: message.ts, text: message.text, message: this.publicMessage(message) });
  }

  private postEphemeral(args: SlackArgs): SlackResponse {
    const channel = this.resolveChannel(str(args.channel));
    if ('error' in channel) return fail(channel.error);
    const user = str(args.user);
    if (!user) return fail('user_not_found');
    const invalid = this.checkContent(args);
    if (invalid) return invalid;

    const ephemeral: FakeEphemeral = {
      channel: channel.id,
      user,
      ts: this.nextTs(),
      text: typeof args.text === 'string' ? args.text : '',
    };
    if (Array.isArray(args.blocks)) ephemeral.blocks = args.blocks;
    if (Array.isArray(args.attachments)) ephemeral.attachments = args.attachments;
    const threadTs = str(args.thread_ts);
    if (threadTs) ephemeral.thread_ts = threadTs;
    this.ephemeralMessages.push(ephemeral);
    return ok({ message_ts: ephemeral.ts });
  }

  private deleteMessage(args: SlackArgs): SlackResponse {
    const channel = this.dmOrId(str(args.channel) ?? '');
    const ts = str(args.ts);
    const list = this.channelMessages.get(channel) ?? [];
    const index = list.findIndex((m) => m.ts === ts);
    if (index < 0) return fail('message_not_found');
    list.splice(index, 1);
    return ok({ channel, ts });
  }

  private getPermalink(args: SlackArgs): SlackResponse {
    const channel = this.dmOrId(str(args.channel) ?? '');
    const ts = str(args.message_ts);
    if (!ts || !this.findMessage(channel, ts)) return fail('message_not_found');
    return ok({
      channel,
      permalink: `https://${this.teamDomain}.slack.com/archives/${channel}/p${ts.replace('.', '')}`,
    });
  }

  // ----- conversations & users ---------------------------------------------------------

  private openConversation(args: SlackArgs): SlackResponse {
    const existing = str(args.channel);
    if (existing) return ok({ no_op: true, already_open: true, channel: { id: existing } });
    const users = (str(args.users) ?? '').split(',').map((u) => u.trim()).filter(Boolean);
    if (users.length === 0) return fail('users_list_not_supplied');
    const deleted = users.find((u) => this.users.get(u)?.deleted);
    if (deleted) return fail('user_disabled');
    const id = users.length === 1 ? this.dmChannelId(users[0] ?? '') : `G${[...users].sort().join('')}`;
    return ok({ channel: { id } });
  }

  private channelPayload(channel: FakeChannel): Record<string, unknown> {
    return {
      id: channel.id,
      name: channel.name,
      is_channel: !channel.is_private,
      is_group: false,
      is_im: false,
      is_private: channel.is_private,
      is_member: channel.is_member,
      is_archived: channel.is_archived,
      num_members: channel.members.length,
    };
  }

  private conversationInfo(args: SlackArgs): SlackResponse {
    const id = str(args.channel) ?? '';
    const known = this.channels.get(id);
    if (known) return ok({ channel: this.channelPayload(known) });
    if (id.startsWith('D')) return ok({ channel: { id, is_im: true, user: id.slice(1), is_member: true } });
    return fail('channel_not_found');
  }

  /**
   * Joins a public channel (`channels:join`): the bot becomes a member, so history and
   * posting work from then on. Like Slack: `is_archived` for an archived channel,
   * `method_not_supported_for_channel_type` for DMs and private channels (one the bot is
   * not in looks absent: `channel_not_found`), a success with
   * the `already_in_channel` warning when the bot is a member already. Unknown channels
   * answer `channel_not_found` with `strictChannels`; otherwise they behave as channels
   * the bot is in, as they do for posting.
   */
  private joinConversation(args: SlackArgs): SlackResponse {
    const id = str(args.channel);
    if (!id) return fail('channel_not_found');
    if (/^[DUW]/.test(id)) return fail('method_not_supported_for_channel_type');
    const known = this.channels.get(id);
    const already = { warning: 'already_in_channel', response_metadata: { warnings: ['already_in_channel'] } };
    if (!known) {
      if (this.strictChannels) return fail('channel_not_found');
      return ok({ channel: { id, is_channel: true, is_private: false, is_member: true, is_archived: false }, ...already });
    }
    if (known.is_archived) return fail('is_archived');
    if (known.is_private) return fail(known.is_member ? 'method_not_supported_for_channel_type' : 'channel_not_found');
    const wasMember = known.is_member;
    known.is_member = true;
    if (!known.members.includes(this.botUserId)) known.members.push(this.botUserId);
    return ok({ channel: this.channelPayload(known), ...(wasMember ? already : {}) });
  }

  /** Reading a known channel the bot is not in fails as on Slack; undefined when reading is allowed. */
  private readError(id: string): SlackResponse | undefined {
    const known = this.channels.get(id);
    if (!known || known.is_member) return undefined;
    return fail(known.is_private ? 'channel_not_found' : 'not_in_channel');
  }

  private history(args: SlackArgs): SlackResponse {
    const channel = str(args.channel);
    if (!channel) return fail('channel_not_found');
    const id = this.dmOrId(channel);
    if (this.strictChannels && !this.channels.has(id) && !id.startsWith('D')) return fail('channel_not_found');
    const unreadable = this.readError(id);
    if (unreadable) return unreadable;

    const inclusive = truthy(args.inclusive);
    const oldest = str(args.oldest);
    const latest = str(args.latest);
    const after = (ts: string, bound: string): boolean => (inclusive ? Number(ts) >= Number(bound) : Number(ts) > Number(bound));
    const before = (ts: string, bound: string): boolean => (inclusive ? Number(ts) <= Number(bound) : Number(ts) < Number(bound));

    const withMetadata = truthy(args.include_all_metadata);
    const all = (this.channelMessages.get(id) ?? [])
      // History lists channel-level messages: parents, plain messages and broadcast replies.
      .filter((m) => !m.thread_ts || m.thread_ts === m.ts || m.reply_broadcast)
      .filter((m) => (!oldest || after(m.ts, oldest)) && (!latest || before(m.ts, latest)))
      .sort((a, b) => Number(b.ts) - Number(a.ts));

    const limit = Math.max(1, Math.min(Number(str(args.limit) ?? 100) || 100, 1000));
    const start = Number(str(args.cursor) ?? 0) || 0;
    const page = all.slice(start, start + limit).map((m) => {
      const out = this.publicMessage(m);
      if (!withMetadata) delete out.metadata;
      return out;
    });
    const hasMore = start + limit < all.length;
    return ok({
      messages: page,
      has_more: hasMore,
      pin_count: 0,
      response_metadata: { next_cursor: hasMore ? String(start + limit) : '' },
    });
  }

  private replies(args: SlackArgs): SlackResponse {
    const channel = this.dmOrId(str(args.channel) ?? '');
    const unreadable = this.readError(channel);
    if (unreadable) return unreadable;
    const ts = str(args.ts);
    if (!ts || !this.findMessage(channel, ts)) return fail('thread_not_found');
    // As Slack: oldest first, `oldest`/`latest` bounds (exclusive unless `inclusive`), pages of `limit` with a cursor.
    const inclusive = truthy(args.inclusive);
    const oldest = str(args.oldest);
    const latest = str(args.latest);
    const inBounds = (m: { ts: string }) =>
      (!oldest || (inclusive ? Number(m.ts) >= Number(oldest) : Number(m.ts) > Number(oldest))) && (!latest || (inclusive ? Number(m.ts) <= Number(latest) : Number(m.ts) < Number(latest)));
    const thread = (this.channelMessages.get(channel) ?? [])
      .filter((m) => (m.ts === ts || m.thread_ts === ts) && inBounds(m))
      .sort((a, b) => Number(a.ts) - Number(b.ts));
    const limit = Math.max(1, Math.min(Number(str(args.limit) ?? 1000) || 1000, 1000));
    const start = Number(str(args.cursor) ?? 0) || 0;
    const page = thread.slice(start, start + limit);
    const more = start + limit < thread.length;
    return ok({ messages: page.map((m) => this.publicMessage(m)), has_more: more, response_metadata: { next_cursor: more ? String(start + limit) : '' } });
  }

  private members(args: SlackArgs): SlackResponse {
    const known = this.channels.get(str(args.channel) ?? '');
    if (!known) return fail('channel_not_found');
    return ok({ members: [...known.members], response_metadata: { next_cursor: '' } });
  }

  private userPayload(user: FakeUser): Record<string, unknown> {
    const home = user.team_id ?? this.teamId;
    return {
      id: user.id,
      team_id: home,
      ...(home === this.teamId ? {} : { is_stranger: true }),
      name: user.name,
      real_name: user.real_name,
      deleted: user.deleted,
      tz: user.tz,
      tz_label: user.tz,
      tz_offset: user.tz_offset,
      is_admin: user.is_admin,
      is_owner: false,
      is_bot: user.is_bot,
      is_app_user: false,
      profile: {
        real_name: user.real_name,
        real_name_normalized: user.real_name,
        display_name: user.name,
        display_name_normalized: user.name,
        ...(user.email === undefined ? {} : { email: user.email }),
        team: this.teamId,
      },
    };
  }

  private userInfo(args: SlackArgs): SlackResponse {
    const user = this.users.get(str(args.user) ?? '');
    return user ? ok({ user: this.userPayload(user) }) : fail('user_not_found');
  }

  // ----- views -------------------------------------------------------------------------

  /** Checks a trigger id: present, used once, and (for ids we minted) not older than the TTL. */
  private checkTrigger(triggerId: string | undefined): SlackResponse | undefined {
    if (!triggerId) return invalidArguments(['missing required field: trigger_id']);
    if (this.usedTriggers.has(triggerId)) return fail('exchanged_trigger_id');
    const minted = /^(\d{13})\./.exec(triggerId);
    if (this.triggerTtlMs !== null && minted && this.now() - Number(minted[1]) > this.triggerTtlMs) {
      return fail('expired_trigger_id');
    }
    this.usedTriggers.add(triggerId);
    return undefined;
  }

  private materializeView(input: Record<string, unknown>, base: Partial<FakeView>): FakeView {
    const id = base.id ?? this.nextId('V');
    return {
      ...input,
      id,
      team_id: this.teamId,
      type: input.type === 'home' ? 'home' : 'modal',
      blocks: Array.isArray(input.blocks) ? input.blocks : [],
      callback_id: str(input.callback_id) ?? '',
      private_metadata: str(input.private_metadata) ?? '',
      external_id: str(input.external_id) ?? '',
      state: { values: {} },
      hash: `${Date.now()}.${this.nextId('h')}`,
      root_view_id: base.root_view_id ?? id,
      previous_view_id: base.previous_view_id ?? null,
      app_id: this.appId,
      bot_id: this.botId,
      ...(base.user_id === undefined ? {} : { user_id: base.user_id }),
    };
  }

  private viewArg(args: SlackArgs): { view: Record<string, unknown> } | { error: SlackResponse } {
    const view = args.view;
    if (!isObject(view)) return { error: invalidArguments(['missing required field: view']) };
    const errors = validateView(view);
    return errors.length ? { error: invalidArguments(errors) } : { view };
  }

  private openView(args: SlackArgs, method: 'views.open' | 'views.push'): SlackResponse {
    const parsed = this.viewArg(args);
    if ('error' in parsed) return parsed.error;
    if (parsed.view.type !== 'modal') return invalidArguments([`${method} only accepts modals [json-pointer:/view/type]`]);
    const triggerError = this.checkTrigger(str(args.trigger_id));
    if (triggerError) return triggerError;
    const view = this.materializeView(parsed.view, {});
    this.storedViews.set(view.id, view);
    return ok({ view: clone(view) });
  }

  private updateView(args: SlackArgs): SlackResponse {
    const viewId = str(args.view_id);
    const externalId = str(args.external_id);
    if (!viewId && !externalId) return invalidArguments(['must provide view_id or external_id']);
    const existing = viewId
      ? this.storedViews.get(viewId)
      : [...this.storedViews.values()].find((v) => v.external_id === externalId);
    if (!existing) return fail('not_found');
    const hash = str(args.hash);
    if (hash && hash !== existing.hash) return fail('hash_conflict');
    const parsed = this.viewArg(args);
    if ('error' in parsed) return parsed.error;
    const view = this.materializeView(parsed.view, existing);
    this.storedViews.set(view.id, view);
    return ok({ view: clone(view) });
  }

  private publishView(args: SlackArgs): SlackResponse {
    const userId = str(args.user_id);
    if (!userId) return invalidArguments(['missing required field: user_id']);
    const parsed = this.viewArg(args);
    if ('error' in parsed) return parsed.error;
    if (parsed.view.type !== 'home') return invalidArguments(['must be home [json-pointer:/view/type]']);
    const existingId = this.homeViews.get(userId);
    const existing = existingId === undefined ? undefined : this.storedViews.get(existingId);
    const hash = str(args.hash);
    if (existing && hash && hash !== existing.hash) return fail('hash_conflict');
    const view = this.materializeView(parsed.view, { ...existing, user_id: userId });
    this.storedViews.set(view.id, view);
    this.homeViews.set(userId, view.id);
    return ok({ view: clone(view) });
  }

  // ----- files -------------------------------------------------------------------------

  private getUploadUrl(args: SlackArgs): SlackResponse {
    const filename = str(args.filename);
    const length = Number(str(args.length));
    if (!filename || !Number.isFinite(length) || length <= 0) {
      return invalidArguments(['missing required fields: filename, length']);
    }
    const id = this.nextId('F');
    this.pendingUploads.set(id, { id, filename, length });
    return ok({ upload_url: `${this.baseUrl}upload/${id}`, file_id: id });
  }

  private async receiveUpload(fileId: string, req: IncomingMessage, body: Buffer): Promise<SlackResponse> {
    if (!this.pendingUploads.has(fileId)) return fail('file_not_found');
    let bytes = body;
    const contentType = req.headers['content-type'] ?? '';
    if (contentType.startsWith('multipart/form-data')) {
      // @slack/web-api posts the file as a multipart field; keep the first file part.
      const form = await parseMultipart(body, contentType);
      const part = [...form.values()].find((v): v is File => typeof v !== 'string');
      bytes = part ? Buffer.from(await part.arrayBuffer()) : Buffer.alloc(0);
    }
    this.uploads.set(fileId, bytes);
    return ok({ text: `OK - ${bytes.length}` });
  }

  private completeUpload(args: SlackArgs): SlackResponse {
    const requested = Array.isArray(args.files) ? args.files.filter(isObject) : [];
    if (requested.length === 0) return invalidArguments(['missing required field: files']);
    const channelId = str(args.channel_id) ?? str(args.channels);
    const threadTs = str(args.thread_ts);
    const initialComment = str(args.initial_comment);
    if (channelId) {
      const channel = this.resolveChannel(channelId);
      if ('error' in channel) return fail(channel.error);
    }

    const completed: FakeFile[] = [];
    for (const entry of requested) {
      const id = str(entry.id) ?? '';
      const pending = this.pendingUploads.get(id);
      const bytes = this.uploads.get(id);
      if (!pending || !bytes) return fail('file_not_found');
      completed.push({
        id,
        filename: pending.filename,
        title: str(entry.title) ?? pending.filename,
        bytes,
        ...(channelId === undefined ? {} : { channel_id: this.dmOrId(channelId) }),
        ...(threadTs === undefined ? {} : { thread_ts: threadTs }),
        ...(initialComment === undefined ? {} : { initial_comment: initialComment }),
      });
    }
    for (const file of completed) this.pendingUploads.delete(file.id);
    this.completedFiles.push(...completed);

    // Sharing into a channel shows up there as a message carrying the files.
    if (channelId) {
      const message: FakeMessage = {
        type: 'message',
        channel: this.dmOrId(channelId),
        ts: this.nextTs(),
        text: initialComment ?? '',
        user: this.botUserId,
        bot_id: this.botId,
        app_id: this.appId,
        team: this.teamId,
        files: completed.map((f) => ({ id: f.id, title: f.title, name: f.filename })),
      };
      if (Array.isArray(args.blocks)) message.blocks = args.blocks;
      this.storeMessage(message, threadTs, false);
    }

    return ok({
      files: completed.map((f) => ({ id: f.id, title: f.title, name: f.filename, size: f.bytes.length })),
    });
  }
}

/**
 * Deterministic pseudo-random numbers in [0, 1) (mulberry32), for failure hooks such as
 * `fake.setFailure(() => (rng() < 0.2 ? { status: 500 } : undefined))` that must replay
 * identically run after run.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** What one call is, for `stableFaults`: the method and what it is about, not when it came. */
function callIdentity(method: string, args: SlackArgs): string {
  const key = (args.metadata as { event_payload?: { key?: unknown } } | undefined)?.event_payload?.key;
  return [method, args.channel ?? args.channel_id ?? args.users ?? args.user ?? '', args.thread_ts ?? args.ts ?? '', key ?? args.filename ?? ''].map(String).join('|');
}

/** A number in [0, 1) from a string (FNV-1a, then mixed): the same string, the same number. */
function unitHash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return ((h ^ (h >>> 16)) >>> 0) / 4294967296;
}

/**
 * Failures that do not depend on the order calls arrive in: whether the n-th call about one
 * thing (the same method, channel, thread and delivery key) fails, and how, follows from that
 * identity and n alone. Two processes racing, or a slow machine reordering calls, meet the same
 * faults. `maxPerCall` caps the faults one identity ever meets, as Slack's outages end: each
 * retry eventually gets through.
 */
export function stableFaults(opts: { seed: number; pick: (r: number) => Failure | undefined; maxPerCall: number; enabled?: () => boolean }): FailureHook {
  const seen = new Map<string, number>();
  const injected = new Map<string, number>();
  return (method, args) => {
    if (opts.enabled && !opts.enabled()) return undefined;
    const id = callIdentity(method, args);
    const n = seen.get(id) ?? 0;
    seen.set(id, n + 1);
    if ((injected.get(id) ?? 0) >= opts.maxPerCall) return undefined;
    const failure = opts.pick(unitHash(`${opts.seed}|${id}|${n}`));
    if (failure) injected.set(id, (injected.get(id) ?? 0) + 1);
    return failure;
  };
}

/** Starts a fake Slack Web API on 127.0.0.1 with an ephemeral port. */
export async function startFakeSlack(opts: FakeSlackOptions = {}): Promise<FakeSlack> {
  const fake = new FakeSlackServer(opts);
  await fake.listen();
  return fake;
}
