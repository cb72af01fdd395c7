/**
 * Signal quality of blocker detection: precision, recall, F1 and the unsure rate per category
 * and overall, on the labelled corpus (test/fixtures/blocker-corpus.json) and on the held-out
 * one written apart from the rules (blocker-corpus.holdout.json).
 *
 * Positive class = blocker. An 'unsure' verdict is not announced, so it counts as "not
 * predicted blocker" for precision and recall, and is reported on its own; it is correct
 * only where the corpus marks it acceptable (`unsureOk`).
 *
 *   npm run bench:signal              the tables
 *   npm run bench:signal -- --misses  also every answer read wrongly, with the reason
 */
import { readFileSync } from 'node:fs';
import { classifyBlockerAnswer, type BlockerVerdict } from '../src/blockers/blocker-detection.ts';

type Row = { answer: string; expected: 'blocker' | 'nothing'; unsureOk?: boolean; category: string; language: string };
type Tally = { n: number; tp: number; fp: number; fn: number; tn: number; unsure: number; unsureBad: number };

const showMisses = process.argv.includes('--misses');

function load(file: string): Row[] {
  const rows = JSON.parse(readFileSync(new URL(`../test/fixtures/${file}`, import.meta.url), 'utf8')) as Row[];
  for (const [i, r] of rows.entries()) {
    if (typeof r.answer !== 'string' || (r.expected !== 'blocker' && r.expected !== 'nothing') || !r.category || !r.language) {
      throw new Error(`${file}: row ${i} is not { answer, expected: blocker|nothing, category, language }`);
    }
  }
  return rows;
}

const empty = (): Tally => ({ n: 0, tp: 0, fp: 0, fn: 0, tn: 0, unsure: 0, unsureBad: 0 });

function add(t: Tally, r: Row, got: BlockerVerdict): void {
  t.n++;
  const predicted = got === 'blocker';
  const actual = r.expected === 'blocker';
  if (predicted && actual) t.tp++;
  else if (predicted) t.fp++;
  else if (actual) t.fn++;
  else t.tn++;
  if (got === 'unsure') {
    t.unsure++;
    if (!r.unsureOk) t.unsureBad++;
  }
}

const fmt = (x: number | null) => (x === null ? '—' : x.toFixed(3));
const ratio = (a: number, b: number) => (b === 0 ? null : a / b);

function line(name: string, t: Tally): string {
  const p = ratio(t.tp, t.tp + t.fp);
  const r = ratio(t.tp, t.tp + t.fn);
  const f1 = p !== null && r !== null && p + r > 0 ? (2 * p * r) / (p + r) : null;
  // Categories of nothing-only answers have no precision to speak of: their false alarms show in `fp`.
  return `| ${name} | ${t.n} | ${fmt(p)} | ${fmt(r)} | ${fmt(f1)} | ${fmt((t.tp + t.tn) / t.n)} | ${t.fp} | ${t.fn} | ${(100 * t.unsure / t.n).toFixed(1)} % (${t.unsure}) |`;
}

function run(file: string): void {
  const rows = load(file);
  const byCategory = new Map<string, Tally>();
  const byLanguage = new Map<string, Tally>();
  const all = empty();
  const misses: string[] = [];
  for (const r of rows) {
    const d = classifyBlockerAnswer(r.answer);
    if (!byCategory.has(r.category)) byCategory.set(r.category, empty());
    if (!byLanguage.has(r.language)) byLanguage.set(r.language, empty());
    for (const t of [all, byCategory.get(r.category)!, byLanguage.get(r.language)!]) add(t, r, d.verdict);
    const ok = d.verdict === r.expected || (d.verdict === 'unsure' && r.unsureOk);
    if (!ok) misses.push(`  [${r.category}] expected ${r.expected}, got ${d.verdict}: ${JSON.stringify(r.answer)}\n      ${d.reason}`);
  }
  const head = '| | n | precision | recall | F1 | accuracy | false alarms | missed | unsure |\n|---|---|---|---|---|---|---|---|---|';
  console.log(`\n### ${file} (${rows.length} answers)\n\nBy category:\n\n${head}`);
  for (const [name, t] of [...byCategory].sort()) console.log(line(name, t));
  console.log(line('**overall**', all));
  console.log(`\nBy language:\n\n${head}`);
  for (const [name, t] of [...byLanguage].sort()) console.log(line(name, t));
  console.log(`\nunsure where a sure answer was expected: ${all.unsureBad}`);
  if (showMisses && misses.length) console.log(`\nmisread:\n${misses.join('\n')}`);
}

run('blocker-corpus.json');
run('blocker-corpus.holdout.json');
