import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { caught, createHarness, type Harness, reply } from "../../test/mock-server.ts";
import { AbortError, ConnectionClosedError, TimeoutError } from "../errors.ts";
import { message, rpc, withResponse, z } from "../zod.ts";

const Echo = message("ECHO", { n: z.number() });
const EchoReply = message("ECHO_REPLY", { n: z.number() });
const Note = message("NOTE", { text: z.string() });
const RetryableEcho = withResponse(Echo, EchoReply, { retryable: true });

let h: Harness;
beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  h?.dispose();
  vi.useRealTimers();
});

/** A client whose reconnect delay is always 100 ms (random fixed at 0.999…, ceiling 100). */
function harness(options: Parameters<typeof createHarness>[0] = {}): Harness {
  return createHarness({ reconnect: { initialDelayMs: 100, factor: 1 }, random: () => 0.999, ...options });
}

async function open(harness: Harness): Promise<void> {
  await Promise.all([harness.client.connect(), harness.tick()]);
}

/** The server drops the socket (1006-like), then the client reconnects after its 100 ms delay. */
async function dropAndReconnect(harness: Harness): Promise<void> {
  harness.socket().close({ code: 1011, reason: "restart", wasClean: false });
  await harness.tick(10);
  expect(harness.client.state.status).toBe("reconnecting");
  await harness.tick(150);
  expect(harness.client.state.status).toBe("open");
}

describe("retryable requests", () => {
  it("a drop after send: the same frame (same id, same payload) is sent once more after the reconnect, and settles once", async () => {
    h = harness();
    await open(h);
    const result = caught(h.client.request(Echo, { n: 7 }, EchoReply, { retryable: true }));
    await h.tick();
    const [first] = h.ofType("ECHO");
    await dropAndReconnect(h);
    const frames = h.ofType("ECHO");
    expect(frames).toHaveLength(2);
    expect(frames[1]).toEqual(first); // same type, meta (correlationId, timestamp) and payload
    reply(h, frames[1]!, "ECHO_REPLY", { n: 7 });
    reply(h, frames[1]!, "ECHO_REPLY", { n: 8 }); // a duplicate answer goes to the unhandled listeners
    await h.tick();
    expect(await result).toEqual({ type: "ECHO_REPLY", meta: expect.anything(), payload: { n: 7 } });
    expect(h.unhandled).toHaveLength(1);
  });

  it("takes `retryable` from the pairing; the per-call option overrides it", async () => {
    h = harness();
    await open(h);
    const paired = caught(h.client.request(RetryableEcho, { n: 1 }));
    const optedOut = caught(h.client.request(RetryableEcho, { n: 2 }, { retryable: false }));
    const rpcPaired = rpc("GET", { id: z.string() }, "GOT", { id: z.string() }, { retryable: true });
    const viaRpc = caught(h.client.request(rpcPaired, { id: "a" }));
    await h.tick();
    await dropAndReconnect(h);
    expect(await optedOut).toBeInstanceOf(ConnectionClosedError);
    expect(h.ofType("ECHO").map((frame) => frame.payload)).toEqual([{ n: 1 }, { n: 2 }, { n: 1 }]);
    expect(h.ofType("GET")).toHaveLength(2);
    reply(h, h.ofType("ECHO")[2]!, "ECHO_REPLY", { n: 1 });
    reply(h, h.ofType("GET")[1]!, "GOT", { id: "a" });
    await h.tick();
    expect(await paired).toMatchObject({ payload: { n: 1 } });
    expect(await viaRpc).toMatchObject({ payload: { id: "a" } });
  });

  it("survives any number of drops: sent again after each open", async () => {
    h = harness();
    await open(h);
    const result = caught(h.client.request(RetryableEcho, { n: 3 }));
    await h.tick();
    for (let i = 0; i < 4; i++) await dropAndReconnect(h);
    const frames = h.ofType("ECHO");
    expect(frames).toHaveLength(5);
    expect(new Set(frames.map((frame) => frame.meta.correlationId)).size).toBe(1);
    reply(h, frames[4]!, "ECHO_REPLY", { n: 3 });
    await h.tick();
    expect(await result).toMatchObject({ payload: { n: 3 } });
  });

  it("on open, retried requests go out before the frames queued while offline", async () => {
    h = harness();
    await open(h);
    const result = caught(h.client.request(RetryableEcho, { n: 1 }));
    await h.tick();
    h.socket().close({ code: 1011, reason: "restart", wasClean: false });
    await h.tick(10);
    h.client.send(Note, { text: "queued" });
    const queuedRequest = caught(h.client.request(Echo, { n: 2 }, EchoReply));
    expect(h.client.state.queued).toBe(2);
    await h.tick(150);
    expect(h.received.map((frame) => frame.type)).toEqual(["ECHO", "ECHO", "NOTE", "ECHO"]);
    expect(h.received[1]?.payload).toEqual({ n: 1 });
    expect(h.received[3]?.payload).toEqual({ n: 2 });
    for (const frame of [h.received[1]!, h.received[3]!]) reply(h, frame, "ECHO_REPLY", frame.payload);
    await h.tick();
    expect(await result).toMatchObject({ payload: { n: 1 } });
    expect(await queuedRequest).toMatchObject({ payload: { n: 2 } });
  });

  it("timeoutMs covers the whole life, retries included: it times out while waiting to be retried", async () => {
    h = harness({ reconnect: { initialDelayMs: 10_000, factor: 1 } });
    await open(h);
    const result = caught(h.client.request(RetryableEcho, { n: 1 }, { timeoutMs: 1000 }));
    await h.tick(400);
    h.socket().close({ code: 1011, reason: "restart", wasClean: false });
    await h.tick(590);
    let settled = false;
    void result.then(() => {
      settled = true;
    });
    await Promise.resolve();
    expect(settled).toBe(false);
    await h.tick(20);
    const error = await result;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ timeoutMs: 1000, sent: true });
    await h.tick(10_000); // reconnected: nothing re-sent, no abort for a request that was not on the wire
    expect(h.client.state.status).toBe("open");
    expect(h.ofType("ECHO")).toHaveLength(1);
    expect(h.ofType("$ws:abort")).toHaveLength(0);
  });

  it("timeoutMs covers the whole life across reconnects: times out after the retry, and tells the server", async () => {
    h = harness();
    await open(h);
    const result = caught(h.client.request(RetryableEcho, { n: 1 }, { timeoutMs: 1000 }));
    await h.tick();
    await dropAndReconnect(h);
    await h.tick(1000);
    expect(await result).toBeInstanceOf(TimeoutError);
    expect(h.ofType("ECHO")).toHaveLength(2);
    expect(h.ofType("$ws:abort").map((frame) => frame.meta.correlationId)).toEqual([
      h.ofType("ECHO")[0]?.meta.correlationId,
    ]);
  });

  it("aborting while offline rejects at once and sends nothing, then or after the reconnect", async () => {
    h = harness();
    await open(h);
    const controller = new AbortController();
    const result = caught(h.client.request(RetryableEcho, { n: 1 }, { signal: controller.signal }));
    await h.tick();
    h.socket().close({ code: 1011, reason: "restart", wasClean: false });
    await h.tick(10);
    controller.abort();
    expect(await result).toBeInstanceOf(AbortError);
    await h.tick(150);
    expect(h.client.state.status).toBe("open");
    expect(h.ofType("ECHO")).toHaveLength(1);
    expect(h.ofType("$ws:abort")).toHaveLength(0);
  });

  it("aborting once it is sent again sends $ws:abort with its id", async () => {
    h = harness();
    await open(h);
    const controller = new AbortController();
    const result = caught(h.client.request(RetryableEcho, { n: 1 }, { signal: controller.signal }));
    await h.tick();
    await dropAndReconnect(h);
    controller.abort();
    expect(await result).toBeInstanceOf(AbortError);
    await h.tick();
    const [sent] = h.ofType("ECHO");
    expect(h.ofType("$ws:abort").map((frame) => frame.meta.correlationId)).toEqual([sent?.meta.correlationId]);
  });

  it("close() rejects a request waiting to be retried with ConnectionClosedError", async () => {
    h = harness();
    await open(h);
    const result = caught(h.client.request(RetryableEcho, { n: 1 }));
    await h.tick();
    h.socket().close({ code: 1011, reason: "restart", wasClean: false });
    await h.tick(10);
    h.client.close();
    expect(await result).toBeInstanceOf(ConnectionClosedError);
  });

  it("correlation ids share a per-client random prefix and count up", async () => {
    h = harness();
    await open(h);
    void caught(h.client.request(Echo, { n: 1 }, EchoReply));
    void caught(h.client.request(Echo, { n: 2 }, EchoReply));
    await h.tick();
    const [a, b] = h.ofType("ECHO").map((frame) => String(frame.meta.correlationId));
    expect(a).toMatch(/^[\w-]{11}\.0$/); // 64 random bits (ids.ts), then the counter
    expect(b).toBe(`${a?.slice(0, 11)}.1`);
  });
});
