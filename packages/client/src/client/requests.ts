import { AbortError, LimitExceededError, ServerError, TimeoutError, ValidationError } from "../errors.ts";
import { type Envelope, envelopeToMessage, isErrorType, ProtocolType, readErrorPayload } from "../protocol.ts";
import { normalizeIssues } from "../schema/issues.ts";
import type { AnyMessageSchema } from "../schema/message-schema.ts";
import { syncResult } from "../schema/validate.ts";
import { createDeadlineTimer } from "./deadlines.ts";
import type { OutboundFrame } from "./outbound.ts";
import type { OutboundEntry } from "./queue.ts";
import type { ClientErrorEvent, Clock, RequestOptions } from "./types.ts";

/** What the request bookkeeping needs from the rest of the client. */
export interface RequestDeps {
  readonly clock: Clock;
  readonly maxPending: number;
  /** Sends the frame now or queues it (may throw LimitExceededError / ConnectionClosedError). */
  transmit(entry: OutboundEntry): void;
  /** Sends a control frame if the socket is open; never queues. */
  sendControl(data: string): void;
  /** Takes a not-yet-sent frame out of the offline queue. */
  unqueue(entry: OutboundEntry): void;
  /** Reports a throw from an `onProgress` callback. */
  report(event: ClientErrorEvent): void;
}

/** The pending requests of one client (see {@link createRequests}). */
export interface RequestManager {
  /**
   * Tracks and transmits a request; the promise settles with the validated response or a
   * RequestError. Over `maxPending` it rejects with LimitExceededError and sends nothing.
   */
  start(
    frame: OutboundFrame,
    correlationId: string,
    response: AnyMessageSchema,
    timeoutMs: number,
    options: RequestOptions | undefined,
  ): Promise<unknown>;
  /**
   * Gives a frame to the request it answers, if any: `$ws:rpc-progress` → `onProgress`,
   * `ERROR`/`RPC_ERROR` → ServerError, anything else is validated against the response schema.
   * Returns whether a request took it.
   */
  handle(envelope: Envelope): boolean;
  /** The socket dropped: rejects every request already sent (queued ones wait for the next connection). */
  rejectInFlight(error: Error): void;
  /** The client closed: rejects every request and takes unsent ones out of the queue. */
  rejectAll(error: Error): void;
}

/** What a {@link Pending} reports back to its manager. */
interface PendingOwner {
  markSent(pending: Pending): void;
  settle(id: string, error: unknown, value?: unknown): void;
}

/**
 * One pending request. It is its own queue entry (`onSent`/`onDrop` are prototype methods), so
 * tracking a request allocates no closures unless it has an AbortSignal.
 */
class Pending implements OutboundEntry {
  /** Handed to the socket; until then it may sit in the offline queue. */
  sent = false;
  /** When the request times out (clock ms); set when it is sent. */
  deadline = Infinity;
  removeAbortListener: (() => void) | undefined = undefined;

  constructor(
    readonly owner: PendingOwner,
    readonly id: string,
    readonly type: string,
    readonly data: string,
    readonly response: AnyMessageSchema,
    readonly timeoutMs: number,
    readonly options: RequestOptions | undefined,
    readonly resolve: (message: unknown) => void,
    readonly reject: (error: unknown) => void,
  ) {}

  onSent(): void {
    this.owner.markSent(this);
  }

  onDrop(error: LimitExceededError): void {
    this.owner.settle(this.id, error);
  }
}

/**
 * The pending requests, keyed by correlation id: bounded, timed from when each frame is sent
 * (one shared timer for every deadline), abortable, settled by the first terminal frame with
 * their id. Nothing survives settlement.
 */
export function createRequests(deps: RequestDeps): RequestManager {
  const { clock, maxPending } = deps;
  const pending = new Map<string, Pending>();
  /** Requests sent and not settled: the ones with a deadline. */
  let inFlight = 0;
  const sendAbort = (id: string) =>
    deps.sendControl(JSON.stringify({ type: ProtocolType.abort, meta: { correlationId: id } }));

  const owner: PendingOwner = {
    markSent(request) {
      if (request.sent || pending.get(request.id) !== request) return;
      request.sent = true;
      request.deadline = clock.now() + request.timeoutMs;
      inFlight++;
      deadlines.schedule(request.deadline);
    },
    settle(id, error, value) {
      const request = pending.get(id);
      if (request === undefined) return;
      pending.delete(id);
      if (request.sent && --inFlight === 0) deadlines.cancel();
      request.removeAbortListener?.();
      if (error === undefined) request.resolve(value);
      else request.reject(error);
    },
  };
  const { settle } = owner;

  // Times out every sent request whose deadline passed; returns the next deadline.
  const deadlines = createDeadlineTimer(clock, (now) => {
    let next = Infinity;
    const due: Pending[] = [];
    for (const request of pending.values()) {
      if (!request.sent) continue;
      if (request.deadline <= now) due.push(request);
      else if (request.deadline < next) next = request.deadline;
    }
    for (const { id, type, timeoutMs } of due) {
      settle(id, new TimeoutError(type, timeoutMs));
      sendAbort(id); // tell the server to stop working on it
    }
    return next;
  });

  const abort = (request: Pending) => {
    if (pending.get(request.id) !== request) return;
    settle(request.id, new AbortError(request.type, request.options?.signal?.reason));
    if (request.sent) sendAbort(request.id);
    else deps.unqueue(request);
  };

  return {
    start(frame, id, response, timeoutMs, options) {
      const { type } = frame;
      const signal = options?.signal;
      if (pending.size >= maxPending) {
        const message = `${type}: too many pending requests (${maxPending})`;
        return Promise.reject(new LimitExceededError("pending-requests", type, message));
      }
      if (signal?.aborted) return Promise.reject(new AbortError(type, signal.reason));
      let request!: Pending;
      const promise = new Promise<unknown>((resolve, reject) => {
        request = new Pending(owner, id, type, frame.data, response, timeoutMs, options, resolve, reject);
      });
      if (signal !== undefined) {
        const onAbort = () => abort(request);
        signal.addEventListener("abort", onAbort, { once: true });
        request.removeAbortListener = () => signal.removeEventListener("abort", onAbort);
      }
      pending.set(id, request);
      try {
        deps.transmit(request);
      } catch (error) {
        settle(id, error);
      }
      return promise;
    },

    handle(envelope) {
      const id = envelope.meta.correlationId;
      const request = typeof id === "string" ? pending.get(id) : undefined;
      if (request === undefined) return false;
      const { type } = envelope;
      if (type === ProtocolType.progress) {
        try {
          request.options?.onProgress?.(envelope.payload);
        } catch (error) {
          deps.report({ kind: "handler-error", error, messageType: request.type });
        }
      } else if (isErrorType(type)) {
        settle(request.id, serverErrorFrom(envelope, request.type));
      } else {
        const result = syncResult(request.response, envelopeToMessage(envelope));
        if (result.issues === undefined) settle(request.id, undefined, result.value);
        else settle(request.id, new ValidationError(type, "inbound", normalizeIssues(result.issues)));
      }
      return true;
    },

    rejectInFlight(error) {
      for (const [id, request] of [...pending]) if (request.sent) settle(id, error);
    },

    rejectAll(error) {
      for (const [id, request] of [...pending]) {
        if (!request.sent) deps.unqueue(request);
        settle(id, error);
      }
    },
  };
}

/** Reads an `ERROR`/`RPC_ERROR` frame as a ServerError (`details` read as `context`). */
export function serverErrorFrom(envelope: Envelope, messageType?: string): ServerError {
  const payload = readErrorPayload(envelope.payload);
  return payload === undefined
    ? new ServerError("INVALID_MESSAGE_FORMAT", "Error frame without a code", { messageType })
    : new ServerError(payload.code, payload.message, { ...payload, messageType });
}
