import { AbortError, LimitExceededError, ServerError, TimeoutError, ValidationError } from "../errors.ts";
import { type Envelope, envelopeToMessage, ProtocolType, readErrorPayload } from "../protocol.ts";
import type { AnyMessageSchema } from "../schema/message-schema.ts";
import { validateSync } from "../schema/validate.ts";
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

interface Pending {
  readonly spec: RequestSpec;
  /** The queued frame, until it is sent. */
  entry: OutboundEntry | undefined;
  sent: boolean;
  timer: unknown;
  resolve(message: unknown): void;
  reject(error: unknown): void;
  removeAbortListener(): void;
}

/**
 * The pending requests, keyed by correlation id: bounded, timed from when each frame is sent,
 * abortable, settled by the first terminal frame with their id. Nothing survives settlement.
 */
export class RequestManager {
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly deps: RequestDeps) {}

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
    if (spec.signal?.aborted) return Promise.reject(new AbortError(spec.type, spec.signal.reason));
    let resolve!: (value: unknown) => void;
    let reject!: (error: unknown) => void;
    const promise = new Promise<unknown>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    const id = spec.correlationId;
    const entry: OutboundEntry = {
      type: spec.type,
      data: spec.data,
      onSent: () => this.markSent(id),
      onDrop: (error) => this.settle(id, error),
    };
    const onAbort = () => this.abort(id);
    spec.signal?.addEventListener("abort", onAbort, { once: true });
    this.pending.set(id, {
      spec,
      entry,
      sent: false,
      timer: undefined,
      resolve,
      reject,
      removeAbortListener: () => spec.signal?.removeEventListener("abort", onAbort),
    });
    try {
      this.deps.transmit(entry);
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
    if (id === undefined || pending === undefined) return false;
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
      if (pending.entry !== undefined) this.deps.unqueue(pending.entry);
      this.settle(id, error);
    }
  }

  private markSent(id: string): void {
    const pending = this.pending.get(id);
    if (pending === undefined) return;
    pending.sent = true;
    pending.entry = undefined;
    const { type, timeoutMs } = pending.spec;
    pending.timer = this.deps.clock.setTimeout(() => {
      pending.timer = undefined;
      this.settle(id, new TimeoutError(type, timeoutMs));
      this.sendAbort(id); // tell the server to stop working on it
    }, timeoutMs);
  }

  private abort(id: string): void {
    const pending = this.pending.get(id);
    if (pending === undefined) return;
    const { sent, entry, spec } = pending;
    this.settle(id, new AbortError(spec.type, spec.signal?.reason));
    if (sent) this.sendAbort(id);
    else if (entry !== undefined) this.deps.unqueue(entry);
  }

  private sendAbort(id: string): void {
    this.deps.sendControl(JSON.stringify({ type: ProtocolType.abort, meta: { correlationId: id } }));
  }

  private settle(id: string, error: unknown, value?: unknown): void {
    const pending = this.pending.get(id);
    if (pending === undefined) return;
    this.pending.delete(id);
    if (pending.timer !== undefined) this.deps.clock.clearTimeout(pending.timer);
    pending.removeAbortListener();
    if (error === undefined) pending.resolve(value);
    else pending.reject(error);
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
