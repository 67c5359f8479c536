/** Every bad-input row of PROTOCOL.md: answered with an ERROR frame, reported, connection still usable. */
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { ProtocolError, ValidationError } from "@typed-ws/client";
import { createRouter, type ErrorInfo } from "../src/index.ts";
import type { ErrorFramePayload, RawClient } from "./raw-client.ts";
import { Echo, EchoReply, Fail, Ping, Pong } from "./schemas.ts";
import { rawClient, start, stopAll } from "./setup.ts";

const LIMIT = 1000;
let client: RawClient;
let reported: { error: unknown; info: ErrorInfo<Record<string, unknown>> }[];
let seenMeta: Record<string, unknown>[];

beforeEach(async () => {
  reported = [];
  seenMeta = [];
  const router = createRouter();
  router.on(Ping, (ctx) => {
    seenMeta.push({ ...ctx.meta });
    ctx.reply(Pong);
  });
  router.use(Echo, (ctx, next) => {
    if (ctx.payload.text === "deny") {
      ctx.error("AUTHORIZATION_FAILED", "Not allowed");
      return;
    }
    return next();
  });
  router.on(Echo, (ctx) => ctx.reply(EchoReply, { text: ctx.payload.text }));
  router.on(Fail, async (ctx) => {
    if (ctx.payload.mode === "throw") throw new Error("secret database detail");
    await Promise.resolve();
    throw new Error("secret async detail");
  });
  router.onError((error, info) => reported.push({ error, info }));
  const { url } = start(router, { maxPayloadBytes: LIMIT });
  client = await rawClient(url);
});

afterEach(stopAll);

async function expectError(frame: unknown, code: string, correlationId?: string): Promise<ErrorFramePayload> {
  const answer = await client.roundTrip(frame);
  expect(answer.type).toBe("ERROR");
  expect(answer.meta.correlationId).toBe(correlationId);
  const payload = answer.payload as ErrorFramePayload;
  expect(payload.code).toBe(code);
  return payload;
}

async function expectUsable(): Promise<void> {
  const answer = await client.roundTrip({ type: "PING", meta: { correlationId: "after" } });
  expect(answer).toMatchObject({ type: "PONG", meta: { correlationId: "after" } });
}

describe("bad input", () => {
  test("non-JSON text → INVALID_MESSAGE_FORMAT", async () => {
    await expectError("{not json", "INVALID_MESSAGE_FORMAT");
    expect(reported[0]?.error).toBeInstanceOf(ProtocolError);
    expect(reported[0]?.info.phase).toBe("frame");
    await expectUsable();
  });

  test("binary frame → INVALID_MESSAGE_FORMAT", async () => {
    await expectError(new TextEncoder().encode(JSON.stringify({ type: "PING" })), "INVALID_MESSAGE_FORMAT");
    await expectUsable();
  });

  test("JSON that is not an object → INVALID_MESSAGE_FORMAT", async () => {
    await expectError("[1,2]", "INVALID_MESSAGE_FORMAT");
    await expectUsable();
  });

  test("no type → INVALID_MESSAGE_FORMAT, with the correlation id it could read", async () => {
    await expectError({ meta: { correlationId: "c1" }, payload: {} }, "INVALID_MESSAGE_FORMAT", "c1");
    await expectUsable();
  });

  test("unknown type → UNSUPPORTED_MESSAGE_TYPE with the correlation id", async () => {
    const error = await expectError({ type: "NOPE", meta: { correlationId: "c2" } }, "UNSUPPORTED_MESSAGE_TYPE", "c2");
    expect(error.message).toContain("NOPE");
    expect(reported[0]?.info).toMatchObject({ phase: "routing", type: "NOPE", correlationId: "c2" });
    await expectUsable();
  });

  test("schema failure → VALIDATION_FAILED with issue paths in context", async () => {
    const error = await expectError(
      { type: "ECHO", meta: { correlationId: "c3" }, payload: { text: "x".repeat(51) } },
      "VALIDATION_FAILED",
      "c3",
    );
    expect(error.context?.path).toEqual(["payload", "text"]);
    expect(reported[0]?.error).toBeInstanceOf(ValidationError);
    expect((reported[0]!.error as ValidationError).direction).toBe("inbound");
    await expectUsable();
  });

  test("missing payload → VALIDATION_FAILED", async () => {
    await expectError({ type: "ECHO", meta: { correlationId: "c4" } }, "VALIDATION_FAILED", "c4");
    await expectUsable();
  });

  test.each([
    ["payload", { type: "ECHO", meta: { correlationId: "k" }, payload: { text: "hi", extra: 1 } }, ["payload"]],
    ["meta", { type: "ECHO", meta: { correlationId: "k", extra: 1 }, payload: { text: "hi" } }, ["meta"]],
    ["root", { type: "ECHO", meta: { correlationId: "k" }, payload: { text: "hi" }, extra: "x" }, []],
  ])("unknown key in %s → VALIDATION_FAILED", async (_where, frame, path) => {
    const error = await expectError(frame, "VALIDATION_FAILED", "k");
    expect(error.context?.path).toEqual(path);
    expect(JSON.stringify(error.context)).toContain("extra");
    await expectUsable();
  });

  test("payload on a message without one → VALIDATION_FAILED", async () => {
    await expectError({ type: "PING", meta: { correlationId: "c5" }, payload: {} }, "VALIDATION_FAILED", "c5");
    await expectUsable();
  });

  test("reserved meta keys are stripped, not rejected", async () => {
    const answer = await client.roundTrip({
      type: "PING",
      meta: { correlationId: "c6", clientId: "spoofed", receivedAt: 1 },
    });
    expect(answer).toMatchObject({ type: "PONG", meta: { correlationId: "c6" } });
    expect(seenMeta[0]).toEqual({ correlationId: "c6" });
  });

  test("over maxPayloadBytes → PAYLOAD_TOO_LARGE, with the correlation id, before parsing", async () => {
    const frame = JSON.stringify({ type: "ECHO", meta: { correlationId: "big" }, payload: { text: "é".repeat(480) } });
    expect(frame.length).toBeLessThan(LIMIT); // only the UTF-8 byte count is over the limit
    const error = await expectError(frame, "PAYLOAD_TOO_LARGE", "big");
    expect(error.context).toMatchObject({ limitBytes: LIMIT });
    await expectUsable();
  });

  test("at twice maxPayloadBytes → close 1009", async () => {
    client.send(JSON.stringify({ type: "ECHO", payload: { text: "x".repeat(2 * LIMIT) } }));
    const event = await client.closed;
    expect(event.code).toBe(1009);
  });

  test("middleware denial via ctx.error keeps the correlation id", async () => {
    const error = await expectError(
      { type: "ECHO", meta: { correlationId: "c7" }, payload: { text: "deny" } },
      "AUTHORIZATION_FAILED",
      "c7",
    );
    expect(error.message).toBe("Not allowed");
    await expectUsable();
  });

  test.each(["throw", "reject"])(
    "handler %s → INTERNAL_SERVER_ERROR, generic message, cause to onError",
    async (mode) => {
      const error = await expectError(
        { type: "FAIL", meta: { correlationId: `c-${mode}` }, payload: { mode } },
        "INTERNAL_SERVER_ERROR",
        `c-${mode}`,
      );
      expect(JSON.stringify(error)).not.toContain("secret");
      expect(reported[0]?.info).toMatchObject({ phase: "handler", type: "FAIL", code: "INTERNAL_SERVER_ERROR" });
      expect((reported[0]!.error as Error).message).toContain("secret");
      await expectUsable();
    },
  );

  test("errors without a correlation id are still answered", async () => {
    await expectError({ type: "NOPE" }, "UNSUPPORTED_MESSAGE_TYPE", undefined);
    await expectUsable();
  });
});
