import { DEFAULT_RECONNECT, type ResolvedReconnect } from "./backoff.ts";
import { DEFAULT_HEARTBEAT, type ResolvedHeartbeat } from "./heartbeat.ts";
import { browserLifecycle } from "./lifecycle.ts";
import { DEFAULT_QUEUE, type ResolvedQueue } from "./queue.ts";
import type {
  AuthOptions,
  Clock,
  LifecycleSource,
  UrlFunction,
  WebSocketConstructor,
  WsClientOptions,
} from "./types.ts";

/** Default request timeout, from the call (queued time included). */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
/** Default bound on one connect attempt, from creating the socket to `open`. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
/** Default bound on requests in flight (queued or sent). */
export const DEFAULT_MAX_PENDING_REQUESTS = 1000;

/** {@link WsClientOptions} with every default filled in. */
export interface ResolvedOptions {
  /** The URLs to try in turn (checked), or the function that picks each attempt's URL. */
  readonly url: readonly string[] | UrlFunction;
  readonly protocols: string[];
  readonly WebSocket?: WebSocketConstructor | undefined;
  readonly reconnect: ResolvedReconnect | false;
  readonly queue: ResolvedQueue | false;
  readonly heartbeat: ResolvedHeartbeat | false;
  readonly auth?: AuthOptions | undefined;
  readonly autoConnect: boolean;
  readonly requestTimeoutMs: number;
  readonly connectTimeoutMs: number;
  readonly timestamp: boolean;
  readonly maxPendingRequests: number;
  readonly clock: Clock;
  readonly random: () => number;
  readonly lifecycle: LifecycleSource | false;
}

/** The global timers and `Date.now`, looked up on every call (so fake timers installed later still apply). */
export const globalClock: Clock = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
  now: () => Date.now(),
};

/** The top-level defaults (the option groups have their own, next to their code). */
const DEFAULTS = {
  autoConnect: true,
  requestTimeoutMs: DEFAULT_REQUEST_TIMEOUT_MS,
  connectTimeoutMs: DEFAULT_CONNECT_TIMEOUT_MS,
  timestamp: false,
  maxPendingRequests: DEFAULT_MAX_PENDING_REQUESTS,
  clock: globalClock,
  random: Math.random,
  lifecycle: browserLifecycle,
};

/** `defaults` with every value of `options` that is not `undefined` (or `null`) laid over it. */
export function withDefaults<T extends object>(defaults: T, options?: object | null): T {
  const resolved = { ...defaults } as Record<string, unknown>;
  for (const [key, value] of Object.entries(options ?? {})) if (value != null) resolved[key] = value;
  return resolved as T;
}

/** An option group: `false` stays off, anything else gets the group's defaults. */
function group<T extends object>(options: object | false | null | undefined, defaults: T): T | false {
  return options !== false && withDefaults(defaults, options);
}

/**
 * `url` as a string, checked.
 * @throws TypeError for a URL that is not `ws:`, `wss:`, `http:` or `https:`.
 */
export function checkUrl(url: string | URL): string {
  const href = String(url);
  const { protocol } = new URL(href);
  if (!/^(ws|http)s?:$/.test(protocol)) {
    throw new TypeError(`typed-ws: unsupported URL scheme "${protocol}" in "${href}" (use ws: or wss:)`);
  }
  return href;
}

/**
 * Fills in defaults and checks the URL (each one of a list; a function's results are checked per attempt).
 * @throws TypeError for an empty URL list, or a URL that is not `ws:`, `wss:`, `http:` or `https:`.
 */
export function resolveOptions(options: WsClientOptions): ResolvedOptions {
  const given = options.url;
  const url = typeof given === "function" ? given : [given].flat().map(checkUrl);
  if (typeof url !== "function" && !url.length)
    throw new TypeError("typed-ws: url is an empty list; give at least one ws: or wss: URL");
  return {
    ...(withDefaults(DEFAULTS, options) as typeof DEFAULTS & WsClientOptions),
    url,
    protocols: [options.protocols ?? []].flat(),
    reconnect: group(options.reconnect, DEFAULT_RECONNECT),
    queue: group(options.queue, DEFAULT_QUEUE),
    heartbeat: group(options.heartbeat, DEFAULT_HEARTBEAT),
  };
}
