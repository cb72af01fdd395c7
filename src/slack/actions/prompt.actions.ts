import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { userError } from '../../shared/errors.ts';
import { answerModal, decodeRef, plainReply } from '../blocks/standup.blocks.ts';
import { answerClickFailure, replyToClicker } from './reply.ts';
import { clickKey, deliveryKey } from '../request-keys.ts';
import type { ListenerDeps } from '../listeners.ts';
import { actorOf } from '../actor.ts';

type Args = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;


async function teamOf({ services }: ListenerDeps, body: BlockButtonAction, value: string | undefined) {
  const ref = decodeRef(value);
  if (!ref) throw userError('prompt.invalid', 'This button is from an older version of Coordinator. Use `/standup` to answer.');
  // Scoped by the workspace the click came from: an id from elsewhere finds nothing.
  const team = await services.teams.teamOf(actorOf(body), ref.teamId);
  return { team, date: ref.date };
}

/** "Answer" (and "Edit answer") on the prompt DM: open the modal straight away (trigger_id lives 3 s). */
export function promptAnswerAction(deps: ListenerDeps) {
  const log = deps.logger.child('actions:answer');
  return async (args: Args) => {
    const { ack, body, action, client } = args;
    await ack();
    try {
      const { team, date } = await teamOf(deps, body, action.value);
      // Opening the form changes nothing: only a redelivered click is dropped (see deliveryKey).
      if (!(await deps.services.requests.firstTime(team.workspaceId, deliveryKey(action.action_id, { action_ts: action.action_ts, user: body.user })))) return;
      const view = answerModal(await deps.services.standups.answerView(actorOf(body), team, date));
      await client.views.open({ trigger_id: body.trigger_id, view });
    } catch (err) {
      await answerClickFailure(args, err, log);
    }
  };
}

export function promptSkipAction(deps: ListenerDeps) {
  const log = deps.logger.child('actions:skip');
  return async (args: Args) => {
    const { ack, body, action } = args;
    await ack();
    try {
      const { team, date } = await teamOf(deps, body, action.value);
      const text = await deps.services.standups.skip(actorOf(body), team, date, clickKey(body, action));
      if (typeof text !== 'string') return;
      await deps.services.home.changed(actorOf(body), { teamId: team.id });
      await replyToClicker(args, plainReply(text));
    } catch (err) {
      await answerClickFailure(args, err, log);
    }
  };
}
