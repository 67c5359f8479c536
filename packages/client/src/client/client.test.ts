import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { caught, createHarness, type Harness, reply } from "../../test/mock-server.ts";
import { ServerError, ValidationError } from "../errors.ts";
import { message, z } from "../zod.ts";

const Chat = message("CHAT", { text: z.string().max(5) });
const Ping = message("PING");
const Pong = message("PONG", { at: z.number() });
const Calculate = message("CALCULATE", { a: z.number(), b: z.number() });
const CalculateResult = message("CALCULATE_RESULT", { result: z.number() });

let h: Harness;
beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
});
afterEach(() => {
  h?.dispose();
  vi.useRealTimers();
});

describe("connect and state", () => {
  it("moves idle → connecting → open, resolves connect(), and makes a new snapshot per change", async () => {
    h = createHarness();
    const states: unknown[] = [h.client.state];
    h.client.onState((state) => states.push(state));
    expect(h.client.state.status).toBe("idle");
    const connected = h.client.connect();
    expect(h.client.connect()).toBeInstanceOf(Promise);
    await h.tick();
    await connected;
    expect(states.map((s) => (s as { status: string }).status)).toEqual(["idle", "connecting", "open"]);
    expect(new Set(states).size).toBe(states.length);
    expect(h.client.state).toBe(states.at(-1));
    await expect(h.client.connect()).resolves.toBeUndefined();
    expect(h.sockets).toHaveLength(1);
  });
});

describe("send", () => {
  it("sends the caller's input, without meta.timestamp by default (PROTOCOL v1.1: optional)", async () => {
    h = createHarness();
    await Promise.all([h.client.connect(), h.tick()]);
    h.client.send(Chat, { text: "hi" });
    h.client.send(Ping);
    await h.tick();
    expect(h.received).toEqual([
      { type: "CHAT", meta: {}, payload: { text: "hi" } },
      { type: "PING", meta: {} },
    ]);
  });

  it("with timestamp: true sends a timestamp from the clock", async () => {
    h = createHarness({ timestamp: true });
    await Promise.all([h.client.connect(), h.tick()]);
    h.client.send(Chat, { text: "hi" });
    h.client.send(Ping);
    await h.tick();
    expect(h.received).toEqual([
      { type: "CHAT", meta: { timestamp: 1_000_010 }, payload: { text: "hi" } },
      { type: "PING", meta: { timestamp: 1_000_010 } },
    ]);
  });

  it("with timestamp: false sends no meta.timestamp (send and request), unless the caller gives one", async () => {
    h = createHarness({ timestamp: false });
    await Promise.all([h.client.connect(), h.tick()]);
    h.client.send(Chat, { text: "hi" });
    h.client.send(Ping, undefined, { meta: { timestamp: 7 } });
    void caught(h.client.request(Calculate, { a: 1, b: 2 }, CalculateResult));
    await h.tick();
    expect(h.received.map((frame) => frame.meta)).toEqual([
      {},
      { timestamp: 7 },
      { correlationId: expect.any(String) },
    ]);
  });

  it("throws ValidationError synchronously and sends nothing for an invalid message", async () => {
    h = createHarness();
    await Promise.all([h.client.connect(), h.tick()]);
    expect(() => h.client.send(Chat, { text: "far too long" })).toThrow(ValidationError);
    // @ts-expect-error unknown key on purpose
    expect(() => h.client.send(Chat, { text: "ok", extra: 1 })).toThrow(ValidationError);
    await h.tick();
    expect(h.received).toEqual([]);
  });
});

describe("on", () => {
  it("calls handlers in order with the validated message and unsubscribes", async () => {
    h = createHarness();
    await Promise.all([h.client.connect(), h.tick()]);
    const calls: string[] = [];
    const off = h.client.on(Chat, (msg) => calls.push(`a:${msg.payload.text}`));
    h.client.on(Chat, (msg) => calls.push(`b:${msg.payload.text}`));
    h.push(JSON.stringify({ type: "CHAT", meta: {}, payload: { text: "one" } }));
    await h.tick();
    off();
    h.push(JSON.stringify({ type: "CHAT", meta: {}, payload: { text: "two" } }));
    await h.tick();
    expect(calls).toEqual(["a:one", "b:one", "b:two"]);
  });
});

describe("request", () => {
  it("uses correlation ids of the client's random prefix plus a counter", async () => {
    h = createHarness();
    await Promise.all([h.client.connect(), h.tick()]);
    for (let i = 0; i < 3; i++) void caught(h.client.request(Calculate, { a: i, b: 0 }, CalculateResult));
    await h.tick();
    const ids = h.ofType("CALCULATE").map((frame) => String(frame.meta.correlationId));
    const prefix = ids[0]?.slice(0, 11);
    expect(ids).toEqual([`${prefix}.0`, `${prefix}.1`, `${prefix}.2`]);
    expect(prefix).toMatch(/^[A-Za-z0-9_-]{11}$/);
  });

  it("resolves with the validated response carrying the same correlationId", async () => {
    h = createHarness();
    await Promise.all([h.client.connect(), h.tick()]);
    const result = h.client.request(Calculate, { a: 5, b: 3 }, CalculateResult);
    await h.tick();
    const [sent] = h.ofType("CALCULATE");
    expect(sent?.meta.correlationId).toEqual(expect.any(String));
    reply(h, sent!, "CALCULATE_RESULT", { result: 8 });
    await h.tick();
    await expect(result).resolves.toEqual({
      type: "CALCULATE_RESULT",
      meta: { correlationId: sent?.meta.correlationId },
      payload: { result: 8 },
    });
  });

  it("supports payload-less requests: request(Ping, Pong)", async () => {
    h = createHarness();
    await Promise.all([h.client.connect(), h.tick()]);
    const result = h.client.request(Ping, Pong);
    await h.tick();
    const [sent] = h.ofType("PING");
    expect(sent).not.toHaveProperty("payload");
    reply(h, sent!, "PONG", { at: 1 });
    await h.tick();
    expect((await result).payload.at).toBe(1);
  });

  it("rejects with ServerError for ERROR and RPC_ERROR replies", async () => {
    h = createHarness();
    await Promise.all([h.client.connect(), h.tick()]);
    const first = caught(h.client.request(Calculate, { a: 1, b: 2 }, CalculateResult));
    const second = caught(h.client.request(Calculate, { a: 1, b: 2 }, CalculateResult));
    await h.tick();
    const [a, b] = h.ofType("CALCULATE");
    reply(h, a!, "ERROR", { code: "RATE_LIMIT_EXCEEDED", message: "slow down", retryAfterMs: 500, context: { n: 1 } });
    reply(h, b!, "RPC_ERROR", { code: "NOT_FOUND", message: "nope", details: { id: 7 } });
    await h.tick();
    const e1 = await first;
    const e2 = await second;
    expect(e1).toBeInstanceOf(ServerError);
    expect(e1).toMatchObject({
      code: "RATE_LIMIT_EXCEEDED",
      message: "slow down",
      retryAfterMs: 500,
      context: { n: 1 },
    });
    expect(e2).toBeInstanceOf(ServerError);
    expect(e2).toMatchObject({ code: "NOT_FOUND", context: { id: 7 }, messageType: "CALCULATE" });
  });

  it("rejects with ValidationError for an invalid request or a response of the wrong shape", async () => {
    h = createHarness();
    await Promise.all([h.client.connect(), h.tick()]);
    // @ts-expect-error wrong payload type on purpose
    await expect(h.client.request(Calculate, { a: "x", b: 1 }, CalculateResult)).rejects.toBeInstanceOf(
      ValidationError,
    );
    const result = caught(h.client.request(Calculate, { a: 1, b: 1 }, CalculateResult));
    await h.tick();
    expect(h.ofType("CALCULATE")).toHaveLength(1);
    reply(h, h.ofType("CALCULATE")[0]!, "CALCULATE_RESULT", { result: "two" });
    await h.tick();
    const error = await result;
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ direction: "inbound", messageType: "CALCULATE_RESULT" });
  });
});

// The WsClient contract the React package relies on: `useSend` returns `client.send` itself and
// `useConnectionState` subscribes with `client.onState` unbound.
describe("WsClient methods are detachable and stable", () => {
  it("works unbound: connect, onState, on, send, request, close", async () => {
    h = createHarness();
    const { connect, onState, on, send, request, close } = h.client;
    const statuses: string[] = [];
    const off = onState((state) => statuses.push(state.status));
    const chats: string[] = [];
    on(Chat, (msg) => chats.push(msg.payload.text));

    const connected = connect();
    await h.tick();
    await connected;
    send(Chat, { text: "hi" });
    const sum = request(Calculate, { a: 2, b: 3 }, CalculateResult);
    await h.tick();
    const frame = h.received.find((f) => f.type === "CALCULATE");
    expect(frame).toBeDefined();
    reply(h, frame!, "CALCULATE_RESULT", { result: 5 });
    h.push(JSON.stringify({ type: "CHAT", meta: {}, payload: { text: "back" } }));
    await expect(sum).resolves.toMatchObject({ payload: { result: 5 } });

    expect(h.received.find((f) => f.type === "CHAT")?.payload).toEqual({ text: "hi" });
    expect(chats).toEqual(["back"]);
    off();
    close();
    expect(statuses).toEqual(["connecting", "open"]);
  });

  it("each method is the same function every time it is read", () => {
    h = createHarness();
    const { client } = h;
    for (const name of ["connect", "close", "send", "request", "on", "onState", "onError", "onUnhandled"] as const) {
      expect(client[name], name).toBe(client[name]);
    }
  });
});
