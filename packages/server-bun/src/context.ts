/**
 * The contexts handed to hooks, middleware and handlers: one small object per message whose
 * methods live on the prototype (no closures per message). Methods are exposed through getters
 * returning a bound function, so `const { reply } = ctx` keeps working; the function is only made
 * when a handler reads it.
 */
import type { AnyMessageSchema, ErrorCodeString, ErrorPayload } from "@typed-ws/client/protocol";
import type { Connection } from "./connection.ts";
import { type CoreSocket, type RouterCore, reportError, warn } from "./core.ts";
import { DuplicateReplyError } from "./errors.ts";
import { encodeError, encodeMessage, toSendStatus } from "./outbound.ts";
import { publishMessage } from "./publish.ts";
import type { RequestScope } from "./request-scope.ts";
import { onDropped } from "./slow-consumer.ts";
import type {
  AnyMessageContext,
  ConnectionContext,
  ErrorOptions,
  MessageContextBase,
  PublishOptions,
  SendStatus,
  WsData,
} from "./types.ts";

/** The validated message a context describes. */
export interface ValidatedMessage {
  readonly type: string;
  readonly meta: Record<string, unknown>;
  readonly payload: unknown;
}

/** Sends a frame on a connection, counting runtime drops. */
export function sendFrame<AppData>(core: RouterCore<AppData>, ws: CoreSocket<AppData>, frame: string): SendStatus {
  if (ws.readyState !== 1) return "dropped";
  const outbox = core.runtime.outbox;
  if (outbox?.has(ws)) {
    outbox.enqueue(ws, frame, "send"); // behind this socket's waiting publishes, in order
    return "queued";
  }
  const status = toSendStatus(ws.send(frame));
  if (status === "dropped") {
    core.stats.droppedSends++;
    onDropped(core, ws);
  }
  return status;
}

/** Sends an `ERROR` frame for a message, once (through its scope when it has one). */
export function sendError<AppData>(
  core: RouterCore<AppData>,
  conn: Connection<WsData<AppData>>,
  scope: RequestScope | undefined,
  error: ErrorPayload,
  correlationId: string | undefined,
): SendStatus {
  if (scope !== undefined && !scope.claimAnswer()) return "dropped";
  return sendAnswer(core, conn.ws, scope, encodeError(error, correlationId));
}

/** Sends a request's terminal frame: through its scope's `deliver` (dedupe: remembered first) or straight to the socket. */
export function sendAnswer<AppData>(
  core: RouterCore<AppData>,
  ws: CoreSocket<AppData>,
  scope: RequestScope | undefined,
  frame: string,
): SendStatus {
  return scope?.deliver ? scope.deliver(frame) : sendFrame(core, ws, frame);
}

type Send = ConnectionContext<unknown>["send"];
type Publish = ConnectionContext<unknown>["publish"];
type Reply = MessageContextBase<unknown>["reply"];
type SendError = MessageContextBase<unknown>["error"];

/** The context of `onOpen`, and the base of every message context. */
class ConnectionContextImpl<AppData> {
  readonly ws: CoreSocket<AppData>;
  protected readonly core: RouterCore<AppData>;
  protected readonly conn: Connection<WsData<AppData>>;

  constructor(core: RouterCore<AppData>, conn: Connection<WsData<AppData>>) {
    this.core = core;
    this.conn = conn;
    this.ws = conn.ws;
  }

  get signal(): AbortSignal {
    return this.conn.signal;
  }

  get send(): Send {
    return ((schema: AnyMessageSchema, payload?: unknown, options?: { meta?: object }) =>
      sendFrame(
        this.core,
        this.ws,
        encodeMessage(schema, payload, options?.meta, this.core.runtime.validateOutbound),
      )) as Send;
  }

  get assignData(): (partial: Partial<AppData>) => void {
    return (partial) => {
      Object.assign(this.ws.data as object, partial);
    };
  }

  get subscribe(): (topic: string) => void {
    return (topic) => {
      const pubsub = this.core.runtime.pubsub;
      if (pubsub === undefined) this.ws.subscribe(topic);
      else pubsub.subscribe(this.ws, topic);
    };
  }

  get unsubscribe(): (topic: string) => void {
    return (topic) => {
      const pubsub = this.core.runtime.pubsub;
      if (pubsub === undefined) this.ws.unsubscribe(topic);
      else pubsub.unsubscribe(this.ws, topic);
    };
  }

  get publish(): Publish {
    return ((topic: string, schema: AnyMessageSchema, payload?: unknown, options?: PublishOptions) =>
      publishMessage(this.core, topic, schema, payload, options, this.ws)) as Publish;
  }
}

/** The context of `onOpen`, and the base of every message context. */
export function createConnectionContext<AppData>(
  core: RouterCore<AppData>,
  conn: Connection<WsData<AppData>>,
): ConnectionContext<AppData> {
  return new ConnectionContextImpl(core, conn) as unknown as ConnectionContext<AppData>;
}

function dropDuplicate<AppData>(core: RouterCore<AppData>, ws: CoreSocket<AppData>, scope: RequestScope): SendStatus {
  // After `$ws:abort` (or close) silence is the contract; a second answer is a handler bug.
  if (!scope.aborted) {
    const error = new DuplicateReplyError(scope.type, scope.correlationId);
    warn(core, error.message);
    reportError(core, error, {
      ws,
      phase: "reply",
      code: undefined,
      type: scope.type,
      correlationId: scope.correlationId,
    });
  }
  return "dropped";
}

/** The context of one validated message: the connection context plus the message and its answers. */
class MessageContextImpl<AppData> extends ConnectionContextImpl<AppData> {
  readonly type: string;
  readonly payload: unknown;
  readonly meta: Record<string, unknown>;
  readonly receivedAt: number;
  readonly correlationId: string | undefined;
  readonly #scope: RequestScope;

  constructor(
    core: RouterCore<AppData>,
    conn: Connection<WsData<AppData>>,
    scope: RequestScope,
    message: ValidatedMessage,
    receivedAt: number,
  ) {
    super(core, conn);
    this.#scope = scope;
    this.type = message.type;
    this.payload = message.payload;
    this.meta = message.meta;
    this.receivedAt = receivedAt;
    this.correlationId = scope.correlationId;
  }

  override get signal(): AbortSignal {
    return this.#scope.signal;
  }

  get reply(): Reply {
    return ((schema: AnyMessageSchema, payload?: unknown, options?: { meta?: object }): SendStatus => {
      const scope = this.#scope;
      const id = this.correlationId;
      // Encode (and validate) first: a bad reply throws and the request is still answered with an error.
      const frame = encodeMessage(schema, payload, options?.meta, this.core.runtime.validateOutbound, id);
      if (!scope.claimAnswer()) return dropDuplicate(this.core, this.ws, scope);
      return sendAnswer(this.core, this.ws, scope, frame);
    }) as Reply;
  }

  get error(): SendError {
    return (
      code: ErrorCodeString,
      message?: string,
      context?: Record<string, unknown>,
      options?: ErrorOptions,
    ): SendStatus => {
      const scope = this.#scope;
      if (!scope.claimAnswer()) return dropDuplicate(this.core, this.ws, scope);
      const payload: ErrorPayload = { code };
      if (message !== undefined) payload.message = message;
      if (context !== undefined) payload.context = context;
      if (options?.retryAfterMs !== undefined) payload.retryAfterMs = options.retryAfterMs;
      return sendAnswer(this.core, this.ws, scope, encodeError(payload, this.correlationId));
    };
  }
}

/** The context of one validated message: the connection context plus the message and its answers. */
export function createMessageContext<AppData>(
  core: RouterCore<AppData>,
  conn: Connection<WsData<AppData>>,
  scope: RequestScope,
  message: ValidatedMessage,
  receivedAt: number,
): AnyMessageContext<AppData> {
  return new MessageContextImpl(core, conn, scope, message, receivedAt) as unknown as AnyMessageContext<AppData>;
}
