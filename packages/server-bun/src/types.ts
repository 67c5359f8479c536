/**
 * Public types of the router: the socket shape it needs, handler and middleware contexts, hooks.
 */
import type {
  AnyMessageSchema,
  ErrorCodeString,
  ExpectedResponse,
  HasPayload,
  InferMeta,
  InferPayload,
  InferPayloadInput,
  InferType,
  SendArgs,
  SendOptions,
} from "@typed-ws/client/protocol";

/** What every connection carries in `ws.data`: the app's data plus `clientId` (UUID v7, set at upgrade). */
export type WsData<AppData> = AppData & { readonly clientId: string };

/**
 * The part of a server WebSocket the router uses. Bun's `ServerWebSocket` fits it; declared
 * structurally so the core does not depend on Bun's types.
 */
export interface ServerSocket<Data = unknown> {
  /** Per-connection data: the app's data plus `clientId`. */
  data: Data;
  /** `1` while open, `3` once closed (Bun never reports 0 or 2). */
  readonly readyState: number;
  /** Sends a text frame. Bun returns bytes sent (>0), `-1` under backpressure (queued), `0` dropped. */
  send(data: string): number;
  /** Sends to a topic's subscribers except this socket; same return values as `send`. */
  publish(topic: string, data: string): number;
  close(code?: number, reason?: string): void;
  subscribe(topic: string): unknown;
  unsubscribe(topic: string): unknown;
  isSubscribed(topic: string): boolean;
}

/**
 * What happened to an outbound frame: written (`"sent"`), buffered by the runtime because the
 * peer reads slowly (`"queued"`, still delivered), or not sent (`"dropped"`: socket closed,
 * backpressure limit hit, or a terminal reply for a request that was already answered or aborted).
 */
export type SendStatus = "sent" | "queued" | "dropped";

/** Options of `ctx.error`. */
export interface ErrorOptions {
  /** When the client may retry, in ms (rate limits, overload). */
  retryAfterMs?: number;
}

/** Options of `publish`. */
export interface PublishOptions<S extends AnyMessageSchema = AnyMessageSchema> {
  /** Extra meta; `timestamp` is added unless given. */
  meta?: SendOptions<S>["meta"];
  /** From `ctx.publish` only: leave the publishing connection out. @default false */
  excludeSelf?: boolean;
}

/** Arguments after the schema in `publish`: the payload when the schema declares one, then options. */
export type PublishArgs<S extends AnyMessageSchema> =
  HasPayload<S> extends true
    ? [payload: InferPayloadInput<S>, options?: PublishOptions<S>]
    : [payload?: undefined, options?: PublishOptions<S>];

/** What every context offers: the socket, sending, data and topics. */
export interface ConnectionContext<AppData> {
  /** The connection; `ws.data` holds the app's data and `clientId`. */
  readonly ws: ServerSocket<WsData<AppData>>;
  /**
   * Validates (in development, see `validateOutbound`) and sends a message to this connection.
   * `meta.timestamp` is added unless given.
   * @throws ValidationError when outbound validation is on and the message does not match its schema.
   */
  send<S extends AnyMessageSchema>(schema: S, ...args: SendArgs<S>): SendStatus;
  /** Merges fields into `ws.data` (in place). */
  assignData(partial: Partial<AppData>): void;
  /** Subscribes this connection to a topic. */
  subscribe(topic: string): void;
  /** Unsubscribes this connection from a topic. */
  unsubscribe(topic: string): void;
  /**
   * Publishes to every subscriber of `topic` (this connection included, unless `excludeSelf`).
   * Returns the number of subscribers it went to (0 when none, or when the runtime dropped it).
   * @throws ValidationError when outbound validation is on and the message does not match its schema.
   */
  publish<S extends AnyMessageSchema>(topic: string, schema: S, ...args: PublishArgs<S>): number;
  /** Aborted when the connection closes (and, in a message context, on `$ws:abort` for its request). */
  readonly signal: AbortSignal;
}

/** The context of `onOpen`. */
export type OpenContext<AppData> = ConnectionContext<AppData>;

/** The context of `onClose`: the socket (already closed) and the close code and reason. */
export interface CloseContext<AppData> {
  readonly ws: ServerSocket<WsData<AppData>>;
  readonly code: number;
  readonly reason: string;
}

/** What a message context adds to the connection context: the message and its answers. */
export interface MessageContextBase<AppData> extends ConnectionContext<AppData> {
  /** `Date.now()` taken when the frame arrived, before parsing. Authoritative server time. */
  readonly receivedAt: number;
  /** The request's correlation id, when the frame carried `meta.correlationId` (it is then a request). */
  readonly correlationId: string | undefined;
  /**
   * Sends the response to this message, keeping its `correlationId`. Terminal: one reply or error
   * per message; later ones are dropped (warned in development), as are replies after `$ws:abort`.
   * @throws ValidationError when outbound validation is on and the message does not match its schema.
   */
  reply<S extends AnyMessageSchema>(schema: S, ...args: SendArgs<S>): SendStatus;
  /**
   * Answers this message with an `ERROR` frame keeping its `correlationId`. Terminal, like `reply`.
   * `code` is a built-in code (`"AUTHORIZATION_FAILED"`) or an application one (`"RATE_LIMIT"`).
   */
  error(code: ErrorCodeString, message?: string, context?: Record<string, unknown>, options?: ErrorOptions): SendStatus;
}

/** The context a handler (and per-type middleware) receives for a message of schema `S`. */
export interface MessageContext<AppData, S extends AnyMessageSchema>
  extends Omit<MessageContextBase<AppData>, "reply"> {
  /** The message type, narrowed to the schema's literal. */
  readonly type: InferType<S>;
  /** The validated payload (after schema transforms); `never` when the schema declares none. */
  readonly payload: InferPayload<S>;
  /** The validated meta, reserved keys (`clientId`, `receivedAt`) removed. */
  readonly meta: InferMeta<S>;
  /**
   * Sends the response to this message, keeping its `correlationId`. For a request paired with
   * its response (`rpc()` / `withResponse()`) the schema must be that response — another one is a
   * compile error; otherwise any message schema. Terminal: one reply or error per message; later
   * ones are dropped (warned in development), as are replies after `$ws:abort`.
   * @throws ValidationError when outbound validation is on and the message does not match its schema.
   */
  reply<R extends ExpectedResponse<S>>(schema: R, ...args: SendArgs<R>): SendStatus;
}

/** The context global middleware receives: any routed, validated message. */
export interface AnyMessageContext<AppData> extends MessageContextBase<AppData> {
  readonly type: string;
  readonly payload: unknown;
  readonly meta: Readonly<Record<string, unknown>>;
}

/** Continues to the next middleware, then the handler. Resolves when they have finished. */
export type Next = () => Promise<void>;

/**
 * Koa-style middleware: call `next()` to continue (await it to run code afterwards); return
 * without calling it to stop — then answer requests with `ctx.error(...)`.
 */
export type Middleware<AppData, C = AnyMessageContext<AppData>> = (ctx: C, next: Next) => unknown;

/** A message handler; may be async. A throw or rejection answers `INTERNAL_SERVER_ERROR`. */
export type MessageHandler<AppData, S extends AnyMessageSchema> = (ctx: MessageContext<AppData, S>) => unknown;

/**
 * Where a reported error came from. `"authenticate"`: `authenticate` threw, timed out or returned
 * something unusable (no socket exists yet). `"backpressure"`: a slow consumer was closed with
 * `1013`. `"rate-limit"`: a connection was closed with `1008` for sustained flooding.
 */
export type ErrorPhase =
  | "frame"
  | "validation"
  | "routing"
  | "handler"
  | "reply"
  | "open"
  | "close"
  | "authenticate"
  | "backpressure"
  | "rate-limit";

/** What `onError` learns besides the error itself, for errors on an open connection. */
export interface SocketErrorInfo<AppData> {
  readonly ws: ServerSocket<WsData<AppData>>;
  readonly phase: Exclude<ErrorPhase, "authenticate">;
  /** The code sent to the client, when an `ERROR` frame was sent. */
  readonly code: ErrorCodeString | undefined;
  /** The message type, when it could be read. */
  readonly type: string | undefined;
  readonly correlationId: string | undefined;
}

/** What `onError` learns about a failed `authenticate`: the upgrade request; there is no socket yet. */
export interface AuthenticateErrorInfo {
  readonly ws: undefined;
  readonly phase: "authenticate";
  /** `"AUTHENTICATION_FAILED"` when the client was told (default), undefined for a bare HTTP 401. */
  readonly code: ErrorCodeString | undefined;
  readonly type: undefined;
  readonly correlationId: undefined;
  /** The upgrade request `authenticate` received. */
  readonly request: Request;
}

/** What `onError` learns besides the error itself; narrow on `phase` to read `ws` or `request`. */
export type ErrorInfo<AppData> = SocketErrorInfo<AppData> | AuthenticateErrorInfo;

/** Receives every failure the router answers or swallows: bad frames, validation, handler throws. */
export type ErrorHandler<AppData> = (error: unknown, info: ErrorInfo<AppData>) => void;
