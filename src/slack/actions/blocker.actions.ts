import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { userError } from '../../shared/errors.ts';
import { parseId } from '../../shared/input.ts';
import { escapeMrkdwn } from '../../shared/text.ts';
import { plainReply } from '../blocks/standup.blocks.ts';
import { answerClickFailure, replyToClicker } from './reply.ts';
import { clickKey } from '../request-keys.ts';
import { actions } from '../ids.ts';
import type { ListenerDeps } from '../listeners.ts';
import { kinds } from '../../outbox/kinds.ts';
import { announceKeyOf } from '../../blockers/blockers.usecases.ts';
import { actorOf } from '../actor.ts';
import { parseAskValue } from '../blocks/blocker.blocks.ts';

type Args = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/** A blocker id from a button value, strictly: a forged `2147483648` or `1e3` is "older message", not a database error. */
function idOf(value: string | undefined): number {
  const parsed = parseId(value);
  if (!parsed || !('id' in parsed)) throw userError('blocker.invalid', 'This button is from an older message; use `/blocker list`.');
  return parsed.id;
}

/** "I'll help" on a listed or escalated blocker: the clicker becomes its owner. */
export function blockerHelpAction({ services, logger }: ListenerDeps) {
  const log = logger.child('actions:blocker_help');
  return async (args: Args) => {
    const { ack, body, action } = args;
    await ack();
    try {
      const id = idOf(action.value);
      const text = await services.blockers.help(actorOf(body), id, clickKey(body, action));
      // A double click: the first click answers; the second stays quiet.
      if (typeof text !== 'string') return;
      await services.home.changed(actorOf(body), { blockerId: id });
      await replyToClicker(args, plainReply(text));
    } catch (err) {
      await answerClickFailure(args, err, log);
    }
  };
}

export function blockerResolveAction({ services, logger }: ListenerDeps) {
  const log = logger.child('actions:blocker_resolve');
  return async (args: Args) => {
    const { ack, body, action } = args;
    await ack();
    try {
      const id = idOf(action.value);
      const text = await services.blockers.resolve(actorOf(body), id, clickKey(body, action));
      if (typeof text !== 'string') return;
      await services.home.changed(actorOf(body), { blockerId: id });
      await replyToClicker(args, plainReply(text));
      await services.standups.deliverNow([kinds.blockerResolved.key({ blockerId: id })]).catch((err) => log.warn({ err }, 'resolution note will be retried'));
    } catch (err) {
      await answerClickFailure(args, err, log);
    }
  };
}

/** A blocker raised in a DM by someone in several teams: the team they picked. */
export function blockerRaiseInAction({ services, logger }: ListenerDeps) {
  const log = logger.child('actions:blocker_raise_in');
  return async (args: Args) => {
    const { ack, body, action } = args;
    await ack();
    try {
      let choice: { t?: unknown; x?: unknown } = {};
      try {
        choice = JSON.parse(action.value ?? '{}');
      } catch {
        /* handled below */
      }
      if (typeof choice.t !== 'number' || typeof choice.x !== 'string' || !choice.x.trim()) throw userError('blocker.invalid', 'This button is from an older message; run `/blocker` again.');
      const actor = actorOf(body);
      const team = await services.teams.teamOf(actor, choice.t);
      // One chooser raises once, whichever of its buttons is pressed and however often.
      const raised = await services.blockers.raise(actor, team, choice.x, clickKey(body, action, { group: actions.blockerRaiseIn, windowMs: undefined }));
      if ('replayed' in raised) return;
      const { blocker, duplicate } = raised;
      await services.home.changed(actor, { teamId: team.id });
      await replyToClicker(args, plainReply(duplicate ? `You already have this one open as blocker #${blocker.id}.` : `:construction: Raised blocker #${blocker.id} in ${escapeMrkdwn(team.name)}.`), { replaceOriginal: true });
      if (!duplicate) await services.standups.deliverNow([announceKeyOf(blocker.id)]).catch((err) => log.warn({ err }, 'announcement will be retried'));
    } catch (err) {
      await answerClickFailure(args, err, log);
    }
  };
}

/** "Not a blocker" on an announcement or in /blocker list: closes it as a misreading, and the team's detection learns the line. */
export function blockerNotAction({ services, logger }: ListenerDeps) {
  const log = logger.child('actions:blocker_not');
  return async (args: Args) => {
    const { ack, body, action } = args;
    await ack();
    try {
      const id = idOf(action.value);
      const text = await services.blockers.dismiss(actorOf(body), id, clickKey(body, action, { windowMs: undefined }));
      if (typeof text !== 'string') return;
      await services.home.changed(actorOf(body), { blockerId: id });
      await replyToClicker(args, plainReply(text));
      await services.standups.deliverNow([kinds.blockerResolved.key({ blockerId: id })]).catch((err) => log.warn({ err }, 'note will be retried'));
    } catch (err) {
      await answerClickFailure(args, err, log);
    }
  };
}

/** The author's answer to "Is this a blocker?" in their DM: track it, or not. One answer per question. */
export function blockerAskAction({ services, logger }: ListenerDeps, track: boolean) {
  const log = logger.child(track ? 'actions:blocker_track' : 'actions:blocker_untracked');
  return async (args: Args) => {
    const { ack, body, action } = args;
    await ack();
    try {
      // Both buttons of one question share a key: the first click decides.
      const result = await services.blockers.answerAsk(actorOf(body), parseAskValue(action.value ?? ''), track, clickKey(body, action, { group: 'blocker_ask', windowMs: undefined }));
      if ('replayed' in result) return;
      await services.home.changed(actorOf(body));
      await replyToClicker(args, plainReply(result.text), { replaceOriginal: true });
      if (result.deliveries.length) await services.standups.deliverNow(result.deliveries).catch((err) => log.warn({ err }, 'announcement will be retried'));
    } catch (err) {
      await answerClickFailure(args, err, log);
    }
  };
}
