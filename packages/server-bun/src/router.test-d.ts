/** Type tests (checked by tsc): contexts are typed from the schema and from AppData. */
import { describe, expectTypeOf, test } from "vitest";
import { createHandler } from "./handler.ts";
import { createRouter } from "./router.ts";
import { serve } from "./serve.ts";
import type { SendStatus } from "./types.ts";
import { message, z } from "./zod.ts";

const Chat = message("CHAT", { text: z.string(), count: z.number().optional() });
const ChatAck = message("CHAT_ACK", { id: z.string() });
const Ping = message("PING");
const Pong = message("PONG");
const Versioned = message("VERSIONED", { n: z.number() }, { version: z.string() });

type AppData = { userId: string; roles: string[] };

describe("handler context", () => {
  test("payload, meta and type come from the schema", () => {
    const router = createRouter<AppData>();
    router.on(Chat, (ctx) => {
      expectTypeOf(ctx.type).toEqualTypeOf<"CHAT">();
      expectTypeOf(ctx.payload).toEqualTypeOf<{ text: string; count?: number | undefined }>();
      expectTypeOf(ctx.meta.timestamp).toEqualTypeOf<number | undefined>();
      expectTypeOf(ctx.receivedAt).toEqualTypeOf<number>();
      expectTypeOf(ctx.signal).toEqualTypeOf<AbortSignal>();
      // @ts-expect-error — no such payload field
      ctx.payload.nope;
    });
    router.on(Versioned, (ctx) => {
      expectTypeOf(ctx.meta.version).toEqualTypeOf<string>();
    });
  });

  test("ws.data is AppData plus clientId; assignData takes a partial AppData", () => {
    const router = createRouter<AppData>();
    router.on(Ping, (ctx) => {
      expectTypeOf(ctx.ws.data.userId).toEqualTypeOf<string>();
      expectTypeOf(ctx.ws.data.roles).toEqualTypeOf<string[]>();
      expectTypeOf(ctx.ws.data.clientId).toEqualTypeOf<string>();
      ctx.assignData({ userId: "u" });
      // @ts-expect-error — wrong type for a data field
      ctx.assignData({ userId: 1 });
    });
  });

  test("reply, send and publish payloads are checked against their schemas", () => {
    const router = createRouter();
    router.on(Chat, (ctx) => {
      expectTypeOf(ctx.reply(ChatAck, { id: "1" })).toEqualTypeOf<SendStatus>();
      ctx.reply(Pong);
      // @ts-expect-error — wrong payload type
      ctx.reply(ChatAck, { id: 1 });
      // @ts-expect-error — missing payload
      ctx.reply(ChatAck);
      // @ts-expect-error — unknown key
      ctx.reply(ChatAck, { id: "1", extra: true });
      // @ts-expect-error — a message without payload takes none
      ctx.send(Pong, { x: 1 });
      ctx.send(ChatAck, { id: "1" }, { meta: { timestamp: 1 } });
      expectTypeOf(ctx.publish("room", ChatAck, { id: "2" }, { excludeSelf: true })).toEqualTypeOf<number>();
      // @ts-expect-error — wrong publish payload
      router.publish("room", ChatAck, { id: false });
      ctx.error("RATE_LIMIT_EXCEEDED", "slow down", { limit: 1 }, { retryAfterMs: 1000 });
      ctx.error("APP_SPECIFIC");
    });
  });

  test("per-type middleware is typed from its schema; global middleware sees any message", () => {
    const router = createRouter<AppData>();
    router.use(Chat, (ctx, next) => {
      expectTypeOf(ctx.payload.text).toEqualTypeOf<string>();
      return next();
    });
    router.use(async (ctx, next) => {
      expectTypeOf(ctx.type).toEqualTypeOf<string>();
      expectTypeOf(ctx.payload).toEqualTypeOf<unknown>();
      expectTypeOf(ctx.ws.data.userId).toEqualTypeOf<string>();
      await next();
    });
  });
});

describe("serve options", () => {
  test("authenticate returns partial AppData, undefined or false, sync or async", () => {
    const router = createRouter<AppData>();
    serve(router, { port: 0, authenticate: () => ({ userId: "u" }) });
    serve(router, { port: 0, authenticate: async () => false });
    serve(router, { port: 0, authenticate: () => undefined });
    // @ts-expect-error — wrong data type
    serve(router, { port: 0, authenticate: () => ({ userId: 5 }) });
    const handler = createHandler(router, { fetch: () => new Response("ok") });
    expectTypeOf(handler.fetch).returns.toEqualTypeOf<Promise<Response | undefined>>();
  });
});
