// The layering of ARCHITECTURE.md, checked on every `npm test` (and so by `.ci/run`).
// Run it alone with `npm run lint:layers`. Paths are relative to the repository root
// (test/architecture.test.ts cruises a fixture tree with `baseDir` set so its files read as `src/…`
// too); every rule is an error: a violation fails the build.

/** Files that must stay pure: types and rules given their inputs and `now`. */
const PURE = [
  '^src/.+\\.models\\.ts$',
  '^src/.+\\.parser\\.ts$',
  '^src/blockers/blocker-detection\\.ts$',
  '^src/.+/(signal|nothing)-phrases\\.ts$',
  '^src/outbox/kinds\\.ts$',
  '^src/slack/blocks/',
  '^src/shared/(time|text|input|mentions|errors|clock|actor|pool)\\.ts$',
];

/**
 * A package by name: matches its resolved path (`node_modules/x/…`, or `../elsewhere/node_modules/x/…`
 * when node_modules is a symlink) and, should it not resolve, the bare name.
 */
const pkg = (names) => `(^|/)node_modules/(${names})(/|$)|^(${names})(/|$)`;
/** npm packages that talk to a database or to Slack. */
const IO_PACKAGES = pkg('drizzle-orm|postgres|@electric-sql/pglite|@slack/bolt|@slack/web-api');
/** Node built-ins that touch the file system, the network or other processes (node:crypto is fine). */
const IO_BUILTINS = '^(node:)?(fs|fs/promises|net|http|https|http2|tls|dgram|child_process|cluster|worker_threads)$';
/** Modules that reach the database or the outbox: whatever imports them is no longer pure. */
const IO_MODULES = ['\\.(repository|usecases|deliveries)\\.ts$', '^src/db/'];

const COMPOSITION_ROOTS = '^src/(main|cli|services)\\.ts$';

/** Bolt listeners, one folder per Slack surface. */
const LISTENERS = '^src/slack/(commands|actions|views|events|shortcuts|home)/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'pure-no-io-packages',
      severity: 'error',
      comment:
        'Pure modules (models, parsers, detection, kinds, Block Kit builders, shared helpers) are tested as plain ' +
        'functions of their inputs: they may not load a database driver or a Slack client. Type-only imports ' +
        '(e.g. Block Kit types) are erased at compile time and are fine.',
      from: { path: PURE },
      to: { path: IO_PACKAGES, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'pure-no-io-builtins',
      severity: 'error',
      comment: 'Pure modules do no IO: no file system, sockets, HTTP or child processes.',
      from: { path: PURE },
      to: { dependencyTypes: ['core'], path: IO_BUILTINS },
    },
    {
      name: 'pure-no-io-modules',
      severity: 'error',
      comment:
        'Pure modules may not depend on repositories, use cases, deliveries or src/db — not even for a type: ' +
        'a model shaped by a repository drags the database into every test of it. Move the type into the model.',
      from: { path: PURE },
      to: { path: IO_MODULES },
    },
    {
      name: 'repository-no-slack',
      severity: 'error',
      comment:
        'Repositories are Drizzle only and return domain types; they know nothing about Slack, so the same ' +
        'data serves any surface (App Home, a second workspace, the CLI).',
      from: { path: '\\.repository\\.ts$' },
      to: { path: ['^src/slack/', pkg('@slack/[^/]+')] },
    },
    {
      name: 'slack-no-repository',
      severity: 'error',
      comment:
        'src/slack (listeners, blocks, gateway) calls use cases only; reaching a repository skips the ' +
        'validation, transaction and outbox of the use case.',
      from: { path: '^src/slack/' },
      to: { path: '\\.repository\\.ts$' },
    },
    {
      name: 'slack-no-db',
      severity: 'error',
      comment:
        'src/slack does not open, type or query the database (src/db). Row types of *.schema.ts may be ' +
        'imported as types only (see slack-schema-types-only).',
      from: { path: '^src/slack/' },
      to: { path: '^src/db/' },
    },
    {
      name: 'slack-schema-types-only',
      severity: 'error',
      comment: 'src/slack may name a row type from *.schema.ts, but not load the Drizzle table definitions.',
      from: { path: '^src/slack/' },
      to: { path: '\\.schema\\.ts$', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'listeners-no-outbox',
      severity: 'error',
      comment:
        'Listeners (commands, actions, views, events, shortcuts) call use cases only: a use case enqueues its ' +
        'typed deliveries and returns the keys to send at once. A listener that imports src/outbox (kinds.ts, ' +
        'the dispatcher, the deliveries repository) builds a key by hand or sends around the use case; one ' +
        'that imports a *.deliveries.ts runs a handler itself.',
      from: { path: LISTENERS },
      to: { path: ['^src/outbox/', '\\.deliveries\\.ts$'] },
    },
    {
      name: 'listeners-use-cases-through-services',
      severity: 'error',
      comment:
        'Listeners call the use cases bound once in services.ts (ListenerDeps.services), never a *.usecases.ts ' +
        'module itself: a function imported directly has no dependencies, and a helper exported beside the use ' +
        'cases (a key builder) is the use case\'s business. Types (what a use case returns) are fine.',
      from: { path: LISTENERS },
      to: { path: '\\.usecases\\.ts$', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'usecases-no-block-kit',
      severity: 'error',
      comment:
        'Use cases return data, never Block Kit or mrkdwn: rendering belongs to src/slack (answers) and to ' +
        '<feature>.deliveries.ts (outbox handlers). post-once is a delivery concern too.',
      from: { path: '\\.usecases\\.ts$' },
      to: { path: ['^src/slack/blocks/', '^src/slack/post-once\\.ts$'] },
    },
    {
      name: 'no-import-of-entry-points',
      severity: 'error',
      comment:
        'main.ts and cli.ts are entry points: importing one runs its start-up. Nothing imports them ' +
        '(type-only imports excepted).',
      from: {},
      to: { path: '^src/(main|cli)\\.ts$', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-import-of-services',
      severity: 'error',
      comment:
        'services.ts wires real implementations; only the composition roots (main.ts, cli.ts) and the demo ' +
        'build the graph with it. Everyone else is given named dependencies (type-only imports of its types, ' +
        'e.g. UseCases in listeners.ts, are fine).',
      from: { pathNot: ['^src/(main|cli)\\.ts$', '^src/demo/'] },
      to: { path: '^src/services\\.ts$', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'A runtime import cycle makes module initialisation order matter (a `const` read before it is set) ' +
        'and means two rooms are really one. Cycles through type-only imports are erased and allowed.',
      from: { path: '^src/' },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'no-orphans',
      severity: 'warn',
      comment: 'A module nothing imports is dead code, or an entry point not listed here.',
      from: {
        orphan: true,
        pathNot: [
          '(^|/)\\.[^/]+\\.(js|cjs|mjs|ts|json)$', // dot files
          '\\.d\\.ts$',
          COMPOSITION_ROOTS,
        ],
      },
      to: {},
    },
  ],
  options: {
    // Only our own code is cruised; packages are leaves.
    doNotFollow: { path: 'node_modules' },
    // Type-only imports are seen (and can be told apart with dependencyTypes 'type-only').
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    // Imports carry their `.ts` extension (allowImportingTsExtensions); resolution finds the file as
    // written. ESM packages resolve through their `exports`, as Node does.
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.json', '.d.ts'],
    },
    skipAnalysisNotInRules: true,
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
