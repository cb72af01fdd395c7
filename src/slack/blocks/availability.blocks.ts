import { escapeMrkdwn } from '../../shared/text.ts';
import type { Message } from './standup.blocks.ts';

/** Pure Block Kit: a person told once that their calendar feed could not be read. */
export function calendarProblemMessage(p: { reason: string }): Message {
  const text =
    `:warning: I couldn't read your calendar: ${escapeMrkdwn(p.reason)}.\n` +
    'The days off from the last good read are kept, and I keep trying every hour; I won’t tell you again until it has worked once. ' +
    'To fix it, copy the secret iCal address again and run `/standup calendar https://…/basic.ics`, or `/standup calendar off` to disconnect it.';
  return { text: `I couldn't read your calendar: ${p.reason}`, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
}
