import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { decodeRef, decodeShownBlockers } from '../blocks/standup.blocks.ts';
import { saveFromModal } from './modal-save.ts';
import { fields } from '../ids.ts';
import type { ListenerDeps } from '../listeners.ts';
import { submissionKey } from '../request-keys.ts';
import { actorOf } from '../actor.ts';

/** Slack closes the modal only on a plain ack within 3 s; we store first so a failure can keep the text in it. */
const saveBudgetMs = 2200;

export function answerSubmission({ services, logger }: ListenerDeps) {
  const log = logger.child('views:answer');
  return async ({ ack, body, view }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs) => {
    const blockIds = Object.keys(view.state.values);
    const firstBlock = blockIds.find((id) => id.startsWith(fields.answer.blockPrefix)) ?? `${fields.answer.blockPrefix}0`;
    const ref = decodeRef(view.private_metadata);
    if (!ref) {
      await ack({ response_action: 'errors', errors: { [firstBlock]: 'This form is from an older version; close it and run /standup again.' } });
      return;
    }
    const values: Record<string, string | undefined> = {};
    for (const id of blockIds) values[id] = view.state.values[id]?.[fields.answer.action]?.value ?? undefined;
    const carry = {
      shown: decodeShownBlockers(view.private_metadata),
      kept: (view.state.values[fields.carry.block]?.[fields.carry.action]?.selected_options ?? []).map((o) => Number(o.value)),
    };
    const actor = actorOf(body);
    const result = await saveFromModal({
      ack,
      log,
      what: 'saving the answer',
      failureLog: 'saving an answer failed',
      context: { userId: actor.userId, teamId: ref.teamId },
      apology: "Couldn't save your answer just now — please try again in a moment. (Your text is still here.)",
      blockFor: () => firstBlock,
      keepMarkup: true,
      budgetMs: saveBudgetMs,
      save: (signal) => services.standups.submitAnswer(actor, ref, values, carry, signal, submissionKey(view)),
    });
    if (!result) return;
    if ('errors' in result) {
      await ack({ response_action: 'errors', errors: result.errors });
      return;
    }
    await ack();
    // The same submission a second time: the first one stored and posts it.
    if ('replayed' in result) return;
    // Posted after the ack; if Slack fails now, the outbox retries on the next tick.
    try {
      // The answer first (it creates the day's thread), then what it raised or resolved.
      await services.standups.deliverNow([result.key]);
      // Then what it raised or resolved, and the day's count.
      await services.standups.deliverNow([...result.followUps, result.dayKey]);
    } catch (err) {
      log.warn({ err }, 'posting the answer will be retried by the next tick');
    }
    await services.home.changed(actor, { teamId: ref.teamId });
  };
}
