/** Topics across clients: router.publish, ctx.publish (with excludeSelf), unsubscribe, counters. */
import { afterEach, describe, expect, test } from "bun:test";
import type { InferMessage, WsClient } from "@typed-ws/client";
import { createRouter } from "../src/index.ts";
import { Join, Pong, Said, Say } from "./schemas.ts";
import { rawClient, start, stopAll, typedClient } from "./setup.ts";

afterEach(stopAll);

type SaidMessage = InferMessage<typeof Said>;

/** Collects SAID messages on a client; `next()` awaits the next one. */
function inbox(client: WsClient) {
  const received: SaidMessage[] = [];
  let wake: (() => void) | undefined;
  client.on(Said, (message) => {
    received.push(message);
    wake?.();
  });
  return {
    received,
    async next(): Promise<SaidMessage> {
      while (received.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      return received.shift()!;
    },
  };
}

function chatRouter() {
  const router = createRouter();
  const counts: number[] = [];
  router.on(Join, (ctx) => {
    ctx.subscribe(ctx.payload.room);
    ctx.reply(Pong);
  });
  router.on(Say, (ctx) => {
    const { room, text } = ctx.payload;
    const payload = { room, text, from: ctx.ws.data.clientId };
    counts.push(
      text.startsWith("others:")
        ? ctx.publish(room, Said, payload, { excludeSelf: true })
        : router.publish(room, Said, payload),
    );
    ctx.reply(Pong);
  });
  return { router, counts };
}

describe("pub/sub", () => {
  test("router.publish reaches every subscriber of the topic, and only them", async () => {
    const { router, counts } = chatRouter();
    const { url } = start(router);
    const [a, b, c] = await Promise.all([typedClient(url), typedClient(url), typedClient(url)]);
    const [inA, inB, inC] = [inbox(a), inbox(b), inbox(c)];
    await Promise.all([a.request(Join, { room: "r1" }, Pong), b.request(Join, { room: "r1" }, Pong)]);
    await c.request(Join, { room: "r2" }, Pong);
    await c.request(Say, { room: "r1", text: "hello" }, Pong);
    expect((await inA.next()).payload).toMatchObject({ room: "r1", text: "hello" });
    expect((await inB.next()).payload.text).toBe("hello");
    expect(counts).toEqual([2]);
    // c is not in r1: a message to r2 is the first thing it sees.
    await a.request(Say, { room: "r2", text: "to c" }, Pong);
    expect((await inC.next()).payload.text).toBe("to c");
  });

  test("ctx.publish with excludeSelf skips the sender", async () => {
    const { router, counts } = chatRouter();
    const { url } = start(router);
    const [a, b] = await Promise.all([typedClient(url), typedClient(url)]);
    const [inA, inB] = [inbox(a), inbox(b)];
    await Promise.all([a.request(Join, { room: "r" }, Pong), b.request(Join, { room: "r" }, Pong)]);
    await a.request(Say, { room: "r", text: "others:1" }, Pong);
    await a.request(Say, { room: "r", text: "all" }, Pong);
    expect((await inB.next()).payload.text).toBe("others:1");
    expect((await inA.next()).payload.text).toBe("all"); // a never got "others:1"
    expect(counts).toEqual([1, 2]);
  });

  test("after unsubscribe a connection no longer receives the topic", async () => {
    const router = createRouter();
    router.on(Join, (ctx) => {
      if (ctx.payload.room.startsWith("-")) ctx.unsubscribe(ctx.payload.room.slice(1));
      else ctx.subscribe(ctx.payload.room);
      ctx.reply(Pong);
    });
    const { url } = start(router);
    const a = await typedClient(url);
    const inA = inbox(a);
    await a.request(Join, { room: "r" }, Pong);
    await a.request(Join, { room: "x" }, Pong);
    await a.request(Join, { room: "-r" }, Pong);
    expect(router.publish("r", Said, { room: "r", text: "gone", from: "s" })).toBe(0);
    expect(router.publish("x", Said, { room: "x", text: "still here", from: "s" })).toBe(1);
    expect((await inA.next()).payload.text).toBe("still here");
  });

  test("publishing to a topic without subscribers delivers to none and counts no drop", async () => {
    const { router, counts } = chatRouter();
    const client = await typedClient(start(router).url);
    await client.request(Say, { room: "empty", text: "anyone?" }, Pong);
    expect(counts).toEqual([0]);
    expect(router.stats.droppedPublishes).toBe(0);
  });

  test("outbound validation applies to publish", async () => {
    const router = createRouter();
    const { url } = start(router);
    await typedClient(url);
    expect(() => router.publish("t", Said, { room: "r" } as unknown as SaidMessage["payload"])).toThrow(
      /VALIDATION|text/,
    );
  });
});

describe("delivery order", () => {
  test("publishes and a reply in one handler reach the subscriber in the order the handler made them", async () => {
    const router = createRouter();
    router.on(Join, (ctx) => {
      ctx.subscribe(ctx.payload.room);
      ctx.reply(Pong);
    });
    router.on(Say, (ctx) => {
      const { room } = ctx.payload;
      for (const text of ["1", "2", "3"]) router.publish(room, Said, { room, text, from: "server" });
      ctx.reply(Pong); // queued behind the three publishes to this same socket
    });
    const { url } = start(router);
    const raw = await rawClient(url);
    expect((await raw.roundTrip({ type: "JOIN", meta: { correlationId: "j" }, payload: { room: "r" } })).type).toBe(
      "PONG",
    );
    raw.send({ type: "SAY", meta: { correlationId: "s" }, payload: { room: "r", text: "go" } });
    const frames = [await raw.next(), await raw.next(), await raw.next(), await raw.next()];
    expect(frames.map((f) => (f.type === "SAID" ? (f.payload as { text: string }).text : f.type))).toEqual([
      "1",
      "2",
      "3",
      "PONG",
    ]);
  });
});
