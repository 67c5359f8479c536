/**
 * Answering retried requests without running them twice (PROTOCOL.md v1.1, "Requests that
 * survive a reconnect"). For every request (a frame with `meta.correlationId` of a routed type)
 * the router asks the {@link RequestStore} first:
 *
 * - a remembered answer → that frame is sent again, nothing runs;
 * - the same request still running in this process → the retry attaches to it: its one answer
 *   goes to the connection that asked last;
 * - with a store shared by processes (one with `claim`, such as Redis) the request is claimed
 *   instead of looked up: running on another process → this process waits for that answer
 *   (each wait bounded by the store's `claimMs`) and sends it to the connection that asked last
 *   here; a claim whose process died expires and the request then runs here. A claim this
 *   process holds is renewed every third of `claimMs` while it runs, and released when the run
 *   ends without an answer;
 * - otherwise it runs. Once its handler started, its terminal frame (reply or ERROR) is
 *   remembered before it is sent. Answers given before the handler ran (validation, middleware,
 *   rate limits) are not remembered: a retry is judged afresh.
 */
import type { Connection } from "../connection.ts";
import { sendFrame } from "../context.ts";
import type { RouterCore } from "../core.ts";
import type { RequestScope } from "../request-scope.ts";
import type { MaybePromise } from "../topics/store.ts";
import type { SendStatus, WsData } from "../types.ts";
import { DEFAULT_CLAIM_MS, type RequestClaim, type RequestStore } from "./store.ts";

// biome-ignore lint/suspicious/noExplicitAny: one connection type for routers of every AppData
type AnyConn = Connection<WsData<any>>;

/** The identity of a connection with no `identity` set by `authenticate`. */
export const ANONYMOUS = "anonymous";

/** The identity requests are remembered under: `ws.data.identity` when it is a non-empty string, else "anonymous". */
export function identityOf(data: unknown): string {
  const identity = (data as { identity?: unknown } | null)?.identity;
  return typeof identity === "string" && identity !== "" ? identity : ANONYMOUS;
}

/** One request being looked up or run in this process. */
export interface RunningRequest {
  readonly identity: string;
  readonly correlationId: string;
  /** The connection that asked last: the answer goes there. */
  target: AnyConn;
  /** The scope of the run, once it started. */
  scope: RequestScope | undefined;
  /** A terminal frame was remembered (or is being). */
  answered: boolean;
  /** Run again when the run ends without an answer (a retry that attached to a run that was then aborted). */
  retry: (() => unknown) | undefined;
  /** This process holds the shared store's claim on it (`RequestStore.claim` said "run"). */
  claimed: boolean;
  /** Renews that claim while it runs. */
  renewal: ReturnType<typeof setInterval> | undefined;
  /** The next running request with the same correlation id (another identity's). */
  sameId: RunningRequest | undefined;
  /** In the map of running requests (see {@link Dedupe.running}). */
  held: boolean;
  /** Finished: answered and sent, answered from the store, or ended without an answer. */
  done: boolean;
}

function isPromise<T>(value: MaybePromise<T>): value is Promise<T> {
  return value instanceof Promise;
}

/** The dedupe state of one server: its store and the requests running in this process. */
export class Dedupe {
  readonly store: RequestStore;
  /**
   * Correlation id → the request running under it (keyed by the id string itself: no key is
   * built per request); requests of other identities that use the same id follow in `sameId`.
   */
  readonly #running = new Map<string, RunningRequest>();
  #runningCount = 0;
  /**
   * The request being looked up or run synchronously right now, kept out of `#running`: nothing
   * can reach it by id until it finishes or waits for something (then it is held in the map).
   * A request answered synchronously — the common case with a synchronous store — costs no map entry.
   */
  #current: RunningRequest | undefined = undefined;
  readonly #report: (error: unknown, conn: AnyConn, correlationId: string) => void;

  /** `report` receives store failures (the request is then answered or run without the store). */
  constructor(store: RequestStore, report: (error: unknown, conn: AnyConn, correlationId: string) => void) {
    this.store = store;
    this.#report = report;
  }

  /** Requests being looked up or run (bounded by the requests in flight on the connections). */
  get running(): number {
    return this.#runningCount + (this.#current === undefined ? 0 : 1);
  }

  /** The request running under (identity, correlation id), if any. */
  #lookup(identity: string, correlationId: string): RunningRequest | undefined {
    const current = this.#current;
    if (current !== undefined && current.correlationId === correlationId && current.identity === identity) {
      return current;
    }
    let request = this.#running.get(correlationId);
    while (request !== undefined && request.identity !== identity) request = request.sameId;
    return request;
  }

  /**
   * Admits a request: answers it from the store, attaches it to the same request running, or
   * calls `run` (which must call {@link track} once the handler is about to run). `retry`
   * dispatches this frame again (used when the run it attached to ends without an answer).
   */
  admit<AppData>(
    core: RouterCore<AppData>,
    conn: AnyConn,
    correlationId: string,
    run: (request: RunningRequest) => Promise<void> | undefined,
    retry: () => unknown,
  ): Promise<void> | undefined {
    const identity = identityOf(conn.ws.data);
    const running = this.#lookup(identity, correlationId);
    if (running !== undefined) {
      running.target = conn;
      running.retry = retry;
      return;
    }
    const request: RunningRequest = {
      identity,
      correlationId,
      target: conn,
      scope: undefined,
      answered: false,
      retry: undefined,
      claimed: false,
      renewal: undefined,
      sameId: undefined,
      held: false,
      done: false,
    };
    if (this.store.claim !== undefined && this.store.wait !== undefined) {
      this.#hold(request);
      return this.#claim(core, request, run);
    }
    let remembered: MaybePromise<string | undefined>;
    try {
      remembered = this.store.get(identity, correlationId);
    } catch (error) {
      remembered = Promise.reject(error);
    }
    const next = (frame: string | undefined) => {
      if (frame === undefined) return this.#run(request, run);
      this.#forget(request);
      sendFrame(core, request.target.ws, frame);
      return undefined;
    };
    if (!isPromise(remembered)) return next(remembered);
    this.#hold(request);
    return remembered.then(next, (error: unknown) => {
      // The store failed: run the request (at most once is not guaranteed for this one).
      this.#report(error, conn, correlationId);
      return this.#run(request, run);
    });
  }

  /** Claims the request in the shared store: runs it, resends its answer, or waits for the process running it. */
  async #claim<AppData>(
    core: RouterCore<AppData>,
    request: RunningRequest,
    run: (request: RunningRequest) => Promise<void> | undefined,
  ): Promise<void> {
    const { store } = this;
    const { identity, correlationId } = request;
    const claimMs = store.claimMs ?? DEFAULT_CLAIM_MS;
    for (;;) {
      let claim: RequestClaim;
      try {
        claim = await (store.claim as NonNullable<RequestStore["claim"]>)(identity, correlationId, claimMs);
      } catch (error) {
        // The store failed: run the request (at most once is not guaranteed for this one).
        this.#report(error, request.target, correlationId);
        return this.#run(request, run);
      }
      if (this.#lookup(identity, correlationId) !== request) return; // aborted meanwhile
      if (claim.state === "run") {
        request.claimed = true;
        this.#renew(request, claimMs);
        return this.#run(request, run);
      }
      let frame: string | undefined = claim.state === "done" ? claim.frame : undefined;
      if (frame === undefined) {
        // Running on another process: its answer, or nothing once `claimMs` passed (then claim again).
        try {
          frame = await (store.wait as NonNullable<RequestStore["wait"]>)(identity, correlationId, claimMs);
        } catch (error) {
          this.#report(error, request.target, correlationId);
        }
        if (this.#lookup(identity, correlationId) !== request) return; // aborted meanwhile
      }
      if (frame !== undefined) {
        this.#forget(request);
        sendFrame(core, request.target.ws, frame);
        return;
      }
      // Nobody left to answer: stop waiting (a later retry claims afresh).
      if (request.target.ws.readyState !== 1) return this.#forget(request);
    }
  }

  /** Keeps this process's claim alive while the request runs (every third of `claimMs`). */
  #renew(request: RunningRequest, claimMs: number): void {
    const renew = this.store.renew;
    if (renew === undefined) return;
    const timer = setInterval(
      () => {
        let renewed: MaybePromise<boolean>;
        try {
          renewed = renew.call(this.store, request.identity, request.correlationId, claimMs);
        } catch (error) {
          renewed = Promise.reject(error);
        }
        Promise.resolve(renewed).then(
          (held) => {
            if (!held) this.#stopRenewal(request); // answered, released or lost: nothing to keep
          },
          (error: unknown) => this.#report(error, request.target, request.correlationId),
        );
      },
      Math.max(1, Math.floor(claimMs / 3)),
    );
    (timer as { unref?: () => void }).unref?.();
    request.renewal = timer;
  }

  #stopRenewal(request: RunningRequest): void {
    if (request.renewal === undefined) return;
    clearInterval(request.renewal);
    request.renewal = undefined;
  }

  /** Ends this process's claim of a run that gave no answer, so a retry anywhere may run it at once. */
  #release(request: RunningRequest): Promise<void> | undefined {
    this.#stopRenewal(request);
    const release = this.store.release;
    if (!request.claimed || release === undefined) return undefined;
    request.claimed = false;
    let released: MaybePromise<void>;
    try {
      released = release.call(this.store, request.identity, request.correlationId);
    } catch (error) {
      released = Promise.reject(error);
    }
    return Promise.resolve(released).catch((error: unknown) =>
      this.#report(error, request.target, request.correlationId),
    );
  }

  #run(request: RunningRequest, run: (request: RunningRequest) => Promise<void> | undefined) {
    // Run synchronously as the current request (one run nested in another holds the outer one first).
    if (this.#current !== undefined) this.#hold(this.#current);
    if (!request.held) this.#current = request;
    let outcome: Promise<void> | undefined;
    try {
      outcome = run(request);
    } finally {
      if (this.#current === request) this.#current = undefined;
      if (outcome === undefined) this.#ended(request);
      // Still running, or its answer not yet stored: held, so a retry finds it.
      if (!request.done) this.#hold(request);
    }
    return outcome?.finally(() => this.#ended(request));
  }

  /** Puts a request that is not finished into the map of running requests. */
  #hold(request: RunningRequest): void {
    if (request.held || request.done) return;
    if (this.#current === request) this.#current = undefined;
    const { correlationId } = request;
    request.sameId = this.#running.get(correlationId);
    this.#running.set(correlationId, request);
    request.held = true;
    this.#runningCount++;
  }

  /** The request is finished: no retry attaches to it any more. */
  #forget(request: RunningRequest): void {
    request.done = true;
    if (this.#current === request) this.#current = undefined;
    if (!request.held) return;
    request.held = false;
    const { correlationId } = request;
    const first = this.#running.get(correlationId);
    if (first === request) {
      if (request.sameId === undefined) this.#running.delete(correlationId);
      else this.#running.set(correlationId, request.sameId);
    } else {
      let before = first;
      while (before !== undefined && before.sameId !== request) before = before.sameId;
      if (before === undefined) return; // not running (forgotten already)
      before.sameId = request.sameId;
    }
    request.sameId = undefined;
    this.#runningCount--;
  }

  #ended(request: RunningRequest): void {
    if (request.answered) return; // forgotten from `running` once the answer is remembered
    this.#forget(request);
    const released = this.#release(request);
    const retry = request.retry;
    // The run gave no answer (aborted): a retry that attached meanwhile runs afresh (once the claim is released).
    if (retry === undefined) return;
    const again = () => {
      if (request.target.ws.readyState === 1) retry();
    };
    if (released === undefined) again();
    else void released.then(again);
  }

  /**
   * Called right before the handler runs: from now on the request's terminal frame is remembered
   * and goes to the connection that asked last. (Its scope has `answerAfterClose` from the start:
   * closing the connection does not silence it.)
   */
  track<AppData>(core: RouterCore<AppData>, request: RunningRequest, scope: RequestScope): void {
    request.scope = scope;
    scope.deliver = (frame) => this.#deliver(core, request, frame);
  }

  /** Remembers the terminal frame, then (once durable) sends it to the connection that asked last. */
  #deliver<AppData>(core: RouterCore<AppData>, request: RunningRequest, frame: string): SendStatus {
    request.answered = true;
    this.#stopRenewal(request); // `set` replaces the claim with the answer
    let stored: MaybePromise<void>;
    try {
      stored = this.store.set(request.identity, request.correlationId, frame);
    } catch (error) {
      this.#report(error, request.target, request.correlationId);
      return this.#send(core, request, frame); // not remembered: a retry would run again, but this answer still goes out
    }
    if (!isPromise(stored)) return this.#whenStored(core, request, frame);
    stored.then(
      () => this.#whenStored(core, request, frame),
      (error: unknown) => {
        this.#report(error, request.target, request.correlationId);
        this.#send(core, request, frame);
      },
    );
    return "queued";
  }

  /** Sends a remembered answer once what `set` wrote is durable (`afterCommit`), or at once. */
  #whenStored<AppData>(core: RouterCore<AppData>, request: RunningRequest, frame: string): SendStatus {
    const { store } = this;
    if (store.afterCommit === undefined) return this.#send(core, request, frame);
    let status: SendStatus = "queued";
    store.afterCommit(
      () => {
        status = this.#send(core, request, frame);
      },
      () => {
        // A transaction that rolled back: nothing was remembered, the request may answer again.
        request.answered = false;
        request.scope?.releaseAnswer();
      },
    );
    return status;
  }

  /** Sends the answer to the connection that asked last; the request is done. */
  #send<AppData>(core: RouterCore<AppData>, request: RunningRequest, frame: string): SendStatus {
    this.#forget(request);
    return sendFrame(core, request.target.ws, frame);
  }

  /**
   * `$ws:abort` from `conn`: aborts the run of this request that answers to `conn` (also one
   * started on another connection that a retry attached to) and forgets it, so the id is free at once.
   */
  abort(conn: AnyConn, correlationId: string, reason: unknown): void {
    const request = this.#lookup(identityOf(conn.ws.data), correlationId);
    if (request === undefined || request.target !== conn) return;
    request.retry = undefined;
    request.scope?.abort(reason);
    this.#forget(request);
  }
}
