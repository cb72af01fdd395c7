/** Records what listeners register, without Bolt: the manifest test compares it to manifest.json. */
export function createRecordingRegistrar() {
  const rec = {
    commands: [] as string[],
    events: [] as string[],
    actions: [] as string[],
    views: [] as string[],
    shortcuts: [] as string[],
    options: [] as string[],
  };
  const idOf = (c: unknown, key: string): string => {
    if (typeof c === 'string') return c;
    if (c instanceof RegExp) return c.source;
    if (c && typeof c === 'object' && key in c) return String((c as Record<string, unknown>)[key]);
    return JSON.stringify(c);
  };
  return {
    ...rec,
    command: (name: unknown) => void rec.commands.push(idOf(name, 'command')),
    event: (name: unknown) => void rec.events.push(idOf(name, 'type')),
    action: (c: unknown) => void rec.actions.push(idOf(c, 'action_id')),
    view: (c: unknown) => void rec.views.push(idOf(c, 'callback_id')),
    shortcut: (c: unknown) => void rec.shortcuts.push(idOf(c, 'callback_id')),
    options: (c: unknown) => void rec.options.push(idOf(c, 'action_id')),
  };
}
