import { zipSync, strToU8 } from 'fflate';
import type { RequestsRepository } from '../requests/requests.repository.ts';
import { replayed, type Replayed, type RequestKey } from '../requests/requests.models.ts';
import type { DeliveriesRepository } from '../outbox/deliveries.repository.ts';
import type { Dispatcher } from '../outbox/dispatcher.ts';
import { kinds } from '../outbox/kinds.ts';
import type { Clock } from '../shared/clock.ts';
import { userError } from '../shared/errors.ts';
import type { Logger } from '../shared/logger.ts';
import type { UsersService } from '../workspaces/users.service.ts';
import { exportFiles, type ExportScope, type ForgetSummary } from './privacy.models.ts';
import type { PrivacyRepository } from './privacy.repository.ts';
import type { Actor } from '../shared/actor.ts';

export type ExportWho = 'auto' | 'me' | { userId: string };
export type ExportPayload = { requesterId: string; who: ExportWho };

/** People's data: export (a zip of CSV files in the requester's DM), forget, retention. */
export function createPrivacyUseCases(deps: {
  privacy: PrivacyRepository;
  users: UsersService;
  deliveries: DeliveriesRepository;
  clock: Clock;
  logger: Logger;
  dispatcher: () => Dispatcher;
  transaction: <T>(fn: (tx: { privacy: PrivacyRepository; requests: RequestsRepository }) => Promise<T>) => Promise<T>;
}) {
  const { privacy, clock } = deps;
  const log = deps.logger.child('privacy');

  const isAdmin = async (actor: Actor) => Boolean((await deps.users.cached(actor.workspaceId, actor.userId))?.isAdmin);

  /** A person may act on their own data; a workspace admin on anyone's in their workspace. */
  async function requireSelfOrAdmin(actor: Actor, target: string, what: 'forget' | 'export'): Promise<void> {
    if (target === actor.userId || (await isAdmin(actor))) return;
    throw userError(
      'privacy.forbidden',
      what === 'forget'
        ? `Only <@${target}> themself or a workspace admin can have their data forgotten. Nothing was changed. To forget your own: \`/coordinator forget me\``
        : `Only <@${target}> themself or a workspace admin can export their data. Your own: \`/coordinator export me\``,
    );
  }

  /** What an export request means now: a manager's teams, or one person. */
  async function scopeOf(workspaceId: string, p: ExportPayload): Promise<ExportScope & { label: string }> {
    if (p.who === 'auto') {
      const managed = await privacy.managedTeams(workspaceId, p.requesterId);
      if (managed.length) return { kind: 'teams', teamIds: managed.map((t) => t.id), label: managed.map((t) => t.name).join(', ') };
      return { kind: 'person', userId: p.requesterId, label: 'your own data' };
    }
    const userId = p.who === 'me' ? p.requesterId : p.who.userId;
    return { kind: 'person', userId, label: userId === p.requesterId ? 'your own data' : `<@${userId}>'s data` };
  }

  /** The export as a zip: one CSV per kind of record. */
  async function buildZip(workspaceId: string, scope: ExportScope, at: Date): Promise<{ zip: Buffer; names: string[] }> {
    const files = exportFiles(await privacy.exportData(workspaceId, scope));
    const entries = Object.fromEntries(Object.entries(files).map(([name, csv]) => [name, [strToU8(csv), { mtime: at }] as const]));
    return { zip: Buffer.from(zipSync(entries as never, { level: 6 })), names: Object.keys(files) };
  }


  return {
    buildZip,
    scopeOf,

    /**
     * `/coordinator export`: queued, so the zip is built after the 3-second ack and a
     * failed upload is retried; the same request twice in a minute is one export.
     */
    async requestExport(actor: Actor, who: ExportWho): Promise<string> {
      if (typeof who === 'object') await requireSelfOrAdmin(actor, who.userId, 'export');
      const now = clock.now();
      const row = kinds.privacyExport.row(actor.workspaceId, { requesterId: actor.userId, who, minute: Math.floor(now.getTime() / 60_000) }, now);
      await deps.deliveries.enqueue([row]);
      return row.key;
    },

    async deliverNow(keys: string[]) {
      return deps.dispatcher().runKeys(keys, clock.now());
    },

    /** The first step of forgetting: who may, and what it would touch (nothing is changed). */
    async forgetPreview(actor: Actor, target: string): Promise<ForgetSummary> {
      await requireSelfOrAdmin(actor, target, 'forget');
      return privacy.forgetPreview(actor.workspaceId, target);
    },

    /** The confirmed forget: once per click, permissions checked again (a button value can be forged). */
    async forget(actor: Actor, target: string, once: RequestKey): Promise<ForgetSummary | Replayed> {
      await requireSelfOrAdmin(actor, target, 'forget');
      const summary = await deps.transaction(async (tx) => {
        if (!(await tx.requests.claim(actor.workspaceId, once, clock.now()))) return replayed;
        return tx.privacy.forget(actor.workspaceId, target);
      });
      if (!('replayed' in summary)) log.info({ by: actor.userId, target, ...summary }, 'person forgotten');
      return summary;
    },

    /** Run by the tick: answers past each team's retention lose their text. */
    async applyRetention(now: Date): Promise<number> {
      return privacy.applyRetention(now);
    },
  };
}

export type PrivacyUseCases = ReturnType<typeof createPrivacyUseCases>;
