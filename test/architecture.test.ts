import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { cruise, type IConfiguration, type ICruiseResult } from 'dependency-cruiser';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * The layering rules of .dependency-cruiser.cjs (run over src/ by `npm test` and `npm run lint:layers`)
 * must be able to fail. This cruises test/fixtures/layers/src — a small tree that breaks each rule once
 * and holds the allowed exceptions beside them — with the same configuration, and checks that exactly
 * the deliberate violations are reported.
 */
const root = resolve(import.meta.dirname, '..');
const fixture = resolve(root, 'test/fixtures/layers');
const config = createRequire(import.meta.url)(resolve(root, '.dependency-cruiser.cjs')) as IConfiguration;

/** `rule: from → to`, with a package shown by name wherever node_modules lives. */
type Found = string;
let found: Found[];

beforeAll(async () => {
  const { options, ...ruleSet } = config;
  const tsConfigFile = resolve(fixture, 'tsconfig.json');
  const { output } = await cruise(
    ['src'],
    { ...options, baseDir: fixture, tsConfig: { fileName: tsConfigFile }, ruleSet, validate: true },
    {},
    { tsConfig: extractTSConfig(tsConfigFile) },
  );
  const result = output as ICruiseResult;
  found = (result.summary.violations ?? []).map(
    (v) => `${v.rule.name}: ${v.from} → ${v.to.replace(/^.*node_modules\/((@[^/]+\/)?[^/]+)\/.*$/, '$1')}`,
  );
}, 20_000);

/** Each rule, the deliberate violation in the fixture that must trip it, and what that stands for. */
const expected: [rule: string, edge: string, what: string][] = [
  ['pure-no-io-packages', 'src/blockers/blockers.models.ts → drizzle-orm', 'a model loads the database driver'],
  ['pure-no-io-packages', 'src/slack/blocks/standup.blocks.ts → @slack/web-api', 'a Block Kit builder holds a Slack client'],
  ['pure-no-io-builtins', 'src/standups/standup-command.parser.ts → fs', 'a parser reads a file'],
  ['pure-no-io-modules', 'src/teams/setup.models.ts → src/teams/teams.repository.ts', 'a model takes a type from a repository'],
  ['repository-no-slack', 'src/teams/teams.repository.ts → src/slack/gateway.ts', 'a repository posts to Slack'],
  ['slack-no-repository', 'src/slack/views/answer.view.ts → src/teams/teams.repository.ts', 'a listener reaches a repository'],
  ['slack-no-db', 'src/slack/views/answer.view.ts → src/db/connect.ts', 'a listener opens the database'],
  ['slack-schema-types-only', 'src/slack/views/answer.view.ts → src/teams/teams.schema.ts', 'a listener loads table definitions'],
  ['usecases-no-block-kit', 'src/standups/standups.usecases.ts → src/slack/blocks/standup.blocks.ts', 'a use case names a Block Kit message'],
  ['usecases-no-block-kit', 'src/standups/standups.usecases.ts → src/slack/post-once.ts', 'a use case posts'],
  ['no-import-of-entry-points', 'src/demo/demo.ts → src/main.ts', 'the demo imports the server'],
  ['no-import-of-services', 'src/tick/tick.ts → src/services.ts', 'the tick wires its own services'],
  ['no-circular', 'src/tick/scheduler.ts → src/tick/tick.ts', 'two modules import each other at run time'],
  ['no-orphans', 'src/shared/unused.ts → src/shared/unused.ts', 'nothing imports a module'],
];

describe('the layering rules', () => {
  it.each(expected)('%s fires: %s (%s)', (rule, edge) => {
    expect(found).toContain(`${rule}: ${edge}`);
  });

  it('report nothing else: type-only imports, node:crypto, and the roots building services are allowed', () => {
    // Among them: `import type` of drizzle-orm/pg-core in a model and of @slack/types in blocks, a row
    // type from *.schema.ts in a listener, `type Services` in listeners.ts, main.ts and the demo
    // importing services.ts, and the listeners ⇄ commands cycle that is type-only one way.
    expect([...found].sort()).toEqual(expected.map(([rule, edge]) => `${rule}: ${edge}`).sort());
  });
});

describe('src/', () => {
  // no-circular asks dependency-cruiser for one cycle per import, found through every edge, then drops
  // it if a type-only import is on it (viaOnly). A run-time cycle can so hide behind a type-only one,
  // and src/slack has a large type-only one (listeners.ts ⇄ every listener, through ListenerDeps).
  // This walks the run-time edges alone.
  it('has no run-time import cycle', async () => {
    const { options } = config;
    const { output } = await cruise(
      ['src'],
      { ...options, baseDir: root, tsConfig: { fileName: resolve(root, 'tsconfig.json') }, validate: false },
      {},
      { tsConfig: extractTSConfig(resolve(root, 'tsconfig.json')) },
    );
    const graph = new Map<string, string[]>();
    for (const m of (output as ICruiseResult).modules) {
      if (!m.source.startsWith('src/')) continue;
      const runtime = m.dependencies.filter((d) => d.resolved.startsWith('src/') && !d.dependencyTypes.includes('type-only'));
      graph.set(m.source, runtime.map((d) => d.resolved));
    }
    expect(graph.size).toBeGreaterThan(50);
    expect(cycles(graph)).toEqual([]);
  }, 20_000);
});

/**
 * Use cases are plain exported functions that return data (issue 12, item 2): a feature listed
 * here has no `create…UseCases` factory left, and its `*.usecases.ts` import nothing from
 * src/slack/ and none of shared/text.ts's mrkdwn helpers — the words, mentions and escaping
 * are the Slack side's (`slack/blocks/`). Features are added to the list as they are converted.
 */
const dataOnlyFeatures = ['milestones', 'risks', 'privacy', 'installations'];
/** shared/text.ts exports that build or escape mrkdwn (plain helpers like `plural` stay allowed). */
const mrkdwnHelpers = new Set(['escapeMrkdwn', 'inlineText']);

/** What breaks the rule in one use-case file (`file` relative to the repository root). */
function useCaseFaults(file: string, source: string): string[] {
  const faults: string[] = [];
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
  const exported = (n: ts.Node) => ts.canHaveModifiers(n) && (ts.getModifiers(n) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  const factory = /^create\w*UseCases$/;
  for (const st of sf.statements) {
    if (ts.isFunctionDeclaration(st) && exported(st) && st.name && factory.test(st.name.text)) faults.push(`${file}: exports the factory ${st.name.text}`);
    if (ts.isVariableStatement(st) && exported(st)) {
      for (const d of st.declarationList.declarations) if (ts.isIdentifier(d.name) && factory.test(d.name.text)) faults.push(`${file}: exports the factory ${d.name.text}`);
    }
    if ((ts.isImportDeclaration(st) || ts.isExportDeclaration(st)) && st.moduleSpecifier && ts.isStringLiteral(st.moduleSpecifier)) {
      const spec = st.moduleSpecifier.text;
      if (!spec.startsWith('.')) continue;
      const target = relative(root, resolve(root, dirname(file), spec)).split('\\').join('/');
      if (target.startsWith('src/slack/')) faults.push(`${file}: imports ${target}`);
      if (target === 'src/shared/text.ts') {
        const clause = ts.isImportDeclaration(st) ? st.importClause?.namedBindings : st.exportClause;
        const names = clause && (ts.isNamedImports(clause) || ts.isNamedExports(clause)) ? clause.elements.map((e) => (e.propertyName ?? e.name).text) : ['*'];
        for (const name of names) if (name === '*' || mrkdwnHelpers.has(name)) faults.push(`${file}: imports ${name} from ${target}`);
      }
    }
  }
  return faults;
}

describe('use cases return data', () => {
  it('the check fires on a factory, a Slack import and an mrkdwn helper, and lets plain helpers through', () => {
    const bad = [
      "import { escapeMrkdwn, plural } from '../shared/text.ts';",
      "import type { Message } from '../slack/blocks/standup.blocks.ts';",
      "import * as text from '../shared/text.ts';",
      'export function createRiskUseCases(deps: unknown) { return deps; }',
      'export const createPrivacyUseCases = (deps: unknown) => deps;',
      "export { inlineText } from '../shared/text.ts';",
    ].join('\n');
    expect(useCaseFaults('src/risks/risks.usecases.ts', bad)).toEqual([
      'src/risks/risks.usecases.ts: imports escapeMrkdwn from src/shared/text.ts',
      'src/risks/risks.usecases.ts: imports src/slack/blocks/standup.blocks.ts',
      'src/risks/risks.usecases.ts: imports * from src/shared/text.ts',
      'src/risks/risks.usecases.ts: exports the factory createRiskUseCases',
      'src/risks/risks.usecases.ts: exports the factory createPrivacyUseCases',
      'src/risks/risks.usecases.ts: imports inlineText from src/shared/text.ts',
    ]);
    const good = ["import { plural } from '../shared/text.ts';", "import type { Bound } from '../shared/use-cases.ts';", 'export async function add(deps: unknown) { return deps; }', 'export const riskUseCases = { add };'].join('\n');
    expect(useCaseFaults('src/risks/risks.usecases.ts', good)).toEqual([]);
  });

  it.each(dataOnlyFeatures)('src/%s: plain functions, no Slack, no mrkdwn', (feature) => {
    const files = readdirSync(join(root, 'src', feature)).filter((f) => f.endsWith('.usecases.ts'));
    expect(files.length).toBeGreaterThan(0);
    const faults = files.flatMap((f) => useCaseFaults(`src/${feature}/${f}`, readFileSync(join(root, 'src', feature, f), 'utf8')));
    expect(faults).toEqual([]);
  });
});

/** Strongly connected components with more than one module (or a module importing itself): Tarjan. */
function cycles(graph: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || graph.get(v)?.includes(v)) out.push(component.sort());
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return out;
}
