import { describe, expect, it } from 'vitest';
import { composeDigest, type DigestInput } from '../../src/digests/digest.models.ts';
import { chartSize, chartSpec, pngSize, renderChart } from '../../src/digests/digest.chart.ts';
import { digestDetails, digestMessage, linesText } from '../../src/slack/blocks/digest.blocks.ts';
import { computeLoad } from '../../src/workload/workload.models.ts';
import { validateMessageBlocks } from '../support/slack-limits.ts';

// Week of Mon 30 Nov 2026; the digest runs on Friday 4 Dec.
const members = [
  { userId: 'UA', name: 'Ana', joinedDate: '2026-01-01' },
  { userId: 'UB', name: 'Bo <&>', joinedDate: '2026-01-01' },
  { userId: 'UC', name: 'Cy', joinedDate: '2026-12-02' },
];
const answered = (userId: string, date: string, done: string) => ({ userId, date, status: 'answered', answers: [{ kind: 'done', answer: done }, { kind: 'plan', answer: 'stuff' }] });

function input(over: Partial<DigestInput> = {}): DigestInput {
  return {
    teamName: '#team',
    today: '2026-12-04',
    periodStart: '2026-11-30',
    periodEnd: '2026-12-06',
    workingDays: [1, 2, 3, 4, 5],
    blockerThresholdDays: 2,
    overloadThreshold: 100,
    members,
    entries: [
      answered('UA', '2026-11-30', '- Shipped the importer\n- Fixed <!channel> bug'),
      answered('UA', '2026-12-01', 'Reviewed PRs'),
      answered('UA', '2026-12-02', 'none'),
      answered('UA', '2026-12-03', 'Release notes'),
      answered('UA', '2026-12-04', 'Demo'),
      answered('UB', '2026-11-30', 'Specs'),
      { userId: 'UB', date: '2026-12-01', status: 'skipped', answers: null },
      answered('UC', '2026-12-03', 'Onboarding'),
    ],
    away: [{ userId: 'UB', fromDate: '2026-12-03', toDate: '2026-12-04' }],
    blockers: [
      { id: 1, text: 'No access to staging', reporterId: 'UA', ownerId: 'UB', openedDate: '2026-11-25', resolvedDate: null, status: 'open' },
      { id: 2, text: 'Waiting on legal', reporterId: 'UB', ownerId: null, openedDate: '2026-12-03', resolvedDate: null, status: 'open' },
      { id: 3, text: 'CI red', reporterId: 'UA', ownerId: null, openedDate: '2026-11-30', resolvedDate: '2026-12-01', status: 'resolved' },
    ],
    tasksDone: [{ id: 7, title: 'Importer', assigneeId: 'UA' }],
    tasksDueNextWeek: [{ id: 9, title: 'Launch', assigneeId: 'UB', dueDate: '2026-12-08', estimateMinutes: 240 }],
    loads: computeLoad({
      today: '2026-12-04',
      workingDays: [1, 2, 3, 4, 5],
      defaultEstimateHours: 4,
      overloadThreshold: 100,
      weeks: ['2026-11-30', '2026-12-07'],
      members: members.map((m) => ({ userId: m.userId, capacityHours: 40, awayDates: new Set<string>() })),
      tasks: [{ id: 8, title: 'Big', assigneeId: 'UA', estimateHours: 48, dueDate: null, status: 'open' }],
    }),
    previous: { participationPct: 60, openBlockers: 2, overloaded: 0 },
    ...over,
  };
}

describe('composeDigest', () => {
  const c = composeDigest(input());

  it('counts participation per member: answered / expected, away and skipped days excluded, from when they joined', () => {
    expect(c.participation.members).toEqual([
      { userId: 'UA', name: 'Ana', answered: 5, expected: 5, awayDays: 0 },
      { userId: 'UB', name: 'Bo <&>', answered: 1, expected: 2, awayDays: 3 },
      { userId: 'UC', name: 'Cy', answered: 1, expected: 3, awayDays: 0 },
    ]);
    expect(c.participation.team).toEqual({ answered: 7, expected: 10, pct: 70 });
  });

  it('collects progress from "done" answers and finished tasks, by member, without "none"', () => {
    expect(c.progress).toEqual([
      { userId: 'UA', name: 'Ana', items: ['Shipped the importer', 'Fixed <!channel> bug', 'Reviewed PRs', 'Release notes', 'Demo', '✓ #7 Importer'] },
      { userId: 'UB', name: 'Bo <&>', items: ['Specs'] },
      { userId: 'UC', name: 'Cy', items: ['Onboarding'] },
    ]);
  });

  it('lists blockers: new, resolved, and open oldest first with age in working days', () => {
    expect(c.blockers.open.map((b) => [b.id, b.ageDays])).toEqual([
      [1, 7],
      [2, 1],
    ]);
    expect(c.blockers.opened.map((b) => b.id)).toEqual([2, 3]);
    expect(c.blockers.resolved).toEqual([{ id: 3, text: 'CI red', reporterId: 'UA', ageDays: 1 }]);
  });

  it('computes trend arrows against the previous digest', () => {
    expect(c.stats).toEqual({ participationPct: 70, openBlockers: 2, overloaded: 1 });
    expect(c.trend).toMatchObject({ participation: '↑', openBlockers: '=', overloaded: '↑' });
    expect(composeDigest(input({ previous: undefined })).trend).toMatchObject({ participation: '=', previous: null });
  });

  it('writes a headline a stakeholder reads first', () => {
    expect(c.workload[0]).toMatchObject({ userId: 'UA', thisWeek: 120, band: 'overloaded' });
    expect(c.headline).toBe('At risk · 1 blocker open 2+ days · Ana overloaded this week · 70% participation');
    const calm = composeDigest(input({ blockers: [], loads: [], entries: input().entries.map((e) => ({ ...e, status: 'answered' })), away: [], members: members.slice(0, 1) }));
    expect(calm.headline).toBe('On track · no open blockers · 100% participation');
  });

  it('lists tasks due next week', () => {
    expect(c.dueNextWeek.map((t) => t.id)).toEqual([9]);
  });
});

describe('digest rendering', () => {
  it('renders within Slack’s limits and escapes user text', () => {
    const msg = digestMessage(composeDigest(input()));
    expect(validateMessageBlocks({ blocks: msg.blocks })).toEqual([]);
    const json = JSON.stringify(msg);
    expect(json).not.toContain('<!channel>');
    expect(json).toContain('Bo &lt;&amp;&gt;');
    expect(json).toContain('participation 70% ↑ (was 60%)');
  });

  it('stays within limits with 60 members and 200 blockers, saying how many more, with the rest in the thread', () => {
    const many = Array.from({ length: 60 }, (_, i) => ({ userId: `U${i}`, name: `Member number ${i} with a long name`, joinedDate: '2026-01-01' }));
    const blockers = Array.from({ length: 200 }, (_, i) => ({ id: i + 1, text: `Blocker ${i} ${'is long and detailed '.repeat(12)}`, reporterId: `U${i % 60}`, ownerId: null, openedDate: '2026-11-02', resolvedDate: null, status: 'open' as const }));
    const entries = many.flatMap((m) => ['2026-11-30', '2026-12-01'].map((d) => answered(m.userId, d, `Did a thing ${'with many words '.repeat(20)}`)));
    const c = composeDigest(input({ members: many, blockers, entries, loads: [], tasksDone: [] }));
    const msg = digestMessage(c);
    expect(validateMessageBlocks({ blocks: msg.blocks })).toEqual([]);
    expect(msg.blocks.length).toBeLessThanOrEqual(50);
    expect(JSON.stringify(msg)).toMatch(/… and \d+ more/);
    const details = digestDetails(c);
    for (const d of details) expect(validateMessageBlocks({ blocks: d.blocks })).toEqual([]);
    const all = JSON.stringify(details);
    for (const id of [1, 100, 200]) expect(all).toContain(`#${id} Blocker`);
  });

  it('linesText cuts at the budget and counts what it left out', () => {
    const text = linesText('*T*', Array.from({ length: 100 }, (_, i) => `line ${i} ${'x'.repeat(50)}`), { budget: 500 });
    expect(text.length).toBeLessThanOrEqual(500);
    expect(text).toMatch(/_… and \d+ more_$/);
  });
});

describe('digest chart', () => {
  it('is a valid PNG of the expected size', async () => {
    const c = composeDigest(input({ history: [{ periodStart: '2026-11-23', participationPct: 60 }] }));
    const png = await renderChart(chartSpec(c, 100));
    expect(pngSize(png)).toEqual(chartSize);
  });

  it('pngSize rejects what is not a PNG', () => {
    expect(pngSize(Buffer.from('GIF89a not a png at all, really'))).toBeUndefined();
  });
});

describe('participation across zones', () => {
  it('does not count today for members whose prompt has not come yet when the digest is composed', () => {
    const c = composeDigest(
      input({
        members: [
          { userId: 'UA', name: 'Ana', joinedDate: '2026-01-01', zone: 'Europe/Berlin' },
          { userId: 'UL', name: 'Lou', joinedDate: '2026-01-01', zone: 'America/Los_Angeles' },
        ],
        entries: ['2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04'].flatMap((d) => [answered('UA', d, 'x'), ...(d < '2026-12-04' ? [answered('UL', d, 'y')] : [])]),
        away: [],
        // Friday 16:00 in Berlin is 07:00 in Los Angeles: Lou has not been asked yet today.
        asOf: new Date('2026-12-04T15:00:00Z'),
        promptTime: '09:30',
      }),
    );
    expect(c.participation.members.map((m) => [m.userId, m.answered, m.expected])).toEqual([
      ['UA', 5, 5],
      ['UL', 4, 4],
    ]);
  });
});

