import type {
  AbortError,
  ConnectionClosedError,
  LimitExceededError,
  ProtocolError,
  ServerError,
  TimeoutError,
  ValidationError,
} from "../errors.ts";
import type { Envelope } from "../protocol.ts";
import type {
  AnyMessageSchema,
  HasPayload,
  HasRequiredKeys,
  InferMessage,
  InferMetaInput,
  InferPayloadInput,
  InferResponse,
} from "../schema/message-schema.ts";

/** The lifecycle of a client's connection. */
export type ConnectionStatus = "idle" | "connecting" | "open" | "reconnecting" | "closed";

/** How the last connection ended. */
export interface CloseInfo {
  readonly code: number;
  readonly reason: string;
  readonly wasClean: boolean;
}

/**
 * A snapshot of the connection, replaced (never mutated) on every change, so it can be compared
 * by reference — what a "reconnecting in 3 s…" badge needs.
 */
export interface ConnectionState {
  readonly status: ConnectionStatus;
  /** Reconnect attempt number: 0 until the first reconnect, reset once a connection stays open. */
  readonly attempt: number;
  /** When the next reconnect attempt starts (ms since epoch, the client's clock), while `reconnecting`. */
  readonly nextRetryAt: number | undefined;
  /** The last close, if any. */
  readonly lastClose: CloseInfo | undefined;
  /** Messages (sends and requests) waiting in the offline queue. */
  readonly queued: number;
}

/** The WebSocket constructor the client uses (the browser's, Bun's, Node 22's, or `ws`). */
export interface WebSocketConstructor {
  new (url: string, protocols?: string | string[]): WebSocketLike;
}

/**
 * An event callback typed loosely enough that the browser's, Bun's, Node's and `ws`'s WebSocket
 * all fit (method-style parameters are checked bivariantly).
 */
export type SocketHandler<E> = { bivarianceHack(event: E): void }["bivarianceHack"];

/** The close event fields the client reads. */
export interface SocketCloseEvent {
  readonly code: number;
  readonly reason: string;
  readonly wasClean: boolean;
}

/** The part of the WebSocket API the client relies on. */
export interface WebSocketLike {
  readonly readyState: number;
  readonly protocol: string;
  binaryType?: string;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: SocketHandler<unknown> | null;
  onclose: SocketHandler<SocketCloseEvent> | null;
  onerror: SocketHandler<unknown> | null;
  onmessage: SocketHandler<{ readonly data: unknown }> | null;
}

/** Timer functions, injectable so tests control time. Defaults to the global ones, read lazily. */
export interface Clock {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  /** Current time in ms since epoch. */
  now(): number;
}

/** Reconnect settings. Exponential backoff with full jitter. */
export interface ReconnectOptions {
  /** First delay. @default 250 */
  initialDelayMs?: number;
  /** Growth per attempt. @default 2 */
  factor?: number;
  /** Delay cap. @default 30000 */
  maxDelayMs?: number;
  /** Give up after this many attempts in a row. @default Infinity */
  maxAttempts?: number;
  /** A connection open this long resets the attempt count. @default 5000 */
  resetAfterMs?: number;
}

/** What the offline queue does when full. */
export type OverflowPolicy = "drop-oldest" | "drop-newest" | "reject";

/** Offline queue settings: messages sent while not open wait here and flush in order on open. */
export interface QueueOptions {
  /** @default 1000 */
  maxMessages?: number;
  /** Total serialized bytes. @default 1048576 (1 MiB) */
  maxBytes?: number;
  /** @default "drop-oldest" */
  overflow?: OverflowPolicy;
}

/** Heartbeat settings (PROTOCOL.md, "Heartbeat"). */
export interface HeartbeatOptions {
  /** @default 25000 */
  intervalMs?: number;
  /** No ack within this time means the connection is dead. @default 10000 */
  timeoutMs?: number;
}

/** Authentication: a token fetched on every (re)connect. */
export interface AuthOptions {
  /** Awaited before every connect; `undefined` connects without a token. */
  getToken: () => string | undefined | null | Promise<string | undefined | null>;
  /** How the token travels. @default "query" */
  attach?: "query" | "protocol";
  /** Query parameter name for `attach: "query"`. @default "access_token" */
  queryParam?: string;
}

/** Page lifecycle signals: the client checks liveness at once when the page becomes visible or the network returns. */
export interface LifecycleSource {
  /** Calls `wake` on `visibilitychange` (to visible) and `online`; returns an unsubscribe. */
  subscribe(wake: () => void): () => void;
}

/** What a {@link UrlFunction} is told about the connect attempt it picks the URL for. */
export interface UrlAttempt {
  /** 0 for the first attempt after `connect()` or after the connection dropped, +1 per failed attempt since. */
  readonly attempt: number;
  /** The URL of the previous attempt (after a drop: the one that was open); `undefined` before the first. */
  readonly lastUrl?: string | undefined;
}

/** Picks the URL of each connect attempt; a throw or rejection fails the attempt (bounded by `connectTimeoutMs`). */
export type UrlFunction = (attempt: UrlAttempt) => string | URL | Promise<string | URL>;

/** Options of {@link WsClient}. */
export interface WsClientOptions {
  /**
   * The server: a `ws:`/`wss:` (or `http:`/`https:`) URL; a non-empty list of them, tried in turn
   * (round-robin from the first; after a drop, from the one that was open); or a function called
   * per attempt. A token (`auth`) is attached to whichever URL is used.
   * @throws TypeError (from `wsClient`) for an empty list or a URL of another scheme.
   */
  url: string | URL | readonly (string | URL)[] | UrlFunction;
  /** Subprotocols to offer. */
  protocols?: string | string[];
  /** WebSocket constructor. @default globalThis.WebSocket (read at connect, not import) */
  WebSocket?: WebSocketConstructor;
  /** Reconnect settings, or `false` to never reconnect. @default {} (on) */
  reconnect?: ReconnectOptions | false;
  /** Offline queue settings, or `false` to throw when sending while not open. @default {} */
  queue?: QueueOptions | false;
  /** Heartbeat settings, or `false` to disable. @default {} */
  heartbeat?: HeartbeatOptions | false;
  /** Token per connect. */
  auth?: AuthOptions;
  /**
   * Lazy connect: the first `send`/`request` on an `idle` client calls `connect()`. Creating the
   * client never connects (SSR-safe), and after `close()` it stays closed until `connect()`.
   * `false`: nothing connects until you call `connect()`. @default true
   */
  autoConnect?: boolean;
  /** Default request timeout, from the call (time in the offline queue included). @default 30000 */
  requestTimeoutMs?: number;
  /**
   * Bound on each connect attempt, from creating the socket to `open`: an attempt with no
   * handshake answer by then is closed (recorded as close code 4001) and counts as failed.
   * `auth.getToken()` gets the same bound (then: `"auth-error"`, a failed attempt).
   * @default 10000
   */
  connectTimeoutMs?: number;
  /**
   * Add `meta.timestamp` (the clock's `now()`) to every `send` and `request` unless the caller
   * gives one. No server requires it (PROTOCOL.md v1.1: client timestamps are optional), so the
   * default sends smaller frames without it; servers stamp what they receive (`ctx.receivedAt`).
   * @default false
   */
  timestamp?: boolean;
  /** Most requests in flight (queued or sent). @default 1000 */
  maxPendingRequests?: number;
  /** Timers and clock. @default the global timers and Date.now */
  clock?: Clock;
  /** Randomness for reconnect jitter: uniform in `[0, 1)`. Inject for deterministic tests. @default Math.random */
  random?: () => number;
  /** Page visibility / online signals. @default the browser's document and window, when present */
  lifecycle?: LifecycleSource | false;
}

/** Options of `send`. */
export interface SendOptions<S extends AnyMessageSchema = AnyMessageSchema> {
  /** Extra meta (declared meta fields, or a `correlationId`). `timestamp` is added unless given when the option `timestamp` is on. */
  meta?: InferMetaInput<S>;
}

/** Options of `request`. */
export interface RequestOptions<S extends AnyMessageSchema = AnyMessageSchema> {
  /**
   * Reject with `TimeoutError` this long after the call, queued time included (`Infinity` waits
   * for ever). @default the client's requestTimeoutMs (30000)
   */
  timeoutMs?: number;
  /**
   * Abort: rejects with `AbortError` at once; sends `$ws:abort` when the request is on the wire
   * (nothing when it is queued or waiting to be retried).
   */
  signal?: AbortSignal;
  /**
   * Survive a dropped socket: instead of rejecting with `ConnectionClosedError`, the request
   * is sent again (the same frame, same correlation id) after each reconnect and settles once;
   * the server answers a remembered id without running it twice (PROTOCOL.md, "Requests that
   * survive a reconnect"). @default the pairing's `retryable` flag (`rpc`/`withResponse`), else false
   */
  retryable?: boolean;
  /** Extra meta. `correlationId` is always set by the client. */
  meta?: Omit<InferMetaInput<S>, "correlationId">;
  /** Called for each `$ws:rpc-progress` frame of this request. */
  onProgress?: (payload: unknown) => void;
}

/** Anything the client reports instead of throwing: a tagged union on `kind`. */
export type ClientErrorEvent =
  | { readonly kind: "invalid-frame"; readonly error: ProtocolError }
  | { readonly kind: "invalid-message"; readonly error: ValidationError; readonly envelope: Envelope }
  | { readonly kind: "server-error"; readonly error: ServerError }
  | { readonly kind: "queue-drop"; readonly error: LimitExceededError; readonly messageType: string }
  | { readonly kind: "handler-error"; readonly error: unknown; readonly messageType: string }
  | { readonly kind: "auth-error"; readonly error: unknown }
  /**
   * The server refused the connection with close `1008` (after `ERROR` `AUTHENTICATION_FAILED`)
   * and a fresh token did not help: the client stopped (state `closed`). Sign in, then `connect()`.
   */
  | { readonly kind: "auth-failed"; readonly error: ConnectionClosedError }
  | { readonly kind: "connection-error"; readonly error: ConnectionClosedError };

/** Every error a `request` can reject with. */
export type RequestError =
  | ServerError
  | TimeoutError
  | AbortError
  | ConnectionClosedError
  | ValidationError
  | LimitExceededError;

/** Options of `send` for a schema whose meta declares required fields: `meta` must be given. */
export type RequiredMetaSendOptions<S extends AnyMessageSchema> = SendOptions<S> & { meta: InferMetaInput<S> };

/**
 * Arguments after the schema in `send`: the payload when the schema declares one, then options
 * (required when the schema declares required meta fields).
 */
export type SendArgs<S extends AnyMessageSchema> =
  HasRequiredKeys<InferMetaInput<S>> extends true
    ? HasPayload<S> extends true
      ? [payload: InferPayloadInput<S>, options: RequiredMetaSendOptions<S>]
      : [payload: undefined, options: RequiredMetaSendOptions<S>]
    : HasPayload<S> extends true
      ? [payload: InferPayloadInput<S>, options?: SendOptions<S>]
      : [payload?: undefined, options?: SendOptions<S>];

/**
 * An argument list no call has (at least five arguments, none of which can be given): a request
 * form that does not apply to a schema drops out of overload resolution on arity, so the error
 * TypeScript reports is the one of the form that does apply — naming the bad payload field.
 */
export type NoSuchForm = [never, never, never, never, never];

/**
 * Arguments after a paired schema: the payload when declared, then options — or, the explicit
 * form, the paired response schema and then options. `O` is the options type (`useRequest` has its own).
 * For an unpaired schema: the payload alone, so that `request(Unpaired, payload)` reports
 * {@link PairedSchema}'s missing `response` (calls with a response use the explicit forms).
 */
export type PairedRequestArgs<S extends AnyMessageSchema, O = RequestOptions<S>> = [InferResponse<S>] extends [never]
  ? HasPayload<S> extends true
    ? [payload: InferPayloadInput<S>]
    : []
  : HasPayload<S> extends true
    ? [payload: InferPayloadInput<S>, optionsOrResponse?: O | InferResponse<S>, options?: O]
    : [payload?: undefined, options?: O];

/**
 * The schema argument of the paired forms: `S` when paired; otherwise `S` must (and cannot) have
 * a `response`, so leaving the response out of `request(Unpaired, payload)` reports
 * "Property 'response' is missing".
 */
export type PairedSchema<S extends AnyMessageSchema> = [InferResponse<S>] extends [never]
  ? S & { readonly response: AnyMessageSchema }
  : S;

/**
 * Arguments after the schema with an explicit response schema: `(payload, response, options?)`
 * (`payload` is `undefined` for a schema without payload). A paired schema with payload takes
 * its response in {@link PairedRequestArgs} instead.
 */
export type ExplicitRequestArgs<S extends AnyMessageSchema, R extends AnyMessageSchema, O = RequestOptions<S>> =
  HasPayload<S> extends true
    ? [InferResponse<S>] extends [never]
      ? [payload: InferPayloadInput<S>, response: R, options?: O]
      : NoSuchForm
    : [payload: undefined, response: R, options?: O];

/** Arguments after a schema without payload with an explicit response schema: `(response, options?)`. */
export type PayloadlessRequestArgs<S extends AnyMessageSchema, R extends AnyMessageSchema, O = RequestOptions<S>> =
  HasPayload<S> extends true ? NoSuchForm : [response: R, options?: O];

/** The response a schema allows: its paired response, or any message schema when unpaired. */
export type ExpectedResponse<S extends AnyMessageSchema> = [InferResponse<S>] extends [never]
  ? AnyMessageSchema
  : InferResponse<S>;

/** A message handler: receives the validated message (`{ type, meta, payload? }`). */
export type MessageHandler<S extends AnyMessageSchema> = (message: InferMessage<S>) => void;

/**
 * A typed WebSocket client. Create one with `wsClient(options)`. Its methods do not use `this`:
 * `const { send } = client` works, and each method is the same function for the client's lifetime
 * (the React package relies on both). Topic subscriptions are opt-in functions that take the
 * client: `subscribe(client, Room({ roomId }))` from `@typed-ws/client/topics`.
 */
export interface WsClient {
  /** The current connection snapshot. */
  readonly state: ConnectionState;
  /** Calls `listener` with each new state; returns an unsubscribe. */
  onState(listener: (state: ConnectionState) => void): () => void;
  /**
   * Opens the connection (idempotent). Resolves when open. Rejects with `ConnectionClosedError`
   * when the next connect attempt fails (the client keeps reconnecting in the background unless
   * reconnect is off), when `close()` is called first, or at once when there is no WebSocket
   * constructor. Never waits longer than one attempt (`connectTimeoutMs`) plus its backoff wait.
   */
  connect(): Promise<void>;
  /** Closes the connection and stops reconnecting (idempotent). Pending requests reject with `ConnectionClosedError`. */
  close(code?: number, reason?: string): void;
  /**
   * Validates and sends a message; while not open it waits in the offline queue.
   * @throws ValidationError when the message does not match its schema (nothing is sent).
   * @throws LimitExceededError when the queue is full with policy `reject`.
   */
  send<S extends AnyMessageSchema>(schema: S, ...args: SendArgs<S>): void;
  /** Adds a handler for a message type; many per type, called in order. Returns an unsubscribe. */
  on<S extends AnyMessageSchema>(schema: S, handler: MessageHandler<S>): () => void;
  /**
   * Sends a request and resolves with the validated response message, for a request schema paired
   * with its response (`rpc()` / `withResponse()`): `request(GetUser, { id }, options?)`, or
   * `request(Ping)` / `request(Ping, undefined, options)` without payload. The paired response may
   * also be passed explicitly: `request(GetUser, { id }, UserResponse, options?)`.
   * Rejects with the {@link RequestError}s: `ServerError`, `TimeoutError`, `AbortError`,
   * `ConnectionClosedError`, `ValidationError`, `LimitExceededError`.
   */
  request<S extends AnyMessageSchema>(
    schema: PairedSchema<S>,
    ...args: PairedRequestArgs<S>
  ): Promise<InferMessage<InferResponse<S>>>;
  /**
   * Sends a request and resolves with the validated `response` message:
   * `request(Calculate, payload, CalculateResult, options?)` (`payload` is `undefined` for a
   * message without payload). For a paired schema, `response` must be its paired response.
   * Rejects like the paired form.
   */
  request<S extends AnyMessageSchema, R extends ExpectedResponse<S>>(
    schema: S,
    ...args: ExplicitRequestArgs<S, R>
  ): Promise<InferMessage<R>>;
  /** A request for a message without payload with an explicit response: `request(Ping, Pong, options?)`. */
  request<S extends AnyMessageSchema, R extends ExpectedResponse<S>>(
    schema: S,
    ...args: PayloadlessRequestArgs<S, R>
  ): Promise<InferMessage<R>>;
  /** Reports problems the client handles without throwing (bad frames, drops, handler errors). */
  onError(listener: (event: ClientErrorEvent) => void): () => void;
  /** Valid frames with no handler and no pending request. */
  onUnhandled(listener: (envelope: Envelope) => void): () => void;
}
