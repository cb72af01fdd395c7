import { cleanText } from '../shared/input.ts';
import { parseUserMention } from '../shared/mentions.ts';
import { truncate } from '../shared/text.ts';

/** Pure parser of `/coordinator` text: people's data. */
export type PrivacyCommand =
  | { kind: 'help' }
  /** `who`: 'auto' = the teams one manages (or oneself), 'me' = oneself, or a person (admins). */
  | { kind: 'export'; who: 'auto' | 'me' | { userId: string } }
  | { kind: 'forget'; who: 'me' | { userId: string } }
  | { kind: 'retention'; months: number | null }
  | { kind: 'retentionShow' }
  | { kind: 'error'; message: string };

/** Longest retention a team can set: 10 years. */
export const maxRetentionMonths = 120;

export function parsePrivacyCommand(text: string): PrivacyCommand {
  const words = cleanText(text).trim().split(/\s+/).filter(Boolean);
  const sub = (words[0] ?? '').toLowerCase();
  const args = words.slice(1);
  const err = (message: string): PrivacyCommand => ({ kind: 'error', message });
  switch (sub) {
    case '':
    case 'help':
      return args.length ? err('Example: `/coordinator help`') : { kind: 'help' };
    case 'export': {
      if (!args.length) return { kind: 'export', who: 'auto' };
      if (args.length === 1 && args[0]!.toLowerCase() === 'me') return { kind: 'export', who: 'me' };
      const userId = args.length === 1 ? parseUserMention(args[0]!) : undefined;
      if (!userId) return err('Export your teams’ data, your own, or (admins) one person’s. Example: `/coordinator export`, `/coordinator export me` or `/coordinator export @alice`');
      return { kind: 'export', who: { userId } };
    }
    case 'forget': {
      if (args.length === 1 && args[0]!.toLowerCase() === 'me') return { kind: 'forget', who: 'me' };
      const userId = args.length === 1 ? parseUserMention(args[0]!) : undefined;
      if (!userId) return err('Name one person with @ (or say `me`). Example: `/coordinator forget @alice` or `/coordinator forget me`');
      return { kind: 'forget', who: { userId } };
    }
    case 'retention': {
      if (!args.length) return { kind: 'retentionShow' };
      const example = 'Example: `/coordinator retention 12` (months) or `/coordinator retention off`';
      if (args.length !== 1) return err(`Give a number of months, or \`off\`. ${example}`);
      const a = args[0]!.toLowerCase();
      if (a === 'off' || a === 'keep' || a === 'forever') return { kind: 'retention', months: null };
      const m = /^(\d{1,4})(?:m|mo|months?)?$/.exec(a);
      const months = m ? Number(m[1]) : NaN;
      if (!Number.isInteger(months) || months < 1 || months > maxRetentionMonths) return err(`Answers can be kept 1 to ${maxRetentionMonths} months, or for ever (\`off\`). ${example}`);
      return { kind: 'retention', months };
    }
    default:
      return err(`I don't know \`/coordinator ${truncate(sub.replace(/[`*_~<>&]/g, ''), 30)}\`. Example: \`/coordinator export\``);
  }
}
