/**
 * One inbound frame, as a straight line: size → parse → protocol types → route → strip reserved
 * meta → validate → middleware → handler → make sure a request was answered.
 */
import {
  type BuiltInErrorCode,
  type Envelope,
  envelopeToMessage,
  MAX_CORRELATION_ID_LENGTH,
  ProtocolError,
  ProtocolType,
  parseFrame,
  RESERVED_META_KEYS,
  serializeMessage,
  ValidationError,
  validate,
} from "@typed-ws/client";
import { runChain } from "./compose.ts";
import type { Connection } from "./connection.ts";
import { createMessageContext, sendError, sendFrame } from "./context.ts";
import { type RouterCore, reportError, warn } from "./core.ts";
import { UnansweredRequestError } from "./errors.ts";
import { frameBytes, sniffCorrelationId } from "./frame-size.ts";
import type { RequestScope } from "./request-scope.ts";
import type { ErrorPhase, WsData } from "./types.ts";

type Conn<AppData> = Connection<WsData<AppData>>;

/** Close code for a frame at twice `maxPayloadBytes` or more. */
export const CLOSE_TOO_BIG = 1009;

/** What a problem answer needs. */
interface Problem {
  readonly code: BuiltInErrorCode;
  readonly message: string;
  readonly phase: ErrorPhase;
  readonly cause: unknown;
  readonly type?: string | undefined;
  readonly context?: Record<string, unknown>;
}

/** Answers a problem with an `ERROR` frame (once per message) and reports the cause to `onError`. */
function answerProblem<AppData>(
  core: RouterCore<AppData>,
  conn: Conn<AppData>,
  scope: RequestScope | undefined,
  correlationId: string | undefined,
  problem: Problem,
): void {
  const error = { code: problem.code, message: problem.message, ...(problem.context && { context: problem.context }) };
  sendError(core, conn, scope, error, correlationId);
  reportError(core, problem.cause, {
    ws: conn.ws,
    phase: problem.phase,
    code: problem.code,
    type: problem.type,
    correlationId,
  });
}

function readCorrelationId(meta: Record<string, unknown>): string | undefined {
  const id = meta.correlationId;
  return typeof id === "string" && id.length > 0 && id.length <= MAX_CORRELATION_ID_LENGTH ? id : undefined;
}

function stripReservedMeta(meta: Record<string, unknown>): Record<string, unknown> {
  if (!RESERVED_META_KEYS.some((key) => key in meta)) return meta;
  const copy = { ...meta };
  for (const key of RESERVED_META_KEYS) delete copy[key];
  return copy;
}

/** Handles protocol frames (`__heartbeat`, `$ws:abort`). True when the frame was one. */
function handleProtocolFrame<AppData>(core: RouterCore<AppData>, conn: Conn<AppData>, envelope: Envelope): boolean {
  if (envelope.type === ProtocolType.heartbeat) {
    sendFrame(core, conn.ws, serializeMessage(ProtocolType.heartbeatAck, { timestamp: Date.now() }));
    return true;
  }
  if (envelope.type === ProtocolType.abort) {
    const id = readCorrelationId(envelope.meta);
    if (id !== undefined) conn.abort(id);
    return true;
  }
  return false;
}

/**
 * Handles one inbound frame. Never rejects: every failure is answered (with the correlation id
 * when one can be read) and reported to `onError`; the connection stays usable.
 */
export async function dispatch<AppData>(
  core: RouterCore<AppData>,
  conn: Conn<AppData>,
  raw: string | ArrayBufferView | ArrayBuffer,
): Promise<void> {
  const receivedAt = Date.now();
  const limit = core.runtime.maxPayloadBytes;
  const bytes = frameBytes(raw, limit);
  if (bytes > limit) {
    if (bytes >= 2 * limit) {
      conn.ws.close(CLOSE_TOO_BIG, "Message too big");
      reportError(core, new ProtocolError("PAYLOAD_TOO_LARGE", `Frame of ${bytes} bytes; connection closed`), {
        ws: conn.ws,
        phase: "frame",
        code: undefined,
        type: undefined,
        correlationId: undefined,
      });
      return;
    }
    const message = `Frame of ${bytes} bytes exceeds the limit of ${limit} bytes`;
    answerProblem(core, conn, undefined, typeof raw === "string" ? sniffCorrelationId(raw) : undefined, {
      code: "PAYLOAD_TOO_LARGE",
      message,
      phase: "frame",
      cause: new ProtocolError("PAYLOAD_TOO_LARGE", message),
      context: { limitBytes: limit, sizeBytes: bytes },
    });
    return;
  }

  const parsed = parseFrame(raw);
  if (!parsed.ok) {
    answerProblem(core, conn, undefined, parsed.correlationId, {
      code: "INVALID_MESSAGE_FORMAT",
      message: parsed.message,
      phase: "frame",
      cause: new ProtocolError("INVALID_MESSAGE_FORMAT", parsed.message, raw),
    });
    return;
  }
  const envelope = parsed.envelope;
  if (handleProtocolFrame(core, conn, envelope)) return;

  const correlationId = readCorrelationId(envelope.meta);
  const route = core.routes.get(envelope.type);
  if (route === undefined) {
    const message = `No handler for message type "${envelope.type}"`;
    answerProblem(core, conn, undefined, correlationId, {
      code: "UNSUPPORTED_MESSAGE_TYPE",
      message,
      phase: "routing",
      type: envelope.type,
      cause: new ProtocolError("UNSUPPORTED_MESSAGE_TYPE", message),
    });
    return;
  }

  const scope = conn.begin(envelope.type, correlationId);
  if (scope === undefined) {
    warn(core, `${envelope.type}: correlationId ${correlationId} is already in flight; duplicate ignored`);
    return;
  }
  try {
    await handleRouted(core, conn, scope, envelope, receivedAt);
  } finally {
    conn.end(scope);
  }
}

async function handleRouted<AppData>(
  core: RouterCore<AppData>,
  conn: Conn<AppData>,
  scope: RequestScope,
  envelope: Envelope,
  receivedAt: number,
): Promise<void> {
  const { type, correlationId } = scope;
  const route = core.routes.get(type)!;
  const result = await validate(
    route.schema,
    envelopeToMessage({ ...envelope, meta: stripReservedMeta(envelope.meta) }),
  );
  if (!result.success) {
    const error = new ValidationError(type, "inbound", result.issues);
    const issues = result.issues.map((issue) => ({ path: issue.path.map(String), message: issue.message }));
    answerProblem(core, conn, scope, correlationId, {
      code: "VALIDATION_FAILED",
      message: error.message,
      phase: "validation",
      type,
      cause: error,
      context: { path: issues[0]?.path ?? [], issues },
    });
    return;
  }
  const message = result.value as { meta: Record<string, unknown>; payload?: unknown };
  const ctx = createMessageContext(
    core,
    conn,
    scope,
    { type, meta: message.meta, payload: message.payload },
    receivedAt,
  );
  const typeMiddleware = core.typeMiddleware.get(type);
  const chain = typeMiddleware === undefined ? core.middleware : [...core.middleware, ...typeMiddleware];
  try {
    if (chain.length === 0) await route.handler(ctx);
    else await runChain(chain, ctx, route.handler);
  } catch (cause) {
    // Details stay server-side: the client gets a generic message.
    answerProblem(core, conn, scope, correlationId, {
      code: "INTERNAL_SERVER_ERROR",
      message: "Internal server error",
      phase: "handler",
      type,
      cause,
    });
    return;
  }
  if (correlationId !== undefined && !scope.answered && !scope.aborted && core.runtime.development) {
    const error = new UnansweredRequestError(type, correlationId);
    warn(core, error.message);
    answerProblem(core, conn, scope, correlationId, {
      code: "INTERNAL_SERVER_ERROR",
      message: "The request finished without a reply",
      phase: "handler",
      type,
      cause: error,
    });
  }
}
