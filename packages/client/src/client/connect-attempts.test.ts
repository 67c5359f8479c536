/** Connect attempts (PROTOCOL.md v1.1): a bound on each attempt, and refused authentication. */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { caught, createHarness, type Harness } from "../../test/mock-server.ts";
import { ConnectionClosedError } from "../errors.ts";
import { wsClient } from "./client.ts";
import { CONNECT_TIMEOUT_CLOSE_CODE } from "./connection.ts";
import type { ConnectionStatus, WebSocketConstructor, WsClient } from "./types.ts";

/** A socket whose handshake never gets an answer (a peer that accepts TCP and stays silent). */
class SilentSocket {
  static created: SilentSocket[] = [];
  readyState = 0;
  protocol = "";
  closed: Array<number | undefined> = [];
  onopen = null;
  onclose = null;
  onerror = null;
  onmessage = null;
  constructor(readonly url: string) {
    SilentSocket.created.push(this);
  }
  send(): void {
    throw new Error("not open");
  }
  close(code?: number): void {
    this.closed.push(code);
    this.readyState = 3;
  }
}

let h: Harness | undefined;
let client: WsClient | undefined;
beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
  SilentSocket.created = [];
});
afterEach(() => {
  h?.dispose();
  client?.close();
  h = undefined;
  client = undefined;
  vi.useRealTimers();
});

function silentClient(options: { connectTimeoutMs?: number } = {}): WsClient {
  client = wsClient({
    url: "ws://silent.test/",
    WebSocket: SilentSocket as unknown as WebSocketConstructor,
    heartbeat: false,
    lifecycle: false,
    random: () => 0.5,
    ...options,
  });
  return client;
}

describe("connect timeout", () => {
  it("closes an attempt with no handshake answer after connectTimeoutMs and counts it as failed", async () => {
    const c = silentClient({ connectTimeoutMs: 1000 });
    const statuses: ConnectionStatus[] = [];
    c.onState((s) => {
      if (statuses.at(-1) !== s.status) statuses.push(s.status);
    });
    const connected = caught(c.connect());
    expect(c.state.status).toBe("connecting");
    await vi.advanceTimersByTimeAsync(999);
    expect(SilentSocket.created[0]?.closed).toEqual([]);
    expect(c.state.status).toBe("connecting");
    await vi.advanceTimersByTimeAsync(1);
    expect(SilentSocket.created[0]?.closed).toHaveLength(1);
    const error = (await connected) as ConnectionClosedError;
    expect(error).toBeInstanceOf(ConnectionClosedError);
    expect(error).toMatchObject({ closeCode: CONNECT_TIMEOUT_CLOSE_CODE, closeReason: "connect timeout" });
    expect(c.state).toMatchObject({
      status: "reconnecting",
      attempt: 1,
      lastClose: { code: CONNECT_TIMEOUT_CLOSE_CODE },
    });
    // The backoff wait (0.5 × 250 ms), then the next attempt is `connecting` again, and bounded too.
    await vi.advanceTimersByTimeAsync(125);
    expect(SilentSocket.created).toHaveLength(2);
    expect(c.state.status).toBe("connecting");
    await vi.advanceTimersByTimeAsync(1000);
    expect(SilentSocket.created[1]?.closed).toHaveLength(1);
    expect(statuses).toEqual(["connecting", "reconnecting", "connecting", "reconnecting"]);
  });

  it("defaults to 10 s per attempt", async () => {
    const c = silentClient();
    const connected = caught(c.connect());
    await vi.advanceTimersByTimeAsync(9_999);
    expect(SilentSocket.created[0]?.closed).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(await connected).toBeInstanceOf(ConnectionClosedError);
  });

  it("a timed-out attempt whose socket answers late is ignored", async () => {
    const c = silentClient({ connectTimeoutMs: 100 });
    void caught(c.connect());
    await vi.advanceTimersByTimeAsync(100);
    const late = SilentSocket.created[0] as unknown as { onopen: (() => void) | null };
    expect(late.onopen).toBeNull(); // detached: a late open cannot revive it
    expect(c.state.status).toBe("reconnecting");
  });
});

describe("getToken bound", () => {
  it("a getToken that never settles fails the attempt after connectTimeoutMs; the next attempt asks again", async () => {
    const getToken = vi.fn(() => new Promise<string>(() => {}));
    client = wsClient({
      url: "ws://silent.test/",
      WebSocket: SilentSocket as unknown as WebSocketConstructor,
      heartbeat: false,
      lifecycle: false,
      random: () => 0.5,
      connectTimeoutMs: 500,
      auth: { getToken },
    });
    const errors: string[] = [];
    client.onError((event) => errors.push(event.kind));
    const connected = caught(client.connect());
    await vi.advanceTimersByTimeAsync(499);
    expect(client.state.status).toBe("connecting");
    await vi.advanceTimersByTimeAsync(1);
    const error = (await connected) as ConnectionClosedError;
    expect(error).toBeInstanceOf(ConnectionClosedError);
    expect(error.message).toBe("Could not connect: auth.getToken() failed (Error: did not settle within 500 ms)");
    expect(errors).toEqual(["auth-error"]);
    expect(client.state.status).toBe("reconnecting");
    await vi.advanceTimersByTimeAsync(125);
    expect(getToken).toHaveBeenCalledTimes(2);
    expect(SilentSocket.created).toHaveLength(0);
  });
});

describe("refused authentication", () => {
  it("ERROR AUTHENTICATION_FAILED + 1008: getToken once more, then stop (closed) and report auth-failed", async () => {
    const getToken = vi.fn(async () => `t${getToken.mock.calls.length}`);
    h = createHarness({ auth: { getToken }, random: () => 0.5 });
    h.server.on("connection", (socket) => {
      socket.send(
        JSON.stringify({ type: "ERROR", meta: {}, payload: { code: "AUTHENTICATION_FAILED", message: "bad token" } }),
      );
      socket.close({ code: 1008, reason: "authentication failed", wasClean: true });
    });
    void caught(h.client.connect()); // resolves: the upgrade completes before the refusal
    await h.tick(60_000);
    expect(getToken).toHaveBeenCalledTimes(2);
    expect(h.connections).toHaveLength(2);
    expect(h.client.state).toMatchObject({ status: "closed", lastClose: { code: 1008 } });
    await h.tick(60_000);
    expect(h.connections).toHaveLength(2); // stopped: no third attempt
    const failed = h.errors.filter((e) => e.kind === "auth-failed");
    expect(failed).toHaveLength(1);
    const error = failed[0]?.error as ConnectionClosedError;
    expect(error).toBeInstanceOf(ConnectionClosedError);
    expect(error.closeCode).toBe(1008);
    expect(error.message).toBe(
      "Authentication failed: Connection closed (1008: authentication failed); sign in again, then call connect()",
    );
    // The server's ERROR frames were reported too, so the app can show what the server said.
    expect(h.errors.filter((e) => e.kind === "server-error").map((e) => (e.error as Error).message)).toEqual([
      "bad token",
      "bad token",
    ]);
  });
});
