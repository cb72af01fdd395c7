export * from '../../src/simulator/slack-limits.ts';
