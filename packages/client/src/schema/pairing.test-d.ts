/** Type tests of request/response pairing: `rpc()`, `withResponse()` and `client.request` inference. */
import * as vb from "valibot";
import { describe, expectTypeOf, it } from "vitest";
import { wsClient } from "../client/client.ts";
import * as V from "../valibot.ts";
import { message, rpc, z } from "../zod.ts";
import type { InferMessage, InferResponse, MessageSchemaInfo } from "./message-schema.ts";
import { withResponse } from "./pairing.ts";

const UserResponse = message("USER", { id: z.string(), name: z.string() });
const GetUser = withResponse(message("GET_USER", { id: z.string() }), UserResponse);
const Calculate = rpc("CALCULATE", { a: z.number(), b: z.number() }, "CALCULATE_RESULT", { result: z.number() });
const Ping = rpc("PING", undefined, "PONG", { at: z.number() });
const Plain = message("PLAIN", { x: z.number() });
const PlainReply = message("PLAIN_REPLY");
const Bare = message("BARE");
const Other = message("OTHER", { y: z.boolean() });

const client = wsClient({ url: "ws://localhost:3000" });

type User = {
  type: "USER";
  meta: { timestamp?: number; correlationId?: string };
  payload: { id: string; name: string };
};

describe("pairing", () => {
  it("carries the response schema on the request schema and in its info", () => {
    expectTypeOf<InferMessage<typeof GetUser.response>>().toEqualTypeOf<User>();
    expectTypeOf<InferMessage<InferResponse<typeof GetUser>>>().toEqualTypeOf<User>();
    expectTypeOf(GetUser["~typed-ws"]).toExtend<MessageSchemaInfo<"GET_USER">>();
    expectTypeOf(Calculate.response.shape.type.value).toEqualTypeOf<"CALCULATE_RESULT">();
    expectTypeOf<InferResponse<typeof Plain>>().toBeNever();
    // The paired schema is still the request's Zod schema.
    expectTypeOf(GetUser.shape.payload.shape.id).toEqualTypeOf<z.ZodString>();
    expectTypeOf(z.discriminatedUnion("type", [GetUser, Calculate])).not.toBeNever();
  });

  it("makes a wrong response a compile error at the pairing", () => {
    // @ts-expect-error the response must be a message schema, not a payload schema
    withResponse(Plain, z.object({ result: z.number() }));
    // @ts-expect-error the response must be a message schema, not a type name
    withResponse(Plain, "PLAIN_REPLY");
    // @ts-expect-error rpc takes shapes, not schemas
    rpc("A", z.object({ a: z.number() }), "B", undefined);
    // @ts-expect-error a response shape's fields must be schemas
    rpc("A", undefined, "B", { result: 1 });
    // @ts-expect-error a paired request's explicit response must be its paired response
    client.request(GetUser, { id: "1" }, Other);
    // @ts-expect-error likewise without payload
    client.request(Ping, Other);
  });

  it("lets valibot pair too", () => {
    const VGet = V.rpc("V_GET", { id: vb.string() }, "V_USER", { name: vb.string() }, { retryable: true });
    expectTypeOf(client.request(VGet, { id: "1" }))
      .resolves.toHaveProperty("payload")
      .toEqualTypeOf<{ name: string }>();
    const VPaired = V.withResponse(V.message("V_PING"), V.message("V_PONG"));
    expectTypeOf(client.request(VPaired)).resolves.toHaveProperty("type").toEqualTypeOf<"V_PONG">();
  });
});

describe("client.request inference", () => {
  it("infers the response of a paired request", () => {
    expectTypeOf(client.request(GetUser, { id: "1" })).toEqualTypeOf<Promise<User>>();
    expectTypeOf(client.request(GetUser, { id: "1" }, { timeoutMs: 10 })).toEqualTypeOf<Promise<User>>();
    expectTypeOf(client.request(Calculate, { a: 1, b: 2 }))
      .resolves.toHaveProperty("payload")
      .toEqualTypeOf<{ result: number }>();
    expectTypeOf(client.request(Ping)).resolves.toHaveProperty("type").toEqualTypeOf<"PONG">();
    expectTypeOf(client.request(Ping, undefined, { signal: AbortSignal.timeout(1) }))
      .resolves.toHaveProperty("payload")
      .toEqualTypeOf<{ at: number }>();
  });

  it("keeps the explicit forms (the paired response, or any response for an unpaired schema)", () => {
    expectTypeOf(client.request(GetUser, { id: "1" }, UserResponse)).toEqualTypeOf<Promise<User>>();
    expectTypeOf(client.request(Plain, { x: 1 }, PlainReply, { timeoutMs: 5 })).toEqualTypeOf<
      Promise<InferMessage<typeof PlainReply>>
    >();
    expectTypeOf(client.request(Bare, PlainReply)).toEqualTypeOf<Promise<InferMessage<typeof PlainReply>>>();
    expectTypeOf(client.request(Bare, undefined, PlainReply)).toEqualTypeOf<Promise<InferMessage<typeof PlainReply>>>();
    expectTypeOf(client.request(Ping, Ping.response)).resolves.toHaveProperty("type").toEqualTypeOf<"PONG">();
  });

  it("rejects bad payloads and missing responses", () => {
    // @ts-expect-error `id` must be a string
    client.request(GetUser, { id: 1 });
    // @ts-expect-error `b` is missing
    client.request(Calculate, { a: 1 });
    // @ts-expect-error unknown key
    client.request(Calculate, { a: 1, b: 2, c: 3 });
    // @ts-expect-error payload required
    client.request(GetUser);
    // @ts-expect-error a payload-less request takes no payload
    client.request(Ping, { at: 1 });
    // @ts-expect-error an unpaired request needs a response schema
    client.request(Plain, { x: 1 });
    // @ts-expect-error an unpaired payload-less request needs a response schema
    client.request(Bare);
    // @ts-expect-error `x` must be a number (explicit form)
    client.request(Plain, { x: "1" }, PlainReply);
  });
});
