import { describe, expect, test } from "bun:test";
import { ANSWER_OVERHEAD_BYTES, DEFAULT_MAX_ANSWER_BYTES, MemoryRequestStore } from "./memory-store.ts";

const answer = (id: string) =>
  `{"type":"MESSAGE_POSTED","meta":{"correlationId":"${id}","timestamp":1764770000000},"payload":{"offset":12345}}`;

describe("MemoryRequestStore", () => {
  test("remembers per (identity, correlation id); pairs that would concatenate alike stay apart", () => {
    const store = new MemoryRequestStore();
    store.set("ab", "c", "one");
    expect(store.get("ab", "c")).toBe("one");
    expect(store.get("a", "bc")).toBeUndefined();
    expect(store.get("other", "c")).toBeUndefined();
  });

  test("forgets answers older than maxAgeMs (default 60 s)", () => {
    let now = 0;
    const store = new MemoryRequestStore({ now: () => now });
    store.set("u", "1", "one");
    now = 59_999;
    expect(store.get("u", "1")).toBe("one");
    now = 60_000;
    expect(store.get("u", "1")).toBeUndefined();
    expect(store.size).toBe(0);
    expect(store.bytes).toBe(0);
  });

  test("100,000 distinct requests never grow it past its byte bound; the newest are kept", () => {
    const maxBytes = 1024 * 1024;
    const store = new MemoryRequestStore({ maxBytes });
    let peak = 0;
    for (let i = 0; i < 100_000; i++) {
      store.set("user-42", `client.${i}`, answer(`client.${i}`));
      peak = Math.max(peak, store.bytes);
    }
    expect(peak).toBeLessThanOrEqual(maxBytes);
    expect(store.get("user-42", "client.99999")).toBe(answer("client.99999"));
    expect(store.get("user-42", "client.0")).toBeUndefined();
    expect(store.size).toBeGreaterThan(1000);
  });

  test("the default bound (16 MiB) holds under 100,000 distinct requests too", () => {
    const store = new MemoryRequestStore();
    for (let i = 0; i < 100_000; i++) store.set("anonymous", `p.${i}`, answer(`p.${i}`) + "x".repeat(200));
    expect(store.bytes).toBeLessThanOrEqual(DEFAULT_MAX_ANSWER_BYTES);
    expect(store.get("anonymous", "p.99999")).toBeDefined();
  });

  test("setting a remembered request again replaces its answer: counted once, timed from the new set", () => {
    let now = 0;
    const store = new MemoryRequestStore({ now: () => now });
    store.set("u", "1", "old");
    store.set("u", "2", "two");
    const bytesOfTwo = store.bytes / 2;
    now = 30_000;
    store.set("u", "1", "new");
    expect(store.get("u", "1")).toBe("new");
    expect(store.size).toBe(2);
    expect(store.bytes).toBe(bytesOfTwo * 2);
    now = 60_000; // "2" is 60 s old; "1" was set again 30 s ago
    expect(store.get("u", "2")).toBeUndefined();
    expect(store.get("u", "1")).toBe("new");
    now = 90_000;
    expect(store.get("u", "1")).toBeUndefined();
    expect(store.size).toBe(0);
    expect(store.bytes).toBe(0);
  });

  test("each answer counts its frame, its key `<identity length>:<identity><id>` (2 bytes per unit) and the overhead", () => {
    const store = new MemoryRequestStore();
    store.set("identity-12c", "id-1", "frame");
    const key = "12:identity-12cid-1";
    expect(store.bytes).toBe("frame".length * 2 + key.length * 2 + ANSWER_OVERHEAD_BYTES);
    store.set("u", "id-2", "");
    expect(store.bytes).toBe("frame".length * 2 + key.length * 2 + "1:uid-2".length * 2 + 2 * ANSWER_OVERHEAD_BYTES);
  });

  test("an identity whose answers were all forgotten starts afresh", () => {
    let now = 0;
    const store = new MemoryRequestStore({ now: () => now });
    store.set("u", "1", "one");
    now = 60_000;
    expect(store.get("u", "1")).toBeUndefined();
    store.set("u", "1", "again");
    expect(store.get("u", "1")).toBe("again");
    expect(store.size).toBe(1);
  });

  test("answers stay readable when the ring wraps around and grows while wrapped", () => {
    let now = 0;
    const store = new MemoryRequestStore({ now: () => now });
    for (let i = 0; i < 800; i++) store.set("u", `a${i}`, `A${i}`);
    now = 30_000;
    for (let i = 0; i < 700; i++) store.set("u", `b${i}`, `B${i}`);
    now = 60_000; // the first 800 expire; the next sets reuse their slots, then the ring grows
    for (let i = 0; i < 3000; i++) store.set(i % 2 === 0 ? "u" : "v", `c${i}`, `C${i}`);
    expect(store.get("u", "a0")).toBeUndefined();
    for (let i = 0; i < 700; i++) expect(store.get("u", `b${i}`)).toBe(`B${i}`);
    for (let i = 0; i < 3000; i++) expect(store.get(i % 2 === 0 ? "u" : "v", `c${i}`)).toBe(`C${i}`);
    expect(store.size).toBe(3700);
    now = 90_000; // the b… answers expire, the c… ones stay
    expect(store.get("u", "b0")).toBeUndefined();
    expect(store.size).toBe(3000);
    now = 120_000;
    expect(store.get("v", "c1")).toBeUndefined();
    expect(store.size).toBe(0);
    expect(store.bytes).toBe(0);
  });

  test("frames come back exactly (any text, any length) while the buffer is compacted and grows under churn", () => {
    const store = new MemoryRequestStore({ maxBytes: 512 * 1024 });
    const frameOf = (i: number) =>
      `{"type":"R","meta":{"correlationId":"k${i}"},"payload":{"t":"${'é😀中\u0000"'.repeat(i % 7)}${"x".repeat((i * 37) % 3000)}"}}`;
    const latest = new Map<string, string>();
    for (let i = 0; i < 20_000; i++) {
      const key = `k${i % 5000}`; // each key set up to 4 times: replaced answers leave holes behind
      const frame = frameOf(i);
      store.set("u", key, frame);
      latest.set(key, frame);
    }
    let held = 0;
    for (const [key, frame] of latest) {
      const got = store.get("u", key);
      if (got === undefined) continue; // evicted by the byte bound (oldest first)
      expect(got).toBe(frame);
      held++;
    }
    expect(held).toBe(store.size);
    expect(held).toBeGreaterThan(100);
    expect(store.bytes).toBeLessThanOrEqual(512 * 1024);
  });

  test("an empty frame is remembered like any other", () => {
    const store = new MemoryRequestStore({ maxBytes: 10_000 });
    store.set("u", "1", "");
    for (let i = 0; i < 5; i++) store.set("u", `x${i}`, "x");
    expect(store.get("u", "1")).toBe("");
    expect(store.size).toBe(6);
  });

  test("an answer larger than the whole store is not remembered (and evicts nothing)", () => {
    const store = new MemoryRequestStore({ maxBytes: 1000 });
    store.set("u", "small", "x");
    store.set("u", "huge", "y".repeat(1000));
    expect(store.get("u", "huge")).toBeUndefined();
    expect(store.get("u", "small")).toBe("x");
  });

  test("rejects non-positive bounds", () => {
    expect(() => new MemoryRequestStore({ maxBytes: 0 })).toThrow(RangeError);
    expect(() => new MemoryRequestStore({ maxAgeMs: -1 })).toThrow(RangeError);
  });
});
