import type { AllMiddlewareArgs, RespondFn, SlackCommandMiddlewareArgs, SlashCommand } from '@slack/bolt';
import type { Actor } from '../../shared/actor.ts';
import type { Logger } from '../../shared/logger.ts';
import { actorOfCommand } from '../actor.ts';
import { plainReply, type Message } from '../blocks/standup.blocks.ts';
import { usageReply } from '../blocks/usage.blocks.ts';
import { answerFailure } from '../errors.ts';
import type { ListenerDeps } from '../listeners.ts';

export type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;
type Help = { kind: 'help' };
type ParseError = { kind: 'error'; message: string };

/** What a command's `run` is given once the command is parsed and acknowledged. */
export type CommandContext<C> = {
  parsed: C;
  actor: Actor;
  command: SlashCommand;
  respond: RespondFn;
  client: CommandArgs['client'];
  log: Logger;
  /** Answers the person, only them, in plain text (escaped where the caller built it). */
  say(text: string): Promise<unknown>;
  /** Answers the person, only them, with a message of blocks. */
  reply(message: Message): Promise<unknown>;
};

/**
 * The opening every slash command shares: parse the text (pure, no IO), answer help and
 * parse errors in the ack itself (with the usage and an example), otherwise ack at once —
 * Slack's 3 seconds — and do the work after, answering through response_url. A failure
 * is answered too: a user's mistake as it is, anything else with a short apology.
 */
export function slashCommand<C extends { kind: string }>(
  deps: ListenerDeps,
  spec: {
    name: string;
    usage: string;
    parse: (text: string) => C;
    run: (ctx: CommandContext<Exclude<C, Help | ParseError>>) => Promise<void>;
    /**
     * Whether this command changed what App Homes show: the caller's Home and the channel's
     * team's managers' are published again (coalesced); and those it names (`also`, a blocker's
     * people, or `everyone` on the team for settings).
     */
    homeChanges?: (parsed: Exclude<C, Help | ParseError>) => boolean | { also?: string[]; blockerId?: number; everyone?: boolean };
  },
) {
  const log = deps.logger.child(`commands:${spec.name}`);
  return async ({ command, ack, respond, client }: CommandArgs): Promise<void> => {
    const parsed = spec.parse(command.text ?? '');
    if (parsed.kind === 'help') return void (await ack({ response_type: 'ephemeral', ...usageReply(spec.usage) }));
    if (parsed.kind === 'error') return void (await ack({ response_type: 'ephemeral', ...usageReply(spec.usage, (parsed as unknown as ParseError).message) }));
    await ack();
    const ctx: CommandContext<Exclude<C, Help | ParseError>> = {
      parsed: parsed as Exclude<C, Help | ParseError>,
      actor: actorOfCommand(command),
      command,
      respond,
      client,
      log,
      say: (text) => respond({ response_type: 'ephemeral', ...plainReply(text) }),
      reply: (message) => respond({ response_type: 'ephemeral', ...message }),
    };
    try {
      await spec.run(ctx);
      const changes = spec.homeChanges?.(ctx.parsed);
      if (changes) {
        await deps.services.home.changed(ctx.actor, { channelId: command.channel_id, ...(typeof changes === 'object' ? changes : {}) });
      }
    } catch (err) {
      await answerFailure(respond, err, log, command);
    }
  };
}
