import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { parseStandupCommand } from '../../standups/standup-command.parser.ts';
import { standupUsage, usageReply } from '../blocks/usage.blocks.ts';
import type { ListenerDeps } from '../listeners.ts';

export function standupCommand(_deps: ListenerDeps) {
  return async ({ command, ack }: SlackCommandMiddlewareArgs & AllMiddlewareArgs) => {
    const parsed = parseStandupCommand(command.text);
    switch (parsed.kind) {
      case 'help':
        await ack({ response_type: 'ephemeral', ...usageReply(standupUsage) });
        return;
      case 'error':
        await ack({ response_type: 'ephemeral', ...usageReply(standupUsage, parsed.message) });
        return;
    }
  };
}
