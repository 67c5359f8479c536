import { describe, expect, test } from "bun:test";
import { InboundBudget, resolveRateLimit } from "./rate-limit.ts";

describe("InboundBudget", () => {
  test("admits a full burst at once, then refills at perSecond", () => {
    const budget = new InboundBudget({ perSecond: 10, burst: 3, closeAfterRejected: 100 }, 0);
    expect([budget.admit(0), budget.admit(0), budget.admit(0)].every((a) => a.ok)).toBe(true);
    expect(budget.admit(0)).toEqual({ ok: false, retryAfterMs: 100, first: true, abusive: false });
    expect(budget.admit(50)).toMatchObject({ ok: false, retryAfterMs: 50, first: false });
    expect(budget.admit(100).ok).toBe(true); // one token back after 100 ms
  });

  test("more than closeAfterRejected rejections without a calm second is abuse; a calm second resets the count", () => {
    const budget = new InboundBudget({ perSecond: 1, burst: 1, closeAfterRejected: 3 }, 0);
    budget.admit(0);
    const rejections = [1, 2, 3, 4].map((t) => budget.admit(t));
    expect(rejections.map((r) => !r.ok && r.abusive)).toEqual([false, false, false, true]);
    const calm = new InboundBudget({ perSecond: 0.001, burst: 1, closeAfterRejected: 2 }, 0);
    calm.admit(0);
    calm.admit(1);
    calm.admit(2);
    expect(calm.admit(3_000)).toMatchObject({ ok: false, abusive: false }); // counted afresh
  });

  test("resolveRateLimit: false turns it off, defaults fill in, non-positive numbers throw", () => {
    expect(resolveRateLimit(false)).toBeUndefined();
    expect(resolveRateLimit(undefined)).toEqual({ perSecond: 1000, burst: 5000, closeAfterRejected: 100 });
    expect(resolveRateLimit({ burst: 10 })).toMatchObject({ perSecond: 1000, burst: 10 });
    expect(() => resolveRateLimit({ perSecond: 0 })).toThrow(RangeError);
  });
});
