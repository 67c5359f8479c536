/** Several servers: `url` as a list (round-robin, restarting from the URL that worked) or a function per attempt. */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { caught } from "../../test/mock-server.ts";
import { ConnectionClosedError } from "../errors.ts";
import { type SocketHost, TestSocket } from "../testing/test-socket.ts";
import { wsClient } from "./client.ts";
import type { ClientErrorEvent, UrlAttempt, WebSocketConstructor, WsClient, WsClientOptions } from "./types.ts";

/** Hosts that accept a handshake; any other refuses it (the client sees close 1006). */
let up: Set<string>;
/** Every socket the client created, in order. */
let sockets: TestSocket[];
let client: WsClient | undefined;
let errors: ClientErrorEvent[];

const host: SocketHost = {
  accept: (socket) => up.has(new URL(socket.url).host),
  receive: () => {},
  closed: () => {},
};
class Socket extends TestSocket {
  constructor(url: string | URL, protocols?: string | string[]) {
    super(host, url, protocols);
    sockets.push(this);
  }
}

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
  up = new Set();
  sockets = [];
  errors = [];
});
afterEach(() => {
  client?.close();
  client = undefined;
  vi.useRealTimers();
});

function create(url: WsClientOptions["url"], options: Partial<WsClientOptions> = {}): WsClient {
  client = wsClient({
    url,
    WebSocket: Socket as unknown as WebSocketConstructor,
    heartbeat: false,
    lifecycle: false,
    autoConnect: false,
    random: () => 0.5,
    reconnect: { initialDelayMs: 100, maxDelayMs: 100 },
    ...options,
  });
  client.onError((event) => errors.push(event));
  return client;
}

/** The URLs of the sockets created so far. */
const tried = () => sockets.map((socket) => socket.url);

describe("url as a list", () => {
  it("tries each URL in turn from the first, then reconnects from the one that worked", async () => {
    up = new Set(["c.test"]);
    const c = create(["ws://a.test/", "ws://b.test/", new URL("ws://c.test/")]);
    void caught(c.connect()); // rejects on the first failed attempt; the next ones follow
    await vi.advanceTimersByTimeAsync(200);
    expect(tried()).toEqual(["ws://a.test/", "ws://b.test/", "ws://c.test/"]);
    expect(c.state.status).toBe("open");

    // c drops and is down; a is back: the reconnect tries c first, then goes on round-robin to a.
    up = new Set(["a.test"]);
    sockets.at(-1)?.drop(1006, "");
    await vi.advanceTimersByTimeAsync(200);
    expect(tried().slice(3)).toEqual(["ws://c.test/", "ws://a.test/"]);
    expect(c.state.status).toBe("open");

    // a drops while everything is up: the next attempt is a again.
    up = new Set(["a.test", "b.test", "c.test"]);
    sockets.at(-1)?.drop(1006, "");
    await vi.advanceTimersByTimeAsync(100);
    expect(tried().slice(5)).toEqual(["ws://a.test/"]);
  });

  it("wraps around the list and attaches the token to whichever URL is used", async () => {
    up = new Set(["b.test"]);
    const c = create(["ws://a.test/x", "ws://b.test/y"], { auth: { getToken: () => "t1" } });
    void caught(c.connect()); // rejects on the first failed attempt; the next ones follow
    await vi.advanceTimersByTimeAsync(100);
    expect(tried()).toEqual(["ws://a.test/x?access_token=t1", "ws://b.test/y?access_token=t1"]);

    up = new Set(["a.test"]);
    sockets.at(-1)?.drop(1006, "");
    await vi.advanceTimersByTimeAsync(200);
    expect(tried().slice(2)).toEqual(["ws://b.test/y?access_token=t1", "ws://a.test/x?access_token=t1"]);
    expect(c.state.status).toBe("open");
  });

  it("throws a TypeError at creation for an empty list or any URL of another scheme", () => {
    expect(() => create([])).toThrow(/url is an empty list/);
    expect(() => create(["ws://a.test/", "ftp://b.test/"])).toThrow(TypeError);
    expect(() => create(["ws://a.test/", "ftp://b.test/"])).toThrow(
      /unsupported URL scheme "ftp:" in "ftp:\/\/b.test\/"/,
    );
    expect(() => create(["ws://a.test/", "not a url"])).toThrow(TypeError);
    expect(sockets).toEqual([]);
  });
});

describe("url as a function", () => {
  it("is called per attempt with the attempt number and the last URL; async results are awaited", async () => {
    up = new Set(["b.test"]);
    const calls: UrlAttempt[] = [];
    const c = create(async (attempt) => {
      calls.push(attempt);
      return attempt.attempt === 0 && attempt.lastUrl === undefined ? "ws://a.test/" : new URL("ws://b.test/");
    });
    expect(calls).toEqual([]); // creating the client calls nothing
    void caught(c.connect()); // rejects on the first failed attempt; the next ones follow
    await vi.advanceTimersByTimeAsync(100);
    expect(tried()).toEqual(["ws://a.test/", "ws://b.test/"]);
    expect(calls).toEqual([
      { attempt: 0, lastUrl: undefined },
      { attempt: 1, lastUrl: "ws://a.test/" },
    ]);

    sockets.at(-1)?.drop(1006, "");
    await vi.advanceTimersByTimeAsync(100);
    expect(calls.at(-1)).toEqual({ attempt: 0, lastUrl: "ws://b.test/" });
    expect(c.state.status).toBe("open");
  });

  it("a throw or rejection is a failed attempt, reported through onError, and the next attempt follows", async () => {
    up = new Set(["a.test"]);
    const failure = new Error("directory down");
    let calls = 0;
    const c = create(() => {
      calls++;
      if (calls === 1) throw failure;
      if (calls === 2) return Promise.reject(failure);
      return "ws://a.test/";
    });
    const connected = caught(c.connect());
    await vi.advanceTimersByTimeAsync(0);
    const error = (await connected) as ConnectionClosedError;
    expect(error).toBeInstanceOf(ConnectionClosedError);
    expect(error.message).toBe("Could not connect: url() failed (Error: directory down)");
    expect(error.cause).toBe(failure);
    expect(errors).toEqual([{ kind: "connection-error", error }]);
    expect(c.state).toMatchObject({ status: "reconnecting", attempt: 1 });

    await vi.advanceTimersByTimeAsync(200);
    expect(calls).toBe(3);
    expect(errors).toHaveLength(2);
    expect(c.state.status).toBe("open");
    expect(tried()).toEqual(["ws://a.test/"]);
  });

  it("a result that never settles fails the attempt after connectTimeoutMs", async () => {
    const c = create(() => new Promise<string>(() => {}), { connectTimeoutMs: 500, reconnect: false });
    const connected = caught(c.connect());
    await vi.advanceTimersByTimeAsync(499);
    expect(c.state.status).toBe("connecting");
    await vi.advanceTimersByTimeAsync(1);
    const error = (await connected) as ConnectionClosedError;
    expect(error.message).toMatch(/^Could not connect: url\(\) failed \(Error: did not settle within 500 ms\)/);
    expect(c.state.status).toBe("closed");
  });

  it("a result of another scheme fails the attempt with a clear error; no socket is created", async () => {
    up = new Set(["a.test"]);
    const c = create(() => "ftp://a.test/", { reconnect: false });
    const error = (await caught(c.connect())) as ConnectionClosedError;
    expect(error).toBeInstanceOf(ConnectionClosedError);
    expect(error.message).toMatch(
      /^Could not connect: url\(\) failed \(TypeError: typed-ws: unsupported URL scheme "ftp:" in "ftp:\/\/a.test\/"/,
    );
    expect(error.cause).toBeInstanceOf(TypeError);
    expect(errors[0]).toMatchObject({ kind: "connection-error" });
    expect(sockets).toEqual([]);
  });
});
