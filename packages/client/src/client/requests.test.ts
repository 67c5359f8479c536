import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { caught, createHarness, type Harness, reply } from "../../test/mock-server.ts";
import { AbortError, ConnectionClosedError, LimitExceededError, TimeoutError, ValidationError } from "../errors.ts";
import { message, z } from "../zod.ts";

const Echo = message("ECHO", { n: z.number() });
const EchoReply = message("ECHO_REPLY", { n: z.number() });

let h: Harness;
beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  h?.dispose();
  vi.useRealTimers();
});

async function open(harness: Harness): Promise<void> {
  await Promise.all([harness.client.connect(), harness.tick()]);
}

describe("request lifecycle", () => {
  it("rejects with ConnectionClosedError when the socket drops mid-flight, with the close code", async () => {
    h = createHarness();
    await open(h);
    const result = caught(h.client.request(Echo, { n: 1 }, EchoReply));
    await h.tick();
    expect(h.ofType("ECHO")).toHaveLength(1);
    h.socket().close({ code: 1011, reason: "crash", wasClean: false });
    await h.tick();
    const error = await result;
    expect(error).toBeInstanceOf(ConnectionClosedError);
    expect(error).toMatchObject({ closeCode: 1011, closeReason: "crash" });
  });

  it("counts the timeout from the call: a request that never leaves the queue times out, unsent", async () => {
    h = createHarness({ autoConnect: false });
    const result = caught(h.client.request(Echo, { n: 1 }, EchoReply, { timeoutMs: 1000 }));
    let settled = false;
    void result.then(() => {
      settled = true;
    });
    await h.tick(999);
    expect(settled).toBe(false);
    await h.tick(1);
    const error = await result;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ timeoutMs: 1000, messageType: "ECHO", sent: false });
    expect((error as Error).message).toMatch(/ECHO: not sent within 1000 ms/);
    expect(h.client.state.queued).toBe(0); // taken out of the queue: nothing goes out later
    await open(h);
    expect(h.ofType("ECHO")).toHaveLength(0);
    expect(h.ofType("$ws:abort")).toHaveLength(0);
  });

  it("a request waiting offline holds exactly one timer, for its deadline (nothing to busy-wait on)", async () => {
    vi.useRealTimers();
    const delays: number[] = [];
    let now = 0;
    const fire: Array<() => void> = [];
    h = createHarness({
      autoConnect: false,
      clock: {
        now: () => now,
        setTimeout: (callback, ms) => {
          delays.push(ms);
          fire.push(callback);
          return fire.length;
        },
        clearTimeout: () => {},
      },
    });
    const result = caught(h.client.request(Echo, { n: 1 }, EchoReply, { timeoutMs: 5000 }));
    expect(delays).toEqual([5000]);
    now = 5000;
    fire[0]?.();
    expect(await result).toBeInstanceOf(TimeoutError);
    expect(delays).toEqual([5000]); // settled: nothing re-armed
  });

  it("counts queued time against the timeout of a request sent later, and aborts it on the server", async () => {
    h = createHarness({ autoConnect: false });
    const result = caught(h.client.request(Echo, { n: 1 }, EchoReply, { timeoutMs: 1000 }));
    await h.tick(600); // queued for 600 ms
    await open(h);
    expect(h.ofType("ECHO")).toHaveLength(1);
    await h.tick(400);
    const error = await result;
    expect(error).toMatchObject({ name: "TimeoutError", sent: true, message: "ECHO: no reply within 1000 ms" });
    expect(h.ofType("$ws:abort")).toHaveLength(1);
  });

  it("defaults to a 30 s timeout and sends $ws:abort when it fires", async () => {
    h = createHarness();
    await open(h);
    const result = caught(h.client.request(Echo, { n: 1 }, EchoReply));
    await h.tick(29_990);
    expect(h.ofType("$ws:abort")).toHaveLength(0);
    await h.tick(20);
    expect(await result).toBeInstanceOf(TimeoutError);
    const id = h.ofType("ECHO")[0]?.meta.correlationId;
    expect(h.ofType("$ws:abort")).toEqual([{ type: "$ws:abort", meta: { correlationId: id } }]);
  });

  it("requests with different timeouts each time out at their own deadline", async () => {
    h = createHarness();
    await open(h);
    const idleTimers = vi.getTimerCount();
    const slow = caught(h.client.request(Echo, { n: 1 }, EchoReply, { timeoutMs: 1000 }));
    const fast = caught(h.client.request(Echo, { n: 2 }, EchoReply, { timeoutMs: 300 }));
    const answered = h.client.request(Echo, { n: 3 }, EchoReply, { timeoutMs: 200 });
    await h.tick();
    const [, , third] = h.ofType("ECHO");
    reply(h, third!, "ECHO_REPLY", { n: 3 });
    expect((await answered).payload.n).toBe(3);
    await h.tick(290);
    expect(h.ofType("$ws:abort")).toHaveLength(0);
    await h.tick(20);
    expect(await fast).toMatchObject({ timeoutMs: 300 });
    expect(h.ofType("$ws:abort")).toHaveLength(1);
    await h.tick(680);
    expect(h.ofType("$ws:abort")).toHaveLength(1);
    await h.tick(20);
    expect(await slow).toMatchObject({ timeoutMs: 1000 });
    expect(h.ofType("$ws:abort")).toHaveLength(2);
    expect(vi.getTimerCount()).toBe(idleTimers); // the shared request timer is gone
  });

  it("aborting a sent request rejects at once with AbortError and sends $ws:abort", async () => {
    h = createHarness();
    await open(h);
    const controller = new AbortController();
    const result = caught(h.client.request(Echo, { n: 1 }, EchoReply, { signal: controller.signal }));
    await h.tick();
    controller.abort("user left");
    const error = await result;
    expect(error).toBeInstanceOf(AbortError);
    expect((error as AbortError).cause).toBe("user left");
    await h.tick();
    const id = h.ofType("ECHO")[0]?.meta.correlationId;
    expect(h.ofType("$ws:abort")).toEqual([{ type: "$ws:abort", meta: { correlationId: id } }]);
    // A late reply for the aborted id goes to the handlers, not an error.
    const late = vi.fn();
    h.client.on(EchoReply, late);
    reply(h, h.ofType("ECHO")[0]!, "ECHO_REPLY", { n: 1 });
    await h.tick();
    expect(late).toHaveBeenCalledTimes(1);
    expect(h.errors.filter((e) => e.kind !== "connection-error")).toEqual([]);
  });

  it("aborting a queued request removes it from the queue and sends nothing", async () => {
    h = createHarness();
    const controller = new AbortController();
    const result = caught(h.client.request(Echo, { n: 1 }, EchoReply, { signal: controller.signal }));
    expect(h.client.state.queued).toBe(1);
    controller.abort();
    expect(await result).toBeInstanceOf(AbortError);
    expect(h.client.state.queued).toBe(0);
    await open(h);
    await h.tick();
    expect(h.received).toEqual([]);
  });

  it("rejects at once for an already-aborted signal", async () => {
    h = createHarness();
    await open(h);
    await expect(h.client.request(Echo, { n: 1 }, EchoReply, { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(
      AbortError,
    );
    await h.tick();
    expect(h.received).toEqual([]);
  });

  it("bounds pending requests: over the limit rejects with LimitExceededError and sends nothing", async () => {
    h = createHarness({ maxPendingRequests: 3 });
    await open(h);
    const pending = [1, 2, 3].map((n) => caught(h.client.request(Echo, { n }, EchoReply)));
    const error = await caught(h.client.request(Echo, { n: 4 }, EchoReply));
    expect(error).toBeInstanceOf(LimitExceededError);
    expect(error).toMatchObject({ limit: "pending-requests", messageType: "ECHO" });
    await h.tick();
    expect(h.ofType("ECHO").map((f) => (f.payload as { n: number }).n)).toEqual([1, 2, 3]);
    reply(h, h.ofType("ECHO")[0]!, "ECHO_REPLY", { n: 1 });
    await h.tick();
    await pending[0];
    h.client.request(Echo, { n: 5 }, EchoReply).catch(() => {});
    await h.tick();
    expect(h.ofType("ECHO")).toHaveLength(4);
  });

  it("passes $ws:rpc-progress frames to onProgress before the terminal reply", async () => {
    h = createHarness();
    await open(h);
    const progress: unknown[] = [];
    const result = h.client.request(Echo, { n: 1 }, EchoReply, { onProgress: (p) => progress.push(p) });
    await h.tick();
    const id = h.ofType("ECHO")[0]?.meta.correlationId;
    h.push(JSON.stringify({ type: "$ws:rpc-progress", meta: { correlationId: id }, payload: { pct: 50 } }));
    reply(h, h.ofType("ECHO")[0]!, "ECHO_REPLY", { n: 1 });
    await h.tick();
    expect(progress).toEqual([{ pct: 50 }]);
    expect((await result).payload.n).toBe(1);
  });

  it("close() rejects queued and in-flight requests with ConnectionClosedError and leaves no timer", async () => {
    h = createHarness();
    await open(h);
    const controller = new AbortController();
    const addListener = vi.spyOn(controller.signal, "addEventListener");
    const removeListener = vi.spyOn(controller.signal, "removeEventListener");
    const inFlight = caught(h.client.request(Echo, { n: 1 }, EchoReply, { signal: controller.signal }));
    await h.tick();
    h.socket().close({ code: 1006, reason: "", wasClean: false });
    await h.tick(1);
    const queued = caught(h.client.request(Echo, { n: 2 }, EchoReply, { timeoutMs: 100 }));
    h.client.close();
    expect(await inFlight).toBeInstanceOf(ConnectionClosedError);
    expect(await queued).toBeInstanceOf(ConnectionClosedError);
    // The listener added for the request (the request itself, via `handleEvent`) is removed.
    expect(removeListener).toHaveBeenCalledWith("abort", addListener.mock.calls[0]?.[1]);
    await h.tick();
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe("replies on the inbound fast path and through parseFrame", () => {
  it("resolves a plain reply and rejects one with an unknown root key (strict), with the same error text as before", async () => {
    h = createHarness();
    await open(h);
    const plain = h.client.request(Echo, { n: 1 }, EchoReply);
    const extra = caught(h.client.request(Echo, { n: 2 }, EchoReply));
    const bad = caught(h.client.request(Echo, { n: 3 }, EchoReply));
    await h.tick();
    const [a, b, c] = h.ofType("ECHO").map((frame) => frame.meta.correlationId);
    h.push(JSON.stringify({ payload: { n: 1 }, meta: { correlationId: a }, type: "ECHO_REPLY" })); // any key order
    h.push(JSON.stringify({ type: "ECHO_REPLY", meta: { correlationId: b }, payload: { n: 2 }, extra: true }));
    h.push(JSON.stringify({ type: "ECHO_REPLY", meta: { correlationId: c }, payload: { n: "3" } }));
    await h.tick();
    await expect(plain).resolves.toEqual({ type: "ECHO_REPLY", meta: { correlationId: a }, payload: { n: 1 } });
    const [extraError, badError] = [await extra, await bad];
    expect(extraError).toBeInstanceOf(ValidationError);
    expect((extraError as Error).message).toContain("extra");
    expect(badError).toBeInstanceOf(ValidationError);
    expect((badError as Error).message).toMatch(/^ECHO_REPLY/);
    expect((badError as ValidationError).issues.map((issue) => issue.path)).toEqual([["payload", "n"]]);
  });
});

describe("the shared deadline timer, one request at a time", () => {
  it("stays armed after a request settles, so the next one arms no new timer, and still times it out from its call", async () => {
    h = createHarness();
    await open(h);
    const idleTimers = vi.getTimerCount();
    const setTimeoutSpy = vi.spyOn(globalThis, "setTimeout");
    const first = h.client.request(Echo, { n: 1 }, EchoReply, { timeoutMs: 1000 });
    await h.tick();
    reply(h, h.ofType("ECHO")[0]!, "ECHO_REPLY", { n: 1 });
    await first;
    const armed = setTimeoutSpy.mock.calls.filter(([, ms]) => ms === 1000).length;
    expect(armed).toBe(1);
    await h.tick(500);
    // Later deadline than the armed one: no new timer; the armed one re-arms for it when it fires.
    const second = caught(h.client.request(Echo, { n: 2 }, EchoReply, { timeoutMs: 1000 }));
    await h.tick();
    expect(setTimeoutSpy.mock.calls.filter(([, ms]) => ms === 1000)).toHaveLength(armed);
    await h.tick(980); // 10 ms short of its deadline (each tick() is 10 ms)
    expect(await Promise.race([second, "pending"])).toBe("pending");
    await h.tick(20);
    expect(await second).toBeInstanceOf(TimeoutError);
    expect(vi.getTimerCount()).toBe(idleTimers); // nothing pending: the timer found nothing more and stopped
  });

  it("close() stops the armed timer even with nothing pending", async () => {
    h = createHarness();
    await open(h);
    const idleTimers = vi.getTimerCount();
    const first = h.client.request(Echo, { n: 1 }, EchoReply, { timeoutMs: 1000 });
    await h.tick();
    reply(h, h.ofType("ECHO")[0]!, "ECHO_REPLY", { n: 1 });
    await first;
    expect(vi.getTimerCount()).toBe(idleTimers + 1);
    h.client.close();
    expect(vi.getTimerCount()).toBe(0);
  });
});
