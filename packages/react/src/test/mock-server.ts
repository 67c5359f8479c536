import { type WebSocketConstructor, type WsClient, type WsClientOptions, wsClient } from "@typed-ws/client";
import { WebSocket as MockWebSocket, Server } from "mock-socket";

type Frame = { type: string; meta?: { correlationId?: string; [key: string]: unknown }; payload?: unknown };
type ServerSocket = Parameters<Parameters<Server["on"]>[1]>[0];
type FrameHandler = (frame: Frame, reply: (frame: Frame) => void) => void;

let nextPort = 40_000;

/**
 * A mock-socket server on a fresh URL plus a real `wsClient` bound to it, for hook tests.
 * Counts sockets opened, records every frame it receives, and lets tests answer requests.
 */
export interface MockServerHarness {
  readonly url: string;
  readonly client: WsClient;
  /** Frames received, parsed, in order. */
  readonly received: Frame[];
  /** How many WebSocket objects the client constructed. */
  socketsOpened(): number;
  /** Answers each frame (requests) with `handler`; `reply` keeps the socket. */
  onFrame(handler: FrameHandler): void;
  /** Resolves with the first received frame (past or future) matching `predicate`. */
  waitForFrame(predicate: (frame: Frame) => boolean): Promise<Frame>;
  /** Sends a frame to every connected client, synchronously. */
  push(frame: Frame): void;
  /** Closes every server-side socket with `code` (the client sees an abnormal drop). */
  dropConnections(code: number): void;
  /** Resolves when the client's state reaches `status`. */
  waitForStatus(status: WsClient["state"]["status"]): Promise<void>;
  stop(): void;
}

/** Builds a harness; `options` override the client's options. */
export function mockServer(options: Partial<WsClientOptions> = {}): MockServerHarness {
  const url = `ws://127.0.0.1:${nextPort++}/`;
  const server = new Server(url);
  const received: Frame[] = [];
  const sockets = new Set<ServerSocket>();
  const waiters: Array<{ predicate: (frame: Frame) => boolean; resolve: (frame: Frame) => void }> = [];
  let handler: FrameHandler = () => {};
  let opened = 0;

  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("message", (data) => {
      const frame = JSON.parse(String(data)) as Frame;
      received.push(frame);
      for (const waiter of waiters.filter((w) => w.predicate(frame))) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(frame);
      }
      handler(frame, (reply) => socket.send(JSON.stringify(reply)));
    });
  });

  class CountingWebSocket extends MockWebSocket {
    constructor(target: string | URL, protocols?: string | string[]) {
      super(target, protocols);
      opened++;
    }
  }

  const client = wsClient({
    url,
    WebSocket: CountingWebSocket as unknown as WebSocketConstructor,
    heartbeat: false,
    lifecycle: false,
    reconnect: { initialDelayMs: 1, maxDelayMs: 5 },
    ...options,
  });

  return {
    url,
    client,
    received,
    socketsOpened: () => opened,
    onFrame(next) {
      handler = next;
    },
    waitForFrame(predicate) {
      const found = received.find(predicate);
      if (found !== undefined) return Promise.resolve(found);
      return new Promise((resolve) => waiters.push({ predicate, resolve }));
    },
    push(frame) {
      for (const socket of sockets) socket.send(JSON.stringify(frame));
    },
    dropConnections(code) {
      for (const socket of sockets) socket.close({ code, reason: "test drop", wasClean: false });
    },
    waitForStatus(status) {
      if (client.state.status === status) return Promise.resolve();
      return new Promise((resolve) => {
        const off = client.onState((state) => {
          if (state.status !== status) return;
          off();
          resolve();
        });
      });
    },
    stop() {
      client.close();
      server.stop();
    },
  };
}

/** A response frame answering `request`. */
export function replyTo(request: Frame, type: string, payload?: unknown): Frame {
  const frame: Frame = { type, meta: { correlationId: request.meta?.correlationId } };
  if (payload !== undefined) frame.payload = payload;
  return frame;
}

/** An `ERROR` frame answering `request`. */
export function errorTo(request: Frame, code: string, message = code): Frame {
  return { type: "ERROR", meta: { correlationId: request.meta?.correlationId }, payload: { code, message } };
}
