import { parseRiskCommand } from '../../risks/risk-command.parser.ts';
import { riskLine, riskListMessage } from '../blocks/milestone.blocks.ts';
import { riskUsage } from '../blocks/usage.blocks.ts';
import { slashCommand } from './slash-command.ts';
import type { ListenerDeps } from '../listeners.ts';
import { flagScore, flagged } from '../../risks/risks.models.ts';

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
      const flagNote = (r: { likelihood: number; impact: number; mitigation: string | null; state: string }) =>
        r.state === 'open' && flagged(r) ? `\n:rotating_light: Scored ${flagScore} or more with no mitigation: add one with \`/risk update ID mitigation …\`.` : '';
      switch (parsed.kind) {
        case 'list':
          await reply(riskListMessage(await risks.list(team, parsed.all)));
          return;
        case 'add': {
          const { kind: _k, ...input } = parsed;
          const r = await risks.add(actor, team, input);
          await say(`:clipboard: Added to the risk register:\n${riskLine(r)}${flagNote(r)}`);
          return;
        }
        case 'update': {
          const r = await risks.update(actor, team, parsed.id, parsed.fields);
          await say(`:pencil2: Updated:\n${riskLine(r)}${flagNote(r)}`);
          return;
        }
        case 'close': {
          const r = await risks.close(actor, team, parsed.id);
          await say(`:white_check_mark: Closed:\n${riskLine(r)}`);
          return;
        }
      }
    },
  });
}
