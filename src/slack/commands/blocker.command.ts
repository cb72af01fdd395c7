import { parseBlockerCommand } from '../../blockers/blocker-command.parser.ts';
import { isUserError } from '../../shared/errors.ts';
import type { Team } from '../../teams/teams.schema.ts';
import { blockerListMessage, chooseTeamMessage } from '../blocks/blocker.blocks.ts';
import { raisedText, resolveText, thresholdText } from '../blocks/blocker.replies.ts';
import { blockerUsage } from '../blocks/usage.blocks.ts';
import { slashCommand } from './slash-command.ts';
import type { ListenerDeps } from '../listeners.ts';

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
          const { blocker, duplicate, deliveries } = raised;
          await say(raisedText({ id: blocker.id, duplicate, teamName: team.name }, 'command'));
          if (!deliveries.length) return;
          await services.standups.deliverNow(deliveries).catch((err) => log.warn({ err }, 'announcement will be retried'));
          return;
        }
        case 'list': {
          const team = await services.standups.teamForCommand(actor, command.channel_id);
          await respond({ response_type: 'ephemeral', ...blockerListMessage(await services.blockers.list(actor, team, parsed.userId)) });
          return;
        }
        case 'resolve': {
          const resolved = await services.blockers.resolve(actor, parsed.id);
          // No request key here: a command is never a replay.
          if ('replayed' in resolved) return;
          await say(resolveText(resolved));
          await services.standups.deliverNow(resolved.deliveries).catch((err) => log.warn({ err }, 'resolution note will be retried'));
          return;
        }
        case 'threshold': {
          const { team } = await services.teams.teamForSettings(actor, command.channel_id, command.channel_name);
          const updated = await services.blockers.setThreshold(team, parsed.days);
          await say(thresholdText({ teamName: updated.name, stakeholderChannelId: updated.stakeholderChannelId, days: parsed.days }));
          return;
        }
      }
    },
  });
}
