import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Actor } from '../../shared/actor.ts';
import type { Logger } from '../../shared/logger.ts';
import { actorOf } from '../actor.ts';
import type { Message } from '../blocks/standup.blocks.ts';
import type { ListenerDeps } from '../listeners.ts';
import { answerClickFailure, replyToClicker } from './reply.ts';

export type ClickArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/** What a button's `run` is given once the click is acknowledged. */
export type ClickContext = {
  actor: Actor;
  body: BlockButtonAction;
  action: BlockButtonAction['actions'][number];
  client: ClickArgs['client'];
  log: Logger;
};

/**
 * What a click answers: nothing (a repeated click, or a modal opened), or a message to the
 * clicker alone, optionally replacing the message that held the button; `deliver` names
 * outbox rows the click created, sent at once rather than at the next tick.
 */
export type ClickResult = void | { reply: Message | { text: string }; replaceOriginal?: boolean; deliver?: string[] };

/**
 * The opening every button shares: ack at once (Slack's 3 seconds), run, answer the
 * clicker, send what the click queued, and answer a failure — the clicker's mistake as
 * it is, anything else with a short apology, logged. Never throws.
 */
export function clickAction(deps: ListenerDeps, spec: { name: string; run: (ctx: ClickContext) => Promise<ClickResult> }) {
  const log = deps.logger.child(`actions:${spec.name}`);
  return async (args: ClickArgs): Promise<void> => {
    const { ack, body, action, client } = args;
    await ack();
    try {
      const result = await spec.run({ actor: actorOf(body), body, action, client, log });
      if (!result) return;
      await replyToClicker(args, result.reply, { replaceOriginal: result.replaceOriginal });
      if (result.deliver?.length) await deps.services.standups.deliverNow(result.deliver).catch((err) => log.warn({ err }, 'sent by the next tick instead'));
    } catch (err) {
      await answerClickFailure(args, err, log);
    }
  };
}
