import { cleanText, parseId } from '../shared/input.ts';
import { parseUserMention } from '../shared/mentions.ts';
import { truncate } from '../shared/text.ts';
import { maxMitigation, maxRiskText } from './risks.models.ts';
import { maxMilestoneName } from '../milestones/milestones.models.ts';

/** The pure parser of `/risk`. Every outcome is a value; nothing throws. */
export type RiskFields = {
  likelihood?: number;
  impact?: number;
  /** null: no owner. */
  ownerId?: string | null;
  /** null: remove the mitigation. */
  mitigation?: string | null;
  /** A milestone by id or name; null: unlink. */
  milestone?: { id: number } | { name: string } | null;
};
export type RiskCommand =
  | { kind: 'help' }
  | { kind: 'list'; all: boolean }
  | { kind: 'add'; text: string; likelihood: number; impact: number } & Omit<RiskFields, 'likelihood' | 'impact'>
  | { kind: 'update'; id: number; fields: RiskFields }
  | { kind: 'close'; id: number }
  | { kind: 'error'; message: string };

const err = (message: string) => ({ kind: 'error' as const, message });
const shown = (t: string) => truncate(t.replace(/[`*_~<>&]/g, ''), 40);
const addExample = 'Example: `/risk add Vendor API may slip likelihood 3 impact 5 owner @ana mitigation weekly check-in with the vendor`';
const updateExample = 'Example: `/risk update 4 likelihood 2 mitigation fallback vendor signed`';
const keywords = new Set(['likelihood', 'impact', 'owner', 'mitigation', 'milestone']);

function scale(word: string, value: string | undefined, example: string): number | { error: string } {
  const label = word === 'likelihood' ? 'Likelihood' : 'Impact';
  const scaleText = word === 'likelihood' ? '1 (rare) to 5 (almost certain)' : '1 (minor) to 5 (severe)';
  if (!value || !/^[1-5]$/.test(value)) return { error: `${label} is a whole number from ${scaleText}${value ? `, not “${shown(value)}”` : ''}. ${example}` };
  return Number(value);
}

/**
 * The options after the risk's text, in any order: `likelihood N`, `impact N`, `owner @u`
 * (or `none`), `milestone NAME|ID` (or `none`), and `mitigation TEXT`, which takes the rest.
 */
function parseFields(words: string[], example: string): RiskFields | { error: string } {
  const f: RiskFields = {};
  for (let i = 0; i < words.length; i++) {
    const key = words[i]!.toLowerCase();
    const value = words[i + 1];
    if (key === 'likelihood' || key === 'impact') {
      if (f[key] !== undefined) return { error: `Give the ${key} once. ${example}` };
      const n = scale(key, value, example);
      if (typeof n !== 'number') return n;
      f[key] = n;
      i++;
    } else if (key === 'owner') {
      const userId = value && /^(none|nobody)$/i.test(value) ? null : value ? parseUserMention(value) : undefined;
      if (userId === undefined) return { error: `Name the owner as a mention (or \`none\`). ${example}` };
      f.ownerId = userId;
      i++;
    } else if (key === 'milestone') {
      if (!value || value.length > maxMilestoneName) return { error: `Name the milestone after \`milestone\` (its number, or a name of one word). ${example}` };
      if (/^(none|off)$/i.test(value)) f.milestone = null;
      else {
        const id = parseId(value);
        if (id && 'outOfRange' in id) return { error: `There is no milestone #${id.outOfRange}. \`/milestone list\` shows them.` };
        f.milestone = id ? { id: id.id } : { name: value.replace(/^["“”']|["“”']$/g, '') };
      }
      i++;
    } else if (key === 'mitigation') {
      const text = words.slice(i + 1).join(' ').trim();
      if (!text) return { error: `Write the mitigation after \`mitigation\` (it takes the rest of the line). ${example}` };
      if (text.length > maxMitigation) return { error: `Keep the mitigation under ${maxMitigation} characters. ${example}` };
      f.mitigation = /^(none|off)$/i.test(text) ? null : text;
      break;
    } else {
      return { error: `I can't read “${shown(words[i]!)}” here: the options are likelihood, impact, owner, milestone and mitigation (last). ${example}` };
    }
  }
  return f;
}

export function parseRiskCommand(raw: string): RiskCommand {
  const words = cleanText(raw).trim().split(/\s+/).filter(Boolean);
  const sub = (words[0] ?? '').toLowerCase();
  const args = words.slice(1);
  switch (sub) {
    case '':
    case 'list':
      if (args.length === 0) return { kind: 'list', all: false };
      if (args.length === 1 && /^all$/i.test(args[0]!)) return { kind: 'list', all: true };
      return err('`/risk list` shows the open risks; `/risk list all` the closed ones too.');
    case 'help':
    case '?':
      return { kind: 'help' };
    case 'add': {
      const first = args.findIndex((w) => keywords.has(w.toLowerCase()));
      const text = (first < 0 ? args : args.slice(0, first)).join(' ').trim();
      if (!text) return err(`Describe the risk first. ${addExample}`);
      if (text.length > maxRiskText) return err(`Keep the risk under ${maxRiskText} characters; details go in the mitigation. ${addExample}`);
      if (first < 0) return err(`Give its likelihood and impact, each 1–5. ${addExample}`);
      const f = parseFields(args.slice(first), addExample);
      if ('error' in f) return err(f.error);
      if (f.likelihood === undefined || f.impact === undefined) return err(`Give both likelihood and impact, each 1–5. ${addExample}`);
      const { likelihood, impact, ...rest } = f;
      return { kind: 'add', text, likelihood, impact, ...rest };
    }
    case 'update': {
      const id = parseId(args[0]);
      if (!id) return err(`Give the risk number from \`/risk list\`, then what changes. ${updateExample}`);
      if ('outOfRange' in id) return err(`There is no risk #${id.outOfRange}. \`/risk list\` shows them.`);
      if (args.length < 2) return err(`Say what changes. ${updateExample}`);
      const f = parseFields(args.slice(1), updateExample);
      if ('error' in f) return err(f.error);
      return { kind: 'update', id: id.id, fields: f };
    }
    case 'close': {
      const id = args.length === 1 ? parseId(args[0]) : undefined;
      if (!id) return err('Give the risk number from `/risk list`. Example: `/risk close 4`');
      if ('outOfRange' in id) return err(`There is no risk #${id.outOfRange}. \`/risk list\` shows them.`);
      return { kind: 'close', id: id.id };
    }
    default:
      return err(`I don't know \`/risk ${shown(sub)}\`. ${addExample}`);
  }
}
