import { describe, expect, it } from "vitest";
import { backoffCeiling, backoffDelay, DEFAULT_RECONNECT } from "./backoff.ts";
import { withDefaults } from "./options.ts";

describe("backoff", () => {
  it("defaults to 250 ms ×2, capped at 30 s, unlimited attempts", () => {
    expect(DEFAULT_RECONNECT).toMatchObject({ initialDelayMs: 250, factor: 2, maxDelayMs: 30_000 });
    expect(DEFAULT_RECONNECT.maxAttempts).toBe(Number.POSITIVE_INFINITY);
    expect([0, 1, 2, 3, 6, 7, 50].map((n) => backoffCeiling(n, DEFAULT_RECONNECT))).toEqual([
      250, 500, 1000, 2000, 16_000, 30_000, 30_000,
    ]);
  });

  it("keeps every delay within [0, ceiling) for random values at both ends", () => {
    for (let attempt = 0; attempt < 40; attempt++) {
      const ceiling = backoffCeiling(attempt, DEFAULT_RECONNECT);
      expect(backoffDelay(attempt, DEFAULT_RECONNECT, () => 0)).toBe(0);
      const top = backoffDelay(attempt, DEFAULT_RECONNECT, () => 0.999999);
      expect(top).toBeLessThan(ceiling);
      expect(top).toBeGreaterThanOrEqual(ceiling * 0.99);
    }
  });

  it("spreads delays over the whole range (full jitter)", () => {
    const delays = Array.from({ length: 2000 }, () => backoffDelay(10, DEFAULT_RECONNECT, Math.random));
    const buckets = new Array(10).fill(0) as number[];
    for (const d of delays) {
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThan(30_000);
      buckets[Math.floor(d / 3000)]! += 1;
    }
    // Uniform over [0, 30 s): each tenth gets ~200; every tenth is clearly populated.
    for (const count of buckets) expect(count).toBeGreaterThan(100);
    expect(new Set(delays).size).toBeGreaterThan(1500);
  });

  it("keeps defaults for options given as undefined", () => {
    expect(withDefaults(DEFAULT_RECONNECT, { initialDelayMs: undefined, factor: 3 })).toMatchObject({
      initialDelayMs: 250,
      factor: 3,
    });
  });
});
