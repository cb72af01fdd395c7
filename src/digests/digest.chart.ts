import { createRequire } from 'node:module';
import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import { formatDay } from '../shared/time.ts';
import { truncate } from '../shared/text.ts';
import { bandWord } from '../workload/workload.models.ts';
import type { DigestContent } from './digest.models.ts';

/**
 * The digest's chart: utilisation per member with the overload line, and the
 * participation trend. The Vega spec is built purely; rendering is Vega to SVG
 * (no browser, no canvas) and resvg to PNG.
 */

export const chartSize = { width: 1000, height: 420 };

/** Milestones drawn in the forecast view (target vs projected finish); the digest's text lists them all. */
export const chartMilestones = 8;
const milestoneRow = 30;
const milestonePanelTop = 440;
/** The chart's height: the base panels, and the milestone view below them when there are milestones. */
export function chartHeight(c: Pick<DigestContent, 'milestones'>): number {
  const n = Math.min(c.milestones?.length ?? 0, chartMilestones);
  return n ? milestonePanelTop + 60 + n * milestoneRow : chartSize.height;
}
const statusColour: Record<string, string> = { 'on-track': '#3a9d5d', 'at-risk': '#e0a526', late: '#d64545' };
const statusText: Record<string, string> = { 'on-track': 'on track', 'at-risk': 'at risk', late: 'late' };
const dayMs = (d: string) => Date.parse(`${d}T00:00:00Z`);

/** Target vs projected finish, one row a milestone: a bar from the period's start to the projected finish, a diamond at the target. */
function milestoneMarks(c: DigestContent): vega.Mark[] {
  const list = (c.milestones ?? []).slice(0, chartMilestones);
  if (!list.length) return [];
  const start = dayMs(c.periodStart);
  const rows = list.map((m) => {
    const name = m.name.length > 18 ? `${m.name.slice(0, 17)}…` : m.name;
    // No finish in sight: the bar runs past the target to the edge, and says so.
    const finish = m.finish ? dayMs(m.finish) : null;
    return { name, start, target: dayMs(m.target), finish, colour: statusColour[m.status] ?? '#8aa4bf', label: `${statusText[m.status] ?? m.status}${m.finish ? '' : ', no finish in sight'}` };
  });
  const far = Math.max(...rows.map((r) => Math.max(r.target, r.finish ?? r.target))) + 7 * 86_400_000;
  const data = rows.map((r) => ({ ...r, end: r.finish ?? far }));
  const height = rows.length * milestoneRow;
  return [
    {
      type: 'group',
      encode: { enter: { x: { value: 160 }, y: { value: milestonePanelTop }, width: { value: 700 }, height: { value: height } } },
      title: { text: 'Milestones: projected finish (bar) vs target (◆)', anchor: 'start', fontSize: 15, offset: 8 },
      data: [{ name: 'milestones', values: data }],
      scales: [
        { name: 'my', type: 'band', domain: { data: 'milestones', field: 'name' }, range: [0, height], padding: 0.3 },
        { name: 'mx', type: 'utc', domain: [start, far], range: [0, 700] },
      ],
      axes: [
        { orient: 'left', scale: 'my', labelFontSize: 11 },
        { orient: 'bottom', scale: 'mx', labelFontSize: 10, format: '%d %b', formatType: 'utc', grid: true, gridOpacity: 0.2 },
      ],
      marks: [
        {
          type: 'rect',
          from: { data: 'milestones' },
          encode: { enter: { y: { scale: 'my', field: 'name' }, height: { scale: 'my', band: 1 }, x: { scale: 'mx', field: 'start' }, x2: { scale: 'mx', field: 'end' }, fill: { field: 'colour' }, opacity: { value: 0.85 } } },
        },
        {
          type: 'symbol',
          from: { data: 'milestones' },
          encode: { enter: { x: { scale: 'mx', field: 'target' }, y: { scale: 'my', field: 'name', band: 0.5 }, shape: { value: 'diamond' }, size: { value: 160 }, fill: { value: '#222222' } } },
        },
        {
          type: 'text',
          from: { data: 'milestones' },
          encode: { enter: { x: { value: 706 }, y: { scale: 'my', field: 'name', band: 0.5 }, baseline: { value: 'middle' }, text: { field: 'label' }, fontSize: { value: 11 }, fill: { value: '#333333' } } },
        },
      ],
    },
  ];
}

/**
 * The chart's font ships with the app (Noto Sans, SIL Open Font License 1.1, from the
 * @expo-google-fonts/noto-sans package): resvg is told to load no system fonts, so the
 * PNG is the same on a laptop, a slim container with no fonts at all, and CI.
 */
export const chartFontFamily = 'Noto Sans';
const requireFromHere = createRequire(import.meta.url);
export const chartFontFiles: readonly string[] = [
  requireFromHere.resolve('@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf'),
  requireFromHere.resolve('@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf'),
];

const bandColour: Record<string, string> = { overloaded: '#d64545', 'at-risk': '#e0a526', healthy: '#3a9d5d', under: '#8aa4bf', away: '#c8c8c8' };

export function chartSpec(c: DigestContent, threshold: number): vega.Spec {
  const people = c.workload.slice(0, 25).map((w) => ({
    name: w.name.length > 14 ? `${w.name.slice(0, 13)}…` : w.name,
    utilisation: w.thisWeek ?? 0,
    colour: bandColour[w.band] ?? '#8aa4bf',
  }));
  const history = c.history.map((h) => ({ week: h.periodStart.slice(5), pct: h.participationPct ?? 0 }));
  const maxU = Math.max(threshold + 20, ...people.map((p) => p.utilisation + 10));
  const panelH = 300;
  return {
    $schema: 'https://vega.github.io/schema/vega/v5.json',
    width: chartSize.width - 40,
    height: chartHeight(c) - 40,
    padding: 20,
    background: 'white',
    config: { text: { font: chartFontFamily }, axis: { labelFont: chartFontFamily, titleFont: chartFontFamily }, title: { font: chartFontFamily } },
    data: [
      { name: 'people', values: people },
      { name: 'history', values: history },
      { name: 'rule', values: [{ y: threshold }] },
    ],
    marks: [
      {
        type: 'group',
        encode: { enter: { x: { value: 40 }, y: { value: 30 }, width: { value: 560 }, height: { value: panelH } } },
        title: { text: 'Utilisation this week (%)', anchor: 'start', fontSize: 15 },
        scales: [
          { name: 'x', type: 'band', domain: { data: 'people', field: 'name' }, range: [0, 560], padding: 0.2 },
          { name: 'y', type: 'linear', domain: [0, maxU], range: [panelH, 0], nice: true },
        ],
        axes: [
          { orient: 'bottom', scale: 'x', labelAngle: people.length > 6 ? -35 : 0, labelAlign: people.length > 6 ? 'right' : 'center', labelFontSize: 11 },
          { orient: 'left', scale: 'y', grid: true, gridOpacity: 0.3 },
        ],
        marks: [
          {
            type: 'rect',
            from: { data: 'people' },
            encode: { enter: { x: { scale: 'x', field: 'name' }, width: { scale: 'x', band: 1 }, y: { scale: 'y', field: 'utilisation' }, y2: { scale: 'y', value: 0 }, fill: { field: 'colour' } } },
          },
          {
            type: 'rule',
            from: { data: 'rule' },
            encode: { enter: { x: { value: 0 }, x2: { value: 560 }, y: { scale: 'y', field: 'y' }, stroke: { value: '#d64545' }, strokeDash: { value: [6, 4] }, strokeWidth: { value: 2 } } },
          },
          {
            type: 'text',
            from: { data: 'rule' },
            encode: { enter: { x: { value: 556 }, y: { scale: 'y', field: 'y', offset: -6 }, text: { value: `overloaded above ${threshold}%` }, align: { value: 'right' }, fill: { value: '#d64545' }, fontSize: { value: 11 } } },
          },
        ],
      },
      {
        type: 'group',
        encode: { enter: { x: { value: 680 }, y: { value: 30 }, width: { value: 270 }, height: { value: panelH } } },
        title: { text: 'Standup participation (%)', anchor: 'start', fontSize: 15 },
        scales: [
          { name: 'hx', type: 'point', domain: { data: 'history', field: 'week' }, range: [0, 270], padding: 0.5 },
          { name: 'hy', type: 'linear', domain: [0, 100], range: [panelH, 0] },
        ],
        axes: [
          { orient: 'bottom', scale: 'hx', labelFontSize: 11 },
          { orient: 'left', scale: 'hy', grid: true, gridOpacity: 0.3 },
        ],
        marks: [
          { type: 'line', from: { data: 'history' }, encode: { enter: { x: { scale: 'hx', field: 'week' }, y: { scale: 'hy', field: 'pct' }, stroke: { value: '#2f6db5' }, strokeWidth: { value: 3 } } } },
          { type: 'symbol', from: { data: 'history' }, encode: { enter: { x: { scale: 'hx', field: 'week' }, y: { scale: 'hy', field: 'pct' }, fill: { value: '#2f6db5' }, size: { value: 60 } } } },
        ],
      },
      ...milestoneMarks(c),
    ],
  };
}

/** Slack shows at most this much alt text for an image. */
export const maxAltTextLength = 2000;

/**
 * The chart in words, for the upload's alt text: every number the picture shows (each
 * person's utilisation and band, the participation trend) plus the week's participation
 * and open blockers, so a screen reader loses nothing. Pure.
 */
export function chartAltText(c: DigestContent, threshold: number): string {
  const pct = (n: number | null) => (n === null ? 'no data' : `${n}%`);
  const t = c.participation.team;
  const parts = [
    `Digest chart for ${c.teamName}, ${formatDay(c.periodStart)} to ${formatDay(c.periodEnd)}.`,
    `Participation this week: ${t.answered}/${t.expected} answers (${pct(t.pct)})${c.participation.members.length ? `: ${c.participation.members.map((m) => `${m.name} ${m.answered}/${m.expected}`).join(', ')}` : ''}.`,
    `Open blockers: ${c.stats.openBlockers}.`,
    `Utilisation this week, overloaded above ${threshold}%: ${c.workload.length ? c.workload.slice(0, 25).map((w) => `${w.name} ${w.thisWeek === null ? 'away' : `${w.thisWeek}% ${bandWord(w.band)}`}`).join(', ') : 'no capacity data'}${c.workload.length > 25 ? ` and ${c.workload.length - 25} more` : ''}.`,
    `Standup participation by week: ${c.history.map((h) => `week of ${formatDay(h.periodStart)} ${pct(h.participationPct)}`).join(', ')}.`,
    ...(c.milestones?.length
      ? [
          `Milestones, target vs projected finish: ${c.milestones
            .slice(0, chartMilestones)
            .map((m) => `${m.name} target ${formatDay(m.target)}, ${m.openTasks === 0 ? 'nothing open' : m.finish ? `projected ${formatDay(m.finish)}` : 'no finish in sight'} (${statusText[m.status] ?? m.status})`)
            .join('; ')}${c.milestones.length > chartMilestones ? ` and ${c.milestones.length - chartMilestones} more` : ''}.`,
        ]
      : []),
  ];
  return truncate(parts.join(' '), maxAltTextLength);
}

/** Renders with the bundled font only; `fontFiles` replaces it (a test renders with none to see text vanish). */
export async function renderChart(spec: vega.Spec, opts: { fontFiles?: readonly string[] } = {}): Promise<Buffer> {
  const view = new vega.View(vega.parse(spec), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  const fontFiles = [...(opts.fontFiles ?? chartFontFiles)];
  const png = new Resvg(svg, { font: { fontFiles, loadSystemFonts: false, defaultFontFamily: chartFontFamily, sansSerifFamily: chartFontFamily }, fitTo: { mode: 'original' } }).render().asPng();
  return Buffer.from(png);
}

/** Width and height from a PNG's IHDR chunk, or undefined if it is not a PNG. */
export function pngSize(buf: Buffer): { width: number; height: number } | undefined {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (buf.length < 24 || !buf.subarray(0, 8).equals(signature) || buf.toString('ascii', 12, 16) !== 'IHDR') return undefined;
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}
