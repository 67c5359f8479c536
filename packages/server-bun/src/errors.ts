/**
 * Errors the router reports to `onError` (it never throws them at the client). Protocol
 * problems reuse the client's classes: `ProtocolError` (bad frame, unknown type, too large) and
 * `ValidationError` (schema failure, inbound or outbound).
 */
import { TypedWsError } from "@typed-ws/client/protocol";

/**
 * A handler finished a request (a frame with `meta.correlationId`) without `ctx.reply` or
 * `ctx.error`. In development the router answers `INTERNAL_SERVER_ERROR` for it and reports this.
 */
export class UnansweredRequestError extends TypedWsError {
  override name = "UnansweredRequestError";
  readonly messageType: string;
  readonly correlationId: string;
  constructor(messageType: string, correlationId: string) {
    super(
      "UNANSWERED_REQUEST",
      `${messageType} (correlationId ${correlationId}) finished without ctx.reply() or ctx.error()`,
    );
    this.messageType = messageType;
    this.correlationId = correlationId;
  }
}

/** A second terminal answer (`reply`/`error`) for the same message was dropped. */
export class DuplicateReplyError extends TypedWsError {
  override name = "DuplicateReplyError";
  readonly messageType: string;
  readonly correlationId: string | undefined;
  constructor(messageType: string, correlationId: string | undefined) {
    super("DUPLICATE_REPLY", `${messageType}: already answered; a second reply or error was dropped`);
    this.messageType = messageType;
    this.correlationId = correlationId;
  }
}

/** `authenticate` did not settle within `authTimeoutMs`; the connection was refused. Reported to `onError`. */
export class AuthenticationTimeoutError extends TypedWsError {
  override name = "AuthenticationTimeoutError";
  readonly timeoutMs: number;
  constructor(timeoutMs: number) {
    super("AUTHENTICATION_TIMEOUT", `authenticate() did not settle within ${timeoutMs} ms; connection refused`);
    this.timeoutMs = timeoutMs;
  }
}

/** A connection passed the backpressure limit and was closed with `1013` (see `slowConsumers`). */
export class SlowConsumerError extends TypedWsError {
  override name = "SlowConsumerError";
  constructor() {
    super("SLOW_CONSUMER", 'The connection passed backpressureLimit and was closed with 1013 (slowConsumers: "close")');
  }
}
