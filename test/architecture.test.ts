import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { posix, resolve } from 'node:path';
import ts from 'typescript';
import { cruise, type IConfiguration, type ICruiseResult } from 'dependency-cruiser';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';
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
  ['listeners-no-outbox', 'src/slack/actions/blocker.actions.ts → src/outbox/kinds.ts', 'a listener builds a delivery key by hand'],
  ['listeners-no-outbox', 'src/slack/actions/blocker.actions.ts → src/blockers/blockers.deliveries.ts', 'a listener runs a delivery handler'],
  ['listeners-use-cases-through-services', 'src/slack/actions/blocker.actions.ts → src/blockers/blockers.usecases.ts', 'a listener calls a use case module, not the bound set'],
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
    // type from *.schema.ts in a listener, a use case's result type in a listener, `type Services` in listeners.ts, main.ts and the demo
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

/**
 * Use cases return data (issue 12, item 2): they export plain functions, not a `create…UseCases`
 * factory, and word nothing for Slack — no import from src/slack/, none of shared/text.ts's mrkdwn
 * helpers (escapeMrkdwn, inlineText), no `<@…>` / `<#…>` / `<!…>` built in a string, and no refusal
 * as a sentence (`userError`): they throw `refused({ code, … })`, worded by src/slack/blocks/refusals.ts. The features
 * held to it: every `*.usecases.ts` under src/, found by walking the tree (a new one is held at once).
 */
function useCaseFiles(dir = 'src'): string[] {
  return readdirSync(resolve(root, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? useCaseFiles(`${dir}/${e.name}`) : e.name.endsWith('.usecases.ts') ? [`${dir}/${e.name}`] : [],
  );
}
const dataOnlyUseCases = useCaseFiles().sort();

describe('use cases that return data', () => {
  it('finds the use cases of every feature', () => {
    for (const feature of ['blockers', 'standups', 'teams', 'workload', 'digests', 'availability', 'home', 'milestones', 'risks', 'privacy', 'installations', 'requests', 'outbox', 'schedule']) {
      expect(dataOnlyUseCases.some((f) => f.startsWith(`src/${feature}/`)), feature).toBe(true);
    }
  });

  it.each(dataOnlyUseCases)('%s exports no factory and words nothing for Slack', (file) => {
    expect(wordingViolations(file, readFileSync(resolve(root, file), 'utf8'))).toEqual([]);
  });

  it('the check finds each kind of violation', () => {
    const bad = [
      "import { escapeMrkdwn, plural } from '../shared/text.ts';",
      "import { inlineText as inline } from '../shared/text.ts';",
      "import type { Message } from '../slack/blocks/standup.blocks.ts';",
      "export { x } from '../slack/ids.ts';",
      'export function createTeamUseCases() { return {}; }',
      'export const createBlockerUseCases = () => ({});',
      'const who = (id: string) => `<@${id}> and <#${id}>`;',
      "const all = '<!here>';",
      "import * as text from '../shared/text.ts';",
      "export { escapeMrkdwn } from '../shared/text.ts';",
      "import { refused, userError } from '../shared/errors.ts';",
      "import { UserError as E } from '../shared/errors.ts';",
    ].join('\n');
    expect(wordingViolations('src/teams/teams.usecases.ts', bad)).toEqual([
      'imports escapeMrkdwn from src/shared/text.ts',
      'imports inlineText from src/shared/text.ts',
      'imports from src/slack/blocks/standup.blocks.ts',
      'imports from src/slack/ids.ts',
      'exports a factory createTeamUseCases',
      'exports a factory createBlockerUseCases',
      'builds a Slack mention or link in `<@${id}> and <#${id}>`',
      'builds a Slack mention or link in <!here>',
      'imports * from src/shared/text.ts',
      're-exports escapeMrkdwn from src/shared/text.ts',
      'imports userError from src/shared/errors.ts',
      'imports UserError from src/shared/errors.ts',
    ]);
    expect(wordingViolations('src/teams/teams.usecases.ts', "import { plural } from '../shared/text.ts';\nimport { refused, isRefused } from '../shared/errors.ts';\nexport function join() { return 'a < b'; }")).toEqual([]);
  });
});

/** What in `source` (the file at `file`, relative to the repository) makes a use case word things for Slack. */
function wordingViolations(file: string, source: string): string[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
  const out: string[] = [];
  const target = (spec: string) => posix.normalize(posix.join(posix.dirname(file), spec));
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const to = target(node.moduleSpecifier.text);
      if (to.startsWith('src/slack/')) out.push(`imports from ${to}`);
      const bindings = ts.isImportDeclaration(node) ? node.importClause?.namedBindings : undefined;
      if (to === 'src/shared/text.ts' && bindings && ts.isNamespaceImport(bindings)) out.push(`imports * from ${to}`);
      if (to === 'src/shared/text.ts' && ts.isExportDeclaration(node) && !node.exportClause) out.push(`re-exports * from ${to}`);
      if (to === 'src/shared/text.ts' && ts.isExportDeclaration(node) && node.exportClause && ts.isNamedExports(node.exportClause)) {
        for (const el of node.exportClause.elements) {
          const name = (el.propertyName ?? el.name).text;
          if (name === 'escapeMrkdwn' || name === 'inlineText') out.push(`re-exports ${name} from ${to}`);
        }
      }
      // A user error is refused as data (`refused({ code, … })`, worded by src/slack/blocks/refusals.ts), never as a sentence.
      if (to === 'src/shared/errors.ts' && bindings && ts.isNamedImports(bindings)) {
        for (const el of bindings.elements) {
          const name = (el.propertyName ?? el.name).text;
          if (name === 'userError' || name === 'UserError') out.push(`imports ${name} from ${to}`);
        }
      }
      if (to === 'src/shared/text.ts' && bindings && ts.isNamedImports(bindings)) {
        for (const el of bindings.elements) {
          const name = (el.propertyName ?? el.name).text;
          if (name === 'escapeMrkdwn' || name === 'inlineText') out.push(`imports ${name} from ${to}`);
        }
      }
    }
    const exported = (n: ts.Node) => ts.canHaveModifiers(n) && (ts.getModifiers(n) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    if (ts.isFunctionDeclaration(node) && node.name && exported(node) && /^create\w*UseCases$/.test(node.name.text)) out.push(`exports a factory ${node.name.text}`);
    if (ts.isVariableStatement(node) && exported(node)) {
      for (const d of node.declarationList.declarations) if (ts.isIdentifier(d.name) && /^create\w*UseCases$/.test(d.name.text)) out.push(`exports a factory ${d.name.text}`);
    }
    if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && /<[@#!]/.test(node.text)) out.push(`builds a Slack mention or link in ${node.text}`);
    if (ts.isTemplateExpression(node) && /<[@#!]/.test(node.getText().replace(/\$\{[^}]*\}/g, ''))) out.push(`builds a Slack mention or link in ${node.getText()}`);
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}
