import { parseDigestCommand } from '../../digests/digest-command.parser.ts';
import { escapeMrkdwn } from '../../shared/text.ts';
import { digestUsage } from '../blocks/usage.blocks.ts';
import { slashCommand } from './slash-command.ts';
import type { ListenerDeps } from '../listeners.ts';
import { digestMessage } from '../blocks/digest.blocks.ts';

const dayNames = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

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
          await say(await services.digests.history(team));
          return;
        }
        case 'post': {
          const team = await services.standups.teamForCommand(actor, command.channel_id);
          await services.teams.requireManager(team, actor);
          const key = await services.digests.postNow(team);
          const delivery = (await services.outbox.deliverNow([key])).get(key);
          await services.outbox.deliverNow(await services.digests.followUpKeys(team.id, key));
          const where = `<#${team.stakeholderChannelId ?? team.channelId}>`;
          if (delivery?.status === 'sent') await say(`:newspaper: Posted ${escapeMrkdwn(team.name)}'s digest to ${where}.`);
          else if (delivery?.status === 'failed') await say(`:warning: Slack refused the digest for ${where} (${delivery.lastError ?? 'unknown error'}). If the channel is private, invite me first: \`/invite @Coordinator\`.`);
          else await say(`:hourglass: Slack is slow right now; the digest for ${where} is queued and goes out within a few minutes.`);
          return;
        }
        case 'schedule': {
          const { team } = await services.teams.teamForSettings(actor, command.channel_id, command.channel_name);
          const updated = await services.teams.update(team, { digestDay: parsed.day, digestTime: parsed.time });
          await say(`:calendar: ${escapeMrkdwn(updated.name)}'s digest goes out every ${dayNames[parsed.day - 1]} at ${parsed.time} (${updated.timezone}) to <#${updated.stakeholderChannelId ?? updated.channelId}>.`);
          return;
        }
        case 'channel': {
          const { team } = await services.teams.teamForSettings(actor, command.channel_id, command.channel_name);
          await services.teams.update(team, { stakeholderChannelId: parsed.channelId });
          await say(`:mega: ${escapeMrkdwn(team.name)}'s weekly digest and blocker escalations now go to <#${parsed.channelId}>. Invite me there if it is private (\`/invite @Coordinator\`).`);
          return;
        }
      }
    },
  });
}
