/**
 * Pure: the demo's events as one self-contained HTML page, rendered roughly as Slack
 * shows them (mrkdwn to HTML, mentions as names, buttons as buttons).
 */

export type DemoEvent = {
  at: string;
  where: string;
  text: string;
  blocks?: unknown;
  kind: 'message' | 'update' | 'ephemeral' | 'command' | 'chart';
  who?: string;
  image?: string;
};

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** mrkdwn (already escaped by the app for user text) → HTML. */
export function mrkdwnToHtml(text: string, names: Record<string, string>, channels: Record<string, string>): string {
  // Slack's own escapes come first back to characters, then everything is escaped once for HTML.
  let s = text
    .replace(/<@(\w+)(?:\|[^>]*)?>/g, (_, id: string) => `\u0001@${names[id] ?? id}\u0002`)
    .replace(/<#(\w+)(?:\|[^>]*)?>/g, (_, id: string) => `\u0001${channels[id] ?? '#channel'}\u0002`)
    .replace(/<(https?:\/\/[^|>]+)\|([^>]+)>/g, (_, url: string, label: string) => `\u0003${url}\u0004${label}\u0005`)
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
  s = escapeHtml(s)
    .replace(/\u0001([^\u0002]*)\u0002/g, '<span class="mention">$1</span>')
    .replace(/\u0003([^\u0004]*)\u0004([^\u0005]*)\u0005/g, '<a href="$1">$2</a>')
    .replace(/```([\s\S]*?)```/g, '<pre>$1</pre>')
    .replace(/`([^`\n]+)`/g, '<code>$1</code>')
    .replace(/(^|[\s(])\*([^*\n]+)\*/g, '$1<b>$2</b>')
    .replace(/(^|[\s(])_([^_\n]+)_/g, '$1<i>$2</i>')
    .replace(/(^|[\s(])~([^~\n]+)~/g, '$1<s>$2</s>')
    .replace(/:([a-z0-9_+-]+):/g, (_, name: string) => emoji[name] ?? `:${name}:`)
    .replace(/\n/g, '<br>');
  return s;
}

export const emoji: Record<string, string> = {
  wave: '👋', white_check_mark: '✅', hourglass: '⌛', hourglass_flowing_sand: '⏳', palm_tree: '🌴', tada: '🎉', warning: '⚠️', construction: '🚧',
  rotating_light: '🚨', red_circle: '🔴', large_yellow_circle: '🟡', large_green_circle: '🟢', white_circle: '⚪', memo: '📝', calendar: '📅', newspaper: '📰',
  confetti_ball: '🎊', raised_hands: '🙌', arrow_right: '➡️', arrow_forward: '▶️', stopwatch: '⏱️', bell: '🔔', globe_with_meridians: '🌐', alarm_clock: '⏰', mega: '📣', pencil: '✏️',
};

function blocksToHtml(blocks: unknown, names: Record<string, string>, channels: Record<string, string>): string {
  if (!Array.isArray(blocks)) return '';
  return blocks
    .map((b: { type?: string; text?: { text?: string }; elements?: { type?: string; text?: { text?: string } | string; style?: string }[] }) => {
      switch (b.type) {
        case 'header':
          return `<h3>${escapeHtml(b.text?.text ?? '')}</h3>`;
        case 'section':
          return `<div class="section">${mrkdwnToHtml(b.text?.text ?? '', names, channels)}</div>`;
        case 'context':
          return `<div class="context">${(b.elements ?? []).map((e) => mrkdwnToHtml(typeof e.text === 'string' ? e.text : '', names, channels)).join(' ')}</div>`;
        case 'divider':
          return '<hr>';
        case 'actions':
          return `<div class="actions">${(b.elements ?? []).map((e) => `<span class="button ${e.style ?? ''}">${escapeHtml(typeof e.text === 'object' ? (e.text?.text ?? '') : '')}</span>`).join('')}</div>`;
        default:
          return '';
      }
    })
    .join('');
}

export function renderHtml(p: { title: string; events: DemoEvent[]; names: Record<string, string>; channels: Record<string, string> }): string {
  const items = p.events
    .map((e) => {
      const body =
        e.kind === 'chart'
          ? `<img src="${escapeHtml(e.image ?? '')}" alt="${escapeHtml(e.text)}">`
          : e.kind === 'command'
            ? `<code>${escapeHtml(e.text)}</code>`
            : blocksToHtml(e.blocks, p.names, p.channels) || mrkdwnToHtml(e.text, p.names, p.channels);
      return `<li class="${e.kind}"><div class="meta"><span class="at">${escapeHtml(e.at)}</span> · <span class="where">${escapeHtml(e.who ? `${e.who} in ${e.where}` : e.where)}</span></div><div class="msg">${body}</div></li>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(p.title)}</title>
<style>
body{font:15px/1.45 -apple-system,Segoe UI,Helvetica,Arial,sans-serif;max-width:980px;margin:2em auto;color:#1d1c1d;padding:0 1em}
h1{font-size:1.5em} ul{list-style:none;padding:0} li{border-left:4px solid #ddd;margin:.6em 0;padding:.4em .8em;background:#fafafa}
li.command{border-color:#8e44ad;background:#f6f0fa} li.ephemeral{border-color:#aaa;background:#f4f4f4;color:#444}
li.update{border-color:#e0a526} li.chart{border-color:#2f6db5} li.message{border-color:#3a9d5d}
.meta{font-size:.8em;color:#616061;margin-bottom:.2em} .where{font-weight:600}
.mention{background:#e8f5fa;color:#1264a3;border-radius:3px;padding:0 2px} .context{font-size:.85em;color:#616061}
.button{display:inline-block;border:1px solid #bbb;border-radius:4px;padding:2px 10px;margin:4px 6px 0 0;font-size:.9em;background:white}
.button.primary{background:#007a5a;color:white;border-color:#007a5a} img{max-width:100%;border:1px solid #ddd}
code{background:#f0f0f0;padding:0 3px;border-radius:3px} h3{margin:.2em 0}
</style></head><body>
<h1>${escapeHtml(p.title)}</h1>
<p>Everything the team, its lead and its stakeholders would have seen in Slack, in order (Berlin time). Generated by <code>npm run demo</code>.</p>
<ul>
${items}
</ul></body></html>
`;
}
