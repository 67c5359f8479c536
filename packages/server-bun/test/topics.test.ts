/**
 * Topics end to end on a real server with raw WebSocket clients (PROTOCOL.md, "Topics"):
 * `$ws:subscribe` / `$ws:subscribed`, offsets, recovery after a dropped socket and after a
 * restart (SQLite and memory stores), refusals, unsubscribe, release on close, and the
 * ws-kit path (`ctx.subscribe` gets the plain envelope).
 */
import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  createRouter,
  type ErrorInfo,
  MemoryTopicStore,
  SqliteTopicStore,
  type TopicPosition,
  type TopicStore,
} from "../src/index.ts";
import { topicHub } from "../src/topics/index.ts";
import { message, z } from "../src/zod.ts";
import { rawClient, start, stopAll } from "./setup.ts";
import {
  Announcement,
  ask,
  expectNothingElse,
  Lobby,
  NewMessage,
  nextFrames,
  offsetsOf,
  Room,
  subscribe,
  UserJoined,
} from "./topics-helpers.ts";

const dirs: string[] = [];
const stores: TopicStore[] = [];
afterEach(async () => {
  await stopAll();
  for (const store of stores.splice(0)) store.close?.();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDb(): string {
  const dir = mkdtempSync(join(tmpdir(), "typed-ws-topics-"));
  dirs.push(dir);
  return join(dir, "topics.sqlite");
}

const Join = message("JOIN", { roomId: z.string() });
const Joined = message("JOINED");
const Say = message("SAY", { roomId: z.string(), text: z.string() });
const Said = message("SAID");

/** A router with Room and Lobby declared, a ws-kit style JOIN (ctx.subscribe) and SAY (ctx.publish by name). */
function chatRouter(store?: TopicStore, history?: { maxCount?: number; maxAgeMs?: number }) {
  const router = createRouter({ ...(store && { topicStore: store }) });
  router.topic(Room, { ...(history && { history }) });
  router.topic(Lobby);
  router.on(Join, (ctx) => {
    ctx.subscribe(Room({ roomId: ctx.payload.roomId }).name);
    ctx.reply(Joined);
  });
  router.on(Say, (ctx) => {
    ctx.publish(`room:${ctx.payload.roomId}`, NewMessage, { text: ctx.payload.text });
    ctx.reply(Said);
  });
  return router;
}

describe("subscribe and publish", () => {
  test("$ws:subscribed answers with the epoch and latest offset; publications carry meta.topic and gap-free offsets", async () => {
    const router = chatRouter();
    const { url } = start(router);
    const client = await rawClient(url);
    const answer = await subscribe(client, "room:general");
    expect(answer.type).toBe("$ws:subscribed");
    expect(answer.payload).toEqual({
      topic: "room:general",
      epoch: (router.topicStore.head("x") as TopicPosition).epoch,
      offset: 0,
    });

    const general = Room({ roomId: "general" });
    const first = await router.publish(general, NewMessage, { text: "one" });
    expect(first).toEqual({ topic: "room:general", epoch: answer.payload.epoch, offset: 1, recipients: 1 });
    await router.publish(general, UserJoined, { userId: "u1" });
    await router.publish(Room({ roomId: "other" }), NewMessage, { text: "elsewhere" });
    const frames = await nextFrames(client, 2);
    expect(frames[0]).toMatchObject({
      type: "NEW_MESSAGE",
      meta: { topic: "room:general", offset: 1 },
      payload: { text: "one" },
    });
    expect(typeof frames[0]?.meta.timestamp).toBe("number");
    expect(frames[1]).toMatchObject({
      type: "USER_JOINED",
      meta: { topic: "room:general", offset: 2 },
      payload: { userId: "u1" },
    });
    await expectNothingElse(client); // room:other never reached it

    const again = await subscribe(client, "room:general");
    expect(again.payload).toEqual({ topic: "room:general", epoch: answer.payload.epoch, offset: 2 });
  });

  test("a topic without parameters works by ref and by name", async () => {
    const router = chatRouter();
    const { url } = start(router);
    const client = await rawClient(url);
    await subscribe(client, "lobby");
    await router.publish(Lobby(), Announcement, { text: "a" });
    expect(router.publish("lobby", Announcement, { text: "b" })).toBe(1);
    expect(offsetsOf(await nextFrames(client, 2), "lobby")).toEqual([1, 2]);
  });

  test("ctx.subscribe subscribers get the plain envelope; publishing by name also numbers and stores", async () => {
    const router = chatRouter();
    const { url } = start(router);
    const [plain, wire] = await Promise.all([rawClient(url), rawClient(url)]);
    expect((await ask(plain, "JOIN", { roomId: "r" })).type).toBe("JOINED");
    await subscribe(wire, "room:r");
    plain.send({ type: "SAY", meta: { correlationId: "say" }, payload: { roomId: "r", text: "hi" } });
    const [toPlain, said, toWire] = [await plain.next(), await plain.next(), await wire.next()];
    expect(said).toMatchObject({ type: "SAID", meta: { correlationId: "say" } });
    expect(toPlain).toMatchObject({ type: "NEW_MESSAGE", payload: { text: "hi" } });
    expect(toPlain.meta).not.toHaveProperty("topic");
    expect(toPlain.meta).not.toHaveProperty("offset");
    expect(toWire).toMatchObject({
      type: "NEW_MESSAGE",
      meta: { topic: "room:r", offset: 1 },
      payload: { text: "hi" },
    });
    const stored = router.topicStore.readAfter("room:r", (router.topicStore.head("room:r") as TopicPosition).epoch, 0, {
      maxCount: 100,
      maxAgeMs: 60_000,
    });
    expect(Array.isArray(stored) && stored.length).toBe(1);
    expect(router.publish(Room({ roomId: "r" }), NewMessage, { text: "x" })).toBeInstanceOf(Promise);
    expect((await router.publish(Room({ roomId: "r" }), NewMessage, { text: "y" })).recipients).toBe(2);
  });

  test("subscribing twice still delivers each publication once", async () => {
    const router = chatRouter();
    const { url } = start(router);
    const client = await rawClient(url);
    const first = await subscribe(client, "room:a");
    await router.publish(Room({ roomId: "a" }), NewMessage, { text: "1" });
    expect(offsetsOf([await client.next()], "room:a")).toEqual([1]);
    const second = await subscribe(client, "room:a", { epoch: first.payload.epoch, offset: 1 });
    expect(second.payload).toMatchObject({ offset: 1, recovered: true });
    await router.publish(Room({ roomId: "a" }), NewMessage, { text: "2" });
    expect(offsetsOf([await client.next()], "room:a")).toEqual([2]);
    await expectNothingElse(client);
    // A re-subscribe asking for an offset it already got live does not get it twice.
    const third = await subscribe(client, "room:a", { epoch: first.payload.epoch, offset: 0 });
    expect(third.payload).toMatchObject({ offset: 2, recovered: true });
    await expectNothingElse(client);
  });

  test("inbound meta.topic and meta.offset are stripped before validation", async () => {
    const router = chatRouter();
    let seen: unknown;
    router.on(message("PING"), (ctx) => {
      seen = ctx.meta;
      ctx.reply(Said);
    });
    const { url } = start(router);
    const client = await rawClient(url);
    const answer = await client.roundTrip({ type: "PING", meta: { correlationId: "p", topic: "x", offset: 3 } });
    expect(answer.type).toBe("SAID");
    expect(seen).toEqual({ correlationId: "p" });
    const sub = await client.roundTrip({
      type: "$ws:subscribe",
      meta: { correlationId: "q", topic: 1, offset: "x" },
      payload: { topic: "lobby" },
    });
    expect(sub.type).toBe("$ws:subscribed");
  });

  test("publishing a message the topic does not declare, or to an undeclared topic, throws", () => {
    const router = chatRouter();
    expect(() => router.publish("room:x", Announcement, { text: "no" })).toThrow(/does not carry ANNOUNCEMENT/);
    expect(() => createRouter().publish(Lobby(), Announcement, { text: "no" })).toThrow(/not declared on this router/);
    expect(() => router.topic(Room)).toThrow(/already declared/);
    expect(() => createRouter().topic(Lobby, { history: { maxCount: -1 } })).toThrow(RangeError);
  });
});

describe("recovery", () => {
  test("after a dropped socket: every publication missed is replayed once, in order, then live ones", async () => {
    const router = chatRouter();
    const { url } = start(router);
    const room = Room({ roomId: "r" });
    const first = await rawClient(url);
    const answer = await subscribe(first, room.name);
    for (const text of ["1", "2"]) await router.publish(room, NewMessage, { text });
    expect(offsetsOf(await nextFrames(first, 2), room.name)).toEqual([1, 2]);
    first.close();
    await first.closed;
    for (const text of ["3", "4", "5"]) await router.publish(room, NewMessage, { text });

    const second = await rawClient(url);
    const resumed = await subscribe(second, room.name, { epoch: answer.payload.epoch, offset: 2 });
    expect(resumed.payload).toEqual({ topic: room.name, epoch: answer.payload.epoch, offset: 5, recovered: true });
    const replay = await nextFrames(second, 3);
    expect(offsetsOf(replay, room.name)).toEqual([3, 4, 5]);
    expect(replay.map((frame) => (frame.payload as { text: string }).text)).toEqual(["3", "4", "5"]);
    await router.publish(room, NewMessage, { text: "6" });
    expect(offsetsOf([await second.next()], room.name)).toEqual([6]);
    await expectNothingElse(second);
  });

  test("since at the latest offset: recovered, nothing replayed; beyond it or another epoch without history: not recovered", async () => {
    const router = chatRouter(undefined, { maxCount: 2 });
    const { url } = start(router);
    const room = Room({ roomId: "r" });
    for (const text of ["1", "2", "3"]) await router.publish(room, NewMessage, { text });
    const client = await rawClient(url);
    const { epoch } = router.topicStore.head(room.name) as { epoch: string };
    expect((await subscribe(client, room.name, { epoch, offset: 3 })).payload).toMatchObject({
      offset: 3,
      recovered: true,
    });
    expect((await subscribe(client, room.name, { epoch, offset: 9 })).payload).toMatchObject({
      offset: 3,
      recovered: false,
    });
    // Offset 1 was trimmed (maxCount 2): 2 and 3 alone would leave a hole.
    expect((await subscribe(client, room.name, { epoch, offset: 0 })).payload).toMatchObject({ recovered: false });
    expect((await subscribe(client, room.name, { epoch: "old", offset: 1 })).payload).toMatchObject({
      recovered: false,
    });
    await expectNothingElse(client);
    expect((await subscribe(client, room.name, { epoch, offset: 1 })).payload).toMatchObject({ recovered: true });
    expect(offsetsOf(await nextFrames(client, 2), room.name)).toEqual([2, 3]);
  });

  test("a restart with the SQLite store: same epoch, the missed publications are recovered", async () => {
    const path = tempDb();
    const store1 = new SqliteTopicStore({ path });
    const router1 = chatRouter(store1);
    const first = start(router1);
    const room = Room({ roomId: "r" });
    const client1 = await rawClient(first.url);
    const answer = await subscribe(client1, room.name);
    await router1.publish(room, NewMessage, { text: "before" });
    expect(offsetsOf([await client1.next()], room.name)).toEqual([1]);
    await router1.publish(room, NewMessage, { text: "while away" });
    await first.server.stop(true);
    store1.close();

    const store2 = new SqliteTopicStore({ path });
    stores.push(store2);
    const router2 = chatRouter(store2);
    const second = start(router2);
    await router2.publish(room, NewMessage, { text: "after restart" });
    const client2 = await rawClient(second.url);
    const resumed = await subscribe(client2, room.name, { epoch: answer.payload.epoch, offset: 1 });
    expect(resumed.payload).toEqual({ topic: room.name, epoch: answer.payload.epoch, offset: 3, recovered: true });
    const replay = await nextFrames(client2, 2);
    expect(offsetsOf(replay, room.name)).toEqual([2, 3]);
    expect(replay.map((frame) => (frame.payload as { text: string }).text)).toEqual(["while away", "after restart"]);
  });

  test("a restart with the memory store: a new epoch, recovered false, and the whole new epoch replayed", async () => {
    const router1 = chatRouter(new MemoryTopicStore());
    const first = start(router1);
    const room = Room({ roomId: "r" });
    const client1 = await rawClient(first.url);
    const answer = await subscribe(client1, room.name);
    await router1.publish(room, NewMessage, { text: "lost" });
    await first.server.stop(true);

    const router2 = chatRouter(new MemoryTopicStore());
    const second = start(router2);
    for (const text of ["new 1", "new 2"]) await router2.publish(room, NewMessage, { text });
    const client2 = await rawClient(second.url);
    const resumed = await subscribe(client2, room.name, { epoch: answer.payload.epoch, offset: 1 });
    expect(resumed.payload.epoch).not.toBe(answer.payload.epoch);
    expect(resumed.payload).toMatchObject({ offset: 2, recovered: false });
    const replay = await nextFrames(client2, 2);
    expect(offsetsOf(replay, room.name)).toEqual([1, 2]);
    expect(replay.map((frame) => (frame.payload as { text: string }).text)).toEqual(["new 1", "new 2"]);
    await expectNothingElse(client2);
  });
});

describe("refusals", () => {
  function guardedRouter(reported: ErrorInfo<Record<string, unknown>>[] = []) {
    const router = createRouter<{ user?: string }>({});
    router.topic(Room, {
      exists: ({ roomId }) => roomId !== "missing",
      authorize: async (ctx, { roomId }) => {
        if (roomId === "boom") throw new Error("secret");
        return roomId !== "private" || ctx.ws.data.user === "admin";
      },
    });
    router.onError((_, info) => reported.push(info));
    return router;
  }

  test.each([
    ["an undeclared name", "nope:1", "RESOURCE_NOT_FOUND"],
    ["a name its exists() refuses", "room:missing", "RESOURCE_NOT_FOUND"],
    ["a topic authorize() refuses", "room:private", "AUTHORIZATION_FAILED"],
    ["a topic whose authorize() throws", "room:boom", "INTERNAL_SERVER_ERROR"],
  ])("%s answers ERROR %s with the correlation id", async (_, name, code) => {
    const reported: ErrorInfo<Record<string, unknown>>[] = [];
    const router = guardedRouter(reported);
    const { url } = start(router);
    const client = await rawClient(url);
    const answer = await subscribe(client, name);
    expect(answer.type).toBe("ERROR");
    expect((answer.payload as unknown as { code: string }).code).toBe(code);
    expect(JSON.stringify(answer.payload)).not.toContain("secret");
    if (code === "INTERNAL_SERVER_ERROR") expect(reported.map((info) => info.type)).toEqual(["$ws:subscribe"]);
    await router.publish(Room({ roomId: "private" }), NewMessage, { text: "x" });
    await expectNothingElse(client);
    expect((await subscribe(client, "room:open")).type).toBe("$ws:subscribed");
  });

  test("authorize sees the connection's data", async () => {
    const router = guardedRouter();
    const { url } = start(router, { authenticate: () => ({ user: "admin" }) });
    const client = await rawClient(url);
    expect((await subscribe(client, "room:private")).type).toBe("$ws:subscribed");
  });

  test.each([
    ["no payload", undefined, ["payload"]],
    ["an empty topic", { topic: "" }, ["payload", "topic"]],
    ["a topic over 256 characters", { topic: "x".repeat(257) }, ["payload", "topic"]],
    ["a number topic", { topic: 5 }, ["payload", "topic"]],
    ["an unknown payload key", { topic: "lobby", extra: 1 }, ["payload", "extra"]],
    ["since without offset", { topic: "lobby", since: { epoch: "e" } }, ["payload", "since", "offset"]],
    ["a negative offset", { topic: "lobby", since: { epoch: "e", offset: -1 } }, ["payload", "since", "offset"]],
    ["a fractional offset", { topic: "lobby", since: { epoch: "e", offset: 1.5 } }, ["payload", "since", "offset"]],
    ["an empty epoch", { topic: "lobby", since: { epoch: "", offset: 1 } }, ["payload", "since", "epoch"]],
    ["an unknown since key", { topic: "lobby", since: { epoch: "e", offset: 1, x: 1 } }, ["payload", "since", "x"]],
  ])("%s answers VALIDATION_FAILED with the path", async (_, payload, path) => {
    const router = chatRouter();
    const { url } = start(router);
    const client = await rawClient(url);
    const answer = await ask(client, "$ws:subscribe", payload);
    expect(answer.type).toBe("ERROR");
    expect(answer.payload).toMatchObject({ code: "VALIDATION_FAILED", context: { path } });
  });

  test("an unknown meta or root key answers VALIDATION_FAILED", async () => {
    const router = chatRouter();
    const { url } = start(router);
    const client = await rawClient(url);
    const meta = await client.roundTrip({
      type: "$ws:subscribe",
      meta: { correlationId: "m", x: 1 },
      payload: { topic: "lobby" },
    });
    expect(meta).toMatchObject({ type: "ERROR", meta: { correlationId: "m" }, payload: { code: "VALIDATION_FAILED" } });
    const root = await client.roundTrip({
      type: "$ws:subscribe",
      meta: { correlationId: "r" },
      payload: { topic: "lobby" },
      x: 1,
    });
    expect(root).toMatchObject({ type: "ERROR", meta: { correlationId: "r" }, payload: { code: "VALIDATION_FAILED" } });
  });
});

describe("unsubscribe and release", () => {
  test("$ws:unsubscribe stops delivery and is answered, also when not subscribed or undeclared", async () => {
    const router = chatRouter();
    const { url } = start(router);
    const client = await rawClient(url);
    await subscribe(client, "room:a");
    const answer = await ask(client, "$ws:unsubscribe", { topic: "room:a" });
    expect(answer).toMatchObject({ type: "$ws:unsubscribed", payload: { topic: "room:a" } });
    await router.publish(Room({ roomId: "a" }), NewMessage, { text: "gone" });
    await expectNothingElse(client);
    expect(await ask(client, "$ws:unsubscribe", { topic: "room:a" })).toMatchObject({ type: "$ws:unsubscribed" });
    expect(await ask(client, "$ws:unsubscribe", { topic: "nope" })).toMatchObject({
      type: "$ws:unsubscribed",
      payload: { topic: "nope" },
    });
    expect(
      (await ask(client, "$ws:unsubscribe", { topic: "a", since: { epoch: "e", offset: 0 } })).payload,
    ).toMatchObject({
      code: "VALIDATION_FAILED",
    });
    expect(topicHub(router.core).activeTopics).toBe(0);
  });

  test("everything of a connection is released when it closes", async () => {
    const router = chatRouter();
    let closed!: () => void;
    const serverSawClose = new Promise<void>((resolve) => (closed = resolve));
    router.onClose(() => closed());
    const { url } = start(router);
    const client = await rawClient(url);
    await subscribe(client, "room:a");
    await subscribe(client, "lobby");
    const hub = topicHub(router.core);
    expect(hub.activeTopics).toBe(2);
    expect(hub.subscribedConnections).toBe(1);
    client.close();
    await serverSawClose;
    expect(hub.activeTopics).toBe(0);
    expect(hub.subscribedConnections).toBe(0);
    expect((await router.publish(Room({ roomId: "a" }), NewMessage, { text: "x" })).recipients).toBe(0);
  });
});
