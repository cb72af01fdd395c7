import { parseRiskCommand } from '../../risks/risk-command.parser.ts';
import { riskChanged, riskListMessage } from '../blocks/milestone.blocks.ts';
import { riskUsage } from '../blocks/usage.blocks.ts';
import { slashCommand } from './slash-command.ts';
import type { ListenerDeps } from '../listeners.ts';

/** `/risk …`: the team's risk register. */
export function riskCommand(deps: ListenerDeps) {
  const { services } = deps;
  return slashCommand(deps, {
    name: 'risk',
    usage: riskUsage,
    parse: (text) => parseRiskCommand(text),
    run: async ({ parsed, actor, command, say, reply }) => {
      const team = await services.standups.teamForCommand(actor, command.channel_id);
      const { risks } = services;
      switch (parsed.kind) {
        case 'list':
          await reply(riskListMessage(await risks.list(team, parsed.all)));
          return;
        case 'add': {
          const { kind: _k, ...input } = parsed;
          const added = await risks.add(actor, team, input);
          await say(riskChanged('added', added.risk));
          return;
        }
        case 'update': {
          const updated = await risks.update(actor, team, parsed.id, parsed.fields);
          await say(riskChanged('updated', updated.risk));
          return;
        }
        case 'close': {
          const closed = await risks.close(actor, team, parsed.id);
          await say(riskChanged('closed', closed.risk));
          return;
        }
      }
    },
  });
}
