/**
 * Every id Slack sends back to us, in one place: builders, listeners, parsers and
 * the manifest test all import from here.
 */
export const commands = {
  standup: '/standup',
} as const;

export const events = {
  userChange: 'user_change',
} as const;

export const actions = {} as const;

export const views = {} as const;
