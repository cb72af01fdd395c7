import type { KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import { escapeMrkdwn } from '../../shared/text.ts';
import { maxQuestions, reminderChoices, type SetupInput, type SetupView } from '../../teams/setup.models.ts';

export type { SetupView };
import { fields, views } from '../ids.ts';

const f = fields.setup;
const plain = (text: string) => ({ type: 'plain_text' as const, text });
const option = (text: string, value: string): PlainTextOption => ({ text: plain(text), value });
const dayOptions = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'].map((d, i) => option(d, String(i + 1)));
const questionOptions = [...Array.from({ length: maxQuestions }, (_, i) => option(`Question ${i + 1}`, String(i + 1))), option('None', 'none')];
const reminderOptions = reminderChoices.map((m) => (m === null ? option('No reminder', 'none') : option(m < 60 ? `${m} minutes after the prompt` : `${m / 60} h after the prompt`.replace('1.5 h', '1 h 30'), String(m))));

const position = (qs: SetupView['questions'], kind: string) => {
  const i = qs.findIndex((q) => q.kind === kind);
  return i === -1 ? 'none' : String(i + 1);
};

/** The one modal with every team setting, pre-filled so picking members and pressing Save is enough. */
export function setupModal(s: SetupView): ModalView {
  const selected = (opts: PlainTextOption[], value: string) => opts.find((o) => o.value === value);
  const questionSelect = (block: { block: string; action: string }, label: string, kind: string): KnownBlock => ({
    type: 'input',
    block_id: block.block,
    label: plain(label),
    element: { type: 'static_select', action_id: block.action, options: questionOptions, initial_option: selected(questionOptions, position(s.questions, kind))! },
  });
  const reminderInitial = selected(reminderOptions, s.reminderMinutes === null ? 'none' : String(s.reminderMinutes)) ?? reminderOptions[0]!;
  const blocks: KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: `Standups for <#${s.channelId}>: answers are posted here in one thread a day.` } },
    { type: 'input', block_id: f.members.block, label: plain('Who answers'), element: { type: 'multi_users_select', action_id: f.members.action, initial_users: s.participants, placeholder: plain('Pick the team') } },
    { type: 'input', block_id: f.managers.block, label: plain('Managers'), hint: plain('They change these settings and get blocker and workload warnings.'), element: { type: 'multi_users_select', action_id: f.managers.action, initial_users: s.managers } },
    { type: 'divider' },
    { type: 'input', block_id: f.questions.block, label: plain('Questions, one per line'), hint: plain('Reorder, edit, add or remove lines.'), element: { type: 'plain_text_input', action_id: f.questions.action, multiline: true, initial_value: s.questions.map((q) => q.text).join('\n') } },
    questionSelect(f.doneQuestion, '“Done since last time” question (pre-filled from the last plan)', 'done'),
    questionSelect(f.planQuestion, '“Plan for today” question', 'plan'),
    questionSelect(f.blockersQuestion, 'Blockers question', 'blockers'),
    { type: 'divider' },
    { type: 'input', block_id: f.days.block, label: plain('Working days'), element: { type: 'checkboxes', action_id: f.days.action, options: dayOptions, initial_options: dayOptions.filter((o) => s.workingDays.includes(Number(o.value))) } },
    { type: 'input', block_id: f.promptTime.block, label: plain('Prompt time'), element: { type: 'timepicker', action_id: f.promptTime.action, initial_time: s.promptTime } },
    {
      type: 'input',
      block_id: f.tzMode.block,
      label: plain('Time zone'),
      element: {
        type: 'radio_buttons',
        action_id: f.tzMode.action,
        options: [option('Each member’s own time zone', 'member'), option('One zone for everyone (below)', 'pinned')],
        initial_option: s.tzMode === 'pinned' ? option('One zone for everyone (below)', 'pinned') : option('Each member’s own time zone', 'member'),
      },
    },
    { type: 'input', block_id: f.timezone.block, label: plain('Team time zone'), hint: plain('For digests, and for everyone when pinned. Example: Europe/Berlin'), element: { type: 'plain_text_input', action_id: f.timezone.action, initial_value: s.timezone } },
    { type: 'input', block_id: f.deadline.block, label: plain('Report deadline'), hint: plain('After it, the day’s thread lists who is missing.'), element: { type: 'timepicker', action_id: f.deadline.action, initial_time: s.deadlineTime } },
    { type: 'input', block_id: f.reminder.block, label: plain('Reminder'), element: { type: 'static_select', action_id: f.reminder.action, options: reminderOptions, initial_option: reminderInitial } },
    { type: 'divider' },
    {
      type: 'input',
      block_id: f.stakeholders.block,
      optional: true,
      label: plain('Stakeholder channel'),
      hint: plain('Weekly digest and blocker escalations go here.'),
      element: { type: 'conversations_select', action_id: f.stakeholders.action, filter: { include: ['public', 'private'], exclude_bot_users: true }, ...(s.stakeholderChannelId ? { initial_conversation: s.stakeholderChannelId } : {}) },
    },
    {
      type: 'input',
      block_id: f.threshold.block,
      label: plain('Escalate open blockers after (working days)'),
      hint: plain('To the managers and the stakeholder channel; again at twice as long.'),
      element: { type: 'number_input', action_id: f.threshold.action, is_decimal_allowed: false, min_value: '1', max_value: '30', initial_value: String(s.blockerThresholdDays) },
    },
    { type: 'divider' },
    { type: 'input', block_id: f.capacity.block, label: plain('Default weekly capacity (hours)'), hint: plain('Per person: /workload capacity @ana 32h'), element: { type: 'number_input', action_id: f.capacity.action, is_decimal_allowed: false, min_value: '1', max_value: '80', initial_value: String(s.capacityHours) } },
    { type: 'input', block_id: f.overload.block, label: plain('Overloaded above (% of capacity)'), hint: plain('85 % up to this is at risk; crossing it warns the managers.'), element: { type: 'number_input', action_id: f.overload.action, is_decimal_allowed: false, min_value: '50', max_value: '200', initial_value: String(s.overloadThreshold) } },
    { type: 'input', block_id: f.dayHours.block, label: plain('Hours in a working day'), hint: plain('What 1d means in estimates.'), element: { type: 'number_input', action_id: f.dayHours.action, is_decimal_allowed: false, min_value: '1', max_value: '12', initial_value: String(s.dayHours) } },
    { type: 'input', block_id: f.defaultEstimate.block, label: plain('Hours counted for a task nobody estimated'), element: { type: 'number_input', action_id: f.defaultEstimate.action, is_decimal_allowed: false, min_value: '1', max_value: '40', initial_value: String(s.defaultEstimateHours) } },
    {
      type: 'input',
      block_id: f.holidayRegion.block,
      optional: true,
      label: plain('Public holidays of (region)'),
      hint: plain('No prompts on them, e.g. DE-BY, US-CA, IN. Members may set their own: /standup holidays DE-BY'),
      element: { type: 'plain_text_input', action_id: f.holidayRegion.action, max_length: 10, placeholder: plain('e.g. US or DE-BY'), ...(s.holidayRegion ? { initial_value: s.holidayRegion } : {}) },
    },
  ];
  return {
    type: 'modal',
    callback_id: views.setup,
    private_metadata: JSON.stringify({ c: s.channelId }),
    title: plain('Standup settings'),
    submit: plain('Save'),
    close: plain('Cancel'),
    blocks: [{ type: 'header', text: plain(s.teamName.slice(0, 150) || 'Team') }, ...blocks],
  };
}

type StateValues = Record<string, Record<string, {
  value?: string | null;
  selected_users?: string[];
  selected_option?: { value: string } | null;
  selected_options?: { value: string }[];
  selected_time?: string | null;
  selected_conversation?: string | null;
}>>;

/** Reads the submitted modal state into the pure setup input. */
export function readSetupState(values: StateValues): SetupInput {
  const get = (k: { block: string; action: string }) => values[k.block]?.[k.action];
  return {
    members: get(f.members)?.selected_users ?? [],
    managers: get(f.managers)?.selected_users ?? [],
    questionsText: get(f.questions)?.value ?? '',
    doneQuestion: get(f.doneQuestion)?.selected_option?.value,
    planQuestion: get(f.planQuestion)?.selected_option?.value,
    blockersQuestion: get(f.blockersQuestion)?.selected_option?.value,
    days: (get(f.days)?.selected_options ?? []).map((o) => o.value),
    promptTime: get(f.promptTime)?.selected_time ?? undefined,
    tzMode: get(f.tzMode)?.selected_option?.value,
    timezone: get(f.timezone)?.value ?? undefined,
    deadline: get(f.deadline)?.selected_time ?? undefined,
    reminder: get(f.reminder)?.selected_option?.value,
    stakeholderChannel: get(f.stakeholders)?.selected_conversation ?? undefined,
    capacity: get(f.capacity)?.value ?? undefined,
    threshold: get(f.threshold)?.value ?? undefined,
    overload: get(f.overload)?.value ?? undefined,
    dayHours: get(f.dayHours)?.value ?? undefined,
    defaultEstimate: get(f.defaultEstimate)?.value ?? undefined,
    // Absent from a form opened before the field existed: unchanged. Present but empty: none.
    holidayRegion: values[f.holidayRegion.block] ? (get(f.holidayRegion)?.value ?? '') : undefined,
  };
}

export const setupBlockIds: Record<keyof SetupInput, string> = {
  members: f.members.block,
  managers: f.managers.block,
  questionsText: f.questions.block,
  doneQuestion: f.doneQuestion.block,
  planQuestion: f.planQuestion.block,
  blockersQuestion: f.blockersQuestion.block,
  days: f.days.block,
  promptTime: f.promptTime.block,
  tzMode: f.tzMode.block,
  timezone: f.timezone.block,
  deadline: f.deadline.block,
  reminder: f.reminder.block,
  stakeholderChannel: f.stakeholders.block,
  capacity: f.capacity.block,
  threshold: f.threshold.block,
  overload: f.overload.block,
  dayHours: f.dayHours.block,
  defaultEstimate: f.defaultEstimate.block,
  holidayRegion: f.holidayRegion.block,
};

export const setupSavedText = (teamName: string, summary: string) => `:white_check_mark: Saved the settings of *${escapeMrkdwn(teamName)}*. ${summary}`;
