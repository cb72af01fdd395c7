/**
 * Several fake Slack workspaces behind one Web API URL, as the real Slack is: the token of a
 * call says which workspace it acts in. Each workspace is a whole FakeSlack (fake-slack.ts) with
 * its own users, channels and messages, so two workspaces may use the same user and channel ids
 * (`U1`, `C1`) and a call made with the wrong workspace's token lands visibly in the wrong one.
 *
 * It also plays Slack's OAuth server: `authorize(teamId)` is the person pressing "Allow" on
 * Slack's consent page and returns the `code` the redirect carries; `oauth.v2.access` exchanges
 * it (and, with token rotation, refreshes with grant_type=refresh_token). `uninstall(teamId)`
 * revokes every token of the workspace; `failRefresh` makes the next refresh answer an error.
 */
import { keepConnections } from '../ops/http.ts';
import { randomBytes } from 'node:crypto';
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startFakeSlack, type FakeSlack, type FakeSlackOptions } from './fake-slack.ts';

export type FakeWorkspaceInput = Omit<FakeSlackOptions, 'tokens' | 'teamId'> & { teamId: string; teamName?: string; enterpriseId?: string };

export type OAuthCall = { grantType: string; ok: boolean; error?: string; teamId?: string };

type Token = { teamId: string; kind: 'access' | 'refresh'; expiresAt: number | undefined; revoked: boolean };

export interface FakeSlackOrg {
  /** Web API base URL (`…/api/`) for every workspace. */
  readonly url: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Every oauth.v2.access call, in order. */
  readonly oauthCalls: OAuthCall[];
  workspace(teamId: string): FakeSlack;
  /**
   * The person installing presses "Allow": a one-time code for oauth.v2.access. `rotating` issues a
   * token that expires (`expiresIn` seconds) with a refresh token; `enterprise` makes it an org-wide install.
   */
  authorize(teamId: string, opts?: { rotating?: boolean; expiresIn?: number; enterprise?: boolean; userId?: string }): string;
  /** The tokens of a workspace that still work. */
  liveTokens(teamId: string): string[];
  /** Every token of the workspace stops working (`token_revoked`), as on uninstall. */
  uninstall(teamId: string): void;
  /** The next refresh of this workspace's token answers `{ ok: false, error }`. */
  failRefresh(teamId: string, error?: string): void;
  /** A signed-looking app_uninstalled / tokens_revoked Events API body for the workspace. */
  eventBody(teamId: string, type: 'app_uninstalled' | 'tokens_revoked'): Record<string, unknown>;
  close(): Promise<void>;
}

class FakeSlackOrgServer implements FakeSlackOrg {
  url = '';
  readonly clientId = '1111.2222';
  readonly clientSecret = 'fake-client-secret';
  readonly oauthCalls: OAuthCall[] = [];
  private readonly server: Server;
  private readonly workspaces = new Map<string, { fake: FakeSlack; input: FakeWorkspaceInput }>();
  private readonly codes = new Map<string, { teamId: string; rotating: boolean; expiresIn: number; enterprise: boolean; userId: string }>();
  private readonly tokens = new Map<string, Token>();
  private readonly refreshFailures = new Map<string, string>();
  private counter = 0;

  constructor() {
    this.server = createServer((req, res) => {
      this.route(req, res).catch((err: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`fake-slack-org internal error: ${err instanceof Error ? err.stack : String(err)}`);
      });
    });
  }

  async start(inputs: FakeWorkspaceInput[]) {
    keepConnections(this.server);
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', () => resolve()));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/api/`;
    for (const input of inputs) {
      const { teamName: _n, enterpriseId: _e, ...opts } = input;
      this.workspaces.set(input.teamId, { fake: await startFakeSlack(opts), input });
    }
  }

  workspace(teamId: string): FakeSlack {
    const w = this.workspaces.get(teamId);
    if (!w) throw new Error(`fake-slack-org: no workspace ${teamId}`);
    return w.fake;
  }

  authorize(teamId: string, opts: { rotating?: boolean; expiresIn?: number; enterprise?: boolean; userId?: string } = {}): string {
    this.workspace(teamId);
    const code = `code-${teamId}-${++this.counter}-${randomBytes(4).toString('hex')}`;
    this.codes.set(code, { teamId, rotating: opts.rotating ?? false, expiresIn: opts.expiresIn ?? 43_200, enterprise: opts.enterprise ?? false, userId: opts.userId ?? 'U1' });
    return code;
  }

  liveTokens(teamId: string): string[] {
    const now = Date.now();
    return [...this.tokens].filter(([, t]) => t.teamId === teamId && t.kind === 'access' && !t.revoked && (t.expiresAt === undefined || t.expiresAt > now)).map(([k]) => k);
  }

  uninstall(teamId: string): void {
    for (const t of this.tokens.values()) if (t.teamId === teamId) t.revoked = true;
  }

  failRefresh(teamId: string, error = 'invalid_grant'): void {
    this.refreshFailures.set(teamId, error);
  }

  eventBody(teamId: string, type: 'app_uninstalled' | 'tokens_revoked'): Record<string, unknown> {
    const w = this.workspaces.get(teamId);
    return {
      type: 'event_callback',
      team_id: teamId,
      api_app_id: w?.fake.appId ?? 'A0001',
      event_id: `Ev${type === 'app_uninstalled' ? 'U' : 'R'}${teamId}${++this.counter}`,
      event_time: Math.floor(Date.now() / 1000),
      event: type === 'app_uninstalled' ? { type } : { type, tokens: { bot: [w?.fake.botUserId ?? 'UBOT'] } },
    };
  }

  private issue(teamId: string, kind: 'access' | 'refresh', rotating: boolean, expiresIn: number): string {
    const secret = `${teamId}-${++this.counter}-${randomBytes(6).toString('hex')}`;
    const token = kind === 'refresh' ? `xoxe-1-${secret}` : rotating ? `xoxe.xoxb-1-${secret}` : `xoxb-${secret}`;
    this.tokens.set(token, { teamId, kind, revoked: false, expiresAt: kind === 'access' && rotating ? Date.now() + expiresIn * 1000 : undefined });
    return token;
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const body = await readAll(req);
    if (!url.pathname.startsWith('/api/')) return answer(res, 404, { ok: false, error: 'not_found' });
    const method = url.pathname.slice('/api/'.length);
    const form = formOf(req, body, url);
    if (method === 'oauth.v2.access') return answer(res, 200, this.oauthAccess(req, form));
    const header = req.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7) : form.get('token') ?? undefined;
    if (!token) return answer(res, 200, { ok: false, error: 'not_authed' });
    const known = this.tokens.get(token);
    if (!known || known.kind !== 'access') return answer(res, 200, { ok: false, error: 'invalid_auth' });
    if (known.revoked) return answer(res, 200, { ok: false, error: 'token_revoked' });
    if (known.expiresAt !== undefined && known.expiresAt <= Date.now()) return answer(res, 200, { ok: false, error: 'token_expired' });
    await this.forward(this.workspace(known.teamId), req, res, body);
  }

  private oauthAccess(req: IncomingMessage, form: URLSearchParams): Record<string, unknown> {
    const basic = req.headers.authorization?.startsWith('Basic ') ? Buffer.from(req.headers.authorization.slice(6), 'base64').toString('utf8').split(':') : [];
    const clientId = form.get('client_id') ?? basic[0];
    const clientSecret = form.get('client_secret') ?? basic[1];
    const grantType = form.get('grant_type') ?? 'authorization_code';
    const record = (r: Record<string, unknown>, teamId?: string) => {
      this.oauthCalls.push({ grantType, ok: r.ok === true, ...(typeof r.error === 'string' ? { error: r.error } : {}), ...(teamId ? { teamId } : {}) });
      return r;
    };
    if (clientId !== this.clientId) return record({ ok: false, error: 'invalid_client_id' });
    if (clientSecret !== this.clientSecret) return record({ ok: false, error: 'bad_client_secret' });
    if (grantType === 'refresh_token') {
      const refresh = this.tokens.get(form.get('refresh_token') ?? '');
      if (!refresh || refresh.kind !== 'refresh' || refresh.revoked) return record({ ok: false, error: 'invalid_refresh_token' });
      const failure = this.refreshFailures.get(refresh.teamId);
      if (failure) {
        this.refreshFailures.delete(refresh.teamId);
        return record({ ok: false, error: failure }, refresh.teamId);
      }
      const w = this.workspaces.get(refresh.teamId)!;
      return record(
        {
          ok: true,
          access_token: this.issue(refresh.teamId, 'access', true, 43_200),
          token_type: 'bot',
          expires_in: 43_200,
          refresh_token: form.get('refresh_token'),
          team: { id: refresh.teamId, name: w.input.teamName ?? refresh.teamId },
          bot_user_id: w.fake.botUserId,
          app_id: w.fake.appId,
        },
        refresh.teamId,
      );
    }
    const code = this.codes.get(form.get('code') ?? '');
    if (!code) return record({ ok: false, error: 'invalid_code' });
    this.codes.delete(form.get('code')!);
    const w = this.workspaces.get(code.teamId)!;
    const access = this.issue(code.teamId, 'access', code.rotating, code.expiresIn);
    return record(
      {
        ok: true,
        app_id: w.fake.appId,
        authed_user: { id: code.userId },
        scope: 'commands,chat:write,im:write,users:read,files:write',
        token_type: 'bot',
        access_token: access,
        bot_user_id: w.fake.botUserId,
        team: code.enterprise ? null : { id: code.teamId, name: w.input.teamName ?? code.teamId },
        enterprise: code.enterprise || w.input.enterpriseId ? { id: w.input.enterpriseId ?? 'E0001', name: 'Fake Org' } : null,
        is_enterprise_install: code.enterprise,
        ...(code.rotating ? { refresh_token: this.issue(code.teamId, 'refresh', true, 0), expires_in: code.expiresIn } : {}),
      },
      code.teamId,
    );
  }

  private forward(target: FakeSlack, req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void> {
    const to = new URL(req.url ?? '/', target.baseUrl);
    return new Promise((resolve) => {
      const out = request(to, { method: req.method, headers: { ...req.headers, host: to.host, 'content-length': String(body.length) } }, (answerRes) => {
        res.writeHead(answerRes.statusCode ?? 502, answerRes.headers);
        answerRes.pipe(res);
        answerRes.on('end', () => resolve());
        answerRes.on('error', () => resolve());
      });
      // The workspace dropped the connection (an injected lost answer): drop ours too.
      out.on('error', () => {
        res.socket?.destroy();
        resolve();
      });
      res.on('close', () => {
        if (!res.writableFinished) out.destroy();
      });
      out.end(body);
    });
  }

  async close(): Promise<void> {
    await Promise.all([...this.workspaces.values()].map((w) => w.fake.close()));
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
  }
}

function readAll(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** The form fields of a Web API call (url-encoded or JSON; multipart uploads carry the token in the header). */
function formOf(req: IncomingMessage, body: Buffer, url: URL): URLSearchParams {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim();
  const form = new URLSearchParams(url.search);
  if (type === 'application/x-www-form-urlencoded') for (const [k, v] of new URLSearchParams(body.toString('utf8'))) form.set(k, v);
  if (type === 'application/json') {
    try {
      for (const [k, v] of Object.entries(JSON.parse(body.toString('utf8')) as Record<string, unknown>)) if (typeof v === 'string') form.set(k, v);
    } catch {
      // Not JSON after all: the workspace's fake will say so.
    }
  }
  return form;
}

function answer(res: ServerResponse, status: number, body: Record<string, unknown>): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

/** Starts the workspaces and the front door on 127.0.0.1 with ephemeral ports. */
export async function startFakeSlackOrg(workspaces: FakeWorkspaceInput[]): Promise<FakeSlackOrg> {
  const org = new FakeSlackOrgServer();
  await org.start(workspaces);
  return org;
}
