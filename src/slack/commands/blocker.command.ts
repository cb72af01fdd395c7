import { parseBlockerCommand } from '../../blockers/blocker-command.parser.ts';
import { isUserError } from '../../shared/errors.ts';
import { escapeMrkdwn, plural } from '../../shared/text.ts';
import type { Team } from '../../teams/teams.schema.ts';
import { blockerListMessage, chooseTeamMessage } from '../blocks/blocker.blocks.ts';
import { blockerUsage } from '../blocks/usage.blocks.ts';
import { slashCommand } from './slash-command.ts';
import type { ListenerDeps } from '../listeners.ts';
import { kinds } from '../../outbox/kinds.ts';
import { announceKeyOf } from '../../blockers/blockers.usecases.ts';

/** `/blocker …`: raise, list, resolve, threshold. Ack first; the work answers through response_url. */
export function blockerCommand(deps: ListenerDeps) {
  const { services } = deps;
  return slashCommand(deps, {
    name: 'blocker',
    usage: blockerUsage,
    parse: (text) => parseBlockerCommand(text),
    homeChanges: (p) => (p.kind === 'list' ? false : p.kind === 'resolve' ? { blockerId: p.id } : true),
    run: async ({ parsed, actor, command, respond, say, log }) => {
      switch (parsed.kind) {
        case 'raise': {
          let team: Team;
          try {
            team = await services.standups.teamForCommand(actor, command.channel_id);
          } catch (err) {
            if (isUserError(err) && err.code === 'team.ambiguous') {
              const mine = await services.teams.teamsOf(actor);
              await respond({ response_type: 'ephemeral', ...chooseTeamMessage({ text: parsed.text, teams: mine.map((t) => ({ id: t.id, name: t.name })) }) });
              return;
            }
            throw err;
          }
          const raised = await services.blockers.raise(actor, team, parsed.text);
          if ('replayed' in raised) return;
          const { blocker, duplicate } = raised;
          if (duplicate) {
            await say(`You already have this one open as blocker #${blocker.id} (${escapeMrkdwn(team.name)}); it keeps its age. \`/blocker list\` shows it.`);
            return;
          }
          await say(`:construction: Raised blocker #${blocker.id} in ${escapeMrkdwn(team.name)}; its managers see it in today's standup thread. \`/blocker resolve ${blocker.id}\` when it's done.`);
          await services.standups.deliverNow([announceKeyOf(blocker.id)]).catch((err) => log.warn({ err }, 'announcement will be retried'));
          return;
        }
        case 'list': {
          const team = await services.standups.teamForCommand(actor, command.channel_id);
          await respond({ response_type: 'ephemeral', ...blockerListMessage(await services.blockers.list(actor, team, parsed.userId)) });
          return;
        }
        case 'resolve': {
          const text = await services.blockers.resolve(actor, parsed.id);
          if (typeof text === 'string') await say(text);
          await services.standups.deliverNow([kinds.blockerResolved.key({ blockerId: parsed.id })]).catch((err) => log.warn({ err }, 'resolution note will be retried'));
          return;
        }
        case 'threshold': {
          const { team } = await services.teams.teamForSettings(actor, command.channel_id, command.channel_name);
          const updated = await services.blockers.setThreshold(team, parsed.days);
          await say(`:alarm_clock: Open blockers in ${escapeMrkdwn(updated.name)} are escalated to managers${updated.stakeholderChannelId ? ` and <#${updated.stakeholderChannelId}>` : ''} after ${plural(parsed.days, 'working day')}, and again after ${plural(parsed.days * 2, 'working day')}.`);
          return;
        }
      }
    },
  });
}
