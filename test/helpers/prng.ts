/** A tiny seeded PRNG (mulberry32) for reproducible fuzzing. */

/** Random numbers from a 32-bit seed: the same seed gives the same sequence. */
export class Rng {
  #state: number;

  constructor(seed: number) {
    this.#state = seed >>> 0;
  }

  /** A float in [0, 1) (mulberry32). */
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max). */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min));
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One of `items`. */
  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length)] as T;
  }

  /** One of the weighted entries: `[weight, value]`. */
  weighted<T>(entries: readonly (readonly [number, T])[]): T {
    const total = entries.reduce((sum, [weight]) => sum + weight, 0);
    let roll = this.next() * total;
    for (const [weight, value] of entries) {
      roll -= weight;
      if (roll < 0) return value;
    }
    return (entries.at(-1) as readonly [number, T])[1];
  }
}

/** The seed CI uses unless FUZZ_SEED is set. */
export const CI_SEED = 20261122;

/**
 * The fuzz seed: `FUZZ_SEED` from the environment (decimal or 0x hex) when set, in CI `CI_SEED`, else a
 * fresh random one. Printed, so a failing run can be replayed with `FUZZ_SEED=<seed> bun test …`.
 */
export function fuzzSeed(label: string): number {
  const fromEnv = process.env.FUZZ_SEED;
  // CI replays one known seed so a landing run is deterministic; local runs explore new seeds.
  const seed = fromEnv ? Number(fromEnv) >>> 0 : process.env.CI ? CI_SEED : (Math.random() * 2 ** 32) >>> 0;
  console.log(`${label}: FUZZ_SEED=${seed}`);
  return seed;
}
