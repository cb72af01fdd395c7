import { cleanText } from '../shared/input.ts';
import { truncate } from '../shared/text.ts';
import { formatLocalTime, isValidZone, parseLocalTime } from '../shared/time.ts';
import { parseHolidayRegion } from '../availability/holidays.models.ts';
import type { Question, QuestionKind } from './teams.schema.ts';

/** A question as a team defines it. */
export type QuestionInput = { text: string; kind: QuestionKind; required: boolean };

/** Pure: what the setup modal submitted → settings, or field errors keyed by block id. */

export type SetupInput = {
  members: string[];
  managers: string[];
  questionsText: string;
  doneQuestion: string | undefined;
  planQuestion: string | undefined;
  blockersQuestion: string | undefined;
  days: string[];
  promptTime: string | undefined;
  tzMode: string | undefined;
  timezone: string | undefined;
  deadline: string | undefined;
  reminder: string | undefined;
  stakeholderChannel: string | undefined;
  capacity: string | undefined;
  threshold: string | undefined;
  overload: string | undefined;
  dayHours: string | undefined;
  defaultEstimate: string | undefined;
  /** The team's default public-holiday region; '' clears it; undefined: a form without the field. */
  holidayRegion?: string | undefined;
};

export type SetupSettings = {
  participants: string[];
  managers: string[];
  questions: QuestionInput[];
  workingDays: number[];
  promptTime: string;
  tzMode: 'member' | 'pinned';
  timezone: string;
  deadlineTime: string;
  reminderMinutes: number | null;
  stakeholderChannelId: string | null;
  capacityHours: number;
  blockerThresholdDays: number;
  /** Undefined when the form had no such field (one opened before it existed): left as it is. */
  overloadThreshold: number | undefined;
  dayHours: number | undefined;
  defaultEstimateHours: number | undefined;
  /** null: none; undefined: unchanged (a form without the field). */
  holidayRegion?: string | null | undefined;
};

export const maxQuestions = 10;
/** People one form may pick, members or managers: each new one is a users.info call. */
export const maxPicked = 100;
export const reminderChoices = [null, 30, 60, 90, 120, 180, 240] as const;

export function parseSetup(input: SetupInput, blocks: Record<keyof SetupInput, string>): { ok: true; settings: SetupSettings } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const lines = cleanText(input.questionsText)
    .split('\n')
    .map((l) => l.replace(/^\s*(?:[-*•]|\d+[.)])\s*/, '').trim())
    .filter(Boolean);
  if (lines.length === 0) errors[blocks.questionsText] = 'Add at least one question, one per line.';
  else if (lines.length > maxQuestions) errors[blocks.questionsText] = `At most ${maxQuestions} questions; you have ${lines.length}.`;
  else if (lines.some((l) => l.length > 300)) errors[blocks.questionsText] = 'Keep each question under 300 characters.';
  const position = (v: string | undefined, block: string): number | undefined => {
    // With no questions at all, the one error on the question list says it all.
    if (!v || v === 'none' || lines.length === 0) return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1 || n > lines.length) {
      errors[block] = `There is no question ${v}; you have ${lines.length}.`;
      return undefined;
    }
    return n - 1;
  };
  const done = position(input.doneQuestion, blocks.doneQuestion);
  const plan = position(input.planQuestion, blocks.planQuestion);
  const blockers = position(input.blockersQuestion, blocks.blockersQuestion);
  const picked = [done, plan, blockers].filter((x) => x !== undefined);
  if (new Set(picked).size !== picked.length) errors[blocks.blockersQuestion] = 'Pick a different question for each role.';
  const questions: QuestionInput[] = lines.map((text, i) => ({
    text,
    kind: i === done ? 'done' : i === plan ? 'plan' : i === blockers ? 'blockers' : 'text',
    // Blockers are optional: "nothing" is the usual answer and may be left empty.
    required: i !== blockers,
  }));

  const workingDays = input.days.map(Number).filter((d) => d >= 1 && d <= 7);
  if (!workingDays.length) errors[blocks.days] = 'Pick at least one day.';

  const prompt = input.promptTime ? parseLocalTime(input.promptTime) : undefined;
  if (!prompt) errors[blocks.promptTime] = 'Pick the time people are asked, e.g. 09:30.';
  const deadline = input.deadline ? parseLocalTime(input.deadline) : undefined;
  if (!deadline) errors[blocks.deadline] = 'Pick a deadline, e.g. 13:00.';
  else if (prompt && deadline.hour * 60 + deadline.minute <= prompt.hour * 60 + prompt.minute) {
    errors[blocks.deadline] = `The deadline must come after the prompt (${formatLocalTime(prompt)}).`;
  }

  const tzMode = input.tzMode === 'pinned' ? 'pinned' : 'member';
  const timezone = cleanText(input.timezone ?? '').trim();
  if (!isValidZone(timezone)) errors[blocks.timezone] = `“${truncate(timezone, 40)}” is not a time zone. Example: Europe/Berlin, America/New_York, UTC.`;

  const reminder = input.reminder === undefined || input.reminder === 'none' ? null : Number(input.reminder);
  if (reminder !== null && !(reminderChoices as readonly (number | null)[]).includes(reminder)) errors[blocks.reminder] = 'Pick one of the options.';
  if (reminder !== null && prompt && deadline && !errors[blocks.deadline] && prompt.hour * 60 + prompt.minute + reminder >= deadline.hour * 60 + deadline.minute) {
    errors[blocks.reminder] = 'The reminder would come after the deadline; pick a shorter delay or a later deadline.';
  }

  const capacity = Number((input.capacity ?? '40').trim());
  if (!Number.isInteger(capacity) || capacity < 1 || capacity > 80) errors[blocks.capacity] = 'Weekly hours between 1 and 80, e.g. 40.';

  const threshold = Number((input.threshold ?? '2').trim());
  if (!Number.isInteger(threshold) || threshold < 1 || threshold > 30) errors[blocks.threshold] = 'Working days between 1 and 30, e.g. 2.';

  // Fields a form opened before they existed does not have: absent means "unchanged".
  const whole = (text: string | undefined, min: number, max: number, block: string, message: string): number | undefined => {
    if (text === undefined) return undefined;
    const n = Number(text.trim());
    if (!text.trim() || !Number.isInteger(n) || n < min || n > max) errors[block] = message;
    return n;
  };
  const overload = whole(input.overload, 50, 200, blocks.overload, 'A percentage between 50 and 200, e.g. 100.');
  const dayHours = whole(input.dayHours, 1, 12, blocks.dayHours, 'Hours between 1 and 12, e.g. 8.');
  const defaultEstimate = whole(input.defaultEstimate, 1, 40, blocks.defaultEstimate, 'Hours between 1 and 40, e.g. 4.');

  let holidayRegion: string | null | undefined;
  if (input.holidayRegion !== undefined) {
    const text = cleanText(input.holidayRegion).trim();
    if (!text) holidayRegion = null;
    else {
      const r = parseHolidayRegion(text);
      if (r.ok) holidayRegion = r.region;
      else errors[blocks.holidayRegion] = r.message.replace(/`/g, '');
    }
  }

  const participants = [...new Set(input.members)];
  const managers = [...new Set(input.managers)];
  if (!participants.length) errors[blocks.members] = 'Pick at least one person to answer standups.';
  else if (participants.length > maxPicked) errors[blocks.members] = `At most ${maxPicked} people in one standup; you picked ${participants.length}.`;
  if (!managers.length) errors[blocks.managers] = 'Pick at least one manager (they can change these settings).';
  else if (managers.length > maxPicked) errors[blocks.managers] = `At most ${maxPicked} managers; you picked ${managers.length}.`;

  if (Object.keys(errors).length) return { ok: false, errors };
  return {
    ok: true,
    settings: {
      participants,
      managers,
      questions,
      workingDays: [...new Set(workingDays)].sort(),
      promptTime: formatLocalTime(prompt!),
      tzMode,
      timezone,
      deadlineTime: formatLocalTime(deadline!),
      reminderMinutes: reminder,
      stakeholderChannelId: input.stakeholderChannel || null,
      capacityHours: capacity,
      blockerThresholdDays: threshold,
      overloadThreshold: overload,
      dayHours,
      defaultEstimateHours: defaultEstimate,
      ...(holidayRegion !== undefined ? { holidayRegion } : {}),
    },
  };
}

/** What the modal shows: the settings it saves, for a named team and channel. */
export type SetupView = Omit<SetupSettings, 'questions' | 'overloadThreshold' | 'dayHours' | 'defaultEstimateHours'> & {
  teamName: string;
  channelId: string;
  questions: Pick<Question, 'text' | 'kind'>[];
  overloadThreshold: number;
  dayHours: number;
  defaultEstimateHours: number;
  holidayRegion?: string | null;
};
