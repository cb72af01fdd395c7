import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Two tiers. `pure`: models, parsers, text and the Slack limits — no database, no server, no
 * process — seconds in all (`npm run test:pure`). `integration`: everything else, each file
 * against a real database copied from one migrated in the global set-up, the real Bolt app and a
 * fake Slack Web API. A new test file lands in `integration` unless listed here.
 */
const pure = [
  'test/shared/**/*.test.ts',
  'test/blockers/**/*.test.ts',
  'test/digests/**/*.test.ts',
  'test/slack/**/*.test.ts',
  'test/tick/**/*.test.ts',
  'test/outbox/**/*.test.ts',
  'test/standups/{schedule,standup-command.parser,claim.models,day-summary.models}.test.ts',
  'test/schedule/due.models.test.ts',
  'test/workload/{task-command.parser,workload.models}.test.ts',
  'test/workspaces/users-lookups.test.ts',
  'test/home/home.models.test.ts',
  'test/availability/{availability.models,address.models,calendar.parser,setup-region}.test.ts',
  'test/milestones/{milestones.models,milestone-command.parser}.test.ts',
  'test/risks/risks.models.test.ts',
  'test/teams/teams.models.test.ts',
  'test/simulator/slack-limits.test.ts',
  'test/faults/{parsers.property,trust-boundary.parsers}.test.ts',
  'test/installations/{token-crypto,distributed-config}.test.ts',
  'test/{architecture,capacity,config,manifest,slow-notice}.test.ts',
];

export default defineConfig({
  test: {
    // Bounds for a test that hangs, not for speed: two busy cores can make a passing end-to-end
    // test take minutes, and a timeout that fires then is a flake, not a finding. Performance is
    // measured in bench/, never asserted here.
    testTimeout: 180_000,
    hookTimeout: 180_000,
    // PGlite boots a WASM Postgres per test file; two cores do not benefit from more workers.
    maxWorkers: 2,
    setupFiles: ['test/support/fast-check-seed.ts'],
    projects: [
      // Pure files share their workers' loaded modules (no database, server or global state to leak
      // between files; fake timers are restored after each test): the tier's cost was mostly
      // re-importing the same modules once per file.
      { extends: true, test: { name: 'pure', include: pure, isolate: false } },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...pure],
          globalSetup: ['test/support/global-setup.ts'],
        },
      },
    ],
  },
});
