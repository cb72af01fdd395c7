/**
 * Which workspace a request speaks for, and whether we serve it. Every workspace that
 * installs a Slack app shares its signing secret, so a valid signature says only "some
 * installation of this app sent it"; the workspace ids inside decide. Pure.
 *
 * A request is served only when every workspace id it carries (top-level team, the
 * clicking user's team, the modal's team and installing team, each authorization) is one
 * and the same installed workspace. A request naming another workspace anywhere — a forged body, or a
 * Slack Connect guest from another organisation — is acknowledged and ignored: no row,
 * no Web API call.
 */

export type InstalledWorkspaces = {
  /** True when this workspace (and enterprise, if the payload names one) is installed. */
  has(teamId: string, enterpriseId: string | undefined): boolean | Promise<boolean>;
  /**
   * Distributed mode: whether the workspace was ever installed here, whatever its state now. Slack's
   * own app_uninstalled and tokens_revoked events are served on this (the second one arrives after
   * the first has already stopped the workspace); unset, they are judged like any request.
   */
  known?(teamId: string): Promise<boolean>;
};

/** Slack's lifecycle events about the installation itself. */
export const lifecycleEvents = new Set(['app_uninstalled', 'tokens_revoked']);

/** Distributed mode: installations in the store decide (installations.usecases.ts, cached briefly). */
export function installedWorkspaces(store: { isServed(teamId: string): Promise<boolean>; isKnown(teamId: string): Promise<boolean> }): InstalledWorkspaces {
  return { has: (teamId) => store.isServed(teamId), known: (teamId) => store.isKnown(teamId) };
}

/** The single-workspace install: the workspace (and enterprise) of the bot token, from auth.test. */
export function singleWorkspace(installed: { teamId: string; enterpriseId?: string | undefined }): InstalledWorkspaces {
  return {
    has: (teamId, enterpriseId) =>
      teamId === installed.teamId && (enterpriseId === undefined || installed.enterpriseId === undefined || enterpriseId === installed.enterpriseId),
  };
}

export type WorkspaceClaim = { teamIds: string[]; enterpriseId: string | undefined };

/** Every workspace id a Slack body names, wherever Slack or Bolt might read one from. */
export function workspaceClaim(body: unknown): WorkspaceClaim {
  // Read twice per request (the request gate, then Bolt's authorize): no closures or Set, a
  // short array in the order the ids are met.
  const teamIds: string[] = [];
  const b = asRecord(body);
  addId(teamIds, b.team_id);
  let enterpriseId = enterpriseOf(undefined, b.enterprise_id);
  const team = asRecord(b.team);
  addId(teamIds, team.id);
  enterpriseId = enterpriseOf(enterpriseId, team.enterprise_id);
  enterpriseId = enterpriseOf(enterpriseId, asRecord(b.enterprise).id);
  addId(teamIds, asRecord(b.user).team_id);
  const view = asRecord(b.view);
  addId(teamIds, view.team_id);
  addId(teamIds, view.app_installed_team_id);
  if (Array.isArray(b.authorizations)) {
    for (let i = 0; i < b.authorizations.length && i < 10; i++) {
      const a = asRecord(b.authorizations[i]);
      addId(teamIds, a.team_id);
      enterpriseId = enterpriseOf(enterpriseId, a.enterprise_id);
    }
  }
  return { teamIds, enterpriseId };
}

function addId(ids: string[], v: unknown): void {
  if (typeof v === 'string' && v !== '' && !ids.includes(v)) ids.push(v);
}

/** The first enterprise id met wins. */
function enterpriseOf(current: string | undefined, v: unknown): string | undefined {
  return current === undefined && typeof v === 'string' && v !== '' ? v : current;
}

export type WorkspaceVerdict = { serve: true; teamId: string } | { serve: false; reason: string; teamIds: string[] };

export async function judgeWorkspace(body: unknown, installed: InstalledWorkspaces): Promise<WorkspaceVerdict> {
  const claim = workspaceClaim(body);
  if (claim.teamIds.length === 0) return { serve: false, reason: 'names no workspace', teamIds: [] };
  // One request, one workspace. With several installed, a body naming two of them (a user of B
  // clicking in A's Slack Connect channel, or a forgery) would otherwise pass, and user ids
  // repeat across workspaces: B's U1 would act as A's U1. (With one installed it fails below anyway.)
  if (claim.teamIds.length > 1) return { serve: false, reason: 'names more than one workspace', teamIds: claim.teamIds };
  const teamId = claim.teamIds[0]!;
  const event = asRecord(asRecord(body).event).type;
  const lifecycle = installed.known && typeof event === 'string' && lifecycleEvents.has(event);
  // Exactly one id by now; single-workspace mode answers at once (no promise to wait for).
  const answer = lifecycle ? installed.known!(teamId) : installed.has(teamId, claim.enterpriseId);
  if (!(typeof answer === 'boolean' ? answer : await answer)) return { serve: false, reason: 'from a workspace that has not installed Coordinator', teamIds: claim.teamIds };
  return { serve: true, teamId };
}

function asRecord(v: unknown): Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

/** Thrown from Bolt's authorize for a request we do not serve; Bolt then acks and calls no listener. */
export class ForeignWorkspaceError extends Error {
  constructor(readonly teamIds: string[]) {
    super(`request from a workspace that has not installed Coordinator (${teamIds.join(', ') || 'none named'})`);
    this.name = 'ForeignWorkspaceError';
  }
}
