/** The TopicStore contract, run against both built-in stores, plus what only each one does. */
import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ENTRY_OVERHEAD_BYTES, MemoryTopicStore } from "../src/topics/memory-store.ts";
import { SqliteTopicStore } from "../src/topics/sqlite-store.ts";
import type { HistoryLimits, TopicStore } from "../src/topics/store.ts";

const dirs: string[] = [];
const stores: TopicStore[] = [];
afterEach(() => {
  for (const store of stores.splice(0)) store.close?.();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), "typed-ws-store-"));
  dirs.push(dir);
  return join(dir, "topics.sqlite");
}

const clock = { now: 1_000_000 };
const now = () => clock.now;
const LIMITS: HistoryLimits = { maxCount: 3, maxAgeMs: 60_000 };

const implementations: [string, () => TopicStore][] = [
  ["memory", () => new MemoryTopicStore({ now })],
  ["sqlite", () => new SqliteTopicStore({ path: tempFile(), now })],
];

describe.each(implementations)("%s store", (_, make) => {
  const open = () => {
    const store = make();
    stores.push(store);
    return store;
  };

  test("numbers publications from 1 per topic, gap-free, in one epoch", () => {
    const store = open();
    const head = store.head("t") as { epoch: string; offset: number };
    expect(head.offset).toBe(0);
    expect(store.append("t", "a", LIMITS)).toEqual({ epoch: head.epoch, offset: 1 });
    expect(store.append("t", "b", LIMITS)).toEqual({ epoch: head.epoch, offset: 2 });
    expect(store.append("u", "x", LIMITS)).toEqual({ epoch: head.epoch, offset: 1 });
    expect(store.head("t")).toEqual({ epoch: head.epoch, offset: 2 });
  });

  test("reads back what follows an offset, in order", () => {
    const store = open();
    for (const frame of ["a", "b", "c"]) store.append("t", frame, LIMITS);
    const { epoch } = store.head("t") as { epoch: string };
    expect(store.readAfter("t", epoch, 0, LIMITS)).toEqual([
      { offset: 1, frame: "a" },
      { offset: 2, frame: "b" },
      { offset: 3, frame: "c" },
    ]);
    expect(store.readAfter("t", epoch, 2, LIMITS)).toEqual([{ offset: 3, frame: "c" }]);
    expect(store.readAfter("t", epoch, 3, LIMITS)).toEqual([]);
    expect(store.readAfter("never", epoch, 0, LIMITS)).toEqual([]);
  });

  test("is not-held for another epoch, an offset beyond the latest, or a negative one", () => {
    const store = open();
    store.append("t", "a", LIMITS);
    const { epoch } = store.head("t") as { epoch: string };
    expect(store.readAfter("t", `${epoch}x`, 0, LIMITS)).toBe("not-held");
    expect(store.readAfter("t", epoch, 2, LIMITS)).toBe("not-held");
    expect(store.readAfter("t", epoch, -1, LIMITS)).toBe("not-held");
  });

  test("keeps the newest maxCount publications; older ones are not held", () => {
    const store = open();
    for (const frame of ["a", "b", "c", "d", "e"]) store.append("t", frame, LIMITS);
    const { epoch } = store.head("t") as { epoch: string };
    expect(store.readAfter("t", epoch, 1, LIMITS)).toBe("not-held");
    expect(store.readAfter("t", epoch, 2, LIMITS)).toEqual([
      { offset: 3, frame: "c" },
      { offset: 4, frame: "d" },
      { offset: 5, frame: "e" },
    ]);
  });

  test("publications past maxAgeMs are not held; offsets keep counting", () => {
    const store = open();
    store.append("t", "old", LIMITS);
    clock.now += 61_000;
    store.append("t", "new", LIMITS);
    const { epoch } = store.head("t") as { epoch: string };
    expect(store.readAfter("t", epoch, 0, LIMITS)).toBe("not-held");
    expect(store.readAfter("t", epoch, 1, LIMITS)).toEqual([{ offset: 2, frame: "new" }]);
    clock.now += 61_000;
    expect(store.readAfter("t", epoch, 1, LIMITS)).toBe("not-held");
    expect(store.head("t")).toEqual({ epoch, offset: 2 });
  });

  test("maxCount 0 keeps nothing but still numbers", () => {
    const store = open();
    const none = { maxCount: 0, maxAgeMs: 60_000 };
    store.append("t", "a", none);
    const { epoch, offset } = store.append("t", "b", none) as { epoch: string; offset: number };
    expect(offset).toBe(2);
    expect(store.readAfter("t", epoch, 1, none)).toBe("not-held");
    expect(store.readAfter("t", epoch, 2, none)).toEqual([]);
  });
});

describe("MemoryTopicStore", () => {
  test("a new store (a restart) has a new epoch and no history", () => {
    const first = new MemoryTopicStore();
    first.append("t", "a", LIMITS);
    const second = new MemoryTopicStore();
    expect(second.epoch).not.toBe(first.epoch);
    expect(second.head("t")).toEqual({ epoch: second.epoch, offset: 0 });
  });

  test("the global byte cap drops the oldest publications of any topic first", () => {
    const frame = "x".repeat(100);
    const perEntry = frame.length + ENTRY_OVERHEAD_BYTES;
    const store = new MemoryTopicStore({ maxBytes: perEntry * 3, now });
    const limits = { maxCount: 100, maxAgeMs: 60_000 };
    store.append("a", frame, limits); // a:1
    store.append("b", frame, limits); // b:1
    store.append("a", frame, limits); // a:2
    store.append("b", frame, limits); // b:2 — over the cap: a:1 goes
    expect(store.size).toBe(3);
    expect(store.bytes).toBe(perEntry * 3);
    expect(store.readAfter("a", store.epoch, 0, limits)).toBe("not-held");
    expect(store.readAfter("a", store.epoch, 1, limits)).toEqual([{ offset: 2, frame }]);
    expect(store.readAfter("b", store.epoch, 0, limits)).toHaveLength(2);
  });

  test("bytes go back down as topics are trimmed by count", () => {
    const store = new MemoryTopicStore({ now });
    for (let i = 0; i < 1000; i++) store.append("t", "abc", LIMITS);
    expect(store.size).toBe(3);
    expect(store.bytes).toBe(3 * (3 + ENTRY_OVERHEAD_BYTES));
  });
});

describe("SqliteTopicStore", () => {
  test("epoch, offsets and history survive closing and reopening the file", () => {
    const path = tempFile();
    const first = new SqliteTopicStore({ path, now });
    first.append("t", "a", LIMITS);
    first.append("t", "b", LIMITS);
    const { epoch } = first.head("t");
    first.close();
    const second = new SqliteTopicStore({ path, now });
    stores.push(second);
    expect(second.epoch).toBe(epoch);
    expect(second.readAfter("t", epoch, 0, LIMITS)).toEqual([
      { offset: 1, frame: "a" },
      { offset: 2, frame: "b" },
    ]);
    expect(second.append("t", "c", LIMITS)).toEqual({ epoch, offset: 3 });
  });

  test("another file is another epoch", () => {
    const a = new SqliteTopicStore({ path: tempFile() });
    const b = new SqliteTopicStore({ path: tempFile() });
    stores.push(a, b);
    expect(a.epoch).not.toBe(b.epoch);
  });

  test("stores frames with any characters", () => {
    const store = new SqliteTopicStore({ path: tempFile(), now });
    stores.push(store);
    const frame = JSON.stringify({ type: "T", payload: { text: "é 😀 \u0000 '\"; DROP TABLE x" } });
    store.append("t'; --", frame, LIMITS);
    expect(store.readAfter("t'; --", store.epoch, 0, LIMITS)).toEqual([{ offset: 1, frame }]);
  });
});
