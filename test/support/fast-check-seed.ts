import fc from 'fast-check';

/**
 * Property tests replay the same cases on every run, so a pass or a failure is the code's,
 * not the dice's. Set FC_SEED to explore other cases; a failure prints its seed and path.
 */
const seed = Number.parseInt(process.env.FC_SEED ?? '', 10);
fc.configureGlobal({ seed: Number.isFinite(seed) ? seed : 20261202 });
