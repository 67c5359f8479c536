/**
 * Per-connection state kept beside the socket: the close signal and the requests in flight,
 * by correlation id, so `$ws:abort` and close can abort them.
 */
import { Inbox } from "./inbound.ts";
import type { InboundBudget } from "./rate-limit.ts";
import { RequestScope } from "./request-scope.ts";
import type { ServerSocket } from "./types.ts";

/** Why a request's signal was aborted: the `reason` of `ctx.signal`. */
export class RequestAbortedError extends Error {
  override name = "RequestAbortedError";
  /** `"client"` for `$ws:abort`, `"close"` when the connection closed. */
  readonly by: "client" | "close";
  constructor(by: "client" | "close") {
    super(by === "client" ? "The client aborted the request" : "The connection closed");
    this.by = by;
  }
}

/** One open connection. */
export class Connection<Data = unknown> {
  readonly ws: ServerSocket<Data>;
  /** The inbound budget (undefined when rate limiting is off). */
  readonly budget: InboundBudget | undefined;
  /** Set when the server closed the connection itself (e.g. for flooding): later frames are ignored. */
  closing = false;
  /** Admitted frames waiting for their turn (see `inbound.ts`). */
  readonly inbox = new Inbox();
  readonly #closed = new AbortController();
  readonly #requests = new Map<string, RequestScope>();

  constructor(ws: ServerSocket<Data>, budget?: InboundBudget) {
    this.ws = ws;
    this.budget = budget;
  }

  /** Aborted when the connection closes. */
  get signal(): AbortSignal {
    return this.#closed.signal;
  }

  /**
   * Starts handling a message. Returns undefined when a request with the same correlation id is
   * still in flight on this connection (the duplicate is ignored; with dedupe on, a
   * retry attaches to the running request before this is reached: `dedupe/dedupe.ts`).
   */
  begin(type: string, correlationId: string | undefined): RequestScope | undefined {
    if (correlationId !== undefined && this.#requests.has(correlationId)) return undefined;
    const scope = new RequestScope(type, correlationId, this.#closed.signal);
    if (correlationId !== undefined) this.#requests.set(correlationId, scope);
    return scope;
  }

  /** Forgets a finished message. */
  end(scope: RequestScope): void {
    if (scope.correlationId !== undefined && this.#requests.get(scope.correlationId) === scope) {
      this.#requests.delete(scope.correlationId);
    }
  }

  /**
   * Aborts the request with this correlation id (`$ws:abort`) and frees the id at once: a new
   * request may reuse it even while the aborted handler is still running. False when none is in flight.
   */
  abort(correlationId: string): boolean {
    const scope = this.#requests.get(correlationId);
    if (scope === undefined) return false;
    this.#requests.delete(correlationId);
    scope.abort(new RequestAbortedError("client"));
    return true;
  }

  /** Number of requests in flight. */
  get pending(): number {
    return this.#requests.size;
  }

  /** Aborts everything in flight; called once when the socket closes. */
  close(): void {
    const reason = new RequestAbortedError("close");
    for (const scope of this.#requests.values()) scope.abort(reason, true);
    this.#requests.clear();
    this.#closed.abort(reason);
  }
}
