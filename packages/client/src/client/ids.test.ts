import { describe, expect, it } from "vitest";
import { createIds } from "./ids.ts";

describe("createIds", () => {
  it("makes ids of a 64-bit random base64url prefix, made once, plus a counter", () => {
    const next = createIds();
    const ids = Array.from({ length: 40 }, next);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{11}\.[0-9a-z]+$/);
    const prefixes = new Set(ids.map((id) => id.slice(0, 11)));
    expect(prefixes.size).toBe(1);
    expect(ids.slice(0, 3).map((id) => id.slice(12))).toEqual(["0", "1", "2"]);
    expect(ids[36]?.slice(12)).toBe("10"); // base 36
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("gives each client its own prefix", () => {
    const prefixes = new Set(Array.from({ length: 50 }, () => createIds()().slice(0, 11)));
    expect(prefixes.size).toBe(50);
  });

  it("fits the protocol's 128-character bound by far", () => {
    expect(createIds()().length).toBeLessThan(32);
  });
});
