import { parseDigestCommand } from '../../digests/digest-command.parser.ts';
import { digestUsage } from '../blocks/usage.blocks.ts';
import { slashCommand } from './slash-command.ts';
import type { ListenerDeps } from '../listeners.ts';
import { digestMessage } from '../blocks/digest.blocks.ts';
import { digestChannelText, digestHistoryText, digestPostedText, digestScheduleText } from '../blocks/digest.replies.ts';

/** `/digest …`: preview for anyone on the team; posting and settings for managers. */
export function digestCommand(deps: ListenerDeps) {
  const { services } = deps;
  return slashCommand(deps, {
    name: 'digest',
    usage: digestUsage,
    parse: (text) => parseDigestCommand(text),
    // The managers' dashboards show the next digest's time and channel.
    homeChanges: (p) => p.kind === 'schedule' || p.kind === 'channel',
    run: async ({ parsed, actor, command, respond, say }) => {
      switch (parsed.kind) {
        case 'preview': {
          const team = await services.standups.teamForCommand(actor, command.channel_id);
          await respond({ response_type: 'ephemeral', ...digestMessage(await services.digests.preview(team)) });
          return;
        }
        case 'history': {
          const team = await services.standups.teamForCommand(actor, command.channel_id);
          await say(digestHistoryText(await services.digests.history(team)));
          return;
        }
        case 'post': {
          const team = await services.standups.teamForCommand(actor, command.channel_id);
          await services.teams.requireManager(team, actor);
          const key = await services.digests.postNow(team);
          const delivery = (await services.outbox.deliverNow([key])).get(key);
          await services.outbox.deliverNow(await services.digests.followUpKeys(team.id, key));
          await say(digestPostedText({ teamName: team.name, channelId: team.stakeholderChannelId ?? team.channelId, delivery }));
          return;
        }
        case 'schedule': {
          const { team } = await services.teams.teamForSettings(actor, command.channel_id, command.channel_name);
          const updated = await services.teams.update(team, { digestDay: parsed.day, digestTime: parsed.time });
          await say(digestScheduleText({ name: updated.name, digestDay: parsed.day, digestTime: parsed.time, timezone: updated.timezone, channelId: updated.stakeholderChannelId ?? updated.channelId }));
          return;
        }
        case 'channel': {
          const { team } = await services.teams.teamForSettings(actor, command.channel_id, command.channel_name);
          await services.teams.update(team, { stakeholderChannelId: parsed.channelId });
          await say(digestChannelText({ teamName: team.name, channelId: parsed.channelId }));
          return;
        }
      }
    },
  });
}
