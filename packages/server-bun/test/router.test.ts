/** Routing, middleware, hooks, data, heartbeat and abort, over the real client and raw sockets. */
import { afterEach, describe, expect, test } from "bun:test";
import { AbortError, ServerError, type WebSocketConstructor } from "@typed-ws/client";
import { createRouter, type SendStatus } from "../src/index.ts";
import { Echo, EchoReply, Identity, Ping, Pong, SetName, Slow, WhoAmI } from "./schemas.ts";
import { rawClient, start, stopAll, typedClient } from "./setup.ts";

afterEach(stopAll);

/** A promise with its resolver, for awaiting server-side events. */
function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe("routing", () => {
  test("routes each type to its handler with a typed, validated payload", async () => {
    const router = createRouter();
    router.on(Echo, (ctx) => ctx.reply(EchoReply, { text: `${ctx.type}:${ctx.payload.text}` }));
    router.on(Ping, (ctx) => ctx.reply(Pong));
    const client = await typedClient(start(router).url);
    const echo = await client.request(Echo, { text: "hi" }, EchoReply);
    expect(echo.payload.text).toBe("ECHO:hi");
    const pong = await client.request(Ping, Pong);
    expect(pong.type).toBe("PONG");
  });

  test("onMessage is an alias of on", async () => {
    const router = createRouter();
    router.onMessage(Ping, (ctx) => ctx.reply(Pong));
    const client = await typedClient(start(router).url);
    expect((await client.request(Ping, Pong)).type).toBe("PONG");
  });

  test("ctx carries receivedAt, a UUID v7 clientId and meta; send adds a timestamp", async () => {
    const router = createRouter();
    const seen = deferred<{ receivedAt: number; clientId: string; meta: object }>();
    router.on(Echo, (ctx) => {
      seen.resolve({ receivedAt: ctx.receivedAt, clientId: ctx.ws.data.clientId, meta: ctx.meta });
      ctx.send(EchoReply, { text: "pushed" });
    });
    const client = await typedClient(start(router).url);
    const pushed = new Promise<{ meta: { timestamp?: number } }>((resolve) => client.on(EchoReply, resolve));
    const before = Date.now();
    client.send(Echo, { text: "x" }, { meta: { timestamp: before } });
    const { receivedAt, clientId, meta } = await seen.promise;
    expect(receivedAt).toBeGreaterThanOrEqual(before);
    expect(clientId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(meta).toEqual({ timestamp: before }); // the client's own, passed through
    expect((await pushed).meta.timestamp).toBeGreaterThanOrEqual(before);
  });
});

describe("middleware", () => {
  test("global then per-type middleware run in order around the handler (Koa-style)", async () => {
    const router = createRouter();
    const order: string[] = [];
    router.use(async (ctx, next) => {
      order.push(`g1:${ctx.type}`);
      await next();
      order.push("g1:after");
    });
    router.use(Echo, async (_ctx, next) => {
      order.push("echo-mw");
      await next();
    });
    router.use((_ctx, next) => {
      order.push("g2");
      return next();
    });
    router.on(Echo, (ctx) => {
      order.push("handler");
      ctx.reply(EchoReply, { text: ctx.payload.text });
    });
    router.on(Ping, (ctx) => {
      order.push("ping");
      ctx.reply(Pong);
    });
    const client = await typedClient(start(router).url);
    await client.request(Echo, { text: "a" }, EchoReply);
    expect(order).toEqual(["g1:ECHO", "g2", "echo-mw", "handler", "g1:after"]);
    order.length = 0;
    await client.request(Ping, Pong);
    expect(order).toEqual(["g1:PING", "g2", "ping", "g1:after"]);
  });

  test("a middleware that does not call next stops the chain; its ctx.error answers the request", async () => {
    const router = createRouter();
    let handled = 0;
    router.use(Echo, (ctx, next) => {
      if (ctx.payload.text === "blocked") {
        ctx.error("RATE_LIMIT_EXCEEDED", "Slow down", { limit: 1 }, { retryAfterMs: 500 });
        return;
      }
      return next();
    });
    router.on(Echo, (ctx) => {
      handled++;
      ctx.reply(EchoReply, { text: ctx.payload.text });
    });
    const client = await typedClient(start(router).url);
    const error = await client.request(Echo, { text: "blocked" }, EchoReply).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({ code: "RATE_LIMIT_EXCEEDED", retryAfterMs: 500, context: { limit: 1 } });
    expect(handled).toBe(0);
    await client.request(Echo, { text: "ok" }, EchoReply);
    expect(handled).toBe(1);
  });

  test("per-type middleware only runs for its type", async () => {
    const router = createRouter();
    const calls: string[] = [];
    router.use(Echo, (ctx, next) => {
      calls.push(ctx.payload.text);
      return next();
    });
    router.on(Echo, (ctx) => ctx.reply(EchoReply, { text: "e" }));
    router.on(Ping, (ctx) => ctx.reply(Pong));
    const client = await typedClient(start(router).url);
    await client.request(Ping, Pong);
    await client.request(Echo, { text: "only-me" }, EchoReply);
    expect(calls).toEqual(["only-me"]);
  });
});

describe("connection data and hooks", () => {
  test("assignData persists across messages; onOpen and onClose see the connection", async () => {
    const router = createRouter<{ name?: string; openedAt?: number }>();
    const closed = deferred<{ code: number; name: string | undefined; clientId: string }>();
    router.onOpen((ctx) => ctx.assignData({ openedAt: Date.now() }));
    router.on(SetName, (ctx) => {
      ctx.assignData({ name: ctx.payload.name });
      ctx.reply(Pong);
    });
    router.on(WhoAmI, (ctx) => {
      expect(ctx.ws.data.openedAt).toBeNumber();
      ctx.reply(Identity, { clientId: ctx.ws.data.clientId, name: ctx.ws.data.name });
    });
    router.onClose((ctx) => closed.resolve({ code: ctx.code, name: ctx.ws.data.name, clientId: ctx.ws.data.clientId }));
    const client = await typedClient(start(router).url);
    await client.request(SetName, { name: "ada" }, Pong);
    const identity = await client.request(WhoAmI, Identity);
    expect(identity.payload.name).toBe("ada");
    client.close(1000, "bye");
    const info = await closed.promise;
    expect(info).toEqual({ code: 1000, name: "ada", clientId: identity.payload.clientId });
  });

  test("each connection gets its own clientId", async () => {
    const router = createRouter();
    router.on(WhoAmI, (ctx) => ctx.reply(Identity, { clientId: ctx.ws.data.clientId }));
    const { url } = start(router);
    const [a, b] = await Promise.all([typedClient(url), typedClient(url)]);
    const [ia, ib] = await Promise.all([a.request(WhoAmI, Identity), b.request(WhoAmI, Identity)]);
    expect(ia.payload.clientId).not.toBe(ib.payload.clientId);
  });
});

describe("heartbeat and abort", () => {
  test("__heartbeat → __heartbeat_ack with a timestamp", async () => {
    const client = await rawClient(start(createRouter()).url);
    const ack = await client.roundTrip({ type: "__heartbeat" });
    expect(ack.type).toBe("__heartbeat_ack");
    expect(ack.meta.timestamp).toBeNumber();
  });

  test("the real client's heartbeats are acknowledged and the connection stays open", async () => {
    const router = createRouter();
    router.on(Ping, (ctx) => ctx.reply(Pong));
    const acks = deferred();
    let count = 0;
    // Watches the frames the client receives, beside the client's own onmessage.
    class WatchedWebSocket extends WebSocket {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols);
        this.addEventListener("message", (event) => {
          if (String(event.data).includes('"__heartbeat_ack"') && ++count === 3) acks.resolve();
        });
      }
    }
    const client = await typedClient(start(router).url, {
      heartbeat: { intervalMs: 10, timeoutMs: 1000 },
      WebSocket: WatchedWebSocket as unknown as WebSocketConstructor,
    });
    const errors: unknown[] = [];
    client.onError((event) => errors.push(event));
    await acks.promise;
    await client.request(Ping, Pong);
    expect(client.state.status).toBe("open");
    expect(errors).toEqual([]);
  });

  test("$ws:abort aborts ctx.signal for that request and nothing more is sent for it", async () => {
    const router = createRouter();
    const aborted = deferred<{ reason: unknown; status: SendStatus }>();
    const started = deferred();
    router.on(Slow, async (ctx) => {
      started.resolve();
      await new Promise((resolve) => ctx.signal.addEventListener("abort", resolve));
      aborted.resolve({ reason: ctx.signal.reason, status: ctx.reply(Pong) });
    });
    router.on(Ping, (ctx) => ctx.reply(Pong));
    const client = await typedClient(start(router).url);
    const unhandled: unknown[] = [];
    client.onUnhandled((envelope) => unhandled.push(envelope));
    const controller = new AbortController();
    const pending = client.request(Slow, Pong, { signal: controller.signal });
    await started.promise;
    controller.abort();
    expect(await pending.catch((e: unknown) => e)).toBeInstanceOf(AbortError);
    const { reason, status } = await aborted.promise;
    expect(status).toBe("dropped");
    expect((reason as { by: string }).by).toBe("client");
    // Frames on one socket arrive in order: a stray PONG for the aborted id would come first.
    await client.request(Ping, Pong);
    expect(unhandled).toEqual([]);
  });

  test("closing the connection aborts in-flight ctx.signal", async () => {
    const router = createRouter();
    const aborted = deferred<string>();
    const started = deferred();
    router.on(Slow, async (ctx) => {
      started.resolve();
      await new Promise((resolve) => ctx.signal.addEventListener("abort", resolve));
      aborted.resolve((ctx.signal.reason as { by: string }).by);
    });
    const client = await rawClient(start(router).url);
    client.send({ type: "SLOW", meta: { correlationId: "s1" } });
    await started.promise;
    client.close();
    expect(await aborted.promise).toBe("close");
  });
});
