import { handle, type RegisteredHandler } from '../outbox/dispatcher.ts';
import { kinds } from '../outbox/kinds.ts';
import type { Logger } from '../shared/logger.ts';
import { localDateOf } from '../shared/time.ts';
import { exportNote } from '../slack/blocks/privacy.blocks.ts';
import type { SlackGateway } from '../slack/gateway.ts';
import type { ExportOf, ExportScope } from './privacy.models.ts';
import type { ExportPayload } from './privacy.usecases.ts';

/** What the privacy feature sends: an export's zip, built after the ack, uploaded to the requester's DM. */
export function privacyDeliveries(deps: {
  slack: SlackGateway;
  logger: Logger;
  scopeOf: (workspaceId: string, p: ExportPayload) => Promise<ExportScope & { of: ExportOf }>;
  buildZip: (workspaceId: string, scope: ExportScope, at: Date) => Promise<{ zip: Buffer; names: string[] }>;
}): RegisteredHandler[] {
  const log = deps.logger.child('privacy');
  return [
    handle(kinds.privacyExport, async (p, d, { now, recovering }) => {
      const scope = await deps.scopeOf(d.workspaceId, p);
      const filename = `coordinator-export-${localDateOf(now, 'UTC')}-${d.id}.zip`;
      const channel = await deps.slack.openDm(d.workspaceId, p.requesterId);
      if (!channel) return { status: 'cancelled', reason: 'no DM with the requester' };
      // An upload that timed out may have landed: its file is in the DM under this name.
      if (recovering && (await deps.slack.hasFile(d.workspaceId, { channel, filename }))) return { status: 'sent', result: { filename } };
      const { zip, names } = await deps.buildZip(d.workspaceId, scope, now);
      await deps.slack.uploadFile(d.workspaceId, {
        channel,
        file: zip,
        filename,
        title: filename,
        initialComment: exportNote({ of: scope.of, files: names }),
      });
      log.info({ requesterId: p.requesterId, scope: scope.kind, bytes: zip.length }, 'export sent');
      return { status: 'sent', result: { filename, files: names } };
    }),
  ];
}
