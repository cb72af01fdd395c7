import { userError } from '../../shared/errors.ts';
import { forgotten } from '../blocks/privacy.blocks.ts';
import { plainReply } from '../blocks/standup.blocks.ts';
import { clickKey } from '../request-keys.ts';
import type { ListenerDeps } from '../listeners.ts';
import { clickAction } from './click-action.ts';

function targetOf(value: string | undefined): string {
  if (!value || !/^[UW][A-Z0-9]{2,}$/.test(value)) throw userError('privacy.invalid', 'This button is from an older message. Example: `/coordinator forget @alice`');
  return value;
}

/** "Forget them" on the confirmation: once per click (a double click forgets once, answers once). */
export const forgetConfirmAction = (deps: ListenerDeps) =>
  clickAction(deps, {
    name: 'privacy_forget_confirm',
    async run({ actor, body, action }) {
      const target = targetOf(action.value);
      const summary = await deps.services.privacy.forget(actor, target, clickKey(body, action));
      if ('replayed' in summary) return;
      return { reply: plainReply(forgotten({ target, self: target === actor.userId, summary })), replaceOriginal: true };
    },
  });

export const forgetCancelAction = (deps: ListenerDeps) =>
  clickAction(deps, {
    name: 'privacy_forget_cancel',
    run: async () => ({ reply: plainReply('Cancelled: nothing was forgotten.'), replaceOriginal: true }),
  });
