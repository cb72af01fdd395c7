import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, relative, resolve } from 'node:path';
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
 * Use cases that are plain functions returning data (issue 12): their `*.usecases.ts` export no
 * `create…UseCases` factory, import nothing from src/slack/, use none of shared/text.ts's mrkdwn
 * helpers and spell no mention or link (`<@U…>`, `<#C…>`, `<!here>`): replies are rendered by
 * src/slack/blocks/. Listed by feature folder as each is converted (issue 12b: these four).
 */
const dataUseCaseFolders = ['src/workload', 'src/digests', 'src/availability', 'src/home'];

/** shared/text.ts's helpers that build mrkdwn; the rest (truncate, plural, listJoin) are plain text. */
const mrkdwnHelpers = new Set(['escapeMrkdwn', 'inlineText']);

/** What a use case file at `path` (relative to the repository) does that it must not. */
function useCaseViolations(path: string, source: string): string[] {
  const file = ts.createSourceFile(path, source, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const exported = (n: ts.Node) => ts.canHaveModifiers(n) && (ts.getModifiers(n) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  const factory = (name: string) => /^create\w*UseCases$/.test(name);
  const visit = (n: ts.Node): void => {
    if (ts.isImportDeclaration(n) && ts.isStringLiteral(n.moduleSpecifier)) {
      const target = relative(root, resolve(root, dirname(path), n.moduleSpecifier.text)).split('\\').join('/');
      if (target.startsWith('src/slack/')) found.push(`imports ${target}`);
      const names = n.importClause?.namedBindings;
      if (target === 'src/shared/text.ts' && names && ts.isNamedImports(names)) {
        for (const el of names.elements) if (mrkdwnHelpers.has((el.propertyName ?? el.name).text)) found.push(`imports ${(el.propertyName ?? el.name).text} from ${target}`);
      }
    }
    if (ts.isFunctionDeclaration(n) && n.name && exported(n) && factory(n.name.text)) found.push(`exports the factory ${n.name.text}`);
    if (ts.isVariableStatement(n) && exported(n)) {
      for (const d of n.declarationList.declarations) if (ts.isIdentifier(d.name) && factory(d.name.text)) found.push(`exports the factory ${d.name.text}`);
    }
    if (ts.isExportDeclaration(n) && n.exportClause && ts.isNamedExports(n.exportClause)) {
      for (const el of n.exportClause.elements) if (factory(el.name.text)) found.push(`exports the factory ${el.name.text}`);
    }
    if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n) || ts.isTemplateHead(n) || ts.isTemplateMiddle(n) || ts.isTemplateTail(n)) {
      const m = /<[@#!]/.exec(n.text);
      if (m) found.push(`spells a mention or link (${m[0]}…) in a string`);
    }
    ts.forEachChild(n, visit);
  };
  visit(file);
  return found;
}

describe('use cases that return data', () => {
  it('catches each thing a converted use case must not do', () => {
    const bad = [
      "import { plainReply } from '../slack/blocks/standup.blocks.ts';",
      "import { escapeMrkdwn as esc, truncate } from '../shared/text.ts';",
      'export function createWorkloadUseCases() { return {}; }',
      'export const createHomeUseCases = () => ({});',
      'function createDigestUseCases() {}',
      'export { createDigestUseCases };',
      'export const hello = (id: string) => `hi <@${id}>`;',
      "export const here = '<!here>';",
    ].join('\n');
    expect(useCaseViolations('src/workload/workload.usecases.ts', bad)).toEqual([
      'imports src/slack/blocks/standup.blocks.ts',
      'imports escapeMrkdwn from src/shared/text.ts',
      'exports the factory createWorkloadUseCases',
      'exports the factory createHomeUseCases',
      'exports the factory createDigestUseCases',
      'spells a mention or link (<@…) in a string',
      'spells a mention or link (<!…) in a string',
    ]);
    // Plain-text helpers, a repository and a plain sentence are fine.
    const good = ["import { truncate } from '../shared/text.ts';", "import type { TeamsRepository } from '../teams/teams.repository.ts';", "export const note = 'Task #3 is already done.';"].join('\n');
    expect(useCaseViolations('src/workload/workload.usecases.ts', good)).toEqual([]);
  });

  it.each(dataUseCaseFolders)('%s: its use cases are plain functions that return data', (folder) => {
    const files = readdirSync(resolve(root, folder)).filter((f) => f.endsWith('.usecases.ts'));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      const path = `${folder}/${f}`;
      expect({ path, violations: useCaseViolations(path, readFileSync(resolve(root, path), 'utf8')) }).toEqual({ path, violations: [] });
    }
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
