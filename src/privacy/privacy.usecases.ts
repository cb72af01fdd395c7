import { zipSync, strToU8 } from 'fflate';
import type { RequestsRepository } from '../requests/requests.repository.ts';
import { replayed, type Replayed, type RequestKey } from '../requests/requests.models.ts';
import type { DeliveriesRepository } from '../outbox/deliveries.repository.ts';
import { kinds } from '../outbox/kinds.ts';
import type { Clock } from '../shared/clock.ts';
import { refused } from '../shared/errors.ts';
import type { Logger } from '../shared/logger.ts';
import type { Bound } from '../shared/use-cases.ts';
import type { UsersService } from '../workspaces/users.service.ts';
import { exportFiles, type ExportOf, type ExportScope, type ForgetSummary, type PrivacyRefusal } from './privacy.models.ts';
import type { PrivacyRepository } from './privacy.repository.ts';
import type { Actor } from '../shared/actor.ts';

export type ExportWho = 'auto' | 'me' | { userId: string };
export type ExportPayload = { requesterId: string; who: ExportWho };

/** People's data: export (a zip of CSV files in the requester's DM), forget, retention. */
export type PrivacyDeps = {
  privacy: PrivacyRepository;
  users: UsersService;
  deliveries: DeliveriesRepository;
  clock: Clock;
  logger: Logger;
  transaction: <T>(fn: (tx: { privacy: PrivacyRepository; requests: RequestsRepository }) => Promise<T>) => Promise<T>;
};

/** A person may act on their own data; a workspace admin on anyone's in their workspace; refused otherwise. */
async function requireSelfOrAdmin(deps: Pick<PrivacyDeps, 'users'>, actor: Actor, target: string, action: 'forget' | 'export'): Promise<void> {
  if (target === actor.userId) return;
  if ((await deps.users.cached(actor.workspaceId, actor.userId))?.isAdmin) return;
  const r: PrivacyRefusal = { code: 'privacy.forbidden', target, action };
  throw refused(r, `only that person or a workspace admin may ${action} their data`);
}

/** What an export request means now: a manager's teams, or one person; and whose data that is, for its note. */
export async function scopeOf(deps: Pick<PrivacyDeps, 'privacy'>, workspaceId: string, p: ExportPayload): Promise<ExportScope & { of: ExportOf }> {
  if (p.who === 'auto') {
    const managed = await deps.privacy.managedTeams(workspaceId, p.requesterId);
    if (managed.length) return { kind: 'teams', teamIds: managed.map((t) => t.id), of: { kind: 'teams', teamNames: managed.map((t) => t.name) } };
    return { kind: 'person', userId: p.requesterId, of: { kind: 'own' } };
  }
  const userId = p.who === 'me' ? p.requesterId : p.who.userId;
  return { kind: 'person', userId, of: userId === p.requesterId ? { kind: 'own' } : { kind: 'person', userId } };
}

/** The export as a zip: one CSV per kind of record. */
export async function buildZip(deps: Pick<PrivacyDeps, 'privacy'>, workspaceId: string, scope: ExportScope, at: Date): Promise<{ zip: Buffer; names: string[] }> {
  const files = exportFiles(await deps.privacy.exportData(workspaceId, scope));
  const entries = Object.fromEntries(Object.entries(files).map(([name, csv]) => [name, [strToU8(csv), { mtime: at }] as const]));
  return { zip: Buffer.from(zipSync(entries as never, { level: 6 })), names: Object.keys(files) };
}

/**
 * `/coordinator export`: queued, so the zip is built after the 3-second ack and a
 * failed upload is retried; the same request twice in a minute is one export.
 */
export async function requestExport(deps: Pick<PrivacyDeps, 'users' | 'deliveries' | 'clock'>, actor: Actor, who: ExportWho): Promise<{ kind: 'queued'; key: string }> {
  if (typeof who === 'object') await requireSelfOrAdmin(deps, actor, who.userId, 'export');
  const now = deps.clock.now();
  const row = kinds.privacyExport.row(actor.workspaceId, { workspaceId: actor.workspaceId, requesterId: actor.userId, who, minute: Math.floor(now.getTime() / 60_000) }, now);
  await deps.deliveries.enqueue([row]);
  return { kind: 'queued', key: row.key };
}

/** The first step of forgetting: who may, and what it would touch (nothing is changed). */
export async function forgetPreview(deps: Pick<PrivacyDeps, 'users' | 'privacy'>, actor: Actor, target: string): Promise<{ kind: 'preview'; summary: ForgetSummary }> {
  await requireSelfOrAdmin(deps, actor, target, 'forget');
  return { kind: 'preview', summary: await deps.privacy.forgetPreview(actor.workspaceId, target) };
}

/** The confirmed forget: once per click, permissions checked again (a button value can be forged). */
export async function forget(deps: PrivacyDeps, actor: Actor, target: string, once: RequestKey): Promise<ForgetSummary | Replayed> {
  await requireSelfOrAdmin(deps, actor, target, 'forget');
  const summary = await deps.transaction(async (tx) => {
    if (!(await tx.requests.claim(actor.workspaceId, once, deps.clock.now()))) return replayed;
    return tx.privacy.forget(actor.workspaceId, target);
  });
  if (!('replayed' in summary)) deps.logger.child('privacy').info({ by: actor.userId, target, ...summary }, 'person forgotten');
  return summary;
}

/** Run by the tick: answers past each team's retention lose their text. */
export async function applyRetention(deps: Pick<PrivacyDeps, 'privacy'>, now: Date): Promise<number> {
  return deps.privacy.applyRetention(now);
}

export const privacyUseCases = { scopeOf, buildZip, requestExport, forgetPreview, forget, applyRetention };
export type PrivacyUseCases = Bound<typeof privacyUseCases, PrivacyDeps>;
