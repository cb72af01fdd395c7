/**
 * Use cases are plain exported functions that take their dependencies first, by name:
 *
 *   export async function resolveBlocker(deps: BlockerDeps, actor: Actor, id: number) { … }
 *   export const blockerUseCases = { resolveBlocker, … };
 *
 * A reader sees on each function what it may touch, and a test can call one with exactly the
 * fakes or repositories it needs. The composition root (`src/services.ts`) gives each feature's
 * functions their dependencies once, with `bindUseCases`, and listeners call the bound set.
 */

/** A use case: its dependencies first, then its own arguments. */
type UseCase<D> = (deps: D, ...args: never[]) => unknown;

/** The functions of `M` that accept dependencies `D`, each with `D` already given. */
export type Bound<M, D> = {
  [K in keyof M as M[K] extends UseCase<D> ? K : never]: M[K] extends (deps: D, ...args: infer A) => infer R ? (...args: A) => R : never;
};

/**
 * Gives every function of `fns` its dependencies `deps`. Anything in `fns` that is not a
 * function is a mistake (a constant belongs next to the functions, not in their set) and throws.
 */
export function bindUseCases<D, M extends Record<string, UseCase<D>>>(fns: M, deps: D): Bound<M, D> {
  const bound: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(fns)) {
    if (typeof fn !== 'function') throw new TypeError(`bindUseCases: ${name} is not a function`);
    bound[name] = (...args: never[]) => fn(deps, ...args);
  }
  return bound as Bound<M, D>;
}
