import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { isUserError } from '../../shared/errors.ts';
import { cleanText, dateOutsideWindow, maxDaysAhead } from '../../shared/input.ts';
import { truncate } from '../../shared/text.ts';
import { addDays, isValidLocalDate, localDateOf } from '../../shared/time.ts';
import { maxTitleLength, milestoneRef } from '../../workload/task-command.parser.ts';
import { parseEstimate } from '../../workload/workload.models.ts';
import { saveFromModal } from './modal-save.ts';
import { fields } from '../ids.ts';
import type { ListenerDeps } from '../listeners.ts';
import { submissionKey } from '../request-keys.ts';
import { actorOf } from '../actor.ts';
import { taskAddedText } from '../blocks/workload.replies.ts';

/** The task form (from `/task` or "Create task from message"): field errors keep what was typed. */
export function taskSubmission({ services, clock, logger }: ListenerDeps) {
  const log = logger.child('views:task');
  const f = fields.task;
  return async ({ ack, body, view, client }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs) => {
    let meta: { c?: string; s?: string; sc?: string } = {};
    try {
      meta = JSON.parse(view.private_metadata || '{}');
    } catch {
      /* handled below */
    }
    const v = view.state.values;
    const title = cleanText(v[f.title.block]?.[f.title.action]?.value ?? '').trim();
    const assigneeId = v[f.assignee.block]?.[f.assignee.action]?.selected_user ?? undefined;
    const estimateText = cleanText(v[f.estimate.block]?.[f.estimate.action]?.value ?? '').trim();
    const due = v[f.due.block]?.[f.due.action]?.selected_date ?? undefined;
    const milestoneText = cleanText(v[f.milestone.block]?.[f.milestone.action]?.value ?? '').trim();
    const milestone = milestoneText ? milestoneRef(milestoneText) : undefined;
    const errors: Record<string, string> = {};
    if (!title) errors[f.title.block] = 'Give the task a title.';
    else if (title.length > maxTitleLength) errors[f.title.block] = `Keep the title under ${maxTitleLength} characters.`;
    if (!assigneeId) errors[f.assignee.block] = 'Pick who does it.';
    let estimateMinutes: number | undefined;
    if (estimateText) {
      const est = parseEstimate(estimateText, 8);
      if (!est) errors[f.estimate.block] = `“${truncate(estimateText, 20)}” is not an estimate. Example: 4h, 2d or 30m.`;
      else if ('error' in est) errors[f.estimate.block] = est.error.replace(/`/g, '');
      else estimateMinutes = est.minutes;
    }
    const yesterday = addDays(localDateOf(clock.now(), 'UTC'), -1);
    if (due && (!isValidLocalDate(due) || due < yesterday)) errors[f.due.block] = 'Pick today or a later day.';
    else if (due && dateOutsideWindow(due, yesterday)) errors[f.due.block] = `Pick a day within two years, before ${addDays(yesterday, maxDaysAhead + 1)}.`;
    if (!meta.c) errors[f.title.block] = 'This form is from an older version; close it and run /task again.';
    if (Object.keys(errors).length) return void (await ack({ response_action: 'errors', errors }));

    const actor = actorOf(body);
    const result = await saveFromModal({
      ack,
      log,
      what: 'saving the task',
      failureLog: 'saving a task failed',
      apology: "Couldn't save the task just now — please try again. (Nothing was changed.)",
      blockFor: (err) => (isUserError(err) && err.code.startsWith('task.assignee') ? f.assignee.block : isUserError(err) && err.code.startsWith('milestone.') ? f.milestone.block : f.title.block),
      save: async (signal) => {
        const team = await services.standups.teamForCommand(actor, meta.c!);
        // "d" is the team's working day.
        const est = estimateText ? parseEstimate(estimateText, team.dayHours) : undefined;
        const minutes = est && 'minutes' in est ? est.minutes : estimateMinutes;
        // An unknown or finished milestone is answered under its field; nothing is stored.
        const ms = milestone ? await services.milestones.resolve(team, milestone) : undefined;
        const r = await services.workload.addTask(
          actor,
          team,
          { title, assigneeId, ...(minutes ? { estimateMinutes: minutes } : {}), ...(due ? { dueDate: due } : {}), ...(ms ? { milestoneId: ms.id } : {}) },
          signal,
          submissionKey(view),
        );
        // Refused (someone not on the team): thrown, answered under its field, nothing stored.
        if ('replayed' in r) return r;
        return { ...r, team };
      },
    });
    if (!result) return;
    await ack();
    // Submitted twice at once: one task, one confirmation.
    if ('replayed' in result) return;
    await services.home.changed(actor, { teamId: result.team.id, also: [result.task.assigneeId] });
    // The link back to the message is looked up after the ack: no Slack call stands between the user and the answer.
    if (meta.s && meta.sc) {
      const url = await client.chat
        .getPermalink({ channel: meta.sc, message_ts: meta.s })
        .then((r) => r.permalink)
        .catch((err) => log.warn({ err }, 'no permalink for the source message'));
      if (url) result.task = await services.workload.linkSource(result.task, url);
    }
    const text = taskAddedText({ teamName: result.team.name, task: result.task, overload: result.overload });
    await client.chat
      .postEphemeral({ channel: meta.c!.startsWith('D') ? result.team.channelId : meta.c!, user: actor.userId, text })
      .catch((err) => log.warn({ err }, 'could not confirm the new task'));
  };
}
