export * from '../../src/simulator/response-catcher.ts';
