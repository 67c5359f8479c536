/** The RequestStore contract (remembered request answers), against both built-in stores. */
import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MemoryRequestStore, type RequestStore } from "../src/index.ts";
import { SqliteRequestStore } from "../src/sqlite.ts";

const dirs: string[] = [];
const stores: RequestStore[] = [];
afterEach(() => {
  for (const store of stores.splice(0)) store.close?.();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), "typed-ws-requests-"));
  dirs.push(dir);
  return join(dir, "requests.sqlite");
}

const clock = { now: 5_000_000 };
const now = () => clock.now;

describe.each([
  ["memory", () => new MemoryRequestStore({ ttlMs: 1000, now })],
  ["sqlite", () => new SqliteRequestStore({ path: tempFile(), ttlMs: 1000, now })],
] as const)("%s request store", (_, make) => {
  const open = (): RequestStore => {
    const store = make();
    stores.push(store);
    return store;
  };

  test("remembers a frame per identity and correlation id", () => {
    const store = open();
    store.remember("alice", "r1", "frame-a");
    store.remember("bob", "r1", "frame-b");
    expect(store.lookup("alice", "r1")).toBe("frame-a");
    expect(store.lookup("bob", "r1")).toBe("frame-b");
    expect(store.lookup("alice", "r2")).toBeUndefined();
    expect(store.lookup("carol", "r1")).toBeUndefined();
  });

  test("a second remember replaces the first", () => {
    const store = open();
    store.remember("alice", "r1", "first");
    store.remember("alice", "r1", "second");
    expect(store.lookup("alice", "r1")).toBe("second");
  });

  test("forgets after ttlMs", () => {
    const store = open();
    store.remember("alice", "r1", "frame");
    clock.now += 999;
    expect(store.lookup("alice", "r1")).toBe("frame");
    clock.now += 1;
    expect(store.lookup("alice", "r1")).toBeUndefined();
  });

  test("keys cannot collide through the separator", () => {
    const store = open();
    store.remember("a", "b\u0000c", "one");
    store.remember("a\u0000b", "c", "two");
    expect(store.lookup("a", "b\u0000c")).toBe("one");
    expect(store.lookup("a\u0000b", "c")).toBe("two");
  });
});

describe("MemoryRequestStore", () => {
  test("maxBytes drops the oldest answers first", () => {
    const frame = "x".repeat(100);
    const entry = "2:idr1".length + frame.length + 64; // key + frame + overhead
    const store = new MemoryRequestStore({ maxBytes: entry * 2, now });
    store.remember("id", "r1", frame);
    store.remember("id", "r2", frame);
    store.remember("id", "r3", frame);
    expect(store.size).toBe(2);
    expect(store.lookup("id", "r1")).toBeUndefined();
    expect(store.lookup("id", "r3")).toBe(frame);
    expect(store.bytes).toBe(entry * 2);
  });

  test("expired answers are dropped as time passes", () => {
    const store = new MemoryRequestStore({ ttlMs: 100, now });
    for (let i = 0; i < 50; i++) store.remember("id", `r${i}`, "f");
    clock.now += 100;
    store.remember("id", "late", "f");
    expect(store.size).toBe(1);
  });

  test("refuses a ttl that is not positive", () => {
    expect(() => new MemoryRequestStore({ ttlMs: 0 })).toThrow(RangeError);
  });
});

describe("SqliteRequestStore", () => {
  test("answers survive reopening the file within the ttl", () => {
    const path = tempFile();
    const first = new SqliteRequestStore({ path, now });
    first.remember("alice", "r1", "frame");
    first.close();
    const second = new SqliteRequestStore({ path, now });
    stores.push(second);
    expect(second.lookup("alice", "r1")).toBe("frame");
  });
});
