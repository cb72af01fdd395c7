import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Logger } from '../../shared/logger.ts';
import type { Message } from '../blocks/standup.blocks.ts';
import { userFacingMessage } from '../errors.ts';

/**
 * Answers the clicker only. Buttons on messages come with a response_url; a payload
 * without one (a button in a modal, or an old client) gets a chat.postEphemeral in
 * the same channel instead, and one with neither is logged by the caller.
 */
export async function replyToClicker(args: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs, msg: Message | { text: string }, opts: { replaceOriginal?: boolean } = {}): Promise<void> {
  const { body, client } = args;
  if (typeof args.respond === 'function' && body.response_url) {
    await args.respond({ response_type: 'ephemeral', replace_original: opts.replaceOriginal ?? false, ...msg });
    return;
  }
  const channel = body.channel?.id ?? body.container?.channel_id;
  if (channel) {
    await client.chat.postEphemeral({ channel, user: body.user.id, ...msg });
    return;
  }
  // A button on the App Home (or in a modal): the answer goes to the person's Messages tab with the app.
  if (body.container?.type === 'view') {
    await client.chat.postMessage({ channel: body.user.id, ...msg });
    return;
  }
  throw new Error('no way to reply to this action: no response_url and no channel');
}

/** A click whose work failed: tell the clicker (their mistake as it is, anything else as an apology, logged); never throws. */
export async function answerClickFailure(args: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs, err: unknown, log: Logger): Promise<void> {
  await replyToClicker(args, { text: userFacingMessage(err, log, { action: args.action.action_id }) }).catch((e) => log.warn({ err: e }, 'could not reply to the clicker'));
}
