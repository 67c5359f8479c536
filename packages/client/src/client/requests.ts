import { AbortError, LimitExceededError, ServerError, TimeoutError, ValidationError } from "../errors.ts";
import { type Envelope, envelopeToMessage, ProtocolType, readErrorPayload } from "../protocol.ts";
import type { AnyMessageSchema } from "../schema/message-schema.ts";
import { validateSync } from "../schema/validate.ts";
import { DeadlineTimer } from "./deadlines.ts";
import type { OutboundEntry } from "./queue.ts";
import type { Clock } from "./types.ts";

/** What {@link RequestManager.start} needs to track one request. */
export interface RequestSpec {
  readonly correlationId: string;
  readonly type: string;
  /** The serialized request frame. */
  readonly data: string;
  readonly response: AnyMessageSchema;
  readonly timeoutMs: number;
  readonly signal: AbortSignal | undefined;
  readonly onProgress: ((payload: unknown) => void) | undefined;
}

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
  onProgressError(error: unknown, type: string): void;
}

/**
 * One pending request. It is its own queue entry (`onSent`/`onDrop` are prototype methods), so
 * tracking a request allocates no closures unless it has an AbortSignal.
 */
class Pending implements OutboundEntry {
  readonly type: string;
  readonly data: string;
  /** Handed to the socket; until then it may sit in the offline queue. */
  sent = false;
  /** When the request times out (clock ms); set when it is sent. */
  deadline = Number.POSITIVE_INFINITY;
  removeAbortListener: (() => void) | undefined = undefined;

  constructor(
    private readonly manager: RequestManager,
    readonly spec: RequestSpec,
    readonly resolve: (message: unknown) => void,
    readonly reject: (error: unknown) => void,
  ) {
    this.type = spec.type;
    this.data = spec.data;
  }

  onSent(): void {
    this.manager.markSent(this);
  }

  onDrop(error: LimitExceededError): void {
    this.manager.settle(this.spec.correlationId, error);
  }
}

/**
 * The pending requests, keyed by correlation id: bounded, timed from when each frame is sent
 * (one shared timer for every deadline), abortable, settled by the first terminal frame with
 * their id. Nothing survives settlement.
 */
export class RequestManager {
  private readonly pending = new Map<string, Pending>();
  /** Requests sent and not settled: the ones with a deadline. */
  private inFlight = 0;
  private readonly timer: DeadlineTimer;

  constructor(private readonly deps: RequestDeps) {
    this.timer = new DeadlineTimer(deps.clock, (now) => this.expire(now));
  }

  /** Requests queued or in flight. */
  get size(): number {
    return this.pending.size;
  }

  /** Whether `correlationId` belongs to an unsettled request. */
  has(correlationId: string): boolean {
    return this.pending.has(correlationId);
  }

  /**
   * Tracks and transmits a request; the promise settles with the validated response or a
   * RequestError. Over `maxPending` it rejects with LimitExceededError and sends nothing.
   */
  start(spec: RequestSpec): Promise<unknown> {
    if (this.pending.size >= this.deps.maxPending) {
      const message = `${spec.type}: too many pending requests (${this.deps.maxPending})`;
      return Promise.reject(new LimitExceededError("pending-requests", spec.type, message));
    }
    const { signal, correlationId: id } = spec;
    if (signal?.aborted) return Promise.reject(new AbortError(spec.type, signal.reason));
    let pending!: Pending;
    const promise = new Promise<unknown>((resolve, reject) => {
      pending = new Pending(this, spec, resolve, reject);
    });
    if (signal !== undefined) {
      const onAbort = () => this.abort(id);
      signal.addEventListener("abort", onAbort, { once: true });
      pending.removeAbortListener = () => signal.removeEventListener("abort", onAbort);
    }
    this.pending.set(id, pending);
    try {
      this.deps.transmit(pending);
    } catch (error) {
      this.settle(id, error);
    }
    return promise;
  }

  /**
   * Settles the request a frame answers, if any: `ERROR`/`RPC_ERROR` → ServerError, otherwise
   * the frame is validated against the response schema. Returns whether a request took it.
   */
  handleReply(envelope: Envelope): boolean {
    const id = envelope.meta.correlationId;
    const pending = typeof id === "string" ? this.pending.get(id) : undefined;
    if (pending === undefined) return false;
    const { type, response } = pending.spec;
    if (envelope.type === ProtocolType.error || envelope.type === ProtocolType.rpcError) {
      const error = serverErrorFrom(envelope, type);
      this.settle(id as string, error);
      return true;
    }
    const result = validateSync(response, envelopeToMessage(envelope));
    if (result.success) this.settle(id as string, undefined, result.value);
    else this.settle(id as string, new ValidationError(envelope.type, "inbound", result.issues));
    return true;
  }

  /** Passes a `$ws:rpc-progress` payload to its request's `onProgress`. Returns whether a request took it. */
  handleProgress(envelope: Envelope): boolean {
    const id = envelope.meta.correlationId;
    const pending = typeof id === "string" ? this.pending.get(id) : undefined;
    if (pending === undefined) return false;
    try {
      pending.spec.onProgress?.(envelope.payload);
    } catch (error) {
      this.deps.onProgressError(error, pending.spec.type);
    }
    return true;
  }

  /** The socket dropped: rejects every request already sent (queued ones wait for the next connection). */
  rejectInFlight(error: Error): void {
    for (const [id, pending] of [...this.pending]) if (pending.sent) this.settle(id, error);
  }

  /** The client closed: rejects every request and takes unsent ones out of the queue. */
  rejectAll(error: Error): void {
    for (const [id, pending] of [...this.pending]) {
      if (!pending.sent) this.deps.unqueue(pending);
      this.settle(id, error);
    }
  }

  /** @internal The request's frame was handed to the socket: its timeout starts now. */
  markSent(pending: Pending): void {
    if (pending.sent || this.pending.get(pending.spec.correlationId) !== pending) return;
    pending.sent = true;
    pending.deadline = this.deps.clock.now() + pending.spec.timeoutMs;
    this.inFlight++;
    this.timer.schedule(pending.deadline);
  }

  /** @internal Settles and forgets a request (no-op when already settled). */
  settle(id: string, error: unknown, value?: unknown): void {
    const pending = this.pending.get(id);
    if (pending === undefined) return;
    this.pending.delete(id);
    if (pending.sent && --this.inFlight === 0) this.timer.cancel();
    pending.removeAbortListener?.();
    if (error === undefined) pending.resolve(value);
    else pending.reject(error);
  }

  /** Times out every sent request whose deadline passed; returns the next deadline. */
  private expire(now: number): number {
    let next = Number.POSITIVE_INFINITY;
    const due: Pending[] = [];
    for (const pending of this.pending.values()) {
      if (!pending.sent) continue;
      if (pending.deadline <= now) due.push(pending);
      else if (pending.deadline < next) next = pending.deadline;
    }
    for (const pending of due) {
      const { correlationId, type, timeoutMs } = pending.spec;
      this.settle(correlationId, new TimeoutError(type, timeoutMs));
      this.sendAbort(correlationId); // tell the server to stop working on it
    }
    return next;
  }

  private abort(id: string): void {
    const pending = this.pending.get(id);
    if (pending === undefined) return;
    this.settle(id, new AbortError(pending.spec.type, pending.spec.signal?.reason));
    if (pending.sent) this.sendAbort(id);
    else this.deps.unqueue(pending);
  }

  private sendAbort(id: string): void {
    this.deps.sendControl(JSON.stringify({ type: ProtocolType.abort, meta: { correlationId: id } }));
  }
}

/** Reads an `ERROR`/`RPC_ERROR` frame as a ServerError (`details` read as `context`). */
export function serverErrorFrom(envelope: Envelope, messageType?: string): ServerError {
  const payload = readErrorPayload(envelope.payload);
  const base = messageType === undefined ? {} : { messageType };
  if (payload === undefined) {
    return new ServerError("INVALID_MESSAGE_FORMAT", "The server sent an error frame without a code", base);
  }
  return new ServerError(payload.code, payload.message, {
    ...base,
    ...(payload.context === undefined ? {} : { context: payload.context }),
    ...(payload.retryAfterMs === undefined ? {} : { retryAfterMs: payload.retryAfterMs }),
  });
}
