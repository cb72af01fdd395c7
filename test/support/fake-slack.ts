export * from '../../src/simulator/fake-slack.ts';
