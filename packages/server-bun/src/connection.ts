/**
 * Per-connection state kept beside the socket: the close signal and the requests in flight,
 * by correlation id, so `$ws:abort` and close can abort them. An idle connection holds only this
 * object: the close signal's AbortController, the map of requests, the inbox and the inbound
 * budget are created when first needed (an AbortController alone costs ~850 B of RSS in Bun).
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

/**
 * The request being handled synchronously right now (one per process: JavaScript runs one thing
 * at a time), and its connection. It stays out of its connection's map of requests: nothing
 * else can run (or abort it by id) until it finishes or goes asynchronous ({@link Connection.keep}),
 * so a synchronous request costs no map entry — and a connection no field for it.
 */
let currentScope: RequestScope | undefined;
let currentConnection: Connection<unknown> | undefined;

/** One open connection. */
export class Connection<Data = unknown> {
  readonly ws: ServerSocket<Data>;
  /** Set when the server closed the connection itself (e.g. for flooding): later frames are ignored. */
  closing = false;
  /** Makes the inbound budget on the first frame (undefined when rate limiting is off). */
  readonly #makeBudget: (() => InboundBudget) | undefined;
  #budget: InboundBudget | undefined = undefined;
  #inbox: Inbox | undefined = undefined;
  /** Created when something reads {@link signal}; until then {@link closed} alone records the close. */
  #closedController: AbortController | undefined = undefined;
  #closedReason: RequestAbortedError | undefined = undefined;
  #requests: Map<string, RequestScope> | undefined = undefined;

  /**
   * `makeBudget` creates the inbound budget when the first frame arrives (a bucket starts full,
   * so creating it then admits exactly what creating it at open would).
   */
  constructor(ws: ServerSocket<Data>, makeBudget?: () => InboundBudget) {
    this.ws = ws;
    this.#makeBudget = makeBudget;
  }

  /** The inbound budget (undefined when rate limiting is off). */
  get budget(): InboundBudget | undefined {
    if (this.#budget === undefined && this.#makeBudget !== undefined) this.#budget = this.#makeBudget();
    return this.#budget;
  }

  /** Admitted frames waiting for their turn (see `inbound.ts`). */
  get inbox(): Inbox {
    if (this.#inbox === undefined) this.#inbox = new Inbox();
    return this.#inbox;
  }

  /** Forgets the frames waiting in the inbox (the connection closed). */
  dropInbox(): void {
    this.#inbox = undefined;
  }

  /** True once the connection closed ({@link close} ran). */
  get closed(): boolean {
    return this.#closedReason !== undefined;
  }

  /** Aborted when the connection closes (already aborted when read after the close). */
  get signal(): AbortSignal {
    if (this.#closedController === undefined) {
      this.#closedController = new AbortController();
      if (this.#closedReason !== undefined) this.#closedController.abort(this.#closedReason);
    }
    return this.#closedController.signal;
  }

  /**
   * Starts handling a message. Returns undefined when a request with the same correlation id is
   * still in flight on this connection (the duplicate is ignored; with dedupe on, a
   * retry attaches to the running request before this is reached: `dedupe/dedupe.ts`).
   */
  begin(type: string, correlationId: string | undefined): RequestScope | undefined {
    if (correlationId === undefined) return new RequestScope(type, undefined, this);
    if (currentScope !== undefined) {
      // Begun while another request runs synchronously (a nested dispatch): that one is tracked by id.
      if (currentConnection === this && currentScope.correlationId === correlationId) return undefined;
      currentConnection?.keep(currentScope);
    }
    if (this.#requests?.has(correlationId)) return undefined;
    const scope = new RequestScope(type, correlationId, this);
    currentScope = scope;
    currentConnection = this;
    return scope;
  }

  /**
   * A request that did not finish synchronously (an async schema, middleware or handler): from
   * now on it is tracked by correlation id, so duplicates are ignored and `$ws:abort` finds it.
   */
  keep(scope: RequestScope): void {
    if (currentScope !== scope) return;
    currentScope = undefined;
    currentConnection = undefined;
    const id = scope.correlationId as string;
    if (this.#requests === undefined) this.#requests = new Map();
    this.#requests.set(id, scope);
  }

  /** Forgets a finished message. */
  end(scope: RequestScope): void {
    if (currentScope === scope) {
      currentScope = undefined;
      currentConnection = undefined;
    } else if (scope.correlationId !== undefined && this.#requests?.get(scope.correlationId) === scope) {
      this.#requests.delete(scope.correlationId);
    }
  }

  /**
   * Aborts the request with this correlation id (`$ws:abort`) and frees the id at once: a new
   * request may reuse it even while the aborted handler is still running. False when none is in flight.
   */
  abort(correlationId: string): boolean {
    if (currentConnection === this && currentScope?.correlationId === correlationId) this.keep(currentScope);
    const scope = this.#requests?.get(correlationId);
    if (scope === undefined) return false;
    this.#requests?.delete(correlationId);
    scope.abort(new RequestAbortedError("client"));
    return true;
  }

  /** Number of requests in flight. */
  get pending(): number {
    return (this.#requests?.size ?? 0) + (currentConnection === this ? 1 : 0);
  }

  /** Aborts everything in flight; called once when the socket closes. */
  close(): void {
    if (this.#closedReason !== undefined) return;
    const reason = new RequestAbortedError("close");
    this.#closedReason = reason;
    if (currentConnection === this) this.keep(currentScope as RequestScope);
    if (this.#requests !== undefined) {
      for (const scope of this.#requests.values()) scope.abort(reason, true);
      this.#requests.clear();
    }
    this.#closedController?.abort(reason);
  }
}
