/**
 * RedisTopicStore against a real `redis-server` (started on a free port by the harness): the
 * TopicStore contract, one gap-free sequence across store instances (processes), epochs, the
 * announcements every instance receives, and failing loudly while Redis is down.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
import {
  createRouter,
  type HistoryLimits,
  NOT_HELD,
  type TopicPosition,
  TopicStoreUnavailableError,
} from "@typed-ws/server-bun";
import { RedisTopicStore } from "@typed-ws/server-bun/redis";
import { RedisClient } from "bun";
import { parseAnnouncement } from "../packages/server-bun/src/redis/announcement.ts";
import { RedisProcess } from "./helpers/redis.ts";
import { NewMessage, Room } from "./helpers/redis-app-schemas.ts";

let redis: RedisProcess;
const stores: RedisTopicStore[] = [];
const LIMITS: HistoryLimits = { maxCount: 3, maxAgeMs: 60_000 };

beforeAll(async () => {
  redis = await RedisProcess.start();
});
afterEach(() => {
  for (const store of stores.splice(0)) store.close();
});
afterAll(async () => {
  await redis?.stop();
});

let prefixes = 0;
/** A store on its own key prefix (so tests do not share topics); `prefix` to share one. */
async function open(prefix = `t${++prefixes}:`, url = redis.url): Promise<RedisTopicStore> {
  const store = new RedisTopicStore({ url, prefix });
  stores.push(store);
  await store.ready;
  return store;
}

describe("RedisTopicStore", () => {
  test("numbers publications from 1 per topic, gap-free, in one epoch", async () => {
    const store = await open();
    const head = await store.head("t");
    expect(head.offset).toBe(0);
    expect(await store.append("t", "a", LIMITS)).toEqual({ epoch: head.epoch, offset: 1 });
    expect(await store.append("t", "b", LIMITS)).toEqual({ epoch: head.epoch, offset: 2 });
    const other = await store.append("u", "x", LIMITS);
    expect(other.offset).toBe(1);
    expect(await store.head("t")).toEqual({ epoch: head.epoch, offset: 2 });
  });

  test("two instances (two processes) appending at once share one gap-free sequence and one epoch", async () => {
    const [one, two] = await Promise.all([open("shared1:"), open("shared1:")]);
    const appends: Promise<TopicPosition>[] = [];
    for (let i = 0; i < 100; i++) appends.push((i % 2 ? one : two).append("t", `f${i}`, LIMITS));
    const positions = await Promise.all(appends);
    expect(positions.map((p) => p.offset).sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(new Set(positions.map((p) => p.epoch)).size).toBe(1);
    expect(await two.head("t")).toEqual({ epoch: positions[0]?.epoch as string, offset: 100 });
  });

  test("reads back what follows an offset, in order; not-held for another epoch, beyond the latest, negative", async () => {
    const store = await open();
    for (const frame of ["a", "b", "c"]) await store.append("t", frame, LIMITS);
    const { epoch } = await store.head("t");
    expect(await store.readAfter("t", epoch, 0, LIMITS)).toEqual([
      { offset: 1, frame: "a" },
      { offset: 2, frame: "b" },
      { offset: 3, frame: "c" },
    ]);
    expect(await store.readAfter("t", epoch, 2, LIMITS)).toEqual([{ offset: 3, frame: "c" }]);
    expect(await store.readAfter("t", epoch, 3, LIMITS)).toEqual([]);
    expect(await store.readAfter("t", "other", 1, LIMITS)).toBe(NOT_HELD);
    expect(await store.readAfter("t", epoch, 4, LIMITS)).toBe(NOT_HELD);
    expect(await store.readAfter("t", epoch, -1, LIMITS)).toBe(NOT_HELD);
  });

  test("keeps the newest maxCount publications; older ones are not held", async () => {
    const store = await open();
    for (let i = 1; i <= 5; i++) await store.append("t", `f${i}`, LIMITS);
    const { epoch } = await store.head("t");
    expect(await store.readAfter("t", epoch, 1, LIMITS)).toBe(NOT_HELD);
    expect(await store.readAfter("t", epoch, 2, LIMITS)).toEqual([
      { offset: 3, frame: "f3" },
      { offset: 4, frame: "f4" },
      { offset: 5, frame: "f5" },
    ]);
  });

  test("publications past maxAgeMs are not held and are trimmed; offsets keep counting", async () => {
    const store = await open();
    const limits = { maxCount: 100, maxAgeMs: 30 };
    await store.append("t", "old", limits);
    await Bun.sleep(60); // the age limit is Redis time: let it pass
    expect(await store.append("t", "new", limits)).toMatchObject({ offset: 2 });
    const { epoch } = await store.head("t");
    expect(await store.readAfter("t", epoch, 0, limits)).toBe(NOT_HELD);
    expect(await store.readAfter("t", epoch, 1, limits)).toEqual([{ offset: 2, frame: "new" }]);
    const admin = new RedisClient(redis.url);
    expect(await admin.send("XLEN", [`${store.prefix}{t}:s`])).toBe(1);
    admin.close();
  });

  test("maxCount 0 keeps nothing but still numbers", async () => {
    const store = await open();
    const none = { maxCount: 0, maxAgeMs: 60_000 };
    await store.append("t", "a", none);
    expect(await store.append("t", "b", none)).toMatchObject({ offset: 2 });
    const { epoch } = await store.head("t");
    expect(await store.readAfter("t", epoch, 0, none)).toBe(NOT_HELD);
    expect(await store.readAfter("t", epoch, 2, none)).toEqual([]);
  });

  test("a new instance (a restarted process) keeps the epoch and history; a flushed Redis starts a new epoch from 1", async () => {
    const first = await open("keep:");
    await first.append("t", "a", LIMITS);
    const { epoch } = await first.head("t");
    first.close();
    const second = await open("keep:");
    expect(await second.head("t")).toEqual({ epoch, offset: 1 });
    expect(await second.readAfter("t", epoch, 0, LIMITS)).toEqual([{ offset: 1, frame: "a" }]);

    const admin = new RedisClient(redis.url);
    await admin.send("FLUSHALL", []);
    admin.close();
    const after = await second.append("t", "b", LIMITS);
    expect(after.offset).toBe(1);
    expect(after.epoch).not.toBe(epoch);
    expect(await second.readAfter("t", epoch, 1, LIMITS)).toBe(NOT_HELD);
  });

  test("topicTtlMs forgets an idle topic (a new epoch from 0); a subscribe's head renews it", async () => {
    const store = new RedisTopicStore({ url: redis.url, prefix: `ttl${++prefixes}:`, topicTtlMs: 200 });
    stores.push(store);
    await store.ready;
    const first = await store.append("t", "a", LIMITS);
    const admin = new RedisClient(redis.url);
    try {
      const meta = `${store.prefix}{t}:m`;
      await Bun.sleep(100);
      expect((await store.head("t")).epoch).toBe(first.epoch);
      // Renewed by the head: more left than the 100 ms the append's TTL had.
      expect(Number(await admin.send("PTTL", [meta]))).toBeGreaterThan(100);
      await Bun.sleep(300); // idle past the TTL: forgotten
      const after = await store.head("t");
      expect(after.offset).toBe(0);
      expect(after.epoch).not.toBe(first.epoch);
    } finally {
      admin.close();
    }
    expect(() => new RedisTopicStore({ url: redis.url, topicTtlMs: 0 })).toThrow(RangeError);
  });

  test("every instance receives each publication, in offset order, with any characters in topic and frame", async () => {
    const [one, two] = await Promise.all([open("announce:"), open("announce:")]);
    const received: [string, string, number, string][] = [];
    let allFour: () => void = () => {};
    const four = new Promise<void>((resolve) => (allFour = resolve));
    two.listen({
      publication: (topic, frame, position, origin) => {
        if (received.push([topic, frame, position.offset, origin]) === 4) allFour();
      },
      relayed: () => {},
    });
    const topic = "room: {a} é 😀";
    const frames = ['{"type":"X","payload":"a b\\nc"}', "n1 e o 3 abc", "r x 2 zz"];
    for (const frame of frames) await one.append(topic, frame, LIMITS, "origin-1");
    await one.append("other", "end", LIMITS);
    await four;
    expect(received).toEqual([
      [topic, frames[0] as string, 1, "origin-1"],
      [topic, frames[1] as string, 2, "origin-1"],
      [topic, frames[2] as string, 3, "origin-1"],
      ["other", "end", 1, ""],
    ]);
    const { epoch } = await two.head(topic);
    expect((await two.readAfter(topic, epoch, 0, LIMITS)) as unknown[]).toHaveLength(3);
  });

  test("relayed publications reach the other instances, not the sender", async () => {
    const [one, two] = await Promise.all([open("relay:"), open("relay:")]);
    const seen: string[] = [];
    const done = new Promise<void>((resolve) => {
      two.listen({
        publication: () => {},
        relayed: (topic, frame) => {
          seen.push(`two ${topic} ${frame}`);
          resolve();
        },
      });
    });
    let marker: () => void = () => {};
    const markerSeen = new Promise<void>((resolve) => (marker = resolve));
    one.listen({ publication: marker, relayed: (topic, frame) => seen.push(`one ${topic} ${frame}`) });
    await one.relay("plain", "hello");
    await done;
    // A publication announced after the relay reaches `one`: its own relay would have come first.
    await one.append("marker", "x", LIMITS);
    await markerSeen;
    expect(seen).toEqual(["two plain hello"]);
  });

  test("while Redis is down, append rejects with TopicStoreUnavailableError, router.publish too, and a publish by name throws", async () => {
    const own = await RedisProcess.start();
    try {
      const store = await open("down:", own.url);
      const router = createRouter({ topicStore: store });
      router.topic(Room);
      await own.stop();
      while (store.connected) await new Promise((resolve) => setTimeout(resolve, 5));
      const error = await store.append("t", "a", LIMITS).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TopicStoreUnavailableError);
      expect((error as TopicStoreUnavailableError).code).toBe("TOPIC_STORE_UNAVAILABLE");
      expect((error as Error).message).toContain('publish to "t"');
      expect((error as Error).cause).toBeDefined();
      const published = await router.publish(Room({ roomId: "1" }), NewMessage, { text: "x" }).catch((e: unknown) => e);
      expect(published).toBeInstanceOf(TopicStoreUnavailableError);
      expect(() => router.publish("room:1", NewMessage, { text: "x" })).toThrow(TopicStoreUnavailableError);
    } finally {
      await own.stop();
    }
  });
});

describe("announcement format", () => {
  test("parses numbered and relayed announcements; anything else is ignored", () => {
    expect(parseAnnouncement("n12 ep or 4 room{}")).toEqual({
      kind: "numbered",
      offset: 12,
      epoch: "ep",
      origin: "or",
      topic: "room",
      frame: "{}",
    });
    expect(parseAnnouncement("n1 ep  1 tF")).toMatchObject({ origin: "", topic: "t", frame: "F" });
    expect(parseAnnouncement("rs 2 abcd")).toEqual({ kind: "relayed", sender: "s", topic: "ab", frame: "cd" });
    for (const bad of ["", "x", "n", "n0 e o 1 t", "nx e o 1 t", "n1 e o 9 t", "n1 e o", "r", "rs x t", "rs 5 ab"]) {
      expect(parseAnnouncement(bad)).toBeUndefined();
    }
  });
});
