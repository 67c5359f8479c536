/**
 * Topics end to end with the real client (`subscribe` from `@typed-ws/client/topics`) against the real server
 * (`router.topic`) on 127.0.0.1: a dropped socket with publications in between, a restart with
 * the SQLite store (recovered) and with the memory store (`recovered: false`, then the new
 * epoch's replay), and messages sent while offline published after the re-subscribe.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { WsClient } from "@typed-ws/client";
import {
  onTopicReset,
  type PublicationInfo,
  subscribe,
  type TopicReset,
  type TopicSubscribed,
} from "@typed-ws/client/topics";
import { message, topic, z } from "@typed-ws/client/zod";
import { createRouter, MemoryTopicStore, type TopicStore } from "@typed-ws/server-bun";
import { SqliteTopicStore } from "@typed-ws/server-bun/sqlite";
import type { ServerWebSocket } from "bun";
import { closeAll, makeClient, startServer, until } from "./helpers/network.ts";

const NewMessage = message("NEW_MESSAGE", { text: z.string() });
const Say = message("SAY", { roomId: z.string(), text: z.string() });
const Room = topic("room:{roomId}", [NewMessage]);
const general = Room({ roomId: "general" });

const dirs: string[] = [];
const stores: TopicStore[] = [];
afterEach(async () => {
  await closeAll();
  for (const store of stores.splice(0)) store.close?.();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDb(): string {
  const dir = mkdtempSync(join(tmpdir(), "typed-ws-topics-client-"));
  dirs.push(dir);
  return join(dir, "topics.sqlite");
}

/** A router with the Room topic, `SAY` publishing to it, and the server-side sockets it opened. */
function roomRouter(store: TopicStore) {
  stores.push(store);
  const router = createRouter({ topicStore: store });
  const sockets: ServerWebSocket<unknown>[] = [];
  router.topic(Room);
  router.onOpen((ctx) => {
    sockets.push(ctx.ws as unknown as ServerWebSocket<unknown>);
  });
  router.on(Say, (ctx) => {
    router.publish(Room({ roomId: ctx.payload.roomId }), NewMessage, { text: ctx.payload.text });
  });
  return { router, sockets };
}

/** Subscribes to room:general and records what arrives; `reach(n)` resolves once n messages came. */
function watch(client: WsClient) {
  const texts: string[] = [];
  const infos: PublicationInfo[] = [];
  const subscribed: TopicSubscribed[] = [];
  const resets: TopicReset[] = [];
  const waiting: { count: number; resolve: () => void }[] = [];
  onTopicReset(client, (event) => resets.push(event));
  const handle = subscribe(client, general, {
    onMessage(msg, info) {
      texts.push(msg.payload.text);
      infos.push(info);
      for (const wait of waiting.filter((w) => texts.length >= w.count)) wait.resolve();
    },
    onSubscribed: (event) => subscribed.push(event),
  });
  const reach = (count: number) =>
    texts.length >= count ? Promise.resolve() : new Promise<void>((resolve) => waiting.push({ count, resolve }));
  return { texts, infos, subscribed, resets, handle, reach };
}

const texts = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `m${from + i}`);

describe("subscribe(client, …) against the real server", () => {
  test("a dropped socket with publications in between: every one delivered once, in order", async () => {
    const { router, sockets } = roomRouter(new MemoryTopicStore());
    const { url } = startServer(router);
    const client = makeClient(url);
    const viaOn: string[] = [];
    client.on(NewMessage, (msg) => viaOn.push(msg.payload.text));
    const room = watch(client);
    await client.connect();
    await room.handle.ready;
    for (const text of texts(1, 3)) router.publish(general, NewMessage, { text });
    await room.reach(3);

    for (let round = 0; round < 3; round++) {
      sockets.at(-1)?.close(1011, "dropped by the test");
      // Published after the drop, before the client can be back (its retry waits ≥ 1 ms).
      for (const text of texts(4 + round * 3, 6 + round * 3)) router.publish(general, NewMessage, { text });
      await until(client, (s) => s.status === "reconnecting");
      await until(client, (s) => s.status === "open");
      await room.reach(6 + round * 3);
    }
    for (const text of texts(13, 15)) router.publish(general, NewMessage, { text });
    await room.reach(15);

    expect(room.texts).toEqual(texts(1, 15));
    expect(viaOn).toEqual(texts(1, 15)); // on() handlers get topic publications too
    expect(room.infos.map((i) => i.offset)).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
    expect(room.subscribed.map((s) => s.recovered)).toEqual([undefined, true, true, true]);
    expect(room.resets).toEqual([]);
  });

  test("messages sent while offline are published after the re-subscribe, so the sender sees them live", async () => {
    const { router, sockets } = roomRouter(new MemoryTopicStore());
    const { url } = startServer(router);
    const client = makeClient(url);
    const room = watch(client);
    await client.connect();
    await room.handle.ready;
    sockets.at(-1)?.close(1011, "dropped by the test");
    await until(client, (s) => s.status === "reconnecting");
    for (const text of texts(1, 5)) client.send(Say, { roomId: "general", text });
    await room.reach(5);
    expect(room.texts).toEqual(texts(1, 5));
    expect(room.infos.every((info) => !info.replayed)).toBe(true);
  });

  test("a restart with the SQLite store: recovered, the publications made while down arrive once", async () => {
    const path = tempDb();
    const first = roomRouter(new SqliteTopicStore({ path }));
    const server1 = startServer(first.router);
    const client = makeClient(server1.url);
    const room = watch(client);
    await client.connect();
    await room.handle.ready;
    first.router.publish(general, NewMessage, { text: "m1" });
    await room.reach(1);
    const epoch = room.handle.epoch;

    await server1.server.stop(true);
    first.router.topicStore.close?.();
    await until(client, (s) => s.status === "reconnecting");
    const second = roomRouter(new SqliteTopicStore({ path }));
    startServer(second.router, { port: server1.port });
    // Synchronous store: published before the client can reconnect.
    for (const text of texts(2, 3)) second.router.publish(general, NewMessage, { text });
    await room.reach(3);
    second.router.publish(general, NewMessage, { text: "m4" });
    await room.reach(4);

    expect(room.texts).toEqual(texts(1, 4));
    expect(room.subscribed.at(-1)).toEqual({
      topic: general.name,
      epoch: epoch as string,
      offset: 3,
      recovered: true,
      missed: 2,
    });
    expect(room.infos.map((i) => [i.offset, i.replayed])).toEqual([
      [1, false],
      [2, true],
      [3, true],
      [4, false],
    ]);
    expect(room.resets).toEqual([]);
  });

  test("a restart with the memory store: recovered false, reported, then the new epoch replayed", async () => {
    const first = roomRouter(new MemoryTopicStore());
    const server1 = startServer(first.router);
    const client = makeClient(server1.url);
    const room = watch(client);
    await client.connect();
    await room.handle.ready;
    first.router.publish(general, NewMessage, { text: "m1" });
    await room.reach(1);
    const oldEpoch = room.handle.epoch;

    await server1.server.stop(true);
    await until(client, (s) => s.status === "reconnecting");
    const second = roomRouter(new MemoryTopicStore());
    startServer(second.router, { port: server1.port });
    for (const text of ["new1", "new2"]) second.router.publish(general, NewMessage, { text });
    await room.reach(3);
    second.router.publish(general, NewMessage, { text: "new3" });
    await room.reach(4);

    expect(room.texts).toEqual(["m1", "new1", "new2", "new3"]);
    const newEpoch = room.handle.epoch;
    expect(newEpoch).not.toBe(oldEpoch);
    expect(room.subscribed.at(-1)).toEqual({
      topic: general.name,
      epoch: newEpoch as string,
      offset: 2,
      recovered: false,
      missed: undefined,
    });
    expect(room.resets).toEqual([{ topic: general.name, epoch: newEpoch as string, offset: 2 }]);
    expect(room.infos.map((i) => [i.offset, i.replayed])).toEqual([
      [1, false],
      [1, true],
      [2, true],
      [3, false],
    ]);
  });

  test("a topic the server does not declare: ready rejects with RESOURCE_NOT_FOUND", async () => {
    const { router } = roomRouter(new MemoryTopicStore());
    const { url } = startServer(router);
    const client = makeClient(url);
    await client.connect();
    const Other = topic("other:{id}", [NewMessage]);
    const handle = subscribe(client, Other({ id: "x" }));
    await expect(handle.ready).rejects.toMatchObject({ name: "ServerError", code: "RESOURCE_NOT_FOUND" });
    expect(handle.state).toBe("error");
  });
});
