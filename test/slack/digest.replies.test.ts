import { describe, expect, it } from 'vitest';
import { digestChannelText, digestHistoryText, digestPostedText, digestScheduleText } from '../../src/slack/blocks/digest.replies.ts';

describe('digest replies', () => {
  it('lists recent digests without letting a headline link or mention anyone', () => {
    expect(digestHistoryText([])).toBe('No digest has been posted yet. `/digest preview` shows what the next one says.');
    expect(
      digestHistoryText([
        { periodStart: '2026-11-30', periodEnd: '2026-12-06', kind: 'weekly', headline: '<!here> 80% & rising', channelId: 'CSTAKE' },
        { periodStart: '2026-11-23', periodEnd: '2026-11-29', kind: 'manual', headline: 'quiet week', channelId: null },
      ]),
    ).toBe('*Recent digests*\n• 2026-11-30 → 2026-12-06 (weekly) — !here 80%  rising · <#CSTAKE>\n• 2026-11-23 → 2026-11-29 (manual) — quiet week');
  });

  it('says where a posted digest stands: sent, refused by Slack, or still queued', () => {
    const p = { teamName: 'A&B', channelId: 'C1' };
    expect(digestPostedText({ ...p, delivery: { status: 'sent', lastError: null } })).toBe(":newspaper: Posted A&amp;B's digest to <#C1>.");
    expect(digestPostedText({ ...p, delivery: { status: 'failed', lastError: 'not_in_channel' } })).toBe(':warning: Slack refused the digest for <#C1> (not_in_channel). If the channel is private, invite me first: `/invite @Coordinator`.');
    expect(digestPostedText({ ...p, delivery: { status: 'failed', lastError: null } })).toContain('(unknown error)');
    for (const delivery of [undefined, { status: 'pending', lastError: null }]) {
      expect(digestPostedText({ ...p, delivery })).toBe(':hourglass: Slack is slow right now; the digest for <#C1> is queued and goes out within a few minutes.');
    }
  });

  it('confirms the schedule and the channel', () => {
    expect(digestScheduleText({ name: '<x>', digestDay: 5, digestTime: '16:00', timezone: 'Europe/Berlin', channelId: 'C1' })).toBe(":calendar: &lt;x&gt;'s digest goes out every Friday at 16:00 (Europe/Berlin) to <#C1>.");
    expect(digestChannelText({ teamName: 'A', channelId: 'C2' })).toBe(":mega: A's weekly digest and blocker escalations now go to <#C2>. Invite me there if it is private (`/invite @Coordinator`).");
  });
});
