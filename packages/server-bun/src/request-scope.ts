/**
 * The bookkeeping of one inbound message while it is handled: whether it was answered (one
 * terminal frame per message) and whether it was aborted.
 */

/**
 * One inbound message in flight. A frame carrying `meta.correlationId` is a request: it gets its
 * own AbortController (aborted by `$ws:abort` or close) and must be answered.
 */
export class RequestScope {
  readonly type: string;
  readonly correlationId: string | undefined;
  readonly #controller: AbortController | undefined;
  readonly #connectionSignal: AbortSignal;
  #answered = false;

  constructor(type: string, correlationId: string | undefined, connectionSignal: AbortSignal) {
    this.type = type;
    this.correlationId = correlationId;
    this.#connectionSignal = connectionSignal;
    this.#controller = correlationId === undefined ? undefined : new AbortController();
  }

  /** Aborted on `$ws:abort` for this request, or when the connection closes. */
  get signal(): AbortSignal {
    return this.#controller?.signal ?? this.#connectionSignal;
  }

  /** True once the client aborted this request or the connection closed. */
  get aborted(): boolean {
    return this.signal.aborted;
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

  /** Aborts the request's signal (no-op for messages that are not requests). */
  abort(reason: unknown): void {
    this.#controller?.abort(reason);
  }
}
