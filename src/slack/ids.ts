import { answerFieldKey, answerFieldPrefix } from '../standups/standups.models.ts';

/**
 * Every id Slack sends back to us, in one place: builders, listeners, parsers and
 * the manifest test all import from here.
 */
export const commands = {
  standup: '/standup',
  blocker: '/blocker',
  task: '/task',
  workload: '/workload',
  digest: '/digest',
  coordinator: '/coordinator',
  milestone: '/milestone',
  risk: '/risk',
} as const;

export const events = {
  userChange: 'user_change',
  appHomeOpened: 'app_home_opened',
  appUninstalled: 'app_uninstalled',
  tokensRevoked: 'tokens_revoked',
} as const;

export const actions = {
  promptAnswer: 'standup_answer',
  promptSkip: 'standup_skip',
  blockerHelp: 'blocker_help',
  blockerResolve: 'blocker_resolve',
  blockerRaiseIn: 'blocker_raise_in',
  blockerNot: 'blocker_not',
  blockerTrack: 'blocker_track',
  blockerUntracked: 'blocker_untracked',
  forgetConfirm: 'privacy_forget_confirm',
  forgetCancel: 'privacy_forget_cancel',
  homeTaskDone: 'home_task_done',
  homeTaskStart: 'home_task_start',
  homeTaskEstimate: 'home_task_estimate',
  homeAwayCancel: 'home_away_cancel',
  homeDigestPreview: 'home_digest_preview',
  homeDigestPost: 'home_digest_post',
  homeSettings: 'home_settings',
} as const;

export const views = {
  answer: 'standup_answer_modal',
  setup: 'standup_setup_modal',
  task: 'task_modal',
} as const;

export const shortcuts = {
  taskFromMessage: 'create_task_from_message',
} as const;

/** Block and action ids inside the modals. */
export const fields = {
  answer: { blockPrefix: answerFieldPrefix, action: 'answer' },
  carry: { block: 'carry_blockers', action: 'carry' },
  task: {
    title: { block: 'task_title', action: 'title' },
    assignee: { block: 'task_assignee', action: 'assignee' },
    estimate: { block: 'task_estimate', action: 'estimate' },
    due: { block: 'task_due', action: 'due' },
    milestone: { block: 'task_milestone', action: 'milestone' },
  },
  setup: {
    members: { block: 'members', action: 'members' },
    managers: { block: 'managers', action: 'managers' },
    questions: { block: 'questions', action: 'questions' },
    doneQuestion: { block: 'done_question', action: 'done_question' },
    planQuestion: { block: 'plan_question', action: 'plan_question' },
    blockersQuestion: { block: 'blockers_question', action: 'blockers_question' },
    days: { block: 'days', action: 'days' },
    promptTime: { block: 'prompt_time', action: 'prompt_time' },
    tzMode: { block: 'tz_mode', action: 'tz_mode' },
    timezone: { block: 'timezone', action: 'timezone' },
    deadline: { block: 'deadline', action: 'deadline' },
    reminder: { block: 'reminder', action: 'reminder' },
    stakeholders: { block: 'stakeholders', action: 'stakeholders' },
    capacity: { block: 'capacity', action: 'capacity' },
    threshold: { block: 'blocker_threshold', action: 'blocker_threshold' },
    overload: { block: 'overload_threshold', action: 'overload_threshold' },
    dayHours: { block: 'day_hours', action: 'day_hours' },
    defaultEstimate: { block: 'default_estimate', action: 'default_estimate' },
    holidayRegion: { block: 'holiday_region', action: 'holiday_region' },
  },
} as const;

/** The block id of one question's answer in the answer modal: the key the standups use case reads its answer under. */
export const answerBlockId = answerFieldKey;
