/** Builds the contexts handed to hooks, middleware and handlers. */
import type { AnyMessageSchema, ErrorCodeString, ErrorPayload } from "@typed-ws/client";
import type { Connection } from "./connection.ts";
import { type CoreSocket, type RouterCore, reportError, warn } from "./core.ts";
import { DuplicateReplyError } from "./errors.ts";
import { encodeError, encodeMessage, toSendStatus } from "./outbound.ts";
import { publishMessage } from "./publish.ts";
import type { RequestScope } from "./request-scope.ts";
import type {
  AnyMessageContext,
  ConnectionContext,
  ErrorOptions,
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
  const status = toSendStatus(ws.send(frame));
  if (status === "dropped") core.stats.droppedSends++;
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
  return sendFrame(core, conn.ws, encodeError(error, correlationId));
}

/** The context of `onOpen`, and the base of every message context. */
export function createConnectionContext<AppData>(
  core: RouterCore<AppData>,
  conn: Connection<WsData<AppData>>,
  signal: AbortSignal = conn.signal,
): ConnectionContext<AppData> {
  const ws = conn.ws;
  return {
    ws,
    signal,
    send(schema: AnyMessageSchema, payload?: unknown, options?: { meta?: object }) {
      return sendFrame(core, ws, encodeMessage(schema, payload, options?.meta, core.runtime.validateOutbound));
    },
    assignData(partial) {
      Object.assign(ws.data as object, partial);
    },
    subscribe(topic) {
      if (core.runtime.pubsub === undefined) ws.subscribe(topic);
      else core.runtime.pubsub.subscribe(ws, topic);
    },
    unsubscribe(topic) {
      if (core.runtime.pubsub === undefined) ws.unsubscribe(topic);
      else core.runtime.pubsub.unsubscribe(ws, topic);
    },
    publish(topic: string, schema: AnyMessageSchema, payload?: unknown, options?: PublishOptions) {
      return publishMessage(core, topic, schema, payload, options, ws);
    },
  } as ConnectionContext<AppData>;
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
export function createMessageContext<AppData>(
  core: RouterCore<AppData>,
  conn: Connection<WsData<AppData>>,
  scope: RequestScope,
  message: ValidatedMessage,
  receivedAt: number,
): AnyMessageContext<AppData> {
  const base = createConnectionContext(core, conn, scope.signal);
  const correlationId = scope.correlationId;
  const forced = correlationId === undefined ? undefined : { correlationId };
  return Object.assign(base, {
    type: message.type,
    payload: message.payload,
    meta: message.meta,
    receivedAt,
    correlationId,
    reply(schema: AnyMessageSchema, payload?: unknown, options?: { meta?: object }): SendStatus {
      // Encode (and validate) first: a bad reply throws and the request is still answered with an error.
      const frame = encodeMessage(schema, payload, options?.meta, core.runtime.validateOutbound, forced);
      if (!scope.claimAnswer()) return dropDuplicate(core, conn.ws, scope);
      return sendFrame(core, conn.ws, frame);
    },
    error(
      code: ErrorCodeString,
      message?: string,
      context?: Record<string, unknown>,
      options?: ErrorOptions,
    ): SendStatus {
      if (!scope.claimAnswer()) return dropDuplicate(core, conn.ws, scope);
      const payload: ErrorPayload = { code };
      if (message !== undefined) payload.message = message;
      if (context !== undefined) payload.context = context;
      if (options?.retryAfterMs !== undefined) payload.retryAfterMs = options.retryAfterMs;
      return sendFrame(core, conn.ws, encodeError(payload, correlationId));
    },
  }) as AnyMessageContext<AppData>;
}
