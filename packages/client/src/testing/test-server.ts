import type { ExpectedResponse, WebSocketConstructor } from "../client/types.ts";
import { ValidationError } from "../errors.ts";
import {
  type ErrorCodeString,
  type ErrorPayload,
  ProtocolType,
  parseFrame,
  serializeMessage,
  TopicFrameType,
} from "../protocol.ts";
import { formatIssues } from "../schema/issues.ts";
import type {
  AnyMessageSchema,
  AnyRequestSchema,
  HasPayload,
  InferMessage,
  InferMetaInput,
  InferPayload,
  InferPayloadInput,
  InferResponse,
} from "../schema/message-schema.ts";
import { messageInfo } from "../schema/message-schema.ts";
import { validateSync } from "../schema/validate.ts";
import type { AnyTopic, InferTopicParams, TopicRef } from "../topic/topic.ts";
import { type SocketHost, TestSocket } from "./test-socket.ts";

/** Options of {@link createTestServer}. */
export interface TestServerOptions {
  /** Answer the client's `__heartbeat` with `__heartbeat_ack`, as a typed-ws server does. @default true */
  heartbeat?: boolean;
}

/** A frame a client sent, parsed but not validated (heartbeats and `$ws:abort` included). */
export interface SentFrame {
  readonly type: string;
  readonly meta: Readonly<Record<string, unknown>>;
  readonly payload?: unknown;
}

/** One connection attempt: the URL (with `access_token` when the client adds it) and subprotocols. */
export interface TestConnection {
  readonly url: string;
  readonly protocols: readonly string[];
}

/** What an `ERROR` frame carries besides its code. */
export interface TestErrorOptions {
  message?: string;
  context?: Record<string, unknown>;
  retryAfterMs?: number;
}

/** An error answer returned by a request handler (made by `request.error(…)`). */
export interface ErrorReply {
  readonly "~errorReply": ErrorPayload;
}

/** The request a handler answers: the validated message, its id, and an abort signal. */
export interface TestRequest<S extends AnyMessageSchema> {
  readonly message: InferMessage<S>;
  readonly correlationId: string;
  /** Aborted when the client sends `$ws:abort` for this request or its socket closes. */
  readonly signal: AbortSignal;
  /** Return this to answer with an `ERROR` frame instead of the response. */
  error(code: ErrorCodeString, options?: TestErrorOptions): ErrorReply;
}

type AnyHandler = TestRequestHandler<AnyMessageSchema, AnyMessageSchema>;

/** The payload a request handler receives: `undefined` for a message without payload. */
export type RequestPayloadOf<S extends AnyMessageSchema> = HasPayload<S> extends true ? InferPayload<S> : undefined;

/** What a request handler returns: the response payload (nothing for a response without payload) or an error. */
export type ReplyOf<R extends AnyMessageSchema> =
  | (HasPayload<R> extends true ? InferPayloadInput<R> : undefined)
  | ErrorReply;

/**
 * Answers one request; may be async. A throw answers `INTERNAL_SERVER_ERROR` with its message.
 * For a response without payload the handler may return nothing.
 */
export type TestRequestHandler<S extends AnyMessageSchema, R extends AnyMessageSchema> = (
  payload: RequestPayloadOf<S>,
  request: TestRequest<S>,
) => ReplyOf<R> | Promise<ReplyOf<R>> | (HasPayload<R> extends true ? never : void | Promise<void>);

/** A `$ws:subscribe` a subscribe handler answers. */
export interface TestSubscribe<P = Readonly<Record<string, string>>> {
  /** The topic name the client asked for, e.g. `"room:a"`. */
  readonly topic: string;
  /** The topic's parameters (for a topic declaration; `{}` for a plain name). */
  readonly params: P;
  /** The last publication the client saw, when it is restoring a subscription. */
  readonly since?: { readonly epoch: string; readonly offset: number };
  readonly correlationId: string;
  /** Return this to refuse with an `ERROR` frame (e.g. `AUTHORIZATION_FAILED`). */
  error(code: ErrorCodeString, options?: TestErrorOptions): ErrorReply;
}

/** The `$ws:subscribed` answer: the topic's epoch, its latest offset, and `recovered` (only with `since`). */
export interface TestSubscribed {
  epoch: string;
  offset: number;
  recovered?: boolean;
}

/** Answers one `$ws:subscribe`; may be async. A throw answers `INTERNAL_SERVER_ERROR`. */
export type TestSubscribeHandler<P = Readonly<Record<string, string>>> = (
  request: TestSubscribe<P>,
) => TestSubscribed | ErrorReply | Promise<TestSubscribed | ErrorReply>;

/** The arguments after the schema in `push`: the payload when declared, then meta. */
export type PushArgs<S extends AnyMessageSchema> =
  HasPayload<S> extends true
    ? [payload: InferPayloadInput<S>, meta?: InferMetaInput<S>]
    : [payload?: undefined, meta?: InferMetaInput<S>];

/**
 * An in-memory typed-ws server for an app's tests: pass `server.WebSocket` to `wsClient`, then
 * assert what the client sent, push messages, answer requests and drop the connection — all
 * typed by your message schemas, with no network. Test-runner agnostic (no vitest/jest import).
 */
export interface TestServer {
  /** The WebSocket constructor to give `wsClient({ WebSocket })`. Any URL connects to this server. */
  readonly WebSocket: WebSocketConstructor;
  /** Every frame clients sent, in order (heartbeats and `$ws:abort` included). */
  readonly frames: readonly SentFrame[];
  /** Every connection attempt (each socket the client created), in order: refused and abandoned ones included. */
  readonly connections: readonly TestConnection[];
  /** How many sockets are open now. */
  readonly openSockets: number;
  /**
   * The messages of one type clients sent so far, validated by `schema`.
   * @throws ValidationError when a sent frame of that type does not match `schema`.
   */
  sent<S extends AnyMessageSchema>(schema: S): InferMessage<S>[];
  /**
   * Resolves with the first message of `schema`'s type (already sent or still to come) that
   * matches `predicate`.
   * @throws ValidationError (rejects) when the matching frame does not match `schema`.
   */
  waitForSent<S extends AnyMessageSchema>(
    schema: S,
    predicate?: (message: InferMessage<S>) => boolean,
  ): Promise<InferMessage<S>>;
  /** Resolves with the first frame (already sent or still to come) matching `predicate`: heartbeats, `$ws:abort`… */
  waitForFrame(predicate: (frame: SentFrame) => boolean): Promise<SentFrame>;
  /**
   * Sends a message to every open socket, now (the client's handlers run before `push` returns).
   * @throws ValidationError when the message does not match `schema` (nothing is sent).
   */
  push<S extends AnyMessageSchema>(schema: S, ...args: PushArgs<S>): void;
  /**
   * Answers every request of `schema`'s type with `handler`'s result, validated by `response`.
   * A request that does not match `schema` is answered `VALIDATION_FAILED`, a reply that does not
   * match `response` `INTERNAL_SERVER_ERROR` (naming the problem); a throw `INTERNAL_SERVER_ERROR`.
   * Requests of types without a handler stay unanswered (use it to test pending and timeouts).
   * Returns a function that removes the handler. For a schema paired with its response
   * (`rpc()` / `withResponse()`) leave `response` out: `onRequest(GetUser, handler)`.
   * @throws TypeError when `response` is left out and `schema` is not paired.
   */
  onRequest<S extends AnyMessageSchema, R extends ExpectedResponse<S>>(
    schema: S,
    response: R,
    handler: TestRequestHandler<S, R>,
  ): () => void;
  /** The paired form: answers with `schema.response` (`rpc()` / `withResponse()`). */
  onRequest<S extends AnyRequestSchema>(schema: S, handler: TestRequestHandler<S, InferResponse<S>>): () => void;
  /**
   * Answers the client's `$ws:subscribe` for `topic` (a declaration: every name it matches; or one
   * name) with `handler`'s result. Without a handler: `{ epoch: "test", offset }` (the topic's
   * latest {@link TestServer.publish} offset), with `recovered: false` when the client sent `since`
   * (the kit keeps no history). Subscribes to topics without a handler stay pending; the newest
   * matching handler answers. `$ws:unsubscribe` is always answered `$ws:unsubscribed`, as a
   * typed-ws server does. Returns a function that removes the handler.
   */
  onSubscribe<T extends AnyTopic>(topic: T, handler?: TestSubscribeHandler<InferTopicParams<T>>): () => void;
  onSubscribe(name: string, handler?: TestSubscribeHandler): () => void;
  /**
   * Publishes a message on a topic to every open socket: the validated message plus
   * `meta.topic` and `meta.offset` (the topic's next offset, from 1). Returns that offset.
   * To test a gap or a duplicate, send a hand-made frame with {@link TestServer.sendRaw}.
   * @throws ValidationError when the message does not match `schema` (nothing is sent).
   */
  publish<S extends AnyMessageSchema>(topic: TopicRef | string, schema: S, ...args: PushArgs<S>): number;
  /**
   * Answers `request` (a message from `sent`/`waitForSent`, or its correlation id) with a response.
   * @throws ValidationError when the response does not match `response`.
   */
  reply<R extends AnyMessageSchema>(
    request: { readonly meta: object } | string,
    response: R,
    ...args: PushArgs<R>
  ): void;
  /** Sends an `ERROR` frame: answering `to` (a message or correlation id), or unsolicited without it. */
  sendError(code: ErrorCodeString, options?: TestErrorOptions & { to?: { readonly meta: object } | string }): void;
  /** Sends raw data to every open socket: malformed text, foreign protocols, an `ArrayBuffer` (binary frame). */
  sendRaw(data: string | ArrayBuffer): void;
  /**
   * Closes every open socket with `code` (default 1006, an abnormal drop) and refuses new
   * connections until {@link TestServer.restore}: the client goes `reconnecting`.
   */
  drop(code?: number, reason?: string): void;
  /** Accepts connections again after {@link TestServer.drop}: the client's next retry opens. */
  restore(): void;
  /** Forgets the recorded frames and connections (sockets stay open). */
  clear(): void;
}

type Handler = (frame: SentFrame, socket: TestSocket) => void;

const ERROR_REPLY = "~errorReply";

function isErrorReply(value: unknown): value is ErrorReply {
  return typeof value === "object" && value !== null && ERROR_REPLY in value;
}

/** Creates an in-memory typed-ws server. See {@link TestServer}. */
export function createTestServer(options: TestServerOptions = {}): TestServer {
  const heartbeat = options.heartbeat ?? true;
  const frames: SentFrame[] = [];
  const connections: TestConnection[] = [];
  const sockets = new Set<TestSocket>();
  const handlers = new Map<string, Handler>();
  /** Pending `waitForSent`/`waitForFrame` calls: each returns true once it has settled. */
  const waiters = new Set<(frame: SentFrame) => boolean>();
  /** In-flight handled requests by correlation id, aborted by `$ws:abort` or a close. */
  const inFlight = new Map<string, { socket: TestSocket; controller: AbortController }>();
  /** `onSubscribe` handlers, newest last: each returns the params when it matches the name. */
  const subscribeHandlers: { match: (name: string) => object | undefined; handler: TestSubscribeHandler }[] = [];
  /** The latest published offset per topic name. */
  const offsets = new Map<string, number>();
  let accepting = true;

  const host: SocketHost = {
    accept(socket) {
      if (accepting) sockets.add(socket);
      return accepting;
    },
    receive(socket, data) {
      const parsed = parseFrame(data);
      if (!parsed.ok) return;
      const { type, meta, payload, hasPayload } = parsed.envelope;
      const frame: SentFrame = hasPayload ? { type, meta, payload } : { type, meta };
      frames.push(frame);
      if (type === ProtocolType.heartbeat && heartbeat) {
        socket.deliver(serializeMessage(ProtocolType.heartbeatAck, { timestamp: Date.now() }));
      } else if (type === ProtocolType.abort) {
        abortRequest(meta.correlationId);
      }
      for (const waiter of waiters) if (waiter(frame)) waiters.delete(waiter);
      if (type === TopicFrameType.subscribe) void answerSubscribe(frame, socket);
      else if (type === TopicFrameType.unsubscribe) answerUnsubscribe(frame, socket);
      else handlers.get(type)?.(frame, socket);
    },
    closed(socket) {
      sockets.delete(socket);
      for (const [id, request] of inFlight) if (request.socket === socket) abortRequest(id);
    },
  };

  function abortRequest(id: unknown): void {
    const request = typeof id === "string" ? inFlight.get(id) : undefined;
    if (request === undefined) return;
    inFlight.delete(id as string);
    request.controller.abort();
  }

  const WebSocket = class extends TestSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(host, url, protocols);
      connections.push({ url: this.url, protocols: this.protocols });
    }
  };

  const broadcast = (data: string | ArrayBuffer) => {
    for (const socket of [...sockets]) socket.deliver(data);
  };

  /** Validates `{ type, meta, payload }` against `schema` and serialises it. */
  const frameOf = (schema: AnyMessageSchema, payload: unknown, meta: object): string => {
    const info = messageInfo(schema);
    const message =
      payload !== undefined || info.hasPayload ? { type: info.type, meta, payload } : { type: info.type, meta };
    const result = validateSync(schema, message);
    if (!result.success) throw new ValidationError(info.type, "outbound", result.issues);
    const valid = result.value as { meta: object; payload?: unknown };
    return serializeMessage(info.type, valid.meta, valid.payload);
  };

  const validated = <S extends AnyMessageSchema>(schema: S, frame: SentFrame): InferMessage<S> => {
    const result = validateSync(schema, frame);
    if (!result.success) throw new ValidationError(frame.type, "inbound", result.issues);
    return result.value as InferMessage<S>;
  };

  const correlationOf = (to: { readonly meta: object } | string): string | undefined =>
    typeof to === "string" ? to : ((to.meta as { correlationId?: string }).correlationId ?? undefined);

  const errorFrame = (correlationId: string | undefined, payload: ErrorPayload): string =>
    serializeMessage(ProtocolType.error, correlationId === undefined ? {} : { correlationId }, payload);

  const errorPayload = (code: ErrorCodeString, options: TestErrorOptions = {}): ErrorPayload => ({
    code,
    message: options.message ?? code,
    ...(options.context && { context: options.context }),
    ...(options.retryAfterMs !== undefined && { retryAfterMs: options.retryAfterMs }),
  });

  async function answer<S extends AnyMessageSchema, R extends AnyMessageSchema>(
    schema: S,
    response: R,
    handler: TestRequestHandler<S, R>,
    frame: SentFrame,
    socket: TestSocket,
  ): Promise<void> {
    const correlationId = frame.meta.correlationId;
    if (typeof correlationId !== "string") return; // a plain `send`, not a request: nothing to answer
    const result = validateSync(schema, frame);
    if (!result.success) {
      const message = `${frame.type}: ${formatIssues(result.issues)}`;
      socket.deliver(errorFrame(correlationId, { code: "VALIDATION_FAILED", message }));
      return;
    }
    const controller = new AbortController();
    inFlight.set(correlationId, { socket, controller });
    const message = result.value as InferMessage<S>;
    const request: TestRequest<S> = {
      message,
      correlationId,
      signal: controller.signal,
      error: (code, options) => ({ [ERROR_REPLY]: errorPayload(code, options) }),
    };
    let data: string;
    try {
      const reply: unknown = await handler((message as { payload?: unknown }).payload as RequestPayloadOf<S>, request);
      data = isErrorReply(reply)
        ? errorFrame(correlationId, reply[ERROR_REPLY])
        : frameOf(response, reply, { correlationId });
    } catch (error) {
      const detail = error instanceof ValidationError ? `its reply does not match ${error.message}` : String(error);
      data = errorFrame(correlationId, {
        code: "INTERNAL_SERVER_ERROR",
        message: `typed-ws/testing: the ${frame.type} handler failed: ${detail}`,
      });
    }
    if (controller.signal.aborted) return; // aborted or disconnected: a server sends nothing more
    inFlight.delete(correlationId);
    socket.deliver(data);
  }

  const defaultSubscribe: TestSubscribeHandler = ({ topic, since }) => ({
    epoch: "test",
    offset: offsets.get(topic) ?? 0,
    ...(since && { recovered: false }),
  });

  async function answerSubscribe(frame: SentFrame, socket: TestSocket): Promise<void> {
    const correlationId = frame.meta.correlationId;
    const { topic, since } = (frame.payload ?? {}) as { topic?: unknown; since?: TestSubscribe["since"] };
    if (typeof correlationId !== "string" || typeof topic !== "string") return;
    let found: { params: object; handler: TestSubscribeHandler } | undefined;
    for (let i = subscribeHandlers.length - 1; i >= 0 && found === undefined; i--) {
      const entry = subscribeHandlers[i] as (typeof subscribeHandlers)[number];
      const params = entry.match(topic);
      if (params !== undefined) found = { params, handler: entry.handler };
    }
    if (found === undefined) return; // no handler: the subscribe stays pending
    const request: TestSubscribe = {
      topic,
      params: found.params as TestSubscribe["params"],
      correlationId,
      ...(since && { since }),
      error: (code, options) => ({ [ERROR_REPLY]: errorPayload(code, options) }),
    };
    let data: string;
    try {
      const reply = await found.handler(request);
      data = isErrorReply(reply)
        ? errorFrame(correlationId, reply[ERROR_REPLY])
        : serializeMessage(TopicFrameType.subscribed, { correlationId }, { topic, ...reply });
    } catch (error) {
      const message = `typed-ws/testing: the subscribe handler for ${topic} failed: ${String(error)}`;
      data = errorFrame(correlationId, { code: "INTERNAL_SERVER_ERROR", message });
    }
    socket.deliver(data);
  }

  function answerUnsubscribe(frame: SentFrame, socket: TestSocket): void {
    const correlationId = frame.meta.correlationId;
    if (typeof correlationId !== "string") return;
    socket.deliver(serializeMessage(TopicFrameType.unsubscribed, { correlationId }, frame.payload));
  }

  return {
    WebSocket,
    frames,
    connections,
    get openSockets() {
      return sockets.size;
    },
    sent(schema) {
      const { type } = messageInfo(schema);
      return frames.filter((frame) => frame.type === type).map((frame) => validated(schema, frame));
    },
    waitForSent(schema, predicate = () => true) {
      const { type } = messageInfo(schema);
      return new Promise((resolve, reject) => {
        const check = (frame: SentFrame): boolean => {
          if (frame.type !== type) return false;
          try {
            const message = validated(schema, frame);
            if (!predicate(message)) return false;
            resolve(message);
          } catch (error) {
            reject(error);
          }
          return true;
        };
        if (!frames.some(check)) waiters.add(check);
      });
    },
    waitForFrame(predicate) {
      return new Promise((resolve) => {
        const check = (frame: SentFrame): boolean => {
          if (!predicate(frame)) return false;
          resolve(frame);
          return true;
        };
        if (!frames.some(check)) waiters.add(check);
      });
    },
    push(schema, ...[payload, meta]) {
      broadcast(frameOf(schema, payload, meta ?? {}));
    },
    onRequest(schema: AnyMessageSchema, ...args: [AnyMessageSchema, AnyHandler] | [AnyHandler]) {
      const { type, response: pairedResponse } = messageInfo(schema);
      // `(response, handler)`, or `(handler)` for a paired schema (its response, or a TypeError naming it).
      const [handler, response] = args.length === 1 ? [args[0], undefined] : [args[1], messageInfo(args[0]) && args[0]];
      const paired = response ?? pairedResponse;
      if (paired === undefined) {
        throw new TypeError(
          `typed-ws/testing: onRequest(${type}, …) needs a response schema: pass the response message before the handler, or pair the two once with rpc() or withResponse()`,
        );
      }
      const run: Handler = (frame, socket) => void answer(schema, paired, handler, frame, socket);
      handlers.set(type, run);
      return () => {
        if (handlers.get(type) === run) handlers.delete(type);
      };
    },
    onSubscribe(topic: AnyTopic | string, handler: TestSubscribeHandler = defaultSubscribe) {
      const match = typeof topic === "string" ? (name: string) => (name === topic ? {} : undefined) : topic.match;
      const entry = { match, handler };
      subscribeHandlers.push(entry);
      return () => {
        const index = subscribeHandlers.indexOf(entry);
        if (index >= 0) subscribeHandlers.splice(index, 1);
      };
    },
    publish(topic, schema, ...[payload, meta]) {
      const name = typeof topic === "string" ? topic : topic.name;
      const message = JSON.parse(frameOf(schema, payload, meta ?? {})) as SentFrame;
      const offset = (offsets.get(name) ?? 0) + 1;
      offsets.set(name, offset);
      broadcast(serializeMessage(message.type, { ...message.meta, topic: name, offset }, message.payload));
      return offset;
    },
    reply(request, response, ...[payload, meta]) {
      broadcast(frameOf(response, payload, { ...meta, correlationId: correlationOf(request) }));
    },
    sendError(code, { to, ...options } = {}) {
      broadcast(errorFrame(to === undefined ? undefined : correlationOf(to), errorPayload(code, options)));
    },
    sendRaw: broadcast,
    drop(code = 1006, reason = "") {
      accepting = false;
      for (const socket of [...sockets]) socket.drop(code, reason);
    },
    restore() {
      accepting = true;
    },
    clear() {
      frames.length = 0;
      connections.length = 0;
    },
  };
}
