import { parsePrivacyCommand } from '../../privacy/privacy-command.parser.ts';
import { exportRequested, forgetConfirmation, retentionSet, retentionShown } from '../blocks/privacy.blocks.ts';
import { coordinatorUsage } from '../blocks/usage.blocks.ts';
import { slashCommand } from './slash-command.ts';
import type { ListenerDeps } from '../listeners.ts';

/**
 * `/coordinator …`: people's data. Ack first; the export's zip is built by its delivery
 * (after the ack) and lands in the requester's DM; forgetting asks to confirm with a button.
 */
export function coordinatorCommand(deps: ListenerDeps) {
  const { services } = deps;
  return slashCommand(deps, {
    name: 'coordinator',
    usage: coordinatorUsage,
    parse: (text) => parsePrivacyCommand(text),
    run: async ({ parsed, actor, command, respond, say }) => {
      switch (parsed.kind) {
        case 'export': {
          const queued = await services.privacy.requestExport(actor, parsed.who);
          const delivery = (await services.outbox.deliverNow([queued.key])).get(queued.key);
          await say(exportRequested(delivery));
          return;
        }
        case 'forget': {
          const target = parsed.who === 'me' ? actor.userId : parsed.who.userId;
          const preview = await services.privacy.forgetPreview(actor, target);
          await respond({ response_type: 'ephemeral', ...forgetConfirmation({ target, self: target === actor.userId, summary: preview.summary }) });
          return;
        }
        case 'retention': {
          const { team } = await services.teams.teamForSettings(actor, command.channel_id, command.channel_name);
          await services.teams.update(team, { answerRetentionMonths: parsed.months });
          await say(retentionSet({ teamName: team.name, months: parsed.months }));
          return;
        }
        case 'retentionShow': {
          const team = await services.standups.teamForCommand(actor, command.channel_id);
          await say(retentionShown({ teamName: team.name, months: team.answerRetentionMonths }));
          return;
        }
      }
    },
  });
}
