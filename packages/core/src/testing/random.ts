/**
 * A small seeded pseudo-random generator (mulberry32) for the generated comparisons of the
 * conformance kit. Seeded, so a failure reproduces with the seed it prints.
 */
export interface Random {
  /** The seed this generator started from. */
  readonly seed: number;
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T;
  /** A non-empty random subset of a non-empty list, in the list's order. */
  someOf<T>(items: readonly T[]): T[];
}

/** A generator that yields the same sequence for the same seed. */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  return {
    seed,
    next,
    int,
    chance: (p) => next() < p,
    pick: <T>(items: readonly T[]): T => items[int(0, items.length - 1)] as T,
    someOf: <T>(items: readonly T[]): T[] => {
      const chosen = items.filter(() => next() < 0.4);
      return chosen.length > 0 ? chosen : [items[int(0, items.length - 1)] as T];
    },
  };
}
