import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { parseSetup } from '../../teams/setup.models.ts';
import { readSetupState, setupBlockIds, setupSavedText } from '../blocks/setup.blocks.ts';
import { scheduleText } from '../blocks/standup.replies.ts';
import { lostRaceText } from '../blocks/team.replies.ts';
import { saveFromModal } from './modal-save.ts';
import { fields } from '../ids.ts';
import type { ListenerDeps } from '../listeners.ts';
import { submissionKey } from '../request-keys.ts';
import { actorOf } from '../actor.ts';

export function setupSubmission({ services, logger }: ListenerDeps) {
  const log = logger.child('views:setup');
  return async ({ ack, body, view, client }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs) => {
    let meta: { c?: string; n?: string } = {};
    try {
      meta = JSON.parse(view.private_metadata || '{}');
    } catch {
      /* handled below */
    }
    const membersBlock = fields.setup.members.block;
    if (!meta.c) {
      await ack({ response_action: 'errors', errors: { [membersBlock]: 'This form is from an older version; close it and run /standup setup again.' } });
      return;
    }
    const parsed = parseSetup(readSetupState(view.state.values as never), setupBlockIds);
    if (!parsed.ok) {
      await ack({ response_action: 'errors', errors: parsed.errors });
      return;
    }
    const actor = actorOf(body);
    const saved = await saveFromModal({
      ack,
      log,
      what: 'saving the settings',
      failureLog: 'saving setup failed',
      context: { channel: meta.c },
      apology: "Couldn't save the settings just now — please try again. (Nothing was changed.)",
      blockFor: () => membersBlock,
      save: (signal) => services.teams.saveSetup(actor, meta.c!, meta.n, parsed.settings, signal, submissionKey(view)),
    });
    if (!saved) return;
    await ack();
    if ('replayed' in saved) return;
    const { team, outcome } = saved;
    // Settings change everyone's day (prompt time, questions, who is in): every member's Home.
    await services.home.changed(actor, { teamId: team.id, everyone: true });
    const text =
      outcome === 'joined'
        ? lostRaceText(team, 'setup')
        : setupSavedText(team.name, scheduleText(team));
    await client.chat
      .postEphemeral({ channel: meta.c, user: actor.userId, text })
      .catch((err) => log.warn({ err }, 'could not confirm the saved settings'));
  };
}
