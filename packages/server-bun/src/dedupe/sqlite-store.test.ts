import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SqliteTopicStore } from "../topics/sqlite-store.ts";
import { DEFAULT_HISTORY } from "../topics/store.ts";
import { SqliteRequestStore } from "./sqlite-store.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), "typed-ws-dedupe-"));
  dirs.push(dir);
  return join(dir, "state.sqlite");
}

describe("SqliteRequestStore", () => {
  test("answers survive reopening the file", () => {
    const path = tempFile();
    const first = new SqliteRequestStore({ path });
    first.set("user-1", "c.1", "frame-1");
    first.close();
    const second = new SqliteRequestStore({ path });
    expect(second.get("user-1", "c.1")).toBe("frame-1");
    expect(second.get("user-2", "c.1")).toBeUndefined();
    second.close();
  });

  test("forgets by age on read, and trims to maxEntries (+ fewer than 256 between trims)", () => {
    let now = 1_000;
    const store = new SqliteRequestStore({ path: ":memory:", now: () => now, maxEntries: 1000 });
    store.set("u", "old", "x");
    now += 60_000;
    expect(store.get("u", "old")).toBeUndefined();
    for (let i = 0; i < 5000; i++) store.set("u", `n.${i}`, "y");
    expect(store.size).toBeLessThan(1000 + 256);
    expect(store.get("u", "n.4999")).toBe("y");
    store.close();
  });

  test("atomic: a publication and the answer commit together, and the send waits for the commit", () => {
    const topics = new SqliteTopicStore({ path: tempFile() });
    const requests = new SqliteRequestStore({ database: topics.database });
    const log: string[] = [];
    requests.atomic(() => {
      topics.append("room:1", "hello", DEFAULT_HISTORY);
      requests.set("u", "c.1", "posted");
      requests.afterCommit(
        () => log.push(`sent, committed: ${!topics.database.inTransaction}`),
        () => log.push("abandoned"),
      );
      log.push("block done");
    });
    expect(log).toEqual(["block done", "sent, committed: true"]);
    expect(requests.get("u", "c.1")).toBe("posted");
    expect(topics.head("room:1").offset).toBe(1);
    topics.close();
  });

  test("atomic: a throw rolls back the publication and the answer, and abandons the send", () => {
    const topics = new SqliteTopicStore({ path: tempFile() });
    const requests = new SqliteRequestStore({ database: topics.database });
    const log: string[] = [];
    expect(() =>
      requests.atomic(() => {
        topics.append("room:1", "hello", DEFAULT_HISTORY);
        requests.set("u", "c.1", "posted");
        requests.afterCommit(
          () => log.push("sent"),
          () => log.push("abandoned"),
        );
        throw new Error("after the effect");
      }),
    ).toThrow("after the effect");
    expect(log).toEqual(["abandoned"]);
    expect(requests.get("u", "c.1")).toBeUndefined();
    expect(topics.head("room:1").offset).toBe(0);
    topics.close();
  });
});
