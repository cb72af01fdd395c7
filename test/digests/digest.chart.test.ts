import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { chartAltText, chartFontFiles, chartSize, chartSpec, maxAltTextLength, pngSize, renderChart } from '../../src/digests/digest.chart.ts';
import { composeDigest, type DigestInput } from '../../src/digests/digest.models.ts';
import { computeLoad } from '../../src/workload/workload.models.ts';

// Week of Mon 30 Nov 2026, composed on Friday 4 Dec.
const members = [
  { userId: 'UA', name: 'Ana', joinedDate: '2026-01-01' },
  { userId: 'UB', name: 'Bo', joinedDate: '2026-01-01' },
];
const answered = (userId: string, date: string) => ({ userId, date, status: 'answered', answers: [{ kind: 'done', answer: 'work' }] });

function content() {
  const loads = computeLoad({
    today: '2026-11-30',
    workingDays: [1, 2, 3, 4, 5],
    defaultEstimateHours: 4,
    overloadThreshold: 100,
    members: [
      { userId: 'UA', capacityHours: 40, awayDates: new Set() },
      { userId: 'UB', capacityHours: 10, awayDates: new Set() },
    ],
    tasks: [
      { id: 1, title: 'Importer', assigneeId: 'UA', estimateHours: 26, dueDate: '2026-12-04', status: 'open' },
      { id: 2, title: 'Specs', assigneeId: 'UB', estimateHours: 15, dueDate: '2026-12-04', status: 'open' },
    ],
    weeks: ['2026-11-30', '2026-12-07'],
  });
  const input: DigestInput = {
    teamName: '#team-alpha',
    today: '2026-12-04',
    periodStart: '2026-11-30',
    periodEnd: '2026-12-06',
    workingDays: [1, 2, 3, 4, 5],
    blockerThresholdDays: 2,
    overloadThreshold: 100,
    members,
    entries: [...['2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04'].map((d) => answered('UA', d)), answered('UB', '2026-11-30'), answered('UB', '2026-12-01')],
    away: [],
    blockers: [
      { id: 7, text: 'waiting on legal', reporterId: 'UB', ownerId: null, openedDate: '2026-12-01', resolvedDate: null, status: 'open' },
      { id: 8, text: 'flaky CI', reporterId: 'UA', ownerId: null, openedDate: '2026-12-02', resolvedDate: null, status: 'open' },
    ],
    tasksDone: [],
    tasksDueNextWeek: [],
    loads,
    history: [{ periodStart: '2026-11-23', participationPct: 60 }],
  };
  return composeDigest(input);
}

/** RGBA pixels of a PNG, decoded by drawing it into resvg (which needs no fonts for an image). */
function pixels(png: Buffer): { width: number; height: number; data: Buffer } {
  const { width, height } = pngSize(png)!;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${width}" height="${height}"><image width="${width}" height="${height}" xlink:href="data:image/png;base64,${png.toString('base64')}"/></svg>`;
  const image = new Resvg(svg, { font: { loadSystemFonts: false }, fitTo: { mode: 'original' } }).render();
  return { width: image.width, height: image.height, data: Buffer.from(image.pixels) };
}

/** Dark pixels (text is near black; bars, grid and lines are coloured or light) in a box. */
function darkPixels(img: { width: number; data: Buffer }, box: { x0: number; y0: number; x1: number; y1: number }): number {
  let n = 0;
  for (let y = box.y0; y < box.y1; y++) {
    for (let x = box.x0; x < box.x1; x++) {
      const i = (y * img.width + x) * 4;
      if (img.data[i]! < 90 && img.data[i + 1]! < 90 && img.data[i + 2]! < 90) n++;
    }
  }
  return n;
}

// Above both panels: only the two titles ("Utilisation this week (%)", "Standup participation (%)") are drawn there.
const titleBand = { x0: 0, y0: 0, x1: chartSize.width, y1: 48 };

describe('digest chart fonts', () => {
  it('ships its own TTF files and loads no system font', () => {
    expect(chartFontFiles.length).toBeGreaterThan(0);
    for (const f of chartFontFiles) expect(f).toMatch(/\.ttf$/);
  });

  it('draws its text with the bundled font, and the same text vanishes with no font at all', async () => {
    const spec = chartSpec(content(), 100);
    const withFont = pixels(await renderChart(spec));
    const noFont = pixels(await renderChart(spec, { fontFiles: [] }));
    expect(withFont.width).toBe(chartSize.width);
    // System fonts are never loaded, so with no font files the titles are simply not drawn:
    // this is what "text silently disappears" looks like, and the bundled font prevents it.
    expect(darkPixels(noFont, titleBand)).toBe(0);
    expect(darkPixels(withFont, titleBand)).toBeGreaterThan(300);
    // Axis labels (names, percentages) too: the whole picture has far more dark ink with the font.
    const all = { x0: 0, y0: 0, x1: chartSize.width, y1: chartSize.height };
    expect(darkPixels(withFont, all)).toBeGreaterThan(darkPixels(noFont, all) + 1000);
  });

  it('renders the same bytes twice (nothing depends on the machine)', async () => {
    const spec = chartSpec(content(), 100);
    expect((await renderChart(spec)).equals(await renderChart(spec))).toBe(true);
  });
});

describe('chart alt text', () => {
  it('states the numbers the chart and the week show', () => {
    const c = content();
    const alt = chartAltText(c, 100);
    expect(alt).toBe(
      'Digest chart for #team-alpha, Mon 30 Nov to Sun 6 Dec. ' +
        'Participation this week: 7/10 answers (70%): Ana 5/5, Bo 2/5. ' +
        'Open blockers: 2. ' +
        `Utilisation this week, overloaded above 100%: ${c.workload.map((w) => `${w.name} ${w.thisWeek}% ${w.band === 'at-risk' ? 'at risk' : w.band}`).join(', ')}. ` +
        'Standup participation by week: week of Mon 23 Nov 60%, week of Mon 30 Nov 70%.',
    );
    expect(c.workload.map((w) => w.band)).toContain('overloaded');
    expect(alt).toMatch(/Bo 150% overloaded/);
  });

  it('stays within what Slack shows for a large team', () => {
    const c = content();
    const many = { ...c, participation: { ...c.participation, members: Array.from({ length: 300 }, (_, i) => ({ userId: `U${i}`, name: `Person number ${i}`, answered: 3, expected: 5, awayDays: 0 })) } };
    const alt = chartAltText(many, 100);
    expect(alt.length).toBeLessThanOrEqual(maxAltTextLength);
    expect(alt).toMatch(/…$/);
  });
});
