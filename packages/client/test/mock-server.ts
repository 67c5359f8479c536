/**
 * Test harness for the client's unit tests, on the testing kit's in-memory socket
 * (`src/testing/test-socket.ts`, what `@typed-ws/client/testing` is built on): a server on a
 * unique URL, a client wired to it, and what each side saw. The kit's `createTestServer` answers
 * for apps; these tests need the lower level (each server-side socket, raw frames, no heartbeat
 * answers), so this harness is its own `SocketHost`.
 */
import { vi } from "vitest";
import { wsClient } from "../src/client/client.ts";
import type { ClientErrorEvent, WebSocketConstructor, WsClient, WsClientOptions } from "../src/client/types.ts";
import type { Envelope } from "../src/protocol.ts";
import { type SocketHost, TestSocket } from "../src/testing/test-socket.ts";

let counter = 0;

/**
 * Frames the client sends reach the server, and closes either side makes reach the other, this
 * much later, as over a network (the timing tests were written against a 4 ms delay). Frames
 * the server sends arrive synchronously.
 */
const LATENCY_MS = 4;

/** A frame the server received, parsed. */
export interface ReceivedFrame {
  type: string;
  meta: Record<string, unknown>;
  payload?: unknown;
}

/** The server's end of one connection. */
export interface ServerSocket {
  /** Closes the connection from the server (or the network): the client sees `code`. */
  close(event?: { code?: number; reason?: string; wasClean?: boolean }): void;
  /** Sends raw data to the client. */
  send(data: string | ArrayBuffer): void;
  on(event: "message", listener: (data: string) => void): void;
  on(event: "close", listener: () => void): void;
}

/** The server: `stop()` refuses new connections and drops the open ones. */
export interface HarnessServer {
  stop(): void;
  /** The open server-side sockets. */
  clients(): ServerSocket[];
  /** Calls `listener` with each accepted connection. */
  on(event: "connection", listener: (socket: ServerSocket) => void): void;
}

/** A server, a client pointed at it, and what each side saw. */
export interface Harness {
  url: string;
  /** Assigning any server (e.g. a new `Server(url)` after `stop()`) accepts connections again. */
  server: HarnessServer;
  client: WsClient;
  /** Frames the server received, in order (heartbeats included). */
  received: ReceivedFrame[];
  /** Server-side sockets, newest last. */
  sockets: ServerSocket[];
  /** Every URL and protocol list the client connected with. */
  connections: Array<{ url: string; protocols: string | string[] | undefined }>;
  errors: ClientErrorEvent[];
  unhandled: Envelope[];
  /** The newest server-side socket. */
  socket(): ServerSocket;
  /** Sends raw data from the server to the newest client socket. */
  push(data: unknown): void;
  /** Frames of one type the server received. */
  ofType(type: string): ReceivedFrame[];
  /** Advances fake time (and runs the socket's microtasks). */
  tick(ms?: number): Promise<void>;
  dispose(): void;
}

/** The server end of a `TestSocket`, with mock-socket-style listeners. */
type Listeners = { message: Set<(data: string) => void>; close: Set<(data: string) => void> };

function serverSocket(socket: TestSocket, listeners: Listeners) {
  return {
    close: ({ code = 1000, reason = "" } = {}) => setTimeout(() => socket.drop(code, reason), LATENCY_MS),
    send: (data: string | ArrayBuffer) => socket.deliver(data),
    on: (event: "message" | "close", listener: (data: string) => void) => listeners[event].add(listener),
  } as ServerSocket;
}

/**
 * Creates a harness. Call `vi.useFakeTimers()` first. Heartbeat and lifecycle are off unless given.
 */
export function createHarness(options: Partial<WsClientOptions> = {}): Harness {
  counter++;
  const url = `ws://mock-${counter}.test/`;
  const received: ReceivedFrame[] = [];
  const sockets: ServerSocket[] = [];
  const open = new Map<TestSocket, ServerSocket>();
  const listeners = new Map<TestSocket, Listeners>();
  const connections: Harness["connections"] = [];
  const onConnection = new Set<(socket: ServerSocket) => void>();
  let accepting = true;

  const host: SocketHost = {
    accept(socket) {
      if (!accepting) return false;
      const own: Listeners = { message: new Set(), close: new Set() };
      listeners.set(socket, own);
      const end = serverSocket(socket, own);
      open.set(socket, end);
      sockets.push(end);
      // Once the socket is open (as a real server's connection handler runs after the upgrade):
      // what a listener sends then reaches the client.
      queueMicrotask(() => {
        for (const listener of onConnection) listener(end);
      });
      return true;
    },
    receive(socket, data) {
      setTimeout(() => {
        received.push(JSON.parse(data) as ReceivedFrame);
        for (const listener of listeners.get(socket)?.message ?? []) listener(data);
      }, LATENCY_MS);
    },
    closed(socket) {
      open.delete(socket);
      for (const listener of listeners.get(socket)?.close ?? []) listener("");
    },
  };

  const server: HarnessServer = {
    stop() {
      accepting = false;
      for (const socket of [...open.keys()]) setTimeout(() => socket.drop(1006, ""), LATENCY_MS);
    },
    clients: () => [...open.values()],
    on: (_event, listener) => onConnection.add(listener),
  };

  const Recording = class extends TestSocket {
    constructor(target: string | URL, protocols?: string | string[]) {
      connections.push({ url: String(target), protocols });
      super(host, target, protocols);
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
    get server() {
      return server;
    },
    set server(_replacement) {
      accepting = true;
    },
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
    push: (data) => harness.socket().send(data as string | ArrayBuffer),
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
