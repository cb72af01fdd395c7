import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { userError } from '../../shared/errors.ts';
import { forgotten } from '../blocks/privacy.blocks.ts';
import { plainReply } from '../blocks/standup.blocks.ts';
import { clickKey } from '../request-keys.ts';
import type { ListenerDeps } from '../listeners.ts';
import { answerClickFailure, replyToClicker } from './reply.ts';
import { actorOf } from '../actor.ts';

type Args = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

function targetOf(value: string | undefined): string {
  if (!value || !/^[UW][A-Z0-9]{2,}$/.test(value)) throw userError('privacy.invalid', 'This button is from an older message. Example: `/coordinator forget @alice`');
  return value;
}

/** "Forget them" on the confirmation: once per click (a double click forgets once, answers once). */
export function forgetConfirmAction({ services, logger }: ListenerDeps) {
  const log = logger.child('actions:privacy_forget_confirm');
  return async (args: Args) => {
    const { ack, body, action } = args;
    await ack();
    try {
      const actor = actorOf(body);
      const target = targetOf(action.value);
      const summary = await services.privacy.forget(actor, target, clickKey(body, action));
      if ('replayed' in summary) return;
      await replyToClicker(args, plainReply(forgotten({ target, self: target === actor.userId, summary })), { replaceOriginal: true });
    } catch (err) {
      await answerClickFailure(args, err, log);
    }
  };
}

export function forgetCancelAction({ logger }: ListenerDeps) {
  const log = logger.child('actions:privacy_forget_cancel');
  return async (args: Args) => {
    await args.ack();
    await replyToClicker(args, plainReply('Cancelled: nothing was forgotten.'), { replaceOriginal: true }).catch((err) => log.warn({ err }, 'could not reply to the clicker'));
  };
}
