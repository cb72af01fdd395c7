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
    expect(transcript).toMatch(/chart uploaded \(chart-2\.png\)/);
    expect(err).toEqual([]);
    const html = readFileSync(join(outDir, 'index.html'), 'utf8');
    expect(html).toContain('<img src="chart-1.png"');
    expect(html).not.toMatch(/<script/i);
    for (const f of ['chart-1.png', 'chart-2.png']) expect(pngSize(readFileSync(join(outDir, f)))).toEqual({ width: 1000, height: 420 });
    expect(existsSync(join(outDir, 'transcript.txt'))).toBe(true);
  });
});
