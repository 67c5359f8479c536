import { type ResolvedReconnect, resolveReconnect } from "./backoff.ts";
import { type ResolvedHeartbeat, resolveHeartbeat } from "./heartbeat.ts";
import { browserLifecycle } from "./lifecycle.ts";
import { type ResolvedQueue, resolveQueue } from "./queue.ts";
import type { AuthOptions, Clock, LifecycleSource, WebSocketConstructor, WsClientOptions } from "./types.ts";

/** Default request timeout, from when the frame is sent. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
/** Default bound on requests in flight (queued or sent). */
export const DEFAULT_MAX_PENDING_REQUESTS = 1000;

/** {@link WsClientOptions} with every default filled in. */
export interface ResolvedOptions {
  readonly url: string;
  readonly protocols: string[];
  readonly WebSocket: WebSocketConstructor | undefined;
  readonly reconnect: ResolvedReconnect | false;
  readonly queue: ResolvedQueue | false;
  readonly heartbeat: ResolvedHeartbeat | false;
  readonly auth: AuthOptions | undefined;
  readonly autoConnect: boolean;
  readonly requestTimeoutMs: number;
  readonly maxPendingRequests: number;
  readonly clock: Clock;
  readonly lifecycle: LifecycleSource | false;
}

/** The global timers and `Date.now`, looked up on every call (so fake timers installed later still apply). */
export const globalClock: Clock = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
  now: () => Date.now(),
};

/**
 * Fills in defaults and checks the URL.
 * @throws TypeError for a URL that is not `ws:`, `wss:`, `http:` or `https:`.
 */
export function resolveOptions(options: WsClientOptions): ResolvedOptions {
  const url = new URL(String(options.url));
  if (!["ws:", "wss:", "http:", "https:"].includes(url.protocol)) {
    throw new TypeError(`typed-ws: unsupported URL scheme "${url.protocol}" (use ws: or wss:)`);
  }
  const protocols = options.protocols === undefined ? [] : [options.protocols].flat();
  return {
    url: String(options.url),
    protocols,
    WebSocket: options.WebSocket,
    reconnect: options.reconnect === false ? false : resolveReconnect(options.reconnect),
    queue: options.queue === false ? false : resolveQueue(options.queue),
    heartbeat: options.heartbeat === false ? false : resolveHeartbeat(options.heartbeat),
    auth: options.auth,
    autoConnect: options.autoConnect ?? false,
    requestTimeoutMs: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
    maxPendingRequests: options.maxPendingRequests ?? DEFAULT_MAX_PENDING_REQUESTS,
    clock: options.clock ?? globalClock,
    lifecycle: options.lifecycle === false ? false : (options.lifecycle ?? browserLifecycle()),
  };
}

/**
 * The WebSocket constructor to use: the injected one, else `globalThis.WebSocket` read now.
 * @throws TypeError when neither exists (Node 20: pass `WebSocket` from the `ws` package).
 */
export function resolveWebSocket(injected: WebSocketConstructor | undefined): WebSocketConstructor {
  const ctor = injected ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
  if (typeof ctor !== "function") {
    throw new TypeError("typed-ws: no global WebSocket; pass the `WebSocket` option (Node 20: from the ws package)");
  }
  return ctor;
}
