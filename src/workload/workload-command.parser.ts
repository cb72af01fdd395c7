import { cleanText } from '../shared/input.ts';
import { parseUserMention } from '../shared/mentions.ts';
import { truncate } from '../shared/text.ts';

/** The pure parser of `/workload`. Every outcome is a value; nothing throws. */
export type WorkloadCommand =
  | { kind: 'help' }
  | { kind: 'team' }
  | { kind: 'person'; userId: string }
  | { kind: 'capacity'; userId: string; hours: number }
  | { kind: 'teamCapacity'; hours: number }
  | { kind: 'defaultEstimate'; hours: number }
  | { kind: 'threshold'; percent: number }
  | { kind: 'dayhours'; hours: number }
  | { kind: 'error'; message: string };

const err = (message: string) => ({ kind: 'error' as const, message });
const shown = (t: string) => truncate(t.replace(/[`*_~<>&]/g, ''), 40);

export function parseWorkloadCommand(text: string): WorkloadCommand {
  const words = cleanText(text).trim().split(/\s+/).filter(Boolean);
  const sub = (words[0] ?? '').toLowerCase();
  if (!sub) return { kind: 'team' };
  if ((sub === 'help' || sub === '?') && words.length === 1) return { kind: 'help' };
  if (sub === 'capacity' && (words.length === 2 || (words.length === 3 && /^(team|default)$/i.test(words[1]!)))) {
    // No person: the team's default, for everyone without a capacity of their own.
    const m = /^(\d{1,2})h?$/.exec(words.at(-1)!);
    const hours = m ? Number(m[1]) : 0;
    if (hours < 1 || hours > 80) return err('Give the team’s default weekly hours, 1–80, or a person and theirs. Example: `/workload capacity 36h` or `/workload capacity @ana 32h`');
    return { kind: 'teamCapacity', hours };
  }
  if (sub === 'capacity') {
    const userId = parseUserMention(words[1] ?? '');
    const m = /^(\d{1,2})h?$/.exec(words[2] ?? '');
    if (!userId || !m || words.length !== 3) return err('Give the person and their weekly hours. Example: `/workload capacity @ana 32h`');
    const hours = Number(m[1]);
    if (hours < 0 || hours > 80) return err('Weekly capacity is between 0 and 80 hours. Example: `/workload capacity @ana 32h`');
    return { kind: 'capacity', userId, hours };
  }
  if (sub === 'dayhours' || sub === 'day') {
    const m = /^(\d{1,2})h?$/.exec(words[1] ?? '');
    const hours = m ? Number(m[1]) : 0;
    if (words.length !== 2 || hours < 1 || hours > 12) return err('Give the hours in a working day, 1–12: what `1d` means in estimates. Example: `/workload dayhours 7`');
    return { kind: 'dayhours', hours };
  }
  if (sub === 'unestimated' || sub === 'default-estimate') {
    const m = /^(\d{1,2})h?$/.exec(words[1] ?? '');
    const hours = m ? Number(m[1]) : 0;
    if (words.length !== 2 || hours < 1 || hours > 40) return err('Give the hours a task nobody estimated counts for, 1–40. Example: `/workload unestimated 4h`');
    return { kind: 'defaultEstimate', hours };
  }
  if (sub === 'threshold') {
    const m = /^(\d{2,3})%?$/.exec(words[1] ?? '');
    const percent = m ? Number(m[1]) : 0;
    if (words.length !== 2 || percent < 50 || percent > 200) return err('Give the utilisation above which someone is overloaded, 50–200 %. Example: `/workload threshold 110`');
    return { kind: 'threshold', percent };
  }
  const userId = words.length === 1 ? parseUserMention(words[0]!) : undefined;
  if (userId) return { kind: 'person', userId };
  return err(`I don't know \`/workload ${shown(sub)}\`. Example: \`/workload\`, \`/workload @ana\` or \`/workload capacity @ana 32h\``);
}
