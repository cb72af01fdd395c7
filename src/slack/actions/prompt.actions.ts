import type { BlockButtonAction } from '@slack/bolt';
import type { Actor } from '../../shared/actor.ts';
import { userError } from '../../shared/errors.ts';
import { answerModal, decodeRef, plainReply } from '../blocks/standup.blocks.ts';
import { skipText } from '../blocks/standup.replies.ts';
import { clickKey, deliveryKey } from '../request-keys.ts';
import type { ListenerDeps } from '../listeners.ts';
import { clickAction } from './click-action.ts';

async function teamOf({ services }: ListenerDeps, actor: Actor, value: string | undefined) {
  const ref = decodeRef(value);
  if (!ref) throw userError('prompt.invalid', 'This button is from an older version of Coordinator. Use `/standup` to answer.');
  // Scoped by the workspace the click came from: an id from elsewhere finds nothing.
  const team = await services.teams.teamOf(actor, ref.teamId);
  return { team, date: ref.date };
}

/** "Answer" (and "Edit answer") on the prompt DM: open the modal straight away (trigger_id lives 3 s). */
export const promptAnswerAction = (deps: ListenerDeps) =>
  clickAction(deps, {
    name: 'answer',
    async run({ actor, body, action, client }) {
      const { team, date } = await teamOf(deps, actor, action.value);
      // Opening the form changes nothing: only a redelivered click is dropped (see deliveryKey).
      if (!(await deps.services.requests.firstTime(team.workspaceId, deliveryKey(action.action_id, { action_ts: action.action_ts, user: body.user })))) return;
      const view = answerModal(await deps.services.standups.answerView(actor, team, date));
      await client.views.open({ trigger_id: (body as BlockButtonAction).trigger_id, view });
    },
  });

export const promptSkipAction = (deps: ListenerDeps) =>
  clickAction(deps, {
    name: 'skip',
    async run({ actor, body, action }) {
      const { team, date } = await teamOf(deps, actor, action.value);
      const skipped = await deps.services.standups.skip(actor, team, date, clickKey(body, action));
      if ('replayed' in skipped) return;
      await deps.services.home.changed(actor, { teamId: team.id });
      return { reply: plainReply(skipText(skipped)) };
    },
  });
