import { describe, expect, it } from 'vitest';
import { chartAltText, chartHeight, chartSize, chartSpec, pngSize, renderChart } from '../../src/digests/digest.chart.ts';
import { composeDigest, type DigestInput } from '../../src/digests/digest.models.ts';
import { forecastMilestone, workingCalendar } from '../../src/milestones/milestones.models.ts';
import { digestDetails, digestMessage } from '../../src/slack/blocks/digest.blocks.ts';
import { validateMessageBlocks } from '../support/slack-limits.ts';
import { digestMentions, forgottenName, scrubDigest } from '../../src/privacy/privacy.models.ts';

const weekdays = [1, 2, 3, 4, 5];
const forecast = (id: number, name: string, target: string, hours: number, budgetHours: number | null = null) =>
  forecastMilestone({
    today: '2026-12-04',
    milestone: { id, name, targetDate: target, budgetHours },
    workingDays: weekdays,
    isWorking: workingCalendar(weekdays, new Map()),
    defaultEstimateHours: 4,
    members: [{ userId: 'UA', capacityHours: 40 }],
    openTasks: [{ id: id * 10, title: 'work', assigneeId: 'UA', estimateHours: hours, dueDate: null, milestoneId: id }],
    doneTasks: [{ hours: 6, doneDate: '2026-12-01' }],
  });

function input(over: Partial<DigestInput> = {}): DigestInput {
  return {
    teamName: '#team',
    today: '2026-12-04',
    periodStart: '2026-11-30',
    periodEnd: '2026-12-06',
    workingDays: weekdays,
    blockerThresholdDays: 2,
    overloadThreshold: 100,
    members: [{ userId: 'UA', name: 'Ana', joinedDate: '2026-01-01' }],
    entries: [],
    away: [],
    blockers: [],
    tasksDone: [],
    tasksDueNextWeek: [],
    loads: [],
    ...over,
  };
}

const risks = Array.from({ length: 7 }, (_, i) => ({ id: i + 1, text: `Risk ${i + 1}`, likelihood: (i % 5) + 1, impact: 5 - (i % 3), ownerName: i % 2 ? 'Ana' : null, mitigation: i === 4 ? 'a plan' : null, milestoneName: i === 0 ? 'Beta' : null }));

describe('the digest’s Milestones and Top risks', () => {
  // Beta: 16 h due Fri 18 Dec, on track; Gamma: 80 h due Tue 8 Dec, late.
  const c = composeDigest(input({ milestones: [forecast(1, 'Beta', '2026-12-18', 16, 40), forecast(2, 'Gamma', '2026-12-08', 80)], risks }));

  it('lists milestones worst first with forecast, target and budget use', () => {
    expect(c.milestones!.map((m) => [m.name, m.status, m.finish, m.target])).toEqual([
      ['Gamma', 'late', '2026-12-17', '2026-12-08'],
      ['Beta', 'on-track', '2026-12-07', '2026-12-18'],
    ]);
    expect(c.milestones![1]).toMatchObject({ plannedHours: 22, doneHours: 6, budgetHours: 40, budgetPct: 55 });
    expect(c.status).toBe('At risk');
    expect(c.headline).toMatch(/milestone Gamma late/);
  });

  it('keeps the five highest risks, flagging 15+ with no mitigation', () => {
    expect(c.topRisks!.map((r) => [r.id, r.score, r.flagged])).toEqual([
      [4, 20, true],
      [5, 20, false],
      [7, 10, false],
      [3, 9, false],
      [2, 8, false],
    ]);
    expect(c.openRisks).toBe(7);
    const text = JSON.stringify(digestMessage(c));
    expect(text).toContain('*Milestones*\\n:red_circle: *Gamma* — late: projected Thu 17 Dec vs target Tue 8 Dec · 86 h planned · 6 h done');
    expect(text).toContain(':large_green_circle: *Beta* — on track: projected Mon 7 Dec vs target Fri 18 Dec · budget 22/40 h (55%) · 6 h done');
    expect(text).toContain('*Top risks* — 5 of 7 open, highest likelihood × impact first\\n#4 Risk 4 — *20* (L4×I5) · owner Ana · :rotating_light: *no mitigation*\\n#5 Risk 5 — *20* (L5×I4) · _no owner_ · mitigation: a plan');
    expect(validateMessageBlocks(digestMessage(c))).toEqual([]);
    for (const m of digestDetails(c)) expect(validateMessageBlocks(m)).toEqual([]);
  });

  it('flags a top risk scored 15+ with nothing done about it', () => {
    const d = composeDigest(input({ risks: [{ id: 9, text: 'Vendor', likelihood: 3, impact: 5, ownerName: 'Ana', mitigation: null, milestoneName: null }] }));
    expect(JSON.stringify(digestMessage(d))).toContain(':rotating_light: *no mitigation*');
  });

  it('forgetting a risk owner takes their name out of stored digests, keeping the numbers', () => {
    const d = composeDigest(input({ risks: [{ id: 9, text: 'Vendor', likelihood: 3, impact: 5, ownerId: 'UZ', ownerName: 'Zed', mitigation: null, milestoneName: null }] }));
    expect(digestMentions(d, 'UZ')).toBe(true);
    const scrubbed = scrubDigest(d, 'UZ');
    expect(scrubbed.topRisks).toEqual([{ ...d.topRisks![0], ownerName: forgottenName }]);
    expect(JSON.stringify(scrubbed)).not.toContain('Zed');
  });

  it('leaves digests without milestones or risks as they were (stored ones included)', () => {
    const plain = composeDigest(input());
    expect(plain.milestones).toBeUndefined();
    expect(JSON.stringify(digestMessage(plain))).not.toContain('Milestones');
    expect(chartHeight(plain)).toBe(chartSize.height);
  });

  it('draws target vs projected finish below the other panels, and says it in the alt text', async () => {
    expect(chartHeight(c)).toBeGreaterThan(chartSize.height);
    const png = await renderChart(chartSpec(c, 100));
    expect(pngSize(png)).toEqual({ width: chartSize.width, height: chartHeight(c) });
    expect(chartAltText(c, 100)).toMatch(/Milestones, target vs projected finish: Gamma target Tue 8 Dec, projected Thu 17 Dec \(late\); Beta target Fri 18 Dec, projected Mon 7 Dec \(on track\)\.$/);
  });
});
