export * from '../../src/simulator/signer.ts';
