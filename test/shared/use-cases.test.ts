import { describe, expect, it } from 'vitest';
import { bindUseCases } from '../../src/shared/use-cases.ts';

type Deps = { base: number; log: string[] };

function add(deps: Deps, n: number): number {
  deps.log.push(`add ${n}`);
  return deps.base + n;
}
async function greet(deps: Pick<Deps, 'log'>, who: string, loud = false): Promise<string> {
  deps.log.push(`greet ${who}`);
  return loud ? `HELLO ${who.toUpperCase()}` : `hello ${who}`;
}

describe('bindUseCases', () => {
  it('gives each function its dependencies once and passes the rest of the arguments through', async () => {
    const deps: Deps = { base: 40, log: [] };
    const bound = bindUseCases({ add, greet }, deps);
    expect(bound.add(2)).toBe(42);
    expect(await bound.greet('ana')).toBe('hello ana');
    expect(await bound.greet('bo', true)).toBe('HELLO BO');
    expect(deps.log).toEqual(['add 2', 'greet ana', 'greet bo']);
  });

  it('refuses a set with something other than functions in it', () => {
    expect(() => bindUseCases({ add, limit: 3 } as never, { base: 0, log: [] })).toThrow(/limit is not a function/);
  });
});
