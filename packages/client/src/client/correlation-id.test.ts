import { describe, expect, it } from "vitest";
import { correlationIds } from "./correlation-id.ts";

describe("correlationIds", () => {
  it("gives a per-client random prefix (96 bits: 21 base-36 digits) plus a counter", () => {
    const next = correlationIds();
    const [a, b] = [next(), next()];
    expect(a).toMatch(/^[0-9a-z]{21}\.1$/);
    expect(b).toBe(`${a.slice(0, 21)}.2`);
  });

  it("two clients draw different prefixes", () => {
    expect(correlationIds()().slice(0, 21)).not.toBe(correlationIds()().slice(0, 21));
  });

  it("falls back to the injected random without crypto", () => {
    const saved = globalThis.crypto;
    Object.defineProperty(globalThis, "crypto", { value: undefined, configurable: true });
    try {
      expect(correlationIds(() => 0.5)()).toBe(`${"0zik0zk".repeat(3)}.1`);
    } finally {
      Object.defineProperty(globalThis, "crypto", { value: saved, configurable: true });
    }
  });
});
