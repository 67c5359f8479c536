/**
 * Test harness for the client's unit tests: a mock-socket server on a unique URL, a client wired
 * to mock-socket's WebSocket, and helpers to read what the server received.
 */
import { type Client, WebSocket as MockWebSocket, Server } from "mock-socket";
import { vi } from "vitest";
import { wsClient } from "../src/client/client.ts";
import type { ClientErrorEvent, WebSocketConstructor, WsClient, WsClientOptions } from "../src/client/types.ts";
import type { Envelope } from "../src/protocol.ts";

let counter = 0;

/** A frame the server received, parsed. */
export interface ReceivedFrame {
  type: string;
  meta: Record<string, unknown>;
  payload?: unknown;
}

/** A mock server, a client pointed at it, and what each side saw. */
export interface Harness {
  url: string;
  server: Server;
  client: WsClient;
  /** Frames the server received, in order (heartbeats included). */
  received: ReceivedFrame[];
  /** Server-side sockets, newest last. */
  sockets: Client[];
  /** Every URL and protocol list the client connected with. */
  connections: Array<{ url: string; protocols: string | string[] | undefined }>;
  errors: ClientErrorEvent[];
  unhandled: Envelope[];
  /** The newest server-side socket. */
  socket(): Client;
  /** Sends raw data from the server to the newest client socket. */
  push(data: unknown): void;
  /** Frames of one type the server received. */
  ofType(type: string): ReceivedFrame[];
  /** Advances fake time so mock-socket delivers its events (it delays them by 4 ms). */
  tick(ms?: number): Promise<void>;
  dispose(): void;
}

/**
 * Creates a harness. Call `vi.useFakeTimers()` first. Heartbeat and lifecycle are off unless given.
 */
export function createHarness(options: Partial<WsClientOptions> = {}): Harness {
  counter++;
  const url = `ws://mock-${counter}.test/`;
  const server = new Server(url, { selectProtocol: (protocols: string[]) => protocols[0] ?? "" });
  const received: ReceivedFrame[] = [];
  const sockets: Client[] = [];
  const connections: Harness["connections"] = [];
  server.on("connection", (socket) => {
    sockets.push(socket);
    socket.on("message", (data) => received.push(JSON.parse(String(data)) as ReceivedFrame));
  });
  const Recording = class extends MockWebSocket {
    constructor(target: string | URL, protocols?: string | string[]) {
      connections.push({ url: String(target), protocols });
      super(String(target).replace(/\?.*$/, ""), protocols);
    }
  };
  const client = wsClient({
    url,
    WebSocket: Recording as unknown as WebSocketConstructor,
    heartbeat: false,
    lifecycle: false,
    ...options,
  });
  const errors: ClientErrorEvent[] = [];
  const unhandled: Envelope[] = [];
  client.onError((event) => errors.push(event));
  client.onUnhandled((envelope) => unhandled.push(envelope));
  const harness: Harness = {
    url,
    server,
    client,
    received,
    sockets,
    connections,
    errors,
    unhandled,
    socket: () => {
      const socket = sockets.at(-1);
      if (socket === undefined) throw new Error("no server socket yet");
      return socket;
    },
    push: (data) => harness.socket().send(typeof data === "string" ? data : (data as ArrayBuffer)),
    ofType: (type) => received.filter((frame) => frame.type === type),
    tick: async (ms = 10) => {
      await vi.advanceTimersByTimeAsync(ms);
    },
    dispose: () => {
      client.close();
      server.stop();
    },
  };
  return harness;
}

/** Replies from the server with `{ type, meta: { correlationId }, payload }` to the frame `to`. */
export function reply(harness: Harness, to: ReceivedFrame, type: string, payload?: unknown): void {
  const meta = { correlationId: to.meta.correlationId };
  harness.push(JSON.stringify(payload === undefined ? { type, meta } : { type, meta, payload }));
}

/** Attaches to a promise at once (no unhandled rejection while time advances) and resolves with its value or error. */
export function caught<T>(promise: Promise<T>): Promise<T | unknown> {
  return promise.then(
    (value) => value,
    (error: unknown) => error,
  );
}
