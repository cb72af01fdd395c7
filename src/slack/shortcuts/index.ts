import type { AllMiddlewareArgs, MessageShortcut, SlackShortcutMiddlewareArgs } from '@slack/bolt';
import { cleanText } from '../../shared/input.ts';
import { truncate } from '../../shared/text.ts';
import { taskModal } from '../blocks/workload.blocks.ts';
import { shortcuts } from '../ids.ts';
import type { ListenerDeps, Registrar } from '../listeners.ts';
import { deliveryKey } from '../request-keys.ts';
import { workspaceIdOf } from '../actor.ts';

/** "Create task from message": the task form, pre-filled with the message, linking back to it. */
export function taskFromMessageShortcut({ services, logger }: ListenerDeps) {
  const log = logger.child('shortcuts:task');
  return async ({ ack, shortcut, client }: SlackShortcutMiddlewareArgs<MessageShortcut> & AllMiddlewareArgs) => {
    await ack();
    // Cleaned and cut whole: half an emoji would be a lone surrogate in the form.
    const title = truncate(cleanText(shortcut.message.text ?? '').replace(/\s+/g, ' ').trim(), 120);
    try {
      // The same shortcut delivered twice opens one form.
      const workspaceId = workspaceIdOf(shortcut);
      if (!(await services.requests.firstTime(workspaceId, deliveryKey(shortcut.callback_id, shortcut)))) return;
      await client.views.open({
        trigger_id: shortcut.trigger_id,
        view: taskModal({ channelId: shortcut.channel.id, assigneeId: shortcut.user.id, title, sourceTs: shortcut.message.ts, sourceChannel: shortcut.channel.id }),
      });
    } catch (err) {
      log.error({ err }, 'could not open the task form');
    }
  };
}

export function registerShortcuts(app: Registrar, deps: ListenerDeps): void {
  app.shortcut({ callback_id: shortcuts.taskFromMessage, type: 'message_action' }, taskFromMessageShortcut(deps) as never);
}
