import { describe, expect, it } from "vitest";
import { correlationIds } from "./correlation-id.ts";

describe("correlationIds", () => {
  it("gives a per-client random prefix of 11 base64url characters plus a counter", () => {
    const next = correlationIds();
    const [a, b] = [next(), next()];
    expect(a).toMatch(/^[A-Za-z0-9_-]{11}\.1$/);
    expect(b).toBe(`${a.slice(0, 11)}.2`);
  });

  it("two clients draw different prefixes", () => {
    expect(correlationIds()().slice(0, 11)).not.toBe(correlationIds()().slice(0, 11));
  });
});
