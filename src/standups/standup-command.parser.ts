import { cleanText, dateOutsideWindow, maxMentions, parseId, tooManyMentions } from '../shared/input.ts';
import { parseUserList } from '../shared/mentions.ts';
import { truncate } from '../shared/text.ts';
import { parseHolidayRegion } from '../availability/holidays.models.ts';
import { canonicalZone, daysBetween, formatLocalTime, isValidLocalDate, isValidZone, parseLocalTime, parseWeekdays, type LocalDate } from '../shared/time.ts';

/** Pure parser of `/standup` text. Every outcome is a value; nothing throws. */
export type StandupCommand =
  | { kind: 'help' }
  | { kind: 'open' }
  | { kind: 'setup' }
  | { kind: 'join' }
  | { kind: 'leave' }
  | { kind: 'status' }
  | { kind: 'skip' }
  | { kind: 'members'; op: 'list' }
  | { kind: 'members' | 'managers'; op: 'add' | 'remove'; userIds: string[] }
  | { kind: 'schedule'; time: string; days?: number[] }
  | { kind: 'timezone'; mode: 'member' } | { kind: 'timezone'; mode: 'pinned'; zone: string }
  | { kind: 'deadline'; time: string }
  | { kind: 'reminder'; minutes: number | null }
  | { kind: 'away'; op: 'add'; from: LocalDate; to: LocalDate }
  | { kind: 'away'; op: 'list' }
  | { kind: 'away'; op: 'cancel'; id: number }
  | { kind: 'holidays'; op: 'list' }
  | { kind: 'holidays'; op: 'mine'; region: string | null }
  | { kind: 'holidays'; op: 'team'; region: string | null }
  | { kind: 'calendar'; op: 'status' | 'off' }
  | { kind: 'calendar'; op: 'connect'; url: string }
  | { kind: 'questions' }
  | { kind: 'question'; op: 'add'; text: string }
  | { kind: 'question'; op: 'edit'; n: number; text: string }
  | { kind: 'question'; op: 'remove'; n: number }
  | { kind: 'question'; op: 'move'; n: number; to: number }
  | { kind: 'question'; op: 'role'; n: number; role: 'done' | 'plan' | 'blockers' }
  | { kind: 'error'; message: string };

const err = (message: string): StandupCommand => ({ kind: 'error', message });

/** Shown back to the user, so it is cut and stripped of markup. */
function shown(text: string): string {
  return truncate(text.replace(/[`*_~<>&]/g, ''), 40);
}

export function parseStandupCommand(raw: string, today: LocalDate): StandupCommand {
  const text = cleanText(raw);
  const words = text.trim().split(/\s+/).filter(Boolean);
  const sub = (words[0] ?? '').toLowerCase();
  const args = words.slice(1);
  switch (sub) {
    case '':
      return { kind: 'open' };
    case 'help':
    case '?':
      return { kind: 'help' };
    case 'setup':
    case 'settings':
    case 'config':
      return { kind: 'setup' };
    case 'skip':
      if (args.length === 1 && args[0]!.toLowerCase() === 'today') return { kind: 'skip' };
    // falls through
    case 'join':
    case 'leave':
    case 'status':
      if (args.length) return err(`\`/standup ${sub}\` takes nothing after it. Example: \`/standup ${sub}\``);
      return { kind: sub };
    case 'members':
    case 'managers': {
      const op = (args[0] ?? '').toLowerCase();
      if (sub === 'members' && (op === '' || op === 'list')) {
        if (args.length > 1) return err('`/standup members` lists the team; to change it say `add` or `remove`. Example: `/standup members add @alice`');
        return { kind: 'members', op: 'list' };
      }
      if (op !== 'add' && op !== 'remove') return err(`Say \`add\` or \`remove\`. Example: \`/standup ${sub} add @alice @bob\``);
      const people = parseUserList(args.slice(1));
      if (!people.ok) return err(`“${shown(people.bad)}” is not a person I can read — pick people from the @ list. Example: \`/standup ${sub} ${op} @alice\``);
      if (!people.userIds.length) return err(`Name at least one person. Example: \`/standup ${sub} ${op} @alice @bob\``);
      // Each unknown person is a users.info call.
      if (people.userIds.length > maxMentions) return err(tooManyMentions(people.userIds.length, `Example: \`/standup ${sub} ${op} @alice @bob\``));
      return { kind: sub, op, userIds: people.userIds };
    }
    case 'schedule': {
      const [timeText, ...dayWords] = args;
      const example = 'Example: `/standup schedule 09:30 mon-fri` or `/standup schedule 10:00 mon,wed,fri`';
      if (!timeText) return err(`Give a time and, optionally, days. ${example}`);
      const time = parseLocalTime(timeText);
      if (!time) return err(`“${shown(timeText)}” is not a time of day (use 24-hour HH:MM). ${example}`);
      if (!dayWords.length) return { kind: 'schedule', time: formatLocalTime(time) };
      // "mon, wed, fri", "mon wed fri" and "every day" arrive as several words.
      const daysText = dayWords
        .join(' ')
        .replace(/^every\s+day$/i, 'daily')
        .replace(/\s*,\s*/g, ',')
        .replace(/\s+/g, ',');
      const days = parseWeekdays(daysText);
      if (!days || days.length === 0) return err(`“${shown(daysText)}” is not a list of days. ${example}`);
      return { kind: 'schedule', time: formatLocalTime(time), days };
    }
    case 'timezone':
    case 'tz': {
      const value = args[0];
      const example = 'Example: `/standup timezone Europe/Berlin` (everyone on one zone) or `/standup timezone local` (each member’s own)';
      if (!value || args.length > 1) return err(`Give one zone. ${example}`);
      if (['local', 'member', 'members', 'own'].includes(value.toLowerCase())) return { kind: 'timezone', mode: 'member' };
      if (!isValidZone(value)) return err(`“${shown(value)}” is not a time zone I know. ${example}`);
      return { kind: 'timezone', mode: 'pinned', zone: canonicalZone(value) };
    }
    case 'deadline': {
      const time = args.length === 1 ? parseLocalTime(args[0]!) : undefined;
      if (!time) return err('Give the report deadline as a local time. Example: `/standup deadline 12:00`');
      return { kind: 'deadline', time: formatLocalTime(time) };
    }
    case 'reminder': {
      const value = (args[0] ?? '').toLowerCase();
      const example = 'Example: `/standup reminder 90m`, `/standup reminder 2h` or `/standup reminder off`';
      if (args.length !== 1) return err(`Give how long after the prompt. ${example}`);
      if (['off', 'none', 'no'].includes(value)) return { kind: 'reminder', minutes: null };
      const m = /^(\d{1,3})(m|min|mins|minutes|h|hr|hours?)?$/.exec(value);
      if (!m) return err(`“${shown(value)}” is not a duration. ${example}`);
      const minutes = Number(m[1]) * (m[2]?.startsWith('h') ? 60 : 1);
      if (minutes < 5 || minutes > 12 * 60) return err(`A reminder goes between 5 minutes and 12 hours after the prompt. ${example}`);
      return { kind: 'reminder', minutes };
    }
    case 'away': {
      const example = 'Example: `/standup away 2026-12-21 2027-01-03` (inclusive), `/standup away list`, `/standup away cancel 3`';
      const op = (args[0] ?? '').toLowerCase();
      if (op === 'list' && args.length === 1) return { kind: 'away', op: 'list' };
      if (op === 'cancel') {
        const id = args.length === 2 && !args[1]!.startsWith('#') ? parseId(args[1]) : undefined;
        if (!id) return err(`Say which period to cancel; \`/standup away list\` shows the numbers. ${example}`);
        if ('outOfRange' in id) return err(`You have no time off numbered ${id.outOfRange}. Say which period to cancel; \`/standup away list\` shows the numbers. ${example}`);
        return { kind: 'away', op: 'cancel', id: id.id };
      }
      const dates = op === 'add' ? args.slice(1) : args;
      if (dates.length < 1 || dates.length > 2) return err(`Give the first and last day away. ${example}`);
      const [from, to = dates[0]!] = dates as [string, string?];
      for (const d of [from, to]) if (!isValidLocalDate(d)) return err(`“${shown(d)}” is not a date (YYYY-MM-DD). ${example}`);
      if (to < from) return err(`The last day (${to}) is before the first (${from}). ${example}`);
      if (to < today) return err(`That period is already over (today is ${today}). ${example}`);
      if (daysBetween(from, to) > 365) return err(`Time off is limited to a year at a time. ${example}`);
      // A date years away is a typo, and the workload plans read time off up to it.
      for (const d of [from, to]) {
        const outside = dateOutsideWindow(d, today);
        if (outside) return err(`${outside} ${example}`);
      }
      return { kind: 'away', op: 'add', from, to };
    }
    case 'holidays':
    case 'holiday': {
      const example = 'Example: `/standup holidays DE-BY` (yours), `/standup holidays team US` (the team default, managers), `/standup holidays` (your next ones)';
      if (!args.length) return { kind: 'holidays', op: 'list' };
      const team = args[0]!.toLowerCase() === 'team';
      const rest = team ? args.slice(1) : args;
      if (rest.length !== 1) return err(`Give one region: a country code, optionally with its subdivision. ${example}`);
      const word = rest[0]!.toLowerCase();
      if (word === 'off' || word === 'none' || (!team && (word === 'team' || word === 'default'))) return { kind: 'holidays', op: team ? 'team' : 'mine', region: null };
      const r = parseHolidayRegion(rest[0]!);
      if (!r.ok) return err(`${r.message} ${example}`);
      return { kind: 'holidays', op: team ? 'team' : 'mine', region: r.region };
    }
    case 'calendar':
    case 'cal': {
      if (!args.length) return { kind: 'calendar', op: 'status' };
      if (args.length === 1 && ['off', 'disconnect', 'remove', 'none'].includes(args[0]!.toLowerCase())) return { kind: 'calendar', op: 'off' };
      if (args.length !== 1) return err('Give the calendar’s secret iCal address, or `off`. Example: `/standup calendar https://calendar.google.com/calendar/ical/…/basic.ics`');
      // The address is checked where it is used (https only unless the server allows otherwise); never echoed back.
      return { kind: 'calendar', op: 'connect', url: args[0]! };
    }
    case 'questions':
      if (args.length) return err('`/standup questions` lists them; to change one use `/standup question …`. Example: `/standup question add Any risks?`');
      return { kind: 'questions' };
    case 'question': {
      const example = 'Example: `/standup question add Any risks?`, `question edit 2 What is next?`, `question remove 4`, `question move 4 1`, `question blockers 3`';
      const op = (args[0] ?? '').toLowerCase();
      const n = /^\d{1,2}$/.test(args[1] ?? '') ? Number(args[1]) : 0;
      // The raw text after the words, spacing kept.
      const rest = (skip: number) => text.trim().split(/\s+/).slice(skip).join(' ');
      if (op === 'add') {
        const q = rest(2);
        if (!q) return err(`Give the question. ${example}`);
        if (q.length > 300) return err(`Keep a question under 300 characters. ${example}`);
        return { kind: 'question', op: 'add', text: q };
      }
      if (!n) return err(`Give the question's number from \`/standup questions\`. ${example}`);
      if (op === 'edit') {
        const q = rest(3);
        if (!q || q.length > 300) return err(`Give the new wording (under 300 characters). ${example}`);
        return { kind: 'question', op: 'edit', n, text: q };
      }
      if (op === 'remove' && args.length === 2) return { kind: 'question', op: 'remove', n };
      if (op === 'move' && args.length === 3 && /^\d{1,2}$/.test(args[2]!)) return { kind: 'question', op: 'move', n, to: Number(args[2]) };
      if ((op === 'blockers' || op === 'done' || op === 'plan') && args.length === 2) return { kind: 'question', op: 'role', n, role: op };
      return err(`I can add, edit, remove or move a question, or mark it as the blockers / done / plan question. ${example}`);
    }
    default:
      return err(`I don't know \`/standup ${shown(sub)}\`. Example: \`/standup status\`, or \`/standup help\` for everything.`);
  }
}
