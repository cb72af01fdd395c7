import { userError } from '../../shared/errors.ts';
import { parseId } from '../../shared/input.ts';
import { plainReply } from '../blocks/standup.blocks.ts';
import { clickAction } from './click-action.ts';
import { clickKey } from '../request-keys.ts';
import { actions } from '../ids.ts';
import type { ListenerDeps } from '../listeners.ts';
import { parseAskValue } from '../blocks/blocker.blocks.ts';
import { askAnswerText, dismissText, helpText, raisedText, resolveText } from '../blocks/blocker.replies.ts';

/** A blocker id from a button value, strictly: a forged `2147483648` or `1e3` is "older message", not a database error. */
function idOf(value: string | undefined): number {
  const parsed = parseId(value);
  if (!parsed || !('id' in parsed)) throw userError('blocker.invalid', 'This button is from an older message; use `/blocker list`.');
  return parsed.id;
}

/** "I'll help" on a listed or escalated blocker: the clicker becomes its owner. */
export const blockerHelpAction = (deps: ListenerDeps) =>
  clickAction(deps, {
    name: 'blocker_help',
    async run({ actor, body, action }) {
      const id = idOf(action.value);
      const helped = await deps.services.blockers.help(actor, id, clickKey(body, action));
      // A double click: the first click answers; the second stays quiet.
      if ('replayed' in helped) return;
      await deps.services.home.changed(actor, { blockerId: id });
      return { reply: plainReply(helpText(helped)) };
    },
  });

export const blockerResolveAction = (deps: ListenerDeps) =>
  clickAction(deps, {
    name: 'blocker_resolve',
    async run({ actor, body, action }) {
      const id = idOf(action.value);
      const resolved = await deps.services.blockers.resolve(actor, id, clickKey(body, action));
      if ('replayed' in resolved) return;
      await deps.services.home.changed(actor, { blockerId: id });
      return { reply: plainReply(resolveText(resolved)), deliver: resolved.deliveries };
    },
  });

/** A blocker raised in a DM by someone in several teams: the team they picked. */
export const blockerRaiseInAction = (deps: ListenerDeps) =>
  clickAction(deps, {
    name: 'blocker_raise_in',
    async run({ actor, body, action }) {
      let choice: { t?: unknown; x?: unknown } = {};
      try {
        choice = JSON.parse(action.value ?? '{}');
      } catch {
        /* handled below */
      }
      if (typeof choice.t !== 'number' || typeof choice.x !== 'string' || !choice.x.trim()) throw userError('blocker.invalid', 'This button is from an older message; run `/blocker` again.');
      const team = await deps.services.teams.teamOf(actor, choice.t);
      // One chooser raises once, whichever of its buttons is pressed and however often.
      const raised = await deps.services.blockers.raise(actor, team, choice.x, clickKey(body, action, { group: actions.blockerRaiseIn, windowMs: undefined }));
      if ('replayed' in raised) return;
      const { blocker, duplicate, deliveries } = raised;
      await deps.services.home.changed(actor, { teamId: team.id });
      return {
        reply: plainReply(raisedText({ id: blocker.id, duplicate, teamName: team.name }, 'click')),
        replaceOriginal: true,
        deliver: deliveries,
      };
    },
  });

/** "Not a blocker" on an announcement or in /blocker list: closes it as a misreading, and the team's detection learns the line. */
export const blockerNotAction = (deps: ListenerDeps) =>
  clickAction(deps, {
    name: 'blocker_not',
    async run({ actor, body, action }) {
      const id = idOf(action.value);
      const dismissed = await deps.services.blockers.dismiss(actor, id, clickKey(body, action, { windowMs: undefined }));
      if ('replayed' in dismissed) return;
      await deps.services.home.changed(actor, { blockerId: id });
      return { reply: plainReply(dismissText(dismissed)), deliver: dismissed.deliveries };
    },
  });

/** The author's answer to "Is this a blocker?" in their DM: track it, or not. One answer per question. */
export const blockerAskAction = (deps: ListenerDeps, track: boolean) =>
  clickAction(deps, {
    name: track ? 'blocker_track' : 'blocker_untracked',
    async run({ actor, body, action }) {
      // Both buttons of one question share a key: the first click decides.
      const result = await deps.services.blockers.answerAsk(actor, parseAskValue(action.value ?? ''), track, clickKey(body, action, { group: 'blocker_ask', windowMs: undefined }));
      if ('replayed' in result) return;
      await deps.services.home.changed(actor);
      return { reply: plainReply(askAnswerText(result)), replaceOriginal: true, deliver: result.deliveries };
    },
  });
