/** Pure parser of `/standup` text. Every outcome is a value; nothing throws. */
export type StandupCommand =
  | { kind: 'help' }
  | { kind: 'error'; message: string };

export function parseStandupCommand(text: string): StandupCommand {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const sub = (words[0] ?? '').toLowerCase();
  if (sub === 'help' || sub === '?') return { kind: 'help' };
  return { kind: 'error', message: `I don't know \`/standup ${sub}\`. Try \`/standup help\`.` };
}
