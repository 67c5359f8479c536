import { describe, expect, it } from "vitest";
import { DEFAULT_RECONNECT } from "./backoff.ts";
import { DEFAULT_HEARTBEAT } from "./heartbeat.ts";
import { DEFAULT_MAX_PENDING_REQUESTS, DEFAULT_REQUEST_TIMEOUT_MS, resolveOptions } from "./options.ts";
import { DEFAULT_QUEUE } from "./queue.ts";
import type { WsClientOptions } from "./types.ts";

describe("resolveOptions", () => {
  it("fills every default", () => {
    const options = resolveOptions({ url: "ws://localhost:3000" });
    expect(options).toMatchObject({
      url: "ws://localhost:3000",
      protocols: [],
      autoConnect: true,
      random: Math.random,
      requestTimeoutMs: DEFAULT_REQUEST_TIMEOUT_MS,
      maxPendingRequests: DEFAULT_MAX_PENDING_REQUESTS,
      reconnect: DEFAULT_RECONNECT,
      queue: DEFAULT_QUEUE,
      heartbeat: DEFAULT_HEARTBEAT,
    });
    expect(typeof options.clock.now()).toBe("number");
    expect(options.lifecycle).not.toBe(false);
  });

  it("undefined and null take the default, at the top level and inside a group", () => {
    const options = resolveOptions({
      url: new URL("wss://example.test/ws"),
      requestTimeoutMs: undefined,
      maxPendingRequests: null,
      reconnect: { maxDelayMs: 1000, initialDelayMs: undefined, factor: null },
      queue: null,
      heartbeat: undefined,
      lifecycle: null,
    } as unknown as WsClientOptions);
    expect(options.url).toBe("wss://example.test/ws");
    expect(options.requestTimeoutMs).toBe(DEFAULT_REQUEST_TIMEOUT_MS);
    expect(options.maxPendingRequests).toBe(DEFAULT_MAX_PENDING_REQUESTS);
    expect(options.reconnect).toEqual({ ...DEFAULT_RECONNECT, maxDelayMs: 1000 });
    expect(options.queue).toEqual(DEFAULT_QUEUE);
    expect(options.heartbeat).toEqual(DEFAULT_HEARTBEAT);
    expect(options.lifecycle).not.toBe(false);
  });

  it("false turns a group off; given values win; protocols become a list", () => {
    const options = resolveOptions({
      url: "http://localhost/",
      protocols: "chat",
      reconnect: false,
      queue: false,
      heartbeat: { intervalMs: 5 },
      lifecycle: false,
      autoConnect: true,
    });
    expect(options).toMatchObject({ reconnect: false, queue: false, lifecycle: false, autoConnect: true });
    expect(options.protocols).toEqual(["chat"]);
    expect(options.heartbeat).toEqual({ ...DEFAULT_HEARTBEAT, intervalMs: 5 });
  });

  it("rejects a URL scheme other than ws, wss, http or https", () => {
    expect(() => resolveOptions({ url: "ftp://localhost/" })).toThrow(/unsupported URL scheme "ftp:"/);
    expect(() => resolveOptions({ url: "not a url" })).toThrow(TypeError);
  });
});
