import { afterEach, describe, expect, it } from "vitest";
import { wsClient } from "../client/client.ts";
import type { ConnectionStatus, WsClient } from "../client/types.ts";
import { AbortError, ServerError, ValidationError } from "../errors.ts";
import { subscribe } from "../topics.ts";
import { message, rpc, topic, z } from "../zod.ts";
import { createTestServer } from "./index.ts";

const GetUser = message("GET_USER", { id: z.string() });
const User = message("USER", { id: z.string(), name: z.string() });
const Chat = message("CHAT", { text: z.string().max(5) });
const Ping = message("PING");
const Pong = message("PONG");
const Room = topic("room:{roomId}", [Chat]);
const GetProfile = rpc("GET_PROFILE", { id: z.string() }, "PROFILE", { name: z.string() });

let client: WsClient | undefined;
afterEach(() => client?.close());

function connectedPair(options: Parameters<typeof createTestServer>[0] = {}) {
  const server = createTestServer(options);
  client = wsClient({ url: "ws://test", WebSocket: server.WebSocket, heartbeat: false, lifecycle: false });
  return { server, client };
}

function statusReached(c: WsClient, status: ConnectionStatus): Promise<void> {
  if (c.state.status === status) return Promise.resolve();
  return new Promise((resolve) => {
    const off = c.onState((state) => {
      if (state.status !== status) return;
      off();
      resolve();
    });
  });
}

describe("createTestServer", () => {
  it("accepts a client's connection and records the URL and subprotocols", async () => {
    const { server, client } = connectedPair();
    await client.connect();
    expect(client.state.status).toBe("open");
    expect(server.openSockets).toBe(1);
    expect(server.connections).toEqual([{ url: "ws://test", protocols: [] }]);
  });

  it("sent(Schema) returns what the client sent, validated; waitForSent waits for the next one", async () => {
    const { server, client } = connectedPair();
    await client.connect();
    const next = server.waitForSent(Chat, (msg) => msg.payload.text === "two");
    client.send(Chat, { text: "one" });
    client.send(Chat, { text: "two" });
    expect((await next).payload).toEqual({ text: "two" });
    expect(server.sent(Chat).map((msg) => msg.payload.text)).toEqual(["one", "two"]);
    expect(server.sent(GetUser)).toEqual([]);
    expect(server.frames.map((frame) => frame.type)).toEqual(["CHAT", "CHAT"]);
  });

  it("sent(Schema) throws a ValidationError naming the type when a sent frame does not match", async () => {
    const { server, client } = connectedPair();
    await client.connect();
    client.send(Chat, { text: "hi" });
    await server.waitForSent(Chat);
    const Strict = message("CHAT", { text: z.string().min(10) });
    expect(() => server.sent(Strict)).toThrow(ValidationError);
    expect(() => server.sent(Strict)).toThrow(/CHAT/);
  });

  it("push(Schema, payload) reaches the client's handlers before it returns", async () => {
    const { server, client } = connectedPair();
    await client.connect();
    const seen: string[] = [];
    client.on(Chat, (msg) => seen.push(msg.payload.text));
    server.push(Chat, { text: "hey" });
    expect(seen).toEqual(["hey"]);
  });

  it("push validates: an invalid message throws ValidationError and is not sent", async () => {
    const { server, client } = connectedPair();
    await client.connect();
    const seen: unknown[] = [];
    client.on(Chat, (msg) => seen.push(msg));
    expect(() => server.push(Chat, { text: "far too long" })).toThrow(ValidationError);
    expect(seen).toEqual([]);
  });

  it("onRequest answers requests with the typed response", async () => {
    const { server, client } = connectedPair();
    server.onRequest(GetUser, User, (payload) => ({ id: payload.id, name: `user ${payload.id}` }));
    server.onRequest(Ping, Pong, () => undefined);
    await client.connect();
    const user = await client.request(GetUser, { id: "7" }, User);
    expect(user.payload).toEqual({ id: "7", name: "user 7" });
    expect((await client.request(Ping, undefined, Pong)).type).toBe("PONG");
  });

  it("onRequest(Paired, handler) answers with the paired response; an unpaired schema throws a TypeError", async () => {
    const { server, client } = connectedPair();
    server.onRequest(GetProfile, ({ id }) => ({ name: `profile ${id}` }));
    await client.connect();
    const profile = await client.request(GetProfile, { id: "4" });
    expect(profile).toMatchObject({ type: "PROFILE", payload: { name: "profile 4" } });
    // @ts-expect-error an unpaired request needs a response schema
    expect(() => server.onRequest(GetUser, () => ({ id: "1", name: "n" }))).toThrow(
      /onRequest\(GET_USER, …\) needs a response schema: pass the response message before the handler, or pair the two once with rpc\(\) or withResponse\(\)/,
    );
  });

  it("onRequest answers ERROR frames: request.error(), a throw, an invalid reply", async () => {
    const { server, client } = connectedPair();
    await client.connect();
    const off = server.onRequest(GetUser, User, (payload, request) =>
      request.error("RESOURCE_NOT_FOUND", { message: `no user ${payload.id}`, retryAfterMs: 5 }),
    );
    const notFound = await client.request(GetUser, { id: "1" }, User).catch((error: unknown) => error);
    expect(notFound).toBeInstanceOf(ServerError);
    expect(notFound).toMatchObject({ code: "RESOURCE_NOT_FOUND", message: "no user 1", retryAfterMs: 5 });

    off();
    server.onRequest(GetUser, User, () => {
      throw new Error("db down");
    });
    const thrown = await client.request(GetUser, { id: "1" }, User).catch((error: unknown) => error);
    expect(thrown).toMatchObject({
      code: "INTERNAL_SERVER_ERROR",
      message: expect.stringMatching(/GET_USER.*db down/),
    });

    server.onRequest(GetUser, User, () => ({ id: "1" }) as never);
    const invalid = await client.request(GetUser, { id: "1" }, User).catch((error: unknown) => error);
    expect(invalid).toMatchObject({ code: "INTERNAL_SERVER_ERROR", message: expect.stringMatching(/USER.*name/) });
  });

  it("answers a request that does not match its schema with VALIDATION_FAILED", async () => {
    const { server, client } = connectedPair();
    await client.connect();
    const Loose = message("GET_USER", { id: z.number() });
    server.onRequest(GetUser, User, () => ({ id: "x", name: "x" }));
    const error = await client.request(Loose, { id: 1 }, User).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "VALIDATION_FAILED", message: expect.stringMatching(/GET_USER.*id/) });
  });

  it("without a handler, requests stay pending; reply() and sendError() answer them by hand", async () => {
    const { server, client } = connectedPair();
    await client.connect();
    const first = client.request(GetUser, { id: "1" }, User);
    const second = client.request(GetUser, { id: "2" }, User).catch((error: unknown) => error);
    const [req1, req2] = await Promise.all([
      server.waitForSent(GetUser, (msg) => msg.payload.id === "1"),
      server.waitForSent(GetUser, (msg) => msg.payload.id === "2"),
    ]);
    server.reply(req1, User, { id: "1", name: "Ada" });
    server.sendError("AUTHORIZATION_FAILED", { to: req2, context: { role: "guest" } });
    expect((await first).payload.name).toBe("Ada");
    expect(await second).toMatchObject({ code: "AUTHORIZATION_FAILED", context: { role: "guest" } });
  });

  it("an aborted request aborts the handler's signal and nothing more is sent for it", async () => {
    const { server, client } = connectedPair();
    await client.connect();
    let signal: AbortSignal | undefined;
    let release = () => {};
    server.onRequest(GetUser, User, async (payload, request) => {
      signal = request.signal;
      await new Promise<void>((resolve) => {
        release = resolve;
      });
      return { id: payload.id, name: "late" };
    });
    const controller = new AbortController();
    const pending = client.request(GetUser, { id: "1" }, User, { signal: controller.signal }).catch((e: unknown) => e);
    await server.waitForSent(GetUser);
    controller.abort();
    expect(await pending).toBeInstanceOf(AbortError);
    await server.waitForFrame((frame) => frame.type === "$ws:abort");
    expect(server.frames.map((frame) => frame.type)).toEqual(["GET_USER", "$ws:abort"]);
    expect(signal?.aborted).toBe(true);
    release();
  });

  it("answers heartbeats unless told not to", async () => {
    const server = createTestServer();
    client = wsClient({ url: "ws://test", WebSocket: server.WebSocket, lifecycle: false });
    await client.connect();
    const socket = new server.WebSocket("ws://test");
    const acks: unknown[] = [];
    socket.onmessage = (event) => acks.push(JSON.parse(String(event.data)).type);
    await new Promise<void>((resolve) => {
      socket.onopen = () => resolve();
    });
    socket.send(JSON.stringify({ type: "__heartbeat" }));
    await server.waitForFrame((frame) => frame.type === "__heartbeat");
    await Promise.resolve();
    expect(acks).toEqual(["__heartbeat_ack"]);
  });

  it("drop(code) closes the sockets and refuses reconnects until restore()", async () => {
    const server = createTestServer();
    client = wsClient({
      url: "ws://test",
      WebSocket: server.WebSocket,
      heartbeat: false,
      lifecycle: false,
      reconnect: { initialDelayMs: 1, maxDelayMs: 2 },
    });
    await client.connect();
    const retried = new Promise<void>((resolve) => {
      const off = client?.onState((state) => {
        if (state.attempt < 2) return;
        off?.();
        resolve();
      });
    });
    server.drop(1011, "crash");
    expect(client.state).toMatchObject({ status: "reconnecting", lastClose: { code: 1011, reason: "crash" } });
    await retried; // a refused attempt: still down
    expect(server.openSockets).toBe(0);
    server.restore();
    await statusReached(client, "open");
    expect(server.openSockets).toBe(1);
    expect(server.connections.length).toBeGreaterThanOrEqual(3);
  });

  it("sendError without `to` sends an unsolicited ERROR: the client reports it through onError", async () => {
    const { server, client } = connectedPair();
    await client.connect();
    const errors: unknown[] = [];
    client.onError((event) => errors.push(event.kind === "server-error" && event.error.code));
    server.sendError("RATE_LIMIT_EXCEEDED", { message: "slow down", retryAfterMs: 100 });
    expect(errors).toEqual(["RATE_LIMIT_EXCEEDED"]);
  });

  it("sendRaw reaches the client unparsed, clear() forgets what was recorded", async () => {
    const { server, client } = connectedPair();
    await client.connect();
    const unhandled: string[] = [];
    client.onUnhandled((envelope) => unhandled.push(envelope.type));
    server.sendRaw(JSON.stringify({ type: "SOMETHING_ELSE" }));
    expect(unhandled).toEqual(["SOMETHING_ELSE"]);
    client.send(Chat, { text: "a" });
    await server.waitForSent(Chat);
    server.clear();
    expect(server.frames).toEqual([]);
    expect(server.connections).toEqual([]);
  });

  it("onSubscribe(Topic, handler) answers $ws:subscribe with the handler's epoch and offset; publish numbers from 1", async () => {
    const { server, client } = connectedPair();
    const asked: unknown[] = [];
    server.onSubscribe(Room, ({ topic: name, params, since }) => {
      asked.push({ name, params, since });
      return { epoch: "e7", offset: 3 };
    });
    await client.connect();
    const seen: string[] = [];
    const subscription = subscribe(client, Room({ roomId: "a" }), {
      onMessage: (msg, info) => seen.push(`${info.topic}:${info.epoch}:${info.offset}:${msg.payload.text}`),
    });
    await subscription.ready;
    expect(asked).toEqual([{ name: "room:a", params: { roomId: "a" }, since: undefined }]);
    expect(subscription).toMatchObject({ state: "active", epoch: "e7", offset: 3 });
    expect(server.publish(Room({ roomId: "a" }), Chat, { text: "one" })).toBe(1);
    // offsets 1..3 were already seen (the answer said 3): the client drops them as duplicates
    server.publish("room:a", Chat, { text: "two" });
    server.publish("room:a", Chat, { text: "three" });
    expect(server.publish("room:a", Chat, { text: "four" })).toBe(4);
    expect(seen).toEqual(["room:a:e7:4:four"]);
    expect(() => server.publish("room:a", Chat, { text: "far too long" })).toThrow(ValidationError);
  });

  it("onSubscribe without a handler answers the latest published offset; a restore gets recovered: false", async () => {
    const server = createTestServer();
    client = wsClient({
      url: "ws://test",
      WebSocket: server.WebSocket,
      heartbeat: false,
      lifecycle: false,
      reconnect: { initialDelayMs: 1, maxDelayMs: 2 },
    });
    server.onSubscribe("room:a");
    server.publish("room:a", Chat, { text: "old" });
    await client.connect();
    const answers: unknown[] = [];
    const subscription = subscribe(client, Room({ roomId: "a" }), {
      onSubscribed: ({ epoch, offset, recovered }) => answers.push({ epoch, offset, recovered }),
    });
    await subscription.ready;
    server.drop(1012);
    server.restore();
    await server.waitForFrame((frame) => frame.type === "$ws:subscribe" && "since" in (frame.payload as object));
    await statusReached(client, "open");
    await new Promise<void>((resolve) => {
      if (answers.length === 2) resolve();
      else subscription.onChange(() => answers.length === 2 && resolve());
    });
    expect(answers).toEqual([
      { epoch: "test", offset: 1, recovered: undefined },
      { epoch: "test", offset: 1, recovered: false },
    ]);
  });

  it("onSubscribe refuses with request.error(); without a matching handler a subscribe stays pending", async () => {
    const { server, client } = connectedPair();
    server.onSubscribe(Room, () => ({ epoch: "e1", offset: 0 }));
    // the newest matching handler answers
    const off = server.onSubscribe("room:secret", (request) =>
      request.error("AUTHORIZATION_FAILED", { message: "no" }),
    );
    await client.connect();
    const refused = subscribe(client, Room({ roomId: "secret" }));
    await expect(refused.ready).rejects.toMatchObject({ name: "ServerError", code: "AUTHORIZATION_FAILED" });
    expect(refused.state).toBe("error");

    off();
    await subscribe(client, Room({ roomId: "secret" }), {}).ready; // answered by the Room handler now
    server.onSubscribe("lobby"); // matches only the name "lobby"
    const Lobby = topic("lobby:{id}", [Chat]);
    const pending = subscribe(client, Lobby({ id: "1" }));
    await server.waitForFrame((frame) => (frame.payload as { topic?: string })?.topic === "lobby:1");
    await Promise.resolve();
    expect(pending.state).toBe("subscribing");
  });

  it("answers $ws:unsubscribe with $ws:unsubscribed, subscribed or not", async () => {
    const server = createTestServer();
    const socket = new server.WebSocket("ws://test");
    const answers: unknown[] = [];
    socket.onmessage = (event) => answers.push(JSON.parse(String(event.data)));
    await new Promise<void>((resolve) => {
      socket.onopen = () => resolve();
    });
    socket.send(
      JSON.stringify({ type: "$ws:unsubscribe", meta: { correlationId: "u1" }, payload: { topic: "room:a" } }),
    );
    await server.waitForFrame((frame) => frame.meta.correlationId === "u1");
    expect(answers).toEqual([
      { type: "$ws:unsubscribed", meta: { correlationId: "u1" }, payload: { topic: "room:a" } },
    ]);
  });
});
