import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pngSize } from '../src/digests/digest.chart.ts';
import { runDemo } from '../src/demo/demo.ts';

describe('npm run demo', () => {
  const outDir = mkdtempSync(join(tmpdir(), 'coordinator-demo-test-'));
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it('plays the fortnight and shows prompts, a reminder, an escalation, an overload warning and the digests', { timeout: 300_000 }, async () => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runDemo({ env: {}, io: { out: (s) => out.push(s), err: (s) => err.push(s) }, outDir });
    expect(code).toBe(0);
    const transcript = out.join('\n');
    expect(transcript).toMatch(/DM to Divya \(09:30 for Divya in Asia\/Kolkata\): 👋 Standup for #team-payments · Mon 30 Nov/);
    expect(transcript).toMatch(/DM to Eli .*Your standup for #team-payments \(Tue 1 Dec\) is still open/);
    expect(transcript).toMatch(/new blocker #1 from Ana: waiting on staging DB access/);
    expect(transcript).toMatch(/#payments-stakeholders: ⚠️ Blocker #1 in #team-payments has been open 2 working days/);
    expect(transcript).toMatch(/🚨 Blocker #1 in #team-payments has been open 4 working days/);
    expect(transcript).toMatch(/This puts @Chen at 110% this week/);
    expect(transcript).toMatch(/DM to Mara \(lead\): 🔴 Overloaded: @Chen is at 110% this week/);
    expect(transcript).toMatch(/Eli clicks "Skip today"/);
    expect(transcript).toMatch(/Away: Divya/);
    // Time off nobody typed: Ben's public holiday (Italy, Tue 8 Dec) and Eli's calendar (Thu 10, Fri 11 Dec).
    expect(transcript).toMatch(/Holiday \(1\): Ben/);
    expect(transcript).not.toMatch(/DM to Ben: .*Standup for #team-payments · Tue 8 Dec/);
    expect(transcript).toMatch(/Connected your calendar \(http:\/\/127\.0\.0\.1:\d+\/…\)/);
    expect(transcript).toMatch(/DM to Eli .*Standup for #team-payments · Wed 9 Dec/);
    expect(transcript).not.toMatch(/DM to Eli .*Standup for #team-payments · Thu 10 Dec/);
    expect(transcript.match(/#payments-stakeholders: Weekly digest — #team-payments/g)).toHaveLength(2);
    // A milestone with this week's tasks on it, and a risk to it: its forecast worsens, and Friday's digest shows both.
    expect(transcript).toMatch(/Milestone #1 Refunds GA added to #team-payments: target Fri 11 Dec, budget 60 h/);
    expect(transcript).toMatch(/Added to the risk register: 🔴 #1 Card network sign-off may come late — 16 \(L4×I4\) · owner @Ben/);
    expect(transcript).toMatch(/DM to Mara \(lead\): 🔴 #1 Refunds GA in #team-payments went from at risk to late/);
    expect(transcript).toMatch(/Fri 11 Dec 16:00 {2}#payments-stakeholders: Weekly digest — #team-payments .*milestone Refunds GA late/);
    expect(transcript).toMatch(/chart uploaded \(chart-2\.png\)/);
    expect(err).toEqual([]);
    const html = readFileSync(join(outDir, 'index.html'), 'utf8');
    expect(html).toContain('<img src="chart-1.png"');
    expect(html).not.toMatch(/<script/i);
    expect(html).toMatch(/<b>Refunds GA<\/b> — late: projected \w{3} \d+ Dec vs target Fri 11 Dec/);
    expect(html).toMatch(/<b>Top risks<\/b> — 1 of 1 open[^<]*<br>#1 Card network sign-off may come late/);
    expect(pngSize(readFileSync(join(outDir, 'chart-1.png')))).toEqual({ width: 1000, height: 420 });
    // The second week's chart has the milestone view below the base panels (one milestone's row).
    expect(pngSize(readFileSync(join(outDir, 'chart-2.png')))).toEqual({ width: 1000, height: 530 });
    expect(existsSync(join(outDir, 'transcript.txt'))).toBe(true);
  });
});
