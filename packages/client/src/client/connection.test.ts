import { Server } from "mock-socket";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { caught, createHarness, type Harness } from "../../test/mock-server.ts";
import { ConnectionClosedError } from "../errors.ts";
import { subscribe } from "../topics.ts";
import { message, topic, z } from "../zod.ts";
import type { ConnectionState } from "./types.ts";

const Chat = message("CHAT", { text: z.string() });

let h: Harness;
/** A harness whose reconnect jitter is always half the ceiling. */
const harness = (options: Parameters<typeof createHarness>[0] = {}) => createHarness({ random: () => 0.5, ...options });
beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
});
afterEach(() => {
  h?.dispose();
  vi.useRealTimers();
});

async function open(harness: Harness): Promise<void> {
  await Promise.all([harness.client.connect(), harness.tick()]);
}

/** Records each scheduled retry delay (nextRetryAt minus the time it was scheduled). */
function retryDelays(harness: Harness): number[] {
  const delays: number[] = [];
  harness.client.onState((s) => {
    if (s.nextRetryAt !== undefined) delays.push(s.nextRetryAt - Date.now());
  });
  return delays;
}

function drop(harness: Harness, code = 1006, reason = ""): void {
  harness.socket().close({ code, reason, wasClean: false });
}

describe("reconnect", () => {
  it("reconnects after an abnormal close with backoff, exposing attempt, nextRetryAt and lastClose", async () => {
    h = harness();
    await open(h);
    const delays = retryDelays(h);
    drop(h, 1011, "boom");
    await h.tick(5);
    const state = h.client.state;
    expect(state).toMatchObject({ status: "reconnecting", attempt: 1, lastClose: { code: 1011, reason: "boom" } });
    // random = 0.5: the first delay is half of 250 ms.
    expect(delays).toEqual([125]);
    await h.tick(115);
    expect(h.sockets).toHaveLength(1);
    await h.tick(20);
    expect(h.sockets).toHaveLength(2);
    expect(h.client.state.status).toBe("open");
  });

  it.each([1000, 1006, 1009, 1011, 1012, 1013])("reconnects after a server close with code %i", async (code) => {
    h = harness();
    await open(h);
    drop(h, code);
    await h.tick(500);
    expect(h.sockets).toHaveLength(2);
  });

  it("grows the delay per attempt and resets the attempt count once a connection stays open", async () => {
    h = harness({ reconnect: { resetAfterMs: 1000 } });
    await open(h);
    h.server.stop();
    const delays = retryDelays(h);
    drop(h);
    await h.tick(2000); // nobody listens: attempts fail
    expect(delays.slice(0, 3)).toEqual([125, 250, 500]);
    const attempts = h.client.state.attempt;
    expect(attempts).toBeGreaterThanOrEqual(3);
    h.server = new Server(h.url);
    h.server.on("connection", (socket) => h.sockets.push(socket));
    await h.tick(5000);
    expect(h.client.state.status).toBe("open");
    expect(h.client.state.attempt).toBe(0);
  });

  it("stops after maxAttempts and rejects connect() with ConnectionClosedError", async () => {
    h = harness({ reconnect: { maxAttempts: 2 } });
    h.server.stop();
    const connected = caught(h.client.connect());
    await h.tick(2000);
    expect(await connected).toBeInstanceOf(ConnectionClosedError);
    expect(h.client.state.status).toBe("closed");
    expect(h.connections).toHaveLength(3);
  });

  it("does not reconnect with reconnect: false", async () => {
    h = harness({ reconnect: false });
    await open(h);
    drop(h);
    await h.tick(60_000);
    expect(h.client.state.status).toBe("closed");
    expect(h.sockets).toHaveLength(1);
  });
});

describe("close codes: 1008", () => {
  it("calls getToken again once after 1008, then stops on a second 1008", async () => {
    const getToken = vi.fn(async () => `t${getToken.mock.calls.length}`);
    h = harness({ auth: { getToken } });
    await open(h);
    drop(h, 1008, "token expired");
    await h.tick(500);
    expect(getToken).toHaveBeenCalledTimes(2);
    expect(h.sockets).toHaveLength(2);
    expect(h.connections[1]?.url).toContain("access_token=t2");
    drop(h, 1008, "still bad");
    await h.tick(60_000);
    expect(getToken).toHaveBeenCalledTimes(2);
    expect(h.client.state).toMatchObject({ status: "closed", lastClose: { code: 1008, reason: "still bad" } });
  });
});

describe("close()", () => {
  it("is idempotent, stops reconnecting, rejects connect() waiters and leaves no timer", async () => {
    h = harness({ heartbeat: {}, reconnect: {} });
    await open(h);
    drop(h);
    await h.tick(5);
    expect(h.client.state.status).toBe("reconnecting");
    const waiting = caught(h.client.connect());
    h.client.close();
    h.client.close();
    expect(await waiting).toBeInstanceOf(ConnectionClosedError);
    await h.tick(60_000);
    expect(h.sockets).toHaveLength(1);
    expect(h.client.state.status).toBe("closed");
    expect(vi.getTimerCount()).toBe(0);
  });

  it("closes an open socket with the given code and clears heartbeat and reset timers", async () => {
    h = harness({ heartbeat: {} });
    await open(h);
    expect(vi.getTimerCount()).toBeGreaterThan(0);
    const closes: number[] = [];
    h.socket().on("close", () => closes.push(1));
    h.client.close(1000, "bye");
    await h.tick();
    expect(h.client.state).toMatchObject({ status: "closed", lastClose: { code: 1000, reason: "bye" } });
    expect(h.server.clients()).toHaveLength(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("can connect again after close()", async () => {
    h = harness();
    await open(h);
    h.client.close();
    await h.tick();
    await open(h);
    expect(h.client.state.status).toBe("open");
    expect(h.sockets).toHaveLength(2);
  });
});

describe("auth", () => {
  it("awaits getToken on every connect and sends it as access_token by default", async () => {
    let n = 0;
    h = harness({ auth: { getToken: async () => `tok-${++n}` } });
    await open(h);
    drop(h);
    await h.tick(500);
    expect(h.connections.map((c) => new URL(c.url).searchParams.get("access_token"))).toEqual(["tok-1", "tok-2"]);
  });

  it("sends the token as a bearer.<token> subprotocol with attach: 'protocol'", async () => {
    h = harness({ protocols: "app.v1", auth: { getToken: () => "abc", attach: "protocol" } });
    await open(h);
    expect(h.connections[0]).toEqual({ url: h.url, protocols: ["app.v1", "bearer.abc"] });
  });

  it("reports a throwing getToken as auth-error, rejects connect() with it as cause, and retries with backoff", async () => {
    let fail = true;
    const noToken = new Error("no token");
    h = harness({
      auth: {
        getToken: () => {
          if (fail) throw noToken;
          return "ok";
        },
      },
    });
    const failed = caught(h.client.connect());
    await h.tick(1);
    expect(h.errors.map((e) => e.kind)).toEqual(["auth-error"]);
    expect(h.client.state.status).toBe("reconnecting");
    const error = await failed;
    expect(error).toBeInstanceOf(ConnectionClosedError);
    expect(error).toMatchObject({ cause: noToken, message: expect.stringContaining("getToken") });
    fail = false;
    const connected = h.client.connect(); // waits for the next attempt
    await h.tick(500);
    await connected;
    expect(h.connections[0]?.url).toContain("access_token=ok");
  });
});

describe("autoConnect and the lifecycle", () => {
  it("connects on the first send when autoConnect is on, and flushes the send", async () => {
    h = harness({ autoConnect: true });
    h.client.send(Chat, { text: "hi" });
    expect(h.client.state.status).toBe("connecting");
    await h.tick();
    expect(h.ofType("CHAT")).toHaveLength(1);
  });

  it("connects on the first subscribe when autoConnect is on, and the subscribe goes out on open", async () => {
    h = harness({ autoConnect: true });
    const Room = topic("room:{roomId}", [Chat]);
    const sub = subscribe(h.client, Room({ roomId: "a" }), { onMessage: () => {} });
    expect(h.client.state.status).toBe("connecting");
    await h.tick();
    expect(h.ofType("$ws:subscribe")).toHaveLength(1);
    expect(sub.state).toBe("subscribing");
  });

  it("stays idle on send with autoConnect: false", async () => {
    h = harness({ autoConnect: false });
    h.client.send(Chat, { text: "hi" });
    await h.tick(1000);
    expect(h.client.state).toMatchObject({ status: "idle", queued: 1 });
    expect(h.sockets).toHaveLength(0);
  });

  it("connects lazily by default: creating the client touches nothing, the first request connects", async () => {
    h = harness();
    await h.tick(1000);
    expect(h.connections).toHaveLength(0);
    const reply = h.client.request(Chat, { text: "hi" }, Chat);
    expect(h.client.state.status).toBe("connecting");
    await h.tick();
    const [frame] = h.ofType("CHAT");
    expect(frame).toBeDefined();
    h.socket().send(
      JSON.stringify({ type: "CHAT", meta: { correlationId: frame?.meta.correlationId }, payload: { text: "ok" } }),
    );
    await expect(reply).resolves.toMatchObject({ payload: { text: "ok" } });
    expect(h.connections).toHaveLength(1);
  });

  it("stays closed after close(): a later send queues without connecting", async () => {
    h = harness();
    await open(h);
    h.client.close();
    h.client.send(Chat, { text: "later" });
    await h.tick(1000);
    expect(h.client.state).toMatchObject({ status: "closed", queued: 1 });
    expect(h.connections).toHaveLength(1);
  });

  it("skips the remaining backoff wait when the page wakes up", async () => {
    let wake = () => {};
    const unsubscribe = vi.fn();
    h = harness({
      reconnect: { initialDelayMs: 20_000 },
      lifecycle: {
        subscribe: (fn) => {
          wake = fn;
          return unsubscribe;
        },
      },
    });
    await open(h);
    const delays = retryDelays(h);
    drop(h);
    await h.tick(5);
    expect(delays).toEqual([10_000]);
    wake();
    await h.tick(10);
    expect(h.client.state.status).toBe("open");
    expect(h.sockets).toHaveLength(2);
    h.client.close();
    expect(unsubscribe).toHaveBeenCalledTimes(1);
  });

  it("reads document and window only at connect, and listens for visibilitychange and online", async () => {
    const added: string[] = [];
    const removed: string[] = [];
    const target = (name: string) => ({
      addEventListener: (type: string) => added.push(`${name}:${type}`),
      removeEventListener: (type: string) => removed.push(`${name}:${type}`),
      visibilityState: "visible",
    });
    h = harness({ lifecycle: undefined });
    vi.stubGlobal("document", target("document"));
    vi.stubGlobal("window", target("window"));
    expect(added).toEqual([]);
    await open(h);
    expect(added).toEqual(["document:visibilitychange", "window:online"]);
    h.client.close();
    expect(removed).toEqual(added);
    vi.unstubAllGlobals();
  });
});

describe("state snapshots", () => {
  it("are frozen and replaced on change", async () => {
    h = harness();
    const seen: ConnectionState[] = [];
    h.client.onState((s) => seen.push(s));
    await open(h);
    expect(Object.isFrozen(h.client.state)).toBe(true);
    expect(seen[0]).not.toBe(seen[1]);
  });
});
