import { AbortError, ConnectionClosedError, ServerError, TimeoutError, ValidationError } from "@typed-ws/client";
import { describe, expect, it } from "vitest";
import { defaultRetryDelay, guardRetry, isRetryableError } from "./retry.ts";

describe("retry policy", () => {
  it("never retries validation, authorization or aborts, whatever retry says", () => {
    const always = guardRetry(true, 0);
    expect(always(0, new ServerError("VALIDATION_FAILED"))).toBe(false);
    expect(always(0, new ServerError("AUTHORIZATION_FAILED"))).toBe(false);
    expect(always(0, new ValidationError("X", "inbound", []))).toBe(false);
    expect(always(0, new AbortError("X"))).toBe(false);
    expect(always(0, new TimeoutError("X", 10))).toBe(true);
    expect(isRetryableError(new ServerError("INTERNAL_SERVER_ERROR"))).toBe(true);
    expect(isRetryableError(new ConnectionClosedError("gone"))).toBe(true);
  });

  it("keeps TanStack's meaning of counts and functions", () => {
    const error = new TimeoutError("X", 10);
    expect(guardRetry(undefined, 2)(1, error)).toBe(true);
    expect(guardRetry(undefined, 2)(2, error)).toBe(false);
    expect(guardRetry(false, 3)(0, error)).toBe(false);
    expect(guardRetry((count) => count < 1, 0)(0, error)).toBe(true);
  });

  it("waits the server's retryAfterMs, else backs off exponentially", () => {
    expect(defaultRetryDelay(0, new ServerError("RATE_LIMIT_EXCEEDED", "slow", { retryAfterMs: 1234 }))).toBe(1234);
    expect(defaultRetryDelay(2, new TimeoutError("X", 1))).toBe(4000);
    expect(defaultRetryDelay(10, new TimeoutError("X", 1))).toBe(30_000);
  });
});
