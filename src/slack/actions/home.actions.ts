import type { AllMiddlewareArgs, BlockAction, BlockButtonAction, BlockStaticSelectAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { KnownBlock, ModalView } from '@slack/types';
import { userError } from '../../shared/errors.ts';
import { parseId } from '../../shared/input.ts';
import { plainReply } from '../blocks/standup.blocks.ts';
import { awayText } from '../blocks/standup.replies.ts';
import { decodeTaskValue } from '../blocks/home.blocks.ts';
import { digestMessage } from '../blocks/digest.blocks.ts';
import { digestPostedText } from '../blocks/digest.replies.ts';
import { setupModal } from '../blocks/setup.blocks.ts';
import { taskEstimatedText, taskStatusText } from '../blocks/workload.replies.ts';
import { answerClickFailure, replyToClicker } from './reply.ts';
import { clickAction } from './click-action.ts';
import { clickKey, deliveryKey } from '../request-keys.ts';
import type { ListenerDeps } from '../listeners.ts';
import { actorOf } from '../actor.ts';

/**
 * The App Home's own buttons. Each does what its command does, through the same use case
 * and so the same permission checks (`/task done`, `/task start`, `/task estimate`,
 * `/standup away cancel`, `/digest preview`, `/digest post`, `/standup setup`); a double
 * click or a redelivery does it once; the clicker's Home is published again afterwards.
 * (Answer, Edit, Skip today, Resolve and "Not a blocker" reuse the prompt's and the
 * blocker messages' own action ids and handlers.)
 */
type Args<A extends BlockAction['actions'][number] = BlockButtonAction['actions'][number]> = SlackActionMiddlewareArgs<BlockAction<A>> & AllMiddlewareArgs;
type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

const older = () => userError('home.invalid', 'This button is from an older version of your Home; reopen the Home tab and try again.');

function teamIdOf(value: string | undefined): number {
  const parsed = parseId(value);
  if (!parsed || !('id' in parsed)) throw older();
  return parsed.id;
}

/** Done or Start on one of my tasks (`/task done ID`, `/task start ID`). */
export const homeTaskStatusAction = (deps: ListenerDeps, status: 'done' | 'in_progress') =>
  clickAction(deps, {
    name: `home_task_${status}`,
    async run({ actor, body, action }) {
      const ref = decodeTaskValue(action.value);
      if (!ref) throw older();
      if (!(await deps.services.requests.firstTime(actor.workspaceId, clickKey(body, action)))) return;
      const team = await deps.services.teams.teamOf(actor, ref.teamId);
      const r = await deps.services.workload.setStatus(actor, team, ref.taskId, status);
      await deps.services.home.changed(actor, { teamId: team.id, also: [r.task.assigneeId] });
      return { reply: plainReply(taskStatusText(r.task, status)) };
    },
  });

/** An estimate picked for one of my tasks (`/task estimate ID 4h`): a menu, not a button, so it opens as clickAction does by hand. */
export function homeTaskEstimateAction({ services, logger }: ListenerDeps) {
  const log = logger.child('actions:home_task_estimate');
  return async (args: Args<BlockStaticSelectAction['actions'][number]>) => {
    const { ack, body, action } = args;
    await ack();
    try {
      const value = action.selected_option?.value;
      const ref = decodeTaskValue(value);
      if (!ref?.minutes) throw older();
      const actor = actorOf(body);
      const team = await services.teams.teamOf(actor, ref.teamId);
      // The click's key is claimed in the transaction that writes the estimate.
      const r = await services.workload.estimateOnce(actor, team, ref.taskId, ref.minutes, clickKey(body, { action_id: action.action_id, action_ts: action.action_ts, value }));
      if ('replayed' in r) return;
      await services.home.changed(actor, { teamId: team.id, also: [r.task.assigneeId] });
      await replyToClicker(args as unknown as ButtonArgs, plainReply(taskEstimatedText(r.task, r.overload)));
    } catch (err) {
      await answerClickFailure(args as unknown as ButtonArgs, err, log);
    }
  };
}

/** Cancel on a period of my time off (`/standup away cancel ID`): only one's own. */
export const homeAwayCancelAction = (deps: ListenerDeps) =>
  clickAction(deps, {
    name: 'home_away_cancel',
    async run({ actor, body, action }) {
      const parsed = parseId(action.value);
      if (!parsed || !('id' in parsed)) throw older();
      if (!(await deps.services.requests.firstTime(actor.workspaceId, clickKey(body, action)))) return;
      const cancelled = await deps.services.standups.away(actor, { op: 'cancel', id: parsed.id });
      await deps.services.home.changed(actor);
      return { reply: plainReply(awayText(cancelled)) };
    },
  });

/** "Preview digest" on a manager's dashboard (`/digest preview`): a modal opened at once, filled when composed. */
export const homeDigestPreviewAction = (deps: ListenerDeps) =>
  clickAction(deps, {
    name: 'home_digest_preview',
    async run({ actor, body, action, client }) {
      const team = await deps.services.teams.teamOf(actor, teamIdOf(action.value));
      await deps.services.teams.requireManager(team, actor);
      if (!(await deps.services.requests.firstTime(actor.workspaceId, deliveryKey(action.action_id, { action_ts: action.action_ts, user: body.user })))) return;
      // trigger_id lives 3 s and a digest takes longer to compose on a big team: open first, fill after.
      const frame = (blocks: KnownBlock[]): ModalView => ({ type: 'modal', title: { type: 'plain_text', text: 'Digest preview' }, close: { type: 'plain_text', text: 'Close' }, blocks });
      const opened = await client.views.open({ trigger_id: body.trigger_id, view: frame([{ type: 'section', text: { type: 'mrkdwn', text: ':hourglass: Composing the digest…' } }]) });
      const content = await deps.services.digests.preview(team);
      await client.views.update({ view_id: opened.view!.id!, view: frame(digestMessage(content).blocks as KnownBlock[]) });
    },
  });

/** "Post digest now" (`/digest post`): managers only, once per minute however often it is clicked. */
export const homeDigestPostAction = (deps: ListenerDeps) =>
  clickAction(deps, {
    name: 'home_digest_post',
    async run({ actor, body, action }) {
      const { services } = deps;
      const team = await services.teams.teamOf(actor, teamIdOf(action.value));
      await services.teams.requireManager(team, actor);
      if (!(await services.requests.firstTime(actor.workspaceId, clickKey(body, action)))) return;
      const key = await services.digests.postNow(team);
      const delivery = (await services.outbox.deliverNow([key])).get(key);
      await services.outbox.deliverNow(await services.digests.followUpKeys(team.id, key));
      const text = digestPostedText({ teamName: team.name, channelId: team.stakeholderChannelId ?? team.channelId, delivery });
      return { reply: plainReply(text) };
    },
  });

/** "Settings" on a manager's dashboard: the same modal as `/standup setup` in the team's channel. */
export const homeSettingsAction = (deps: ListenerDeps) =>
  clickAction(deps, {
    name: 'home_settings',
    async run({ actor, body, action, client }) {
      const team = await deps.services.teams.teamOf(actor, teamIdOf(action.value));
      if (!(await deps.services.requests.firstTime(actor.workspaceId, deliveryKey(action.action_id, { action_ts: action.action_ts, user: body.user })))) return;
      // setupView checks that the clicker manages the team, as the command does.
      const view = setupModal(await deps.services.teams.setupView(actor, team.channelId));
      view.private_metadata = JSON.stringify({ c: team.channelId });
      await client.views.open({ trigger_id: body.trigger_id, view });
    },
  });
