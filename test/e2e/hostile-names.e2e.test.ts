import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness.ts';
import { seedTeam } from '../support/seed.ts';
import { answerPrompt, command, dms, teamChannel } from '../support/standup-helpers.ts';
import { waitFor } from '../support/wait.ts';

/** Every string Slack parses as mrkdwn in a payload: `text` fields outside plain_text objects. */
function mrkdwnStrings(value: unknown, out: string[] = [], key = ''): string[] {
  if (typeof value === 'string') {
    if (key === 'text') out.push(value);
    return out;
  }
  if (!value || typeof value !== 'object') return out;
  if (Array.isArray(value)) {
    for (const v of value) mrkdwnStrings(v, out, key);
    return out;
  }
  const o = value as Record<string, unknown>;
  if (o.type === 'plain_text') return out;
  for (const [k, v] of Object.entries(o)) mrkdwnStrings(typeof v === 'string' && (k === 'blocks' || k === 'view') ? safeParse(v) : v, out, k);
  return out;
}
const safeParse = (s: string): unknown => {
  try {
    return JSON.parse(s);
  } catch {
    return s;
  }
};

describe('a day with a team named <!channel> and a member named <!here>', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ now: '2026-12-01T07:00:00Z' });
    await seedTeam(h.db.db, h.fake, {
      name: '<!channel>',
      members: [
        { id: 'UMGR', tz: 'UTC', name: 'Mara', manager: true },
        { id: 'UHERE', tz: 'UTC', name: '<!here>' },
        { id: 'UEVIL', tz: 'UTC', name: '<http://evil|x> &amp;' },
      ],
    });
  });
  afterAll(() => h.close());

  it('prompt, answer, thread, deadline and digest preview never send an unescaped special mention', async () => {
    await h.tickAt('2026-12-01T09:30:00Z');
    await waitFor(() => dms(h, 'UHERE').some((m) => m.blocks?.length));
    await answerPrompt(h, 'UHERE', ['shipped <!channel>', 'more <http://evil|x>', 'waiting on <!everyone>']);
    await answerPrompt(h, 'UEVIL', ['done', 'plan', 'none']);
    await waitFor(() => h.fake.messages(teamChannel).filter((m) => m.thread_ts && m.thread_ts !== m.ts).length >= 2);
    await h.tickAt('2026-12-01T13:00:00Z'); // the deadline: the parent lists who is missing
    await command(h, 'UMGR', 'preview', teamChannel, 'team', '/digest');
    await command(h, 'UMGR', 'status');
    const sent = h.fake.calls.filter((c) => /^(chat\.|views\.)/.test(c.method)).flatMap((c) => mrkdwnStrings(c.args));
    const replies = h.catcher.received.flatMap((r) => mrkdwnStrings(r.body));
    expect(sent.length).toBeGreaterThan(5);
    for (const s of [...sent, ...replies]) expect(s, s).not.toMatch(/<!(here|channel|everyone)|<http/);
    // And the names are still there, escaped, for people to read.
    expect(sent.some((s) => s.includes('&lt;!here&gt;'))).toBe(true);
    expect(sent.some((s) => s.includes('&lt;!channel&gt;'))).toBe(true);
  });
});
