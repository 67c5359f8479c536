/**
 * One inbound frame, as a straight line: size → parse → protocol types → route → strip reserved
 * meta → validate → middleware → handler → make sure a request was answered. (The per-connection
 * budget and fair scheduling come before, in `inbound.ts`.)
 */
import {
  type BuiltInErrorCode,
  type Envelope,
  normalizeIssues,
  ProtocolError,
  ProtocolType,
  parseFrame,
  readCorrelationId,
  type StandardSchemaV1,
  serializeMessage,
  sniffCorrelationId,
  ValidationError,
} from "@typed-ws/client/protocol";
import { parseRoutable, recordToCandidate, toCandidate } from "./candidate.ts";
import { runChain } from "./compose.ts";
import { type Connection, RequestAbortedError } from "./connection.ts";
import { createMessageContext, sendError, sendFrame } from "./context.ts";
import { type Route, type RouterCore, reportError, warn } from "./core.ts";
import type { RunningRequest } from "./dedupe/dedupe.ts";
import { clip, MAX_TYPE_LENGTH } from "./echo-limit.ts";
import { UnansweredRequestError } from "./errors.ts";
import { frameBytes } from "./frame-size.ts";
import type { RequestScope } from "./request-scope.ts";
import { handleTopicFrame } from "./topics/index.ts";
import type { SocketErrorInfo, WsData } from "./types.ts";

type Conn<AppData> = Connection<WsData<AppData>>;

/** Close code for a frame at twice `maxPayloadBytes` or more. */
export const CLOSE_TOO_BIG = 1009;

/** What a problem answer needs. */
interface Problem {
  readonly code: BuiltInErrorCode;
  readonly message: string;
  readonly phase: SocketErrorInfo<unknown>["phase"];
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

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value instanceof Promise ||
    (typeof value === "object" && value !== null && typeof (value as { then?: unknown }).then === "function")
  );
}

/** Handles protocol frames (`__heartbeat`, `$ws:abort`, topic requests). True when the frame was one. */
function handleProtocolFrame<AppData>(core: RouterCore<AppData>, conn: Conn<AppData>, envelope: Envelope): boolean {
  if (envelope.type === ProtocolType.heartbeat) {
    sendFrame(core, conn.ws, serializeMessage(ProtocolType.heartbeatAck, { timestamp: Date.now() }));
    return true;
  }
  if (envelope.type === ProtocolType.abort) {
    const id = readCorrelationId(envelope.meta);
    if (id !== undefined) {
      conn.abort(id);
      // Also a retry attached to a run started on another connection; the id is free at once.
      core.runtime.dedupe?.abort(conn, id, new RequestAbortedError("client"));
    }
    return true;
  }
  return handleTopicFrame(core, conn, envelope); // $ws:subscribe, $ws:unsubscribe
}

/**
 * Handles one inbound frame (`receivedAt`: when it arrived). Returns a promise only when something on the way is asynchronous
 * (an async schema, handler or middleware); a synchronous handler is run to completion at once.
 * Never rejects for frames: every failure is answered (with the correlation id when one can be
 * read) and reported to `onError`; the connection stays usable.
 */
export function dispatch<AppData>(
  core: RouterCore<AppData>,
  conn: Conn<AppData>,
  raw: string | ArrayBufferView | ArrayBuffer,
  receivedAt = Date.now(),
): Promise<void> | undefined {
  if (conn.closing) return;
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

  // The common frame (a routed, non-protocol type) goes straight from JSON.parse to its schema.
  const record = parseRoutable(raw);
  if (record !== undefined) {
    const type = record.type as string;
    const route = core.routes.get(type);
    if (route !== undefined) return admit(core, conn, route, type, recordToCandidate(record), raw, receivedAt);
  }

  const parsed = parseFrame(raw);
  if (!parsed.ok) {
    // Unparseable JSON may still show its id: answer it, so the request fails fast (PROTOCOL.md).
    const id =
      parsed.correlationId ??
      (parsed.problem === "not-json" && typeof raw === "string" ? sniffCorrelationId(raw) : undefined);
    answerProblem(core, conn, undefined, id, {
      code: "INVALID_MESSAGE_FORMAT",
      message: parsed.message,
      phase: "frame",
      cause: new ProtocolError("INVALID_MESSAGE_FORMAT", parsed.message, raw),
    });
    return;
  }
  const envelope = parsed.envelope;
  const correlationId = readCorrelationId(envelope.meta);
  if (envelope.type.length > MAX_TYPE_LENGTH) {
    const message = `Message type of ${envelope.type.length} characters exceeds the limit of ${MAX_TYPE_LENGTH}`;
    answerProblem(core, conn, undefined, correlationId, {
      code: "INVALID_MESSAGE_FORMAT",
      message,
      phase: "frame",
      cause: new ProtocolError("INVALID_MESSAGE_FORMAT", message),
      context: { limit: MAX_TYPE_LENGTH },
    });
    return;
  }
  if (handleProtocolFrame(core, conn, envelope)) return;

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

  return admit(core, conn, route, envelope.type, toCandidate(envelope), raw, receivedAt);
}

/** Dedupe (for a request, when on), then {@link run}. `candidate`: what the route's schema validates. */
function admit<AppData>(
  core: RouterCore<AppData>,
  conn: Conn<AppData>,
  route: Route,
  type: string,
  candidate: Record<string, unknown>,
  raw: string | ArrayBufferView | ArrayBuffer,
  receivedAt: number,
): Promise<void> | undefined {
  const correlationId = readCorrelationId(candidate.meta); // reserved keys are stripped, `correlationId` is not one
  const dedupe = core.runtime.dedupe;
  if (dedupe === undefined || correlationId === undefined) {
    return run(core, conn, route, type, candidate, correlationId, receivedAt, undefined);
  }
  return dedupe.admit(
    core,
    conn,
    correlationId,
    (request) => run(core, conn, route, type, candidate, correlationId, receivedAt, request),
    () => dispatch(core, conn, raw, receivedAt),
  );
}

/** Runs a routed message: scope, validation, middleware and handler (`request`: its dedupe record). */
function run<AppData>(
  core: RouterCore<AppData>,
  conn: Conn<AppData>,
  route: Route,
  type: string,
  candidate: Record<string, unknown>,
  correlationId: string | undefined,
  receivedAt: number,
  request: RunningRequest | undefined,
): Promise<void> | undefined {
  const scope = conn.begin(type, correlationId);
  if (scope === undefined) {
    warn(core, `${type}: correlationId ${correlationId} is already in flight; duplicate ignored`);
    return;
  }
  // A remembered request may answer after its connection closed (the answer goes to a retry).
  if (request !== undefined) scope.answerAfterClose = true;
  let pending: Promise<void> | undefined;
  try {
    const result = route.schema["~standard"].validate(candidate);
    pending = isThenable(result)
      ? Promise.resolve(result).then((settled) =>
          handleValidated(core, conn, scope, route, settled, receivedAt, request),
        )
      : handleValidated(core, conn, scope, route, result, receivedAt, request);
  } finally {
    if (pending === undefined) conn.end(scope);
    else conn.keep(scope);
  }
  return pending?.finally(() => conn.end(scope));
}

function handleValidated<AppData>(
  core: RouterCore<AppData>,
  conn: Conn<AppData>,
  scope: RequestScope,
  route: Route,
  result: StandardSchemaV1.Result<unknown>,
  receivedAt: number,
  request: RunningRequest | undefined,
): Promise<void> | undefined {
  const { type, correlationId } = scope;
  if (result.issues !== undefined) {
    const error = new ValidationError(type, "inbound", normalizeIssues(result.issues));
    // Issue texts and paths can repeat client input (an unknown key): each is clipped to 128 characters.
    const issues = error.issues.map((issue) => ({
      path: issue.path.map((segment) => clip(String(segment))),
      message: clip(issue.message),
    }));
    answerProblem(core, conn, scope, correlationId, {
      code: "VALIDATION_FAILED",
      message: clip(error.message),
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
  // A remembered request is tracked from the moment its handler runs (not when middleware answers first).
  const handler =
    request === undefined || chain.length === 0
      ? route.handler
      : (handlerCtx: unknown) => {
          core.runtime.dedupe?.track(core, request, scope);
          return route.handler(handlerCtx);
        };
  let outcome: unknown;
  try {
    if (chain.length === 0) {
      if (request !== undefined) core.runtime.dedupe?.track(core, request, scope);
      outcome = handler(ctx);
    } else outcome = runChain(chain, ctx, handler);
  } catch (cause) {
    handlerFailed(core, conn, scope, cause);
    return;
  }
  if (!isThenable(outcome)) {
    checkAnswered(core, conn, scope);
    return;
  }
  return Promise.resolve(outcome).then(
    () => checkAnswered(core, conn, scope),
    (cause: unknown) => handlerFailed(core, conn, scope, cause),
  );
}

/** A handler or middleware threw: details stay server-side, the client gets a generic message. */
function handlerFailed<AppData>(core: RouterCore<AppData>, conn: Conn<AppData>, scope: RequestScope, cause: unknown) {
  answerProblem(core, conn, scope, scope.correlationId, {
    code: "INTERNAL_SERVER_ERROR",
    message: "Internal server error",
    phase: "handler",
    type: scope.type,
    cause,
  });
}

/** In development, answers a request whose handler finished without a reply. */
function checkAnswered<AppData>(core: RouterCore<AppData>, conn: Conn<AppData>, scope: RequestScope): void {
  const { type, correlationId } = scope;
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
