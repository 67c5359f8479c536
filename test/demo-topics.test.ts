/**
 * The demo server's topic surface (other clients are written against it), on a real server with
 * raw sockets: each named room is `room:<roomId>`; other names answer `RESOURCE_NOT_FOUND`;
 * `SEND_MESSAGE` reaches `$ws:subscribe` subscribers with `meta.topic`/`meta.offset` and
 * `JOIN_ROOM` members as the plain envelope; at least 100 publications of history per room;
 * the store chosen by `TOPIC_STORE`/`TOPIC_DB`.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRouter, MemoryTopicStore, type TopicStore } from "@typed-ws/server-bun";
import { SqliteTopicStore } from "@typed-ws/server-bun/sqlite";
import { registerChat } from "../demo/server/chat.ts";
import type { AppData } from "../demo/server/router.ts";
import { topicStoreFromEnv } from "../demo/server/topic-store.ts";
import { ROOMS } from "../demo/shared/rooms.ts";
import { closeAll, startServer, track } from "./helpers/network.ts";

type Frame = { type: string; meta: Record<string, unknown>; payload?: Record<string, unknown> };

const stores: TopicStore[] = [];
const dirs: string[] = [];
afterEach(async () => {
  await closeAll();
  for (const store of stores.splice(0)) store.close?.();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A raw socket that queues every frame it receives; `next()` takes the oldest. */
async function rawSocket(url: string) {
  const ws = track(new WebSocket(url));
  const frames: Frame[] = [];
  const waiting: ((frame: Frame) => void)[] = [];
  ws.onmessage = (event) => {
    const frame = JSON.parse(String(event.data)) as Frame;
    const waiter = waiting.shift();
    if (waiter) waiter(frame);
    else frames.push(frame);
  };
  await new Promise((resolve) => ws.addEventListener("open", resolve, { once: true }));
  const next = () => {
    const frame = frames.shift();
    return frame ? Promise.resolve(frame) : new Promise<Frame>((resolve) => waiting.push(resolve));
  };
  /** The next frame that is not the server's WELCOME. */
  const nextNotWelcome = async () => {
    for (;;) {
      const frame = await next();
      if (frame.type !== "WELCOME") return frame;
    }
  };
  const send = (frame: object) => ws.send(JSON.stringify(frame));
  return { ws, next: nextNotWelcome, send };
}

function demoServer(store: TopicStore = new MemoryTopicStore()) {
  stores.push(store);
  const router = createRouter<AppData>({ topicStore: store });
  registerChat(router);
  return startServer(router);
}

const roomId = ROOMS[0]!.id;
let ids = 0;
const subscribe = (socket: Awaited<ReturnType<typeof rawSocket>>, topic: string, since?: object) =>
  socket.send({
    type: "$ws:subscribe",
    meta: { correlationId: `s${++ids}` },
    payload: since ? { topic, since } : { topic },
  });

describe("the demo's room topics", () => {
  test("each named room is room:<roomId>; other names answer RESOURCE_NOT_FOUND", async () => {
    const { url } = demoServer();
    const socket = await rawSocket(url);
    for (const room of ROOMS) {
      subscribe(socket, `room:${room.id}`);
      expect(await socket.next()).toMatchObject({
        type: "$ws:subscribed",
        payload: { topic: `room:${room.id}`, offset: 0 },
      });
    }
    for (const name of ["room:00000000-0000-4000-8000-000000000000", "lobby", roomId]) {
      subscribe(socket, name);
      expect(await socket.next()).toMatchObject({ type: "ERROR", payload: { code: "RESOURCE_NOT_FOUND" } });
    }
  });

  test("SEND_MESSAGE: topic subscribers get meta.topic/offset, JOIN_ROOM members the plain envelope", async () => {
    const { url } = demoServer();
    const [member, subscriber] = await Promise.all([rawSocket(url), rawSocket(url)]);
    subscribe(subscriber, `room:${roomId}`);
    expect((await subscriber.next()).type).toBe("$ws:subscribed");
    member.send({ type: "JOIN_ROOM", meta: {}, payload: { roomId, username: "Ada" } });
    expect(await member.next()).toMatchObject({ type: "USER_JOINED", payload: { username: "Ada", userCount: 1 } });
    member.send({ type: "SEND_MESSAGE", meta: {}, payload: { roomId, text: "hello" } });

    const plain = await member.next();
    expect(plain).toMatchObject({ type: "NEW_MESSAGE", payload: { username: "Ada", text: "hello" } });
    expect(plain.meta.topic).toBeUndefined();
    expect(plain.meta.offset).toBeUndefined();
    expect(await subscriber.next()).toMatchObject({
      type: "NEW_MESSAGE",
      meta: { topic: `room:${roomId}`, offset: 1 },
      payload: { username: "Ada", text: "hello" },
    });
  });

  test("keeps at least the last 100 publications of a room", async () => {
    const { url } = demoServer();
    const sender = await rawSocket(url);
    sender.send({ type: "JOIN_ROOM", meta: {}, payload: { roomId, username: "Ada" } });
    await sender.next();
    for (let n = 1; n <= 150; n++) sender.send({ type: "SEND_MESSAGE", meta: {}, payload: { roomId, text: `m${n}` } });
    for (let n = 1; n <= 150; n++) await sender.next(); // its own plain copies: all published
    const late = await rawSocket(url);
    subscribe(late, `room:${roomId}`);
    const { payload } = await late.next();
    expect(payload).toMatchObject({ offset: 150 });
    subscribe(late, `room:${roomId}`, { epoch: payload?.epoch, offset: 50 });
    expect((await late.next()).payload).toMatchObject({ recovered: true, offset: 150 });
    const replay: unknown[] = [];
    for (let n = 51; n <= 150; n++) replay.push((await late.next()).payload?.text);
    expect(replay).toEqual(Array.from({ length: 100 }, (_, i) => `m${51 + i}`));
  });

  test("TOPIC_STORE picks the store: memory, or a SQLite file (TOPIC_DB) created with its folder", () => {
    expect(topicStoreFromEnv({ TOPIC_STORE: "memory" })).toBeInstanceOf(MemoryTopicStore);
    const dir = mkdtempSync(join(tmpdir(), "typed-ws-demo-store-"));
    dirs.push(dir);
    const path = join(dir, "nested", "topics.sqlite");
    const store = topicStoreFromEnv({ TOPIC_DB: path });
    stores.push(store);
    expect(store).toBeInstanceOf(SqliteTopicStore);
    expect(existsSync(path)).toBe(true);
    expect(() => topicStoreFromEnv({ TOPIC_STORE: "redis" })).toThrow(/TOPIC_STORE must be "memory" or "sqlite"/);
  });
});
