import { parsePrivacyCommand } from '../../privacy/privacy-command.parser.ts';
import { escapeMrkdwn, plural } from '../../shared/text.ts';
import { forgetConfirmation } from '../blocks/privacy.blocks.ts';
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
          const key = await services.privacy.requestExport(actor, parsed.who);
          const delivery = (await services.outbox.deliverNow([key])).get(key);
          if (delivery?.status === 'sent') await say(':package: Your export is in your DM with me: a zip of CSV files.');
          else if (delivery?.status === 'failed') await say(`:warning: Slack refused the upload (${delivery.lastError ?? 'unknown error'}). Please try again later.`);
          else await say(':hourglass: Your export is being prepared; it arrives in your DM with me within a few minutes.');
          return;
        }
        case 'forget': {
          const target = parsed.who === 'me' ? actor.userId : parsed.who.userId;
          const summary = await services.privacy.forgetPreview(actor, target);
          await respond({ response_type: 'ephemeral', ...forgetConfirmation({ target, self: target === actor.userId, summary }) });
          return;
        }
        case 'retention': {
          const { team } = await services.teams.teamForSettings(actor, command.channel_id, command.channel_name);
          await services.teams.update(team, { answerRetentionMonths: parsed.months });
          await say(
            parsed.months === null
              ? `:file_cabinet: ${escapeMrkdwn(team.name)} keeps standup answers (no retention limit).`
              : `:file_cabinet: In ${escapeMrkdwn(team.name)}, the text of standup answers older than ${plural(parsed.months, 'month')} is deleted every day from now on (who answered on which day is kept for participation).`,
          );
          return;
        }
        case 'retentionShow': {
          const team = await services.standups.teamForCommand(actor, command.channel_id);
          await say(
            team.answerRetentionMonths === null
              ? `${escapeMrkdwn(team.name)} keeps standup answers (no retention limit). Managers: \`/coordinator retention 12\` deletes answer text older than 12 months.`
              : `${escapeMrkdwn(team.name)} deletes the text of standup answers older than ${plural(team.answerRetentionMonths, 'month')}. \`/coordinator retention off\` keeps them.`,
          );
          return;
        }
      }
    },
  });
}
