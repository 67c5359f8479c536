import type { ErrorCodeString } from "./protocol.ts";
import { formatIssues, type ValidationIssue } from "./schema/issues.ts";

/** Base class of every error typed-ws throws or rejects with. Check with `instanceof`. */
export class TypedWsError extends Error {
  override name = "TypedWsError";
  /** A stable, machine-readable code. */
  declare readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/**
 * A message failed its schema: an outbound `send`/`request` before anything was sent, or an
 * inbound frame or response that did not match. `code` is `"VALIDATION_FAILED"`.
 */
export class ValidationError extends TypedWsError {
  override name = "ValidationError";
  /** The message type that failed. */
  declare readonly messageType: string;
  /** `"outbound"` for what this side tried to send, `"inbound"` for what it received. */
  declare readonly direction: "outbound" | "inbound";
  /** Every issue, with paths into the message (`["payload", "text"]`). */
  declare readonly issues: ReadonlyArray<ValidationIssue>;
  constructor(messageType: string, direction: "outbound" | "inbound", issues: ReadonlyArray<ValidationIssue>) {
    super("VALIDATION_FAILED", `${messageType}: ${formatIssues(issues)}`);
    this.messageType = messageType;
    this.direction = direction;
    this.issues = issues;
  }
}

/** The server answered a request with an `ERROR` (or ws-kit `RPC_ERROR`) frame. */
export class ServerError extends TypedWsError {
  override name = "ServerError";
  declare readonly code: ErrorCodeString;
  /** Structured detail the server sent (field paths, limits). */
  declare readonly context: Readonly<Record<string, unknown>> | undefined;
  /** When the server says the request may be retried, in ms. */
  declare readonly retryAfterMs: number | undefined;
  /** The request's message type. */
  declare readonly messageType: string | undefined;
  constructor(
    code: ErrorCodeString,
    message?: string,
    details: { context?: Record<string, unknown>; retryAfterMs?: number; messageType?: string } = {},
  ) {
    super(code, message ?? code);
    this.context = details.context;
    this.retryAfterMs = details.retryAfterMs;
    this.messageType = details.messageType;
  }
}

/**
 * A request got no terminal reply within its `timeoutMs`, counted from the call (time spent in
 * the offline queue included). `sent` says whether the frame ever reached the socket.
 */
export class TimeoutError extends TypedWsError {
  override name = "TimeoutError";
  declare readonly timeoutMs: number;
  declare readonly messageType: string;
  /** False when the request timed out still queued: the client never got connected. */
  declare readonly sent: boolean;
  constructor(messageType: string, timeoutMs: number, sent = true) {
    super(
      "TIMEOUT",
      sent
        ? `${messageType}: no reply within ${timeoutMs} ms`
        : `${messageType}: not sent within ${timeoutMs} ms: the client could not connect (see state and onError)`,
    );
    this.timeoutMs = timeoutMs;
    this.messageType = messageType;
    this.sent = sent;
  }
}

/** The caller aborted a request (AbortSignal or unmount). `cause` is the signal's reason. */
export class AbortError extends TypedWsError {
  override name = "AbortError";
  declare readonly messageType: string;
  constructor(messageType: string, reason?: unknown) {
    super("ABORTED", `${messageType}: request aborted`, { cause: reason });
    this.messageType = messageType;
  }
}

/**
 * The socket closed while a request was in flight, a connect attempt failed, or the client was
 * closed. `cause` keeps the original error (a constructor's TypeError, a `getToken` failure).
 */
export class ConnectionClosedError extends TypedWsError {
  override name = "ConnectionClosedError";
  /** The WebSocket close code, when there was one. */
  declare readonly closeCode: number | undefined;
  declare readonly closeReason: string | undefined;
  constructor(message: string, closeCode?: number, closeReason?: string, options?: { cause?: unknown }) {
    super("CONNECTION_CLOSED", message, options);
    this.closeCode = closeCode;
    this.closeReason = closeReason;
  }
}

/** A local limit was hit: the offline queue (policy `reject`) or the pending-request bound. */
export class LimitExceededError extends TypedWsError {
  override name = "LimitExceededError";
  /** Which limit: `"queue"` or `"pending-requests"`. */
  declare readonly limit: "queue" | "pending-requests";
  declare readonly messageType: string;
  constructor(limit: "queue" | "pending-requests", messageType: string, message: string) {
    super(limit === "queue" ? "QUEUE_FULL" : "TOO_MANY_PENDING_REQUESTS", message);
    this.limit = limit;
    this.messageType = messageType;
  }
}

/** An inbound frame could not be read (not JSON, no type, unknown type). Reported, never thrown. */
export class ProtocolError extends TypedWsError {
  override name = "ProtocolError";
  /** The frame as received, cut to 1,000 characters. */
  declare readonly frame: string | undefined;
  constructor(code: string, message: string, frame?: unknown) {
    super(code, message);
    this.frame = typeof frame === "string" ? frame.slice(0, 1000) : undefined;
  }
}
