import { cleanText } from '../shared/input.ts';
import { truncate } from '../shared/text.ts';
import { parseChannelMention } from '../shared/mentions.ts';
import { formatLocalTime, parseLocalTime, parseWeekdays } from '../shared/time.ts';

/** Pure parser of `/digest` text. */
export type DigestCommand =
  | { kind: 'help' }
  | { kind: 'preview' }
  | { kind: 'post' }
  | { kind: 'history' }
  | { kind: 'schedule'; day: number; time: string }
  | { kind: 'channel'; channelId: string }
  | { kind: 'error'; message: string };

export function parseDigestCommand(text: string): DigestCommand {
  const words = cleanText(text).trim().split(/\s+/).filter(Boolean);
  const sub = (words[0] ?? '').toLowerCase();
  const args = words.slice(1);
  const err = (message: string): DigestCommand => ({ kind: 'error', message });
  switch (sub) {
    case '':
    case 'help':
      return args.length ? err('Example: `/digest help`') : { kind: 'help' };
    case 'preview':
    case 'post':
    case 'history':
      return args.length ? err(`\`/digest ${sub}\` takes nothing after it. Example: \`/digest ${sub}\``) : { kind: sub };
    case 'schedule': {
      const example = 'Example: `/digest schedule fri 16:00`';
      const days = parseWeekdays(args[0] ?? '');
      const day = days?.length === 1 ? days[0]! : 0;
      const time = parseLocalTime(args[1] ?? '');
      if (args.length !== 2 || !day || !time) return err(`Give a day and a local time. ${example}`);
      return { kind: 'schedule', day, time: formatLocalTime(time) };
    }
    case 'channel': {
      const channelId = args.length === 1 ? parseChannelMention(args[0]!) : undefined;
      if (!channelId) return err('Pick the channel with # so Slack links it. Example: `/digest channel #stakeholders`');
      return { kind: 'channel', channelId };
    }
    default:
      return err(`I don't know \`/digest ${truncate(sub.replace(/[`*_~<>&]/g, ''), 30)}\`. Example: \`/digest preview\``);
  }
}
