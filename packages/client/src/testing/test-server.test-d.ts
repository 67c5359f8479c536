import { describe, expectTypeOf, it } from "vitest";
import { message, rpc, topic, z } from "../zod.ts";
import { createTestServer } from "./index.ts";

const GetUser = message("GET_USER", { id: z.string() });
const User = message("USER", { id: z.string(), name: z.string() });
const Ping = message("PING");
const Pong = message("PONG");
const GetProfile = rpc("GET_PROFILE", { id: z.string() }, "PROFILE", { name: z.string() });

type UserMessage = {
  type: "USER";
  meta: { timestamp?: number; correlationId?: string };
  payload: { id: string; name: string };
};

describe("createTestServer types", () => {
  const server = createTestServer();

  it("sent and waitForSent return the schema's validated messages", () => {
    expectTypeOf(server.sent(User)).toEqualTypeOf<UserMessage[]>();
    expectTypeOf(server.waitForSent(User, (msg) => msg.payload.id === "1")).toEqualTypeOf<Promise<UserMessage>>();
  });

  it("push and reply take the schema's payload", () => {
    server.push(User, { id: "1", name: "Ada" });
    server.push(Ping);
    // @ts-expect-error name must be a string
    server.push(User, { id: "1", name: 2 });
    // @ts-expect-error the payload is required
    server.push(User);
    server.reply("corr-1", User, { id: "1", name: "Ada" });
    // @ts-expect-error unknown key
    server.reply("corr-1", User, { id: "1", name: "Ada", extra: true });
  });

  it("onRequest: the handler gets the request payload and must return the response payload or an error", () => {
    server.onRequest(GetUser, User, (payload, request) => {
      expectTypeOf(payload).toEqualTypeOf<{ id: string }>();
      expectTypeOf(request.signal).toEqualTypeOf<AbortSignal>();
      return payload.id === "" ? request.error("VALIDATION_FAILED") : { id: payload.id, name: "n" };
    });
    server.onRequest(GetUser, User, async ({ id }) => ({ id, name: "async" }));
    server.onRequest(Ping, Pong, (payload) => {
      expectTypeOf(payload).toEqualTypeOf<undefined>();
    });
    // @ts-expect-error the reply must match the response schema
    server.onRequest(GetUser, User, () => ({ id: 1 }));
  });

  it("onRequest of a paired schema: the response is inferred, or must be the paired one", () => {
    server.onRequest(GetProfile, (payload) => {
      expectTypeOf(payload).toEqualTypeOf<{ id: string }>();
      return { name: "Ada" };
    });
    server.onRequest(GetProfile, GetProfile.response, () => ({ name: "Ada" }));
    // @ts-expect-error the reply must match the paired response
    server.onRequest(GetProfile, () => ({ name: 1 }));
    // @ts-expect-error a paired request is answered by its paired response
    server.onRequest(GetProfile, User, () => ({ id: "1", name: "n" }));
    // @ts-expect-error an unpaired request needs a response schema
    server.onRequest(GetUser, () => ({ id: "1", name: "n" }));
  });

  it("onSubscribe types the topic's parameters and the answer; publish takes the message's payload", () => {
    const Room = topic("room:{roomId}", [User]);
    server.onSubscribe(Room, (request) => {
      expectTypeOf(request.params).toEqualTypeOf<{ readonly roomId: string }>();
      expectTypeOf(request.since).toEqualTypeOf<{ readonly epoch: string; readonly offset: number } | undefined>();
      return request.params.roomId === "x" ? request.error("AUTHORIZATION_FAILED") : { epoch: "e1", offset: 0 };
    });
    // @ts-expect-error an answer carries an epoch and an offset
    server.onSubscribe("room:a", () => ({ epoch: "e1" }));
    expectTypeOf(server.publish(Room({ roomId: "a" }), User, { id: "1", name: "Ada" })).toEqualTypeOf<number>();
    // @ts-expect-error the payload must match the schema
    server.publish("room:a", User, { id: 1 });
  });
});
