export * from '../../src/simulator/wait.ts';
