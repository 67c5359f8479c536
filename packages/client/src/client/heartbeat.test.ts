import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createHarness, type Harness } from "../../test/mock-server.ts";
import { createHeartbeat, DEFAULT_HEARTBEAT } from "./heartbeat.ts";
import { globalClock } from "./options.ts";

let h: Harness;
/** A harness whose reconnect jitter is always half the ceiling. */
const harness = (options: Parameters<typeof createHarness>[0] = {}) => createHarness({ random: () => 0.5, ...options });
beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  h?.dispose();
  vi.useRealTimers();
});

describe("Heartbeat", () => {
  it("defaults to a ping every 25 s, dead after 10 s", () => {
    expect(DEFAULT_HEARTBEAT).toEqual({ intervalMs: 25_000, timeoutMs: 10_000 });
  });

  it("pings per interval, stays alive on acks, and calls onDead when an ack is late", () => {
    const ping = vi.fn();
    const onDead = vi.fn();
    const heartbeat = createHeartbeat({ options: DEFAULT_HEARTBEAT, clock: globalClock, ping, onDead });
    heartbeat.start();
    vi.advanceTimersByTime(25_000);
    expect(ping).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(5_000);
    heartbeat.ack();
    vi.advanceTimersByTime(20_000);
    expect(ping).toHaveBeenCalledTimes(2);
    expect(onDead).not.toHaveBeenCalled();
    vi.advanceTimersByTime(10_000);
    expect(onDead).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe("heartbeat in the client", () => {
  it("sends __heartbeat every interval while open", async () => {
    h = harness({ heartbeat: {} });
    await Promise.all([h.client.connect(), h.tick()]);
    h.socket().on("message", (data) => {
      if (JSON.parse(String(data)).type === "__heartbeat") {
        h.push(JSON.stringify({ type: "__heartbeat_ack", meta: { timestamp: Date.now() } }));
      }
    });
    await h.tick(75_000);
    expect(h.ofType("__heartbeat")).toEqual([
      { type: "__heartbeat" },
      { type: "__heartbeat" },
      { type: "__heartbeat" },
    ]);
    expect(h.client.state.status).toBe("open");
    expect(h.sockets).toHaveLength(1);
    expect(h.unhandled).toEqual([]);
  });

  it("closes and reconnects when no ack arrives within timeoutMs", async () => {
    h = harness({ heartbeat: { intervalMs: 1000, timeoutMs: 500 } });
    await Promise.all([h.client.connect(), h.tick()]);
    await h.tick(1000);
    expect(h.ofType("__heartbeat")).toHaveLength(1);
    await h.tick(500);
    expect(h.client.state).toMatchObject({
      status: "reconnecting",
      lastClose: { code: 4000, reason: "heartbeat timeout" },
    });
    await h.tick(200);
    expect(h.sockets).toHaveLength(2);
    expect(h.client.state.status).toBe("open");
  });

  it("checks liveness at once when the page wakes up", async () => {
    let wake = () => {};
    h = harness({
      heartbeat: { intervalMs: 60_000, timeoutMs: 500 },
      lifecycle: {
        subscribe: (fn) => {
          wake = fn;
          return () => {};
        },
      },
    });
    await Promise.all([h.client.connect(), h.tick()]);
    wake();
    await h.tick();
    expect(h.ofType("__heartbeat")).toHaveLength(1);
    await h.tick(600);
    expect(h.client.state.status).toBe("reconnecting");
  });
});
