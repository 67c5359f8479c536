/** Request/response over the real client: correlation, errors, one terminal frame, outbound validation. */
import { afterEach, describe, expect, test } from "bun:test";
import { ServerError, ValidationError } from "@typed-ws/client";
import { createRouter, DuplicateReplyError, UnansweredRequestError } from "../src/index.ts";
import { Echo, EchoReply, Ping, Pong } from "./schemas.ts";
import { rawClient, start, stopAll, typedClient } from "./setup.ts";

afterEach(stopAll);

describe("reply and error correlation", () => {
  test("concurrent requests each get their own reply", async () => {
    const router = createRouter();
    const held: (() => void)[] = [];
    router.on(Echo, async (ctx) => {
      // Hold every request until all 20 arrived, then release them in reverse order.
      await new Promise<void>((release) => {
        held.push(release);
        if (held.length === 20) for (const next of held.reverse()) next();
      });
      ctx.reply(EchoReply, { text: ctx.payload.text });
    });
    const client = await typedClient(start(router).url);
    const texts = Array.from({ length: 20 }, (_, i) => `t${i}`);
    const replies = await Promise.all(texts.map((text) => client.request(Echo, { text }, EchoReply)));
    expect(replies.map((reply) => reply.payload.text)).toEqual(texts);
  });

  test("ctx.error rejects the matching request with a ServerError", async () => {
    const router = createRouter();
    router.on(Echo, (ctx) => {
      if (ctx.payload.text === "missing") ctx.error("RESOURCE_NOT_FOUND", "No such thing", { id: "missing" });
      else ctx.reply(EchoReply, { text: ctx.payload.text });
    });
    const client = await typedClient(start(router).url);
    const [failed, ok] = await Promise.allSettled([
      client.request(Echo, { text: "missing" }, EchoReply),
      client.request(Echo, { text: "there" }, EchoReply),
    ]);
    expect(failed.status === "rejected" && failed.reason).toBeInstanceOf(ServerError);
    expect(failed.status === "rejected" && failed.reason).toMatchObject({
      code: "RESOURCE_NOT_FOUND",
      message: "No such thing",
      context: { id: "missing" },
    });
    expect(ok.status === "fulfilled" && ok.value.payload.text).toBe("there");
  });

  test("server-side validation failure rejects the request at once (no timeout)", async () => {
    const router = createRouter();
    router.on(Echo, (ctx) => ctx.reply(EchoReply, { text: ctx.payload.text }));
    const client = await rawClient(start(router).url);
    const answer = await client.roundTrip({ type: "ECHO", meta: { correlationId: "r1" }, payload: { text: 5 } });
    expect(answer).toMatchObject({
      type: "ERROR",
      meta: { correlationId: "r1" },
      payload: { code: "VALIDATION_FAILED" },
    });
  });
});

describe("exactly one terminal frame", () => {
  test("a second reply or error for the same request is dropped and reported", async () => {
    const router = createRouter();
    const statuses: string[] = [];
    const reported: unknown[] = [];
    router.onError((error) => reported.push(error));
    router.on(Echo, (ctx) => {
      statuses.push(ctx.reply(EchoReply, { text: "first" }));
      statuses.push(ctx.reply(EchoReply, { text: "second" }));
      statuses.push(ctx.error("INTERNAL_SERVER_ERROR", "third"));
    });
    router.on(Ping, (ctx) => ctx.reply(Pong));
    const client = await rawClient(start(router).url);
    const first = await client.roundTrip({ type: "ECHO", meta: { correlationId: "d1" }, payload: { text: "x" } });
    expect(first).toMatchObject({ type: "ECHO_REPLY", meta: { correlationId: "d1" }, payload: { text: "first" } });
    expect((await client.roundTrip({ type: "PING", meta: { correlationId: "d2" } })).type).toBe("PONG");
    expect(statuses).toEqual(["sent", "dropped", "dropped"]);
    expect(reported).toHaveLength(2);
    expect(reported[0]).toBeInstanceOf(DuplicateReplyError);
  });

  test("a handler that throws after replying sends nothing more", async () => {
    const router = createRouter();
    router.onError(() => {});
    router.on(Echo, (ctx) => {
      ctx.reply(EchoReply, { text: "done" });
      throw new Error("late failure");
    });
    router.on(Ping, (ctx) => ctx.reply(Pong));
    const client = await rawClient(start(router).url);
    expect((await client.roundTrip({ type: "ECHO", meta: { correlationId: "t1" }, payload: { text: "x" } })).type).toBe(
      "ECHO_REPLY",
    );
    expect((await client.roundTrip({ type: "PING", meta: { correlationId: "t2" } })).type).toBe("PONG");
  });

  test("development: a request finished without a reply gets INTERNAL_SERVER_ERROR and a report", async () => {
    const router = createRouter();
    const reported: unknown[] = [];
    router.onError((error) => reported.push(error));
    router.on(Echo, () => {});
    const client = await typedClient(start(router, { development: true }).url);
    const error = await client.request(Echo, { text: "x" }, EchoReply).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "INTERNAL_SERVER_ERROR" });
    expect(reported[0]).toBeInstanceOf(UnansweredRequestError);
  });

  test("a message without correlationId is not a request: no answer is required", async () => {
    const router = createRouter();
    router.on(Echo, () => {});
    router.on(Ping, (ctx) => ctx.reply(Pong));
    const client = await rawClient(start(router, { development: true }).url);
    client.send({ type: "ECHO", payload: { text: "fire and forget" } });
    // The next frame is the PONG: nothing was sent for the ECHO.
    expect((await client.roundTrip({ type: "PING" })).type).toBe("PONG");
  });

  test("production: no automatic answer for an unanswered request", async () => {
    const router = createRouter();
    router.on(Echo, () => {});
    router.on(Ping, (ctx) => ctx.reply(Pong));
    const client = await rawClient(start(router, { development: false }).url);
    client.send({ type: "ECHO", meta: { correlationId: "p1" }, payload: { text: "x" } });
    expect((await client.roundTrip({ type: "PING" })).type).toBe("PONG");
  });
});

describe("outbound validation", () => {
  test("on (development default): a bad reply throws ValidationError in the handler → INTERNAL_SERVER_ERROR", async () => {
    const router = createRouter();
    const thrown: unknown[] = [];
    router.onError((error) => thrown.push(error));
    router.on(Echo, (ctx) => {
      // Deliberately wrong at run time (the type checker would stop this).
      ctx.reply(EchoReply, { text: 42 } as unknown as { text: string });
    });
    const client = await typedClient(start(router, { development: true }).url);
    const error = await client.request(Echo, { text: "x" }, EchoReply).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "INTERNAL_SERVER_ERROR" });
    expect(thrown[0]).toBeInstanceOf(ValidationError);
    expect((thrown[0] as ValidationError).direction).toBe("outbound");
  });

  test("off: the frame goes out unvalidated (and the client rejects it)", async () => {
    const router = createRouter();
    router.on(Echo, (ctx) => ctx.reply(EchoReply, { text: 42 } as unknown as { text: string }));
    const client = await rawClient(start(router, { validateOutbound: false }).url);
    const answer = await client.roundTrip({ type: "ECHO", meta: { correlationId: "o1" }, payload: { text: "x" } });
    expect(answer).toMatchObject({ type: "ECHO_REPLY", payload: { text: 42 } });
  });
});
