/**
 * The bookkeeping of one inbound message while it is handled: whether it was answered (one
 * terminal frame per message) and whether it was aborted.
 */

/**
 * One inbound message in flight. A frame carrying `meta.correlationId` is a request: it can be
 * aborted (by `$ws:abort` or close) and must be answered. Its AbortController is created only when
 * a handler reads `signal`; until then a plain flag records the abort (most handlers never look).
 */
export class RequestScope {
  readonly type: string;
  readonly correlationId: string | undefined;
  readonly #connectionSignal: AbortSignal;
  #controller: AbortController | undefined = undefined;
  #aborted = false;
  #reason: unknown = undefined;
  #answered = false;

  constructor(type: string, correlationId: string | undefined, connectionSignal: AbortSignal) {
    this.type = type;
    this.correlationId = correlationId;
    this.#connectionSignal = connectionSignal;
  }

  /** Aborted on `$ws:abort` for this request, or when the connection closes. */
  get signal(): AbortSignal {
    if (this.correlationId === undefined) return this.#connectionSignal;
    if (this.#controller === undefined) {
      this.#controller = new AbortController();
      if (this.#aborted) this.#controller.abort(this.#reason);
    }
    return this.#controller.signal;
  }

  /** True once the client aborted this request or the connection closed. */
  get aborted(): boolean {
    return this.correlationId === undefined ? this.#connectionSignal.aborted : this.#aborted;
  }

  /** True once a terminal frame (reply or error) was sent. */
  get answered(): boolean {
    return this.#answered;
  }

  /** Claims the one terminal answer. False when already answered or aborted: send nothing. */
  claimAnswer(): boolean {
    if (this.#answered || this.aborted) return false;
    this.#answered = true;
    return true;
  }

  /** Aborts the request's signal (no-op for messages that are not requests, and when already aborted). */
  abort(reason: unknown): void {
    if (this.correlationId === undefined || this.#aborted) return;
    this.#aborted = true;
    this.#reason = reason;
    this.#controller?.abort(reason);
  }
}
