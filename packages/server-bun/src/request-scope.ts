/**
 * The bookkeeping of one inbound message while it is handled: whether it was answered (one
 * terminal frame per message) and whether it was aborted.
 */
import type { SendStatus } from "./types.ts";

/** What a scope needs of its connection: whether it closed, and its close signal (read lazily). */
export interface ScopeConnection {
  readonly closed: boolean;
  readonly signal: AbortSignal;
}

/**
 * One inbound message in flight. A frame carrying `meta.correlationId` is a request: it can be
 * aborted (by `$ws:abort` or close) and must be answered. Its AbortController is created only when
 * a handler reads `signal`; until then a plain flag records the abort (most handlers never look).
 */
export class RequestScope {
  readonly type: string;
  readonly correlationId: string | undefined;
  readonly #connection: ScopeConnection;
  #controller: AbortController | undefined = undefined;
  #aborted = false;
  #reason: unknown = undefined;
  #answered = false;
  /** Aborted in a way that forbids an answer (`$ws:abort`, or a close when not {@link answerAfterClose}). */
  #silenced = false;
  /**
   * Set for a remembered request (dedupe): closing the connection aborts `signal` but the
   * handler may still answer — the answer is remembered and goes to a retry. `$ws:abort` still silences it.
   */
  answerAfterClose = false;
  /** Where the terminal frame goes instead of the connection (set by dedupe once the handler runs). */
  deliver: ((frame: string) => SendStatus) | undefined = undefined;

  constructor(type: string, correlationId: string | undefined, connection: ScopeConnection) {
    this.type = type;
    this.correlationId = correlationId;
    this.#connection = connection;
  }

  /** Aborted on `$ws:abort` for this request, or when the connection closes. */
  get signal(): AbortSignal {
    if (this.correlationId === undefined) return this.#connection.signal;
    if (this.#controller === undefined) {
      this.#controller = new AbortController();
      if (this.#aborted) this.#controller.abort(this.#reason);
    }
    return this.#controller.signal;
  }

  /** True once the client aborted this request or the connection closed. */
  get aborted(): boolean {
    return this.correlationId === undefined ? this.#connection.closed : this.#aborted;
  }

  /** True once a terminal frame (reply or error) was sent. */
  get answered(): boolean {
    return this.#answered;
  }

  /** Claims the one terminal answer. False when already answered or aborted: send nothing. */
  claimAnswer(): boolean {
    if (this.#answered) return false;
    if (this.correlationId === undefined ? this.#connection.closed : this.#silenced) return false;
    this.#answered = true;
    return true;
  }

  /** Gives the answer back after a terminal frame was claimed but not sent (a rolled-back transaction). */
  releaseAnswer(): void {
    this.#answered = false;
  }

  /**
   * Aborts the request's signal (no-op for messages that are not requests, and when already
   * aborted). `byClose`: the connection closed (see {@link answerAfterClose}).
   */
  abort(reason: unknown, byClose = false): void {
    if (this.correlationId === undefined) return;
    if (!byClose || !this.answerAfterClose) this.#silenced = true;
    if (this.#aborted) return;
    this.#aborted = true;
    this.#reason = reason;
    this.#controller?.abort(reason);
  }
}
