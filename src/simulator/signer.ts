/**
 * Sends requests into a running Bolt HTTP receiver exactly as Slack does: same body
 * encodings, same payload shapes, signed with the app's signing secret.
 *
 * Slash commands and interactivity are `application/x-www-form-urlencoded` (interactive
 * payloads as one `payload=<json>` field); Events API callbacks are JSON. Every request
 * carries `X-Slack-Request-Timestamp` and `X-Slack-Signature` (v0 HMAC-SHA256).
 */
import { createHmac, randomBytes } from 'node:crypto';

export { startResponseCatcher, type CaughtResponse, type ResponseCatcher } from './response-catcher.ts';

/** `v0=<hex HMAC_SHA256(secret, "v0:<ts>:<body>")>`, Slack's request signature. */
export function signSlackRequest(secret: string, timestamp: number, body: string): string {
  const digest = createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex');
  return `v0=${digest}`;
}

/** Per-request overrides, mostly for negative tests. */
export interface SendOptions {
  /** `false` omits the signature header entirely. */
  sign?: boolean;
  /** Send this signature instead of the computed one. */
  signature?: string;
  /** Request timestamp (seconds) to send and sign with, e.g. one older than 5 minutes. */
  timestamp?: number;
  /** Extra headers (they win over the defaults). */
  headers?: Record<string, string>;
}

export interface SlackHttpResponse {
  status: number;
  headers: Headers;
  /** Response body as text (Bolt answers `ack()` with an empty body or JSON). */
  body: string;
  json<T = unknown>(): T;
  /** The trigger_id sent, when the request carried one. */
  triggerId?: string;
  /** The response_url sent, when the request carried one. */
  responseUrl?: string;
}

export interface SlackSenderOptions {
  /** Where the app listens, e.g. `http://127.0.0.1:3000` (no trailing path). */
  baseUrl: string;
  signingSecret: string;
  teamId?: string;
  teamDomain?: string;
  apiAppId?: string;
  /** Bot user id put in event `authorizations`. */
  botUserId?: string;
  /** Receiver path. Default `/slack/events`, Bolt's default for every request kind. */
  path?: string;
  /** Clock for request timestamps and `event_time`, in seconds. Default: real time. */
  now?: () => number;
  /**
   * Builds response_url values. Pass `catcher.url` from `startResponseCatcher()`.
   * The default points at a closed local port so an app under test can never post to
   * real Slack by accident.
   */
  responseUrl?: (id: string) => string;
}

export interface CommandInput {
  command: string;
  text?: string;
  user_id: string;
  user_name?: string;
  channel_id: string;
  channel_name?: string;
  trigger_id?: string;
  response_url?: string;
  team_id?: string;
}

/** A value in `view.state.values[block_id][action_id]`, e.g. `{ type: 'plain_text_input', value: 'x' }`. */
export type StateValues = Record<string, Record<string, Record<string, unknown>>>;

export interface ViewInput {
  id?: string;
  callback_id?: string;
  private_metadata?: string;
  external_id?: string;
  hash?: string;
  root_view_id?: string;
  previous_view_id?: string | null;
  blocks?: unknown[];
  title?: unknown;
  state_values?: StateValues;
  [field: string]: unknown;
}

export interface BlockActionInput {
  user_id: string;
  user_name?: string;
  action_id: string;
  block_id?: string;
  value?: string;
  /** Element type. Default `button`. */
  type?: string;
  /** Extra fields for the action, e.g. `{ selected_option: { value: 'x' } }` or `{ selected_user: 'U1' }`. */
  action?: Record<string, unknown>;
  /** Set with `message_ts` for an action on a message. */
  channel_id?: string;
  channel_name?: string;
  message_ts?: string;
  /** The message the button sits on (e.g. `fake.message(channel, ts)`). */
  message?: Record<string, unknown>;
  is_ephemeral?: boolean;
  /** Set for an action inside a modal or home tab. */
  view?: ViewInput;
  /** `state.values` of the surface (messages with inputs). */
  state_values?: StateValues;
  trigger_id?: string;
  response_url?: string;
  team_id?: string;
}

export interface ViewSubmissionInput {
  user_id: string;
  user_name?: string;
  callback_id: string;
  private_metadata?: string;
  state_values?: StateValues;
  view_id?: string;
  hash?: string;
  external_id?: string;
  root_view_id?: string;
  previous_view_id?: string | null;
  blocks?: unknown[];
  /** Extra view fields. */
  view?: ViewInput;
  trigger_id?: string;
  team_id?: string;
}

export interface ViewClosedInput {
  user_id: string;
  callback_id: string;
  private_metadata?: string;
  view_id?: string;
  is_cleared?: boolean;
  team_id?: string;
}

export interface ShortcutInput {
  user_id: string;
  user_name?: string;
  callback_id: string;
  trigger_id?: string;
  team_id?: string;
}

export interface MessageActionInput extends ShortcutInput {
  channel_id: string;
  channel_name?: string;
  message_ts: string;
  message?: Record<string, unknown>;
  response_url?: string;
}

export interface EventInput {
  /** The inner event, e.g. `{ type: 'app_home_opened', user: 'U1', tab: 'home' }`. */
  event: { type: string; [field: string]: unknown };
  event_id?: string;
  event_time?: number;
  team_id?: string;
  /** Adds `X-Slack-Retry-Num`, as Slack does when redelivering. */
  retryNum?: number;
  /** Adds `X-Slack-Retry-Reason`, e.g. `http_timeout`. */
  retryReason?: string;
}

export interface SlackSender {
  command(input: CommandInput, opts?: SendOptions): Promise<SlackHttpResponse>;
  blockAction(input: BlockActionInput, opts?: SendOptions): Promise<SlackHttpResponse>;
  viewSubmission(input: ViewSubmissionInput, opts?: SendOptions): Promise<SlackHttpResponse>;
  viewClosed(input: ViewClosedInput, opts?: SendOptions): Promise<SlackHttpResponse>;
  shortcut(input: ShortcutInput, opts?: SendOptions): Promise<SlackHttpResponse>;
  messageAction(input: MessageActionInput, opts?: SendOptions): Promise<SlackHttpResponse>;
  event(input: EventInput, opts?: SendOptions): Promise<SlackHttpResponse>;
  /** Slack's one-time endpoint check; Bolt answers with the challenge. */
  urlVerification(challenge: string, opts?: SendOptions): Promise<SlackHttpResponse>;
  /** Signs and posts an arbitrary body. */
  send(body: string, contentType: string, opts?: SendOptions): Promise<SlackHttpResponse>;
  /**
   * A fresh trigger id. It starts with the creation time in ms, which the fake Slack reads
   * to answer `expired_trigger_id` after 3 s as Slack does (when the fake is given `triggerTtlMs`).
   */
  newTriggerId(): string;
}

const FORM = 'application/x-www-form-urlencoded';
const JSON_TYPE = 'application/json';

/** The verification token Slack still puts in bodies; Bolt ignores it when signing is on. */
const LEGACY_TOKEN = 'fake-verification-token';

export function createSlackSender(options: SlackSenderOptions): SlackSender {
  const teamId = options.teamId ?? 'T0001';
  const teamDomain = options.teamDomain ?? 'fake-workspace';
  const apiAppId = options.apiAppId ?? 'A0001';
  const botUserId = options.botUserId ?? 'UBOT';
  const endpoint = `${options.baseUrl.replace(/\/$/, '')}${options.path ?? '/slack/events'}`;
  const now = options.now ?? (() => Math.floor(Date.now() / 1000));
  // Port 9 (discard) is closed on test machines: a stray respond() fails fast and locally.
  const responseUrl = options.responseUrl ?? ((id: string) => `http://127.0.0.1:9/respond/${id}`);

  let counter = 0;
  const next = (): number => ++counter;
  const newTriggerId = (): string => `${Date.now()}.${next()}.${randomBytes(16).toString('hex')}`;
  const actionTs = (): string => `${now()}.${String(next()).padStart(6, '0')}`;

  const user = (id: string, name: string | undefined, team: string) => ({
    id,
    username: name ?? id.toLowerCase(),
    name: name ?? id.toLowerCase(),
    team_id: team,
  });
  const team = (id: string) => ({ id, domain: teamDomain });
  const channelName = (id: string, name?: string): string =>
    name ?? (id.startsWith('D') ? 'directmessage' : id.toLowerCase());

  const view = (input: ViewInput, team_id: string) => {
    const { state_values, ...rest } = input;
    const id = input.id ?? `V${String(next()).padStart(8, '0')}`;
    return {
      type: 'modal',
      blocks: [],
      callback_id: '',
      private_metadata: '',
      external_id: '',
      hash: `${now()}.fakehash`,
      root_view_id: id,
      previous_view_id: null,
      app_id: apiAppId,
      bot_id: 'BBOT',
      team_id,
      app_installed_team_id: team_id,
      ...rest,
      id,
      state: { values: state_values ?? {} },
    };
  };

  async function send(body: string, contentType: string, opts: SendOptions = {}): Promise<SlackHttpResponse> {
    const timestamp = opts.timestamp ?? now();
    const headers: Record<string, string> = {
      'Content-Type': contentType,
      'X-Slack-Request-Timestamp': String(timestamp),
    };
    if (opts.sign !== false) {
      headers['X-Slack-Signature'] = opts.signature ?? signSlackRequest(options.signingSecret, timestamp, body);
    }
    const res = await fetch(endpoint, { method: 'POST', headers: { ...headers, ...opts.headers }, body });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text, json: <T>() => JSON.parse(text) as T };
  }

  /** Interactive payloads travel as a single form field. */
  const sendPayload = (payload: Record<string, unknown>, opts?: SendOptions) =>
    send(new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), FORM, opts);

  return {
    send,
    newTriggerId,

    async command(input, opts) {
      const team_id = input.team_id ?? teamId;
      const trigger_id = input.trigger_id ?? newTriggerId();
      const response_url = input.response_url ?? responseUrl(`command-${next()}`);
      // Field order as Slack sends it.
      const body = new URLSearchParams({
        token: LEGACY_TOKEN,
        team_id,
        team_domain: teamDomain,
        channel_id: input.channel_id,
        channel_name: channelName(input.channel_id, input.channel_name),
        user_id: input.user_id,
        user_name: input.user_name ?? input.user_id.toLowerCase(),
        command: input.command,
        text: input.text ?? '',
        api_app_id: apiAppId,
        is_enterprise_install: 'false',
        response_url,
        trigger_id,
      }).toString();
      const res = await send(body, FORM, opts);
      return { ...res, triggerId: trigger_id, responseUrl: response_url };
    },

    async blockAction(input, opts) {
      const team_id = input.team_id ?? teamId;
      const trigger_id = input.trigger_id ?? newTriggerId();
      const onMessage = input.view === undefined && input.message_ts !== undefined;
      const response_url = onMessage ? (input.response_url ?? responseUrl(`action-${next()}`)) : undefined;
      const viewPayload = input.view === undefined ? undefined : view(input.view, team_id);

      const container = viewPayload
        ? { type: 'view', view_id: viewPayload.id }
        : {
            type: 'message',
            message_ts: input.message_ts,
            channel_id: input.channel_id,
            is_ephemeral: input.is_ephemeral ?? false,
          };
      const payload: Record<string, unknown> = {
        type: 'block_actions',
        user: user(input.user_id, input.user_name, team_id),
        api_app_id: apiAppId,
        token: LEGACY_TOKEN,
        container,
        trigger_id,
        team: team(team_id),
        enterprise: null,
        is_enterprise_install: false,
        actions: [
          {
            type: input.type ?? 'button',
            action_id: input.action_id,
            block_id: input.block_id ?? 'block',
            ...(input.value === undefined ? {} : { value: input.value }),
            action_ts: actionTs(),
            ...input.action,
          },
        ],
      };
      if (input.channel_id !== undefined) {
        payload.channel = { id: input.channel_id, name: channelName(input.channel_id, input.channel_name) };
      }
      if (onMessage) {
        payload.message = input.message ?? { type: 'message', ts: input.message_ts, text: '', user: botUserId };
        payload.response_url = response_url;
      }
      if (viewPayload) payload.view = viewPayload;
      if (input.state_values) payload.state = { values: input.state_values };

      const res = await sendPayload(payload, opts);
      return { ...res, triggerId: trigger_id, ...(response_url === undefined ? {} : { responseUrl: response_url }) };
    },

    async viewSubmission(input, opts) {
      const team_id = input.team_id ?? teamId;
      const trigger_id = input.trigger_id ?? newTriggerId();
      const viewInput: ViewInput = {
        ...input.view,
        callback_id: input.callback_id,
        private_metadata: input.private_metadata ?? input.view?.private_metadata ?? '',
        ...(input.view_id === undefined ? {} : { id: input.view_id }),
        ...(input.hash === undefined ? {} : { hash: input.hash }),
        ...(input.external_id === undefined ? {} : { external_id: input.external_id }),
        ...(input.root_view_id === undefined ? {} : { root_view_id: input.root_view_id }),
        ...(input.previous_view_id === undefined ? {} : { previous_view_id: input.previous_view_id }),
        ...(input.blocks === undefined ? {} : { blocks: input.blocks }),
        state_values: input.state_values ?? input.view?.state_values ?? {},
      };
      const payload = {
        type: 'view_submission',
        team: team(team_id),
        user: user(input.user_id, input.user_name, team_id),
        api_app_id: apiAppId,
        token: LEGACY_TOKEN,
        trigger_id,
        view: view(viewInput, team_id),
        response_urls: [],
        is_enterprise_install: false,
        enterprise: null,
      };
      const res = await sendPayload(payload, opts);
      return { ...res, triggerId: trigger_id };
    },

    viewClosed(input, opts) {
      const team_id = input.team_id ?? teamId;
      const viewInput: ViewInput = {
        callback_id: input.callback_id,
        private_metadata: input.private_metadata ?? '',
        ...(input.view_id === undefined ? {} : { id: input.view_id }),
      };
      return sendPayload(
        {
          type: 'view_closed',
          team: team(team_id),
          user: user(input.user_id, undefined, team_id),
          api_app_id: apiAppId,
          token: LEGACY_TOKEN,
          view: view(viewInput, team_id),
          is_cleared: input.is_cleared ?? false,
          is_enterprise_install: false,
          enterprise: null,
        },
        opts,
      );
    },

    async shortcut(input, opts) {
      const team_id = input.team_id ?? teamId;
      const trigger_id = input.trigger_id ?? newTriggerId();
      const res = await sendPayload(
        {
          type: 'shortcut',
          token: LEGACY_TOKEN,
          action_ts: actionTs(),
          team: team(team_id),
          user: user(input.user_id, input.user_name, team_id),
          is_enterprise_install: false,
          enterprise: null,
          callback_id: input.callback_id,
          trigger_id,
        },
        opts,
      );
      return { ...res, triggerId: trigger_id };
    },

    async messageAction(input, opts) {
      const team_id = input.team_id ?? teamId;
      const trigger_id = input.trigger_id ?? newTriggerId();
      const response_url = input.response_url ?? responseUrl(`message-action-${next()}`);
      const res = await sendPayload(
        {
          type: 'message_action',
          token: LEGACY_TOKEN,
          action_ts: actionTs(),
          team: team(team_id),
          user: user(input.user_id, input.user_name, team_id),
          channel: { id: input.channel_id, name: channelName(input.channel_id, input.channel_name) },
          is_enterprise_install: false,
          enterprise: null,
          callback_id: input.callback_id,
          trigger_id,
          message_ts: input.message_ts,
          message: input.message ?? { type: 'message', ts: input.message_ts, text: '', user: botUserId },
          response_url,
        },
        opts,
      );
      return { ...res, triggerId: trigger_id, responseUrl: response_url };
    },

    event(input, opts = {}) {
      const team_id = input.team_id ?? teamId;
      const eventTime = input.event_time ?? now();
      const body = JSON.stringify({
        token: LEGACY_TOKEN,
        team_id,
        api_app_id: apiAppId,
        event: { event_ts: `${eventTime}.000100`, ...input.event },
        type: 'event_callback',
        event_id: input.event_id ?? `Ev${String(next()).padStart(9, '0')}`,
        event_time: eventTime,
        authorizations: [
          { enterprise_id: null, team_id, user_id: botUserId, is_bot: true, is_enterprise_install: false },
        ],
        is_ext_shared_channel: false,
      });
      const retryHeaders: Record<string, string> = {};
      if (input.retryNum !== undefined) retryHeaders['X-Slack-Retry-Num'] = String(input.retryNum);
      if (input.retryReason !== undefined) retryHeaders['X-Slack-Retry-Reason'] = input.retryReason;
      return send(body, JSON_TYPE, { ...opts, headers: { ...retryHeaders, ...opts.headers } });
    },

    urlVerification(challenge, opts) {
      const body = JSON.stringify({ token: LEGACY_TOKEN, challenge, type: 'url_verification' });
      return send(body, JSON_TYPE, opts);
    },
  };
}
