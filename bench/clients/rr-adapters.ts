/**
 * One request/response client per implementation, each sending the same 60-byte payload and
 * resolving when the matching reply arrives. Libraries load lazily so each run loads only its own.
 */
// The real client's id source, so `bare` sends exactly the ids `typed` does (v1.1 short ids).
import { createIds } from "../../packages/client/src/client/ids.ts";
import { PAYLOAD, PAYLOAD_JSON } from "../lib/payload.ts";
import { openSocket, webSocketConstructor } from "../lib/socket.ts";

/**
 * Whether the typed-ws clients here send `meta.timestamp` (the client's `timestamp` option, off
 * by default since issue 17; optional in PROTOCOL.md v1.1). `typed`, `retryable` and `bare` all follow it.
 */
const TIMESTAMP = false;

/** A connected client that can make one request at a time or many at once. */
export interface RrClient {
  request(): Promise<unknown>;
  close(): void;
}

/** The implementations the request/response figures compare. */
export type Impl = "raw" | "rawjson" | "typed" | "retryable" | "socketio" | "wskit" | "bare";

/** Raw baseline: send the 60-byte text, the server echoes it; replies match requests in order. */
async function raw(url: string): Promise<RrClient> {
  const socket = await openSocket(await webSocketConstructor(), url);
  const waiting: Array<(data: unknown) => void> = [];
  socket.onmessage = (event) => waiting.shift()?.(event.data);
  return {
    request: () =>
      new Promise((resolve) => {
        waiting.push(resolve);
        socket.send(PAYLOAD_JSON);
      }),
    close: () => socket.close(),
  };
}

/**
 * Raw, as an app would use it: `JSON.stringify` the 60-byte payload for each request and
 * `JSON.parse` each reply (same server, same bytes on the wire as {@link raw}).
 */
async function rawjson(url: string): Promise<RrClient> {
  const socket = await openSocket(await webSocketConstructor(), url);
  const waiting: Array<(data: unknown) => void> = [];
  socket.onmessage = (event) => waiting.shift()?.(JSON.parse(String(event.data)));
  return {
    request: () =>
      new Promise((resolve) => {
        waiting.push(resolve);
        socket.send(JSON.stringify(PAYLOAD));
      }),
    close: () => socket.close(),
  };
}

/** typed-ws: `wsClient.request` with Zod validation of request and response, correlation ids, timeouts. */
function typed(url: string): Promise<RrClient> {
  return typedClient(url, false);
}

/** {@link typed} with `retryable: true` on every request (figure 11, against a server with dedupe on). */
function retryable(url: string): Promise<RrClient> {
  return typedClient(url, true);
}

async function typedClient(url: string, retryable: boolean): Promise<RrClient> {
  const [{ wsClient }, { Echo, EchoResult }, { enableDirectZodValidation }] = await Promise.all([
    import("@typed-ws/client"),
    import("../lib/schemas.ts"),
    import("@typed-ws/client/zod-direct"),
  ]);
  // A Bun app turns the direct checker on, as the client README recommends for JavaScriptCore
  // (`@typed-ws/server-bun` does it for the server); in Node (V8) it is slower, so the default path.
  if (typeof (globalThis as { Bun?: unknown }).Bun !== "undefined") enableDirectZodValidation();
  const WebSocket = await webSocketConstructor();
  const client = wsClient({ url, WebSocket, reconnect: false, heartbeat: false, timestamp: TIMESTAMP });
  await client.connect();
  return {
    request: () => client.request(Echo, PAYLOAD, EchoResult, { timeoutMs: 30_000, retryable }),
    close: () => client.close(),
  };
}

/** socket.io: `emitWithAck("echo", payload)` over the WebSocket transport only. */
async function socketio(url: string): Promise<RrClient> {
  const { io } = await import("socket.io-client");
  const socket = io(url, { transports: ["websocket"] });
  await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
  return { request: () => socket.emitWithAck("echo", PAYLOAD), close: () => socket.close() };
}

/**
 * A minimal correlation client (a Map of pending ids, `JSON.stringify`/`JSON.parse`, no
 * validation, no timeouts) sending `{ type: "ECHO", meta: { correlationId, timestamp }, payload }`
 * (`timestamp` only when `timestamp` is true). `newId` makes the correlation ids.
 */
async function correlationClient(url: string, newId: () => string, timestamp: boolean): Promise<RrClient> {
  const socket = await openSocket(await webSocketConstructor(), url);
  const pending = new Map<string, (value: unknown) => void>();
  socket.onmessage = (event) => {
    const frame = JSON.parse(String(event.data)) as { meta?: { correlationId?: string }; payload?: unknown };
    const id = frame.meta?.correlationId;
    const resolve = id === undefined ? undefined : pending.get(id);
    if (resolve && id !== undefined) {
      pending.delete(id);
      resolve(frame.payload);
    }
  };
  return {
    request: () =>
      new Promise((resolve) => {
        const correlationId = newId();
        pending.set(correlationId, resolve);
        const meta = timestamp ? { correlationId, timestamp: Date.now() } : { correlationId };
        socket.send(JSON.stringify({ type: "ECHO", meta, payload: PAYLOAD }));
      }),
    close: () => socket.close(),
  };
}

/**
 * ws-kit: its envelope and `meta.correlationId` RPC. `@ws-kit/client` is not on npm, so this is
 * {@link correlationClient} with short counter ids — cheaper than a full client, which favours ws-kit.
 */
function wskit(url: string): Promise<RrClient> {
  let next = 0;
  return correlationClient(url, () => `r${next++}`, true);
}

/**
 * The ceiling for any client of the typed-ws protocol: {@link correlationClient} with the frames
 * typed-ws sends — the client's own v1.1 ids (a random 11-character prefix per client, `.`, a
 * base-36 counter: `createIds`) and `meta.timestamp` as {@link TIMESTAMP} says, in the client's
 * key order — against the typed-ws server, without validation, timeouts or anything else a real
 * client does.
 */
function bare(url: string): Promise<RrClient> {
  return correlationClient(url, createIds(), TIMESTAMP);
}

/** Connects a client of `impl` to `url`. */
export function connect(impl: Impl, url: string): Promise<RrClient> {
  return { raw, rawjson, typed, retryable, socketio, wskit, bare }[impl](url);
}
