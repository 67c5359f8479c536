import * as vb from "valibot";
import { describe, expect, it } from "vitest";
import { wsClient } from "../client/client.ts";
import type { WebSocketLike } from "../client/types.ts";
import { ValidationError } from "../errors.ts";
import * as V from "../valibot.ts";
import { message, rpc, z } from "../zod.ts";
import { getMessageInfo } from "./message-schema.ts";
import { requestArgs, withResponse } from "./pairing.ts";

const UserResponse = message("USER", { name: z.string() });
const GetUser = withResponse(message("GET_USER", { id: z.string() }), UserResponse, { retryable: true });
const Ping = rpc("PING", undefined, "PONG", { at: z.number() });
const Plain = message("PLAIN", { x: z.number() });

describe("withResponse", () => {
  it("returns a paired copy: response and retryable in the message info, the request schema untouched", () => {
    const Get = message("GET", { id: z.string() });
    const Paired = withResponse(Get, UserResponse);
    expect(Paired.response).toBe(UserResponse);
    expect(getMessageInfo(Paired)).toEqual({ type: "GET", hasPayload: true, response: UserResponse, retryable: false });
    expect(getMessageInfo(GetUser)?.retryable).toBe(true);
    expect(getMessageInfo(Get)).toEqual({ type: "GET", hasPayload: true });
    expect("response" in Get).toBe(false);
  });

  it("keeps the request schema working: validation, .schema, z.discriminatedUnion", () => {
    expect(GetUser.safeParse({ type: "GET_USER", meta: {}, payload: { id: "1" } }).success).toBe(true);
    expect(GetUser.safeParse({ type: "GET_USER", meta: {}, payload: { id: 1 } }).success).toBe(false);
    expect(GetUser["~standard"].validate({ type: "GET_USER", payload: { id: "1" } })).toMatchObject({
      value: { type: "GET_USER", meta: {}, payload: { id: "1" } },
    });
    expect(GetUser.schema.parse({ id: "2" })).toEqual({ id: "2" });
    const Union = z.discriminatedUnion("type", [GetUser, Plain]);
    expect(Union.parse({ type: "PLAIN", meta: {}, payload: { x: 1 } })).toMatchObject({ type: "PLAIN" });
  });

  it("throws a TypeError naming the request when either side is not a message schema", () => {
    expect(() => withResponse(Plain, z.object({}) as never)).toThrow(
      "typed-ws: withResponse(PLAIN, …): the response is not a schema made by message()",
    );
    expect(() => withResponse({} as never, UserResponse)).toThrow(TypeError);
  });
});

describe("rpc", () => {
  it("builds the request and its response from shapes (zod)", () => {
    const Get = rpc("GET_ITEM", { id: z.string() }, "ITEM", { title: z.string() }, { retryable: true });
    expect(getMessageInfo(Get)).toMatchObject({ type: "GET_ITEM", hasPayload: true, retryable: true });
    expect(getMessageInfo(Get.response)).toEqual({ type: "ITEM", hasPayload: true });
    expect(Get.response.safeParse({ type: "ITEM", meta: {}, payload: { title: 1 } }).success).toBe(false);
    expect(getMessageInfo(Ping)).toMatchObject({ type: "PING", hasPayload: false, retryable: false });
    expect(() => rpc("$BAD", undefined, "OK", undefined)).toThrow(/reserved/);
  });

  it("builds the request and its response from entries (valibot)", () => {
    const Get = V.rpc("GET_ITEM", { id: vb.string() }, "ITEM", undefined);
    expect(getMessageInfo(Get)).toMatchObject({ type: "GET_ITEM", hasPayload: true, response: Get.response });
    expect(getMessageInfo(Get.response)).toEqual({ type: "ITEM", hasPayload: false });
    expect(vb.safeParse(Get, { type: "GET_ITEM", meta: {}, payload: { id: "1" } }).success).toBe(true);
    expect(vb.safeParse(vb.variant("type", [Get, Get.response]), { type: "ITEM", meta: {} }).success).toBe(true);
  });
});

describe("requestArgs", () => {
  const opts = { timeoutMs: 1 };
  it("reads every form of request's arguments", () => {
    expect(requestArgs(Plain, [{ x: 1 }, UserResponse, opts])).toEqual([{ x: 1 }, UserResponse, opts]);
    expect(requestArgs(Plain, [UserResponse, opts])).toEqual([undefined, UserResponse, opts]);
    expect(requestArgs(GetUser, [{ id: "1" }, opts])).toEqual([{ id: "1" }, UserResponse, opts]);
    expect(requestArgs(Ping, [])).toEqual([undefined, Ping.response, undefined]);
    expect(requestArgs(Ping, [undefined, opts])).toEqual([undefined, Ping.response, opts]);
  });

  it("throws a TypeError that names the type and says what to do when nothing gives a response", () => {
    expect(() => requestArgs(Plain, [{ x: 1 }])).toThrow(
      "request(PLAIN, …) needs a response schema: pass the response message after the payload, or pair the two once with rpc() or withResponse()",
    );
  });
});

/** A socket that opens at once, records what is sent and lets the test answer. */
class FakeSocket implements WebSocketLike {
  static last: FakeSocket | undefined;
  readyState = 0;
  protocol = "";
  sent: Array<{ type: string; meta: { correlationId?: string }; payload?: unknown }> = [];
  onopen: WebSocketLike["onopen"] = null;
  onclose: WebSocketLike["onclose"] = null;
  onerror: WebSocketLike["onerror"] = null;
  onmessage: WebSocketLike["onmessage"] = null;
  constructor() {
    FakeSocket.last = this;
    queueMicrotask(() => {
      this.readyState = 1;
      this.onopen?.({});
    });
  }
  send(data: string): void {
    this.sent.push(JSON.parse(data));
  }
  close(): void {
    this.readyState = 3;
  }
  /** Answers the last request with `type` and `payload`. */
  answer(type: string, payload?: unknown): void {
    const correlationId = this.sent.at(-1)?.meta.correlationId;
    this.onmessage?.({ data: JSON.stringify({ type, meta: { correlationId }, payload }) });
  }
}

async function connected() {
  const client = wsClient({ url: "ws://127.0.0.1:1", WebSocket: FakeSocket, heartbeat: false, reconnect: false });
  await client.connect();
  const socket = FakeSocket.last as FakeSocket;
  return { client, socket };
}

describe("client.request with a paired schema", () => {
  it("sends the request and resolves with the response validated against the pairing", async () => {
    const { client, socket } = await connected();
    const reply = client.request(GetUser, { id: "7" });
    expect(socket.sent.at(-1)).toMatchObject({ type: "GET_USER", payload: { id: "7" } });
    socket.answer("USER", { name: "Ada" });
    await expect(reply).resolves.toMatchObject({ type: "USER", payload: { name: "Ada" } });

    const pong = client.request(Ping, undefined, { timeoutMs: 1000 });
    expect(socket.sent.at(-1)).toMatchObject({ type: "PING" });
    expect(socket.sent.at(-1)).not.toHaveProperty("payload");
    socket.answer("PONG", { at: 3 });
    await expect(pong).resolves.toMatchObject({ payload: { at: 3 } });
    client.close();
  });

  it("rejects with a ValidationError when the response breaks the paired schema", async () => {
    const { client, socket } = await connected();
    const reply = client.request(GetUser, { id: "7" });
    socket.answer("USER", { name: 42 });
    const error = await reply.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ messageType: "USER", direction: "inbound" });
    expect((error as Error).message).toMatch(/^USER: payload\.name: /);
    client.close();
  });

  it("rejects, naming both types, when the answer is of another type than the pairing's", async () => {
    const { client, socket } = await connected();
    const reply = client.request(GetUser, { id: "7" });
    socket.answer("ACCOUNT", { name: "Ada" });
    const error = await reply.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toMatch(/^ACCOUNT: type: .*"USER"/);
    client.close();
  });

  it("still takes an explicit response, and rejects (sending nothing) without one for an unpaired schema", async () => {
    const { client, socket } = await connected();
    const explicit = client.request(GetUser, { id: "1" }, UserResponse, { timeoutMs: 500 });
    socket.answer("USER", { name: "B" });
    await expect(explicit).resolves.toMatchObject({ payload: { name: "B" } });

    const count = socket.sent.length;
    // @ts-expect-error an unpaired request needs a response schema
    const missing = client.request(Plain, { x: 1 });
    await expect(missing).rejects.toThrow(/request\(PLAIN, …\) needs a response schema/);
    expect(socket.sent).toHaveLength(count);
    client.close();
  });
});
