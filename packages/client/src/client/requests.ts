import { AbortError, LimitExceededError, ServerError, TimeoutError, ValidationError } from "../errors.ts";
import {
  type Envelope,
  envelopeToMessage,
  isErrorType,
  ProtocolType,
  readErrorPayload,
  serializeMessage,
} from "../protocol.ts";
import { normalizeIssues } from "../schema/issues.ts";
import { type AnyMessageSchema, messageInfo } from "../schema/message-schema.ts";
import { syncResult } from "../schema/validate.ts";
import type { Connection } from "./connection.ts";
import { createDeadlineTimer } from "./deadlines.ts";
import type { ResolvedOptions } from "./options.ts";
import { buildFrame, newCorrelationId } from "./outbound.ts";
import type { OutboundEntry, OutboundQueue } from "./queue.ts";
import type { ClientErrorEvent, RequestOptions } from "./types.ts";

/** The pending requests of one client (see {@link createRequests}). */
export interface RequestManager {
  /**
   * Validates, tracks and transmits a request with a fresh correlation id; the promise settles
   * with the validated response or a RequestError. Never throws: a missing response schema or
   * an invalid message rejects, and over `maxPendingRequests` it rejects with
   * LimitExceededError; in every such case nothing is sent.
   */
  start(
    schema: AnyMessageSchema,
    payload: unknown,
    response: AnyMessageSchema,
    options: RequestOptions | undefined,
  ): Promise<unknown>;
  /**
   * Gives a frame to the request it answers, if any: `$ws:rpc-progress` → `onProgress`,
   * `ERROR`/`RPC_ERROR` → ServerError, anything else is validated against the response schema.
   * Returns whether a request took it.
   */
  handle(envelope: Envelope): boolean;
  /**
   * Rejects every request with `error`: with `all` (the client closed) queued ones too, taken
   * out of the queue; without (the socket dropped) only those already sent — queued ones wait
   * for the next connection.
   */
  reject(error: Error, all?: boolean): void;
}

/**
 * One pending request. It is its own queue entry and its own abort listener (`handleEvent`),
 * with hooks shared by every request, so tracking a request allocates no closures.
 */
interface Pending extends OutboundEntry {
  readonly id: string;
  readonly response: AnyMessageSchema;
  readonly timeoutMs: number;
  readonly options: RequestOptions | undefined;
  readonly resolve: (message: unknown) => void;
  readonly reject: (error: unknown) => void;
  /** When the request times out (clock ms): set when the frame is handed to the socket. */
  deadline: number | undefined;
  handleEvent(): void;
}

/**
 * The pending requests, keyed by correlation id: bounded, timed from when each frame is sent
 * (one shared timer for every deadline), abortable, settled by the first terminal frame with
 * their id. Nothing survives settlement. `report` receives throws from `onProgress`.
 */
export function createRequests(
  { clock, maxPendingRequests, requestTimeoutMs }: ResolvedOptions,
  connection: Connection,
  queue: OutboundQueue | undefined,
  report: (event: ClientErrorEvent) => void,
): RequestManager {
  const pending = new Map<string, Pending>();
  const sendAbort = (id: string) => connection.sendControl(serializeMessage(ProtocolType.abort, { correlationId: id }));

  function settle(request: Pending, error: unknown, value?: unknown): void {
    if (!pending.delete(request.id)) return;
    // Nothing left to time. (With only queued requests left the timer may fire once, idle.)
    if (pending.size === 0) deadlines.cancel();
    request.options?.signal?.removeEventListener("abort", request);
    if (error === undefined) request.resolve(value);
    else request.reject(error);
  }

  // The hooks every request shares; `this` is the request.
  function onSent(this: Pending): void {
    if (this.deadline !== undefined || !pending.has(this.id)) return;
    this.deadline = clock.now() + this.timeoutMs;
    deadlines.schedule(this.deadline);
  }
  function onDrop(this: Pending, error: LimitExceededError): void {
    settle(this, error);
  }
  function handleEvent(this: Pending): void {
    if (!pending.has(this.id)) return;
    settle(this, new AbortError(this.type, this.options?.signal?.reason));
    if (this.deadline === undefined) queue?.remove(this);
    else sendAbort(this.id);
  }

  // Times out every sent request whose deadline passed; returns the next deadline.
  const deadlines = createDeadlineTimer(clock, (now) => {
    let next = Infinity;
    for (const request of pending.values()) {
      const { deadline } = request;
      if (deadline === undefined) continue;
      if (deadline > now) next = Math.min(next, deadline);
      else {
        settle(request, new TimeoutError(request.type, request.timeoutMs));
        sendAbort(request.id); // tell the server to stop working on it
      }
    }
    return next;
  });

  return {
    start(schema, payload, response, options) {
      // A throw in the executor rejects the promise.
      return new Promise((resolve, reject) => {
        messageInfo(response); // throws for a missing response schema
        const signal = options?.signal;
        const id = newCorrelationId();
        const { type, data } = buildFrame(schema, payload, options?.meta, clock.now(), id);
        if (pending.size >= maxPendingRequests) {
          const message = `${type}: too many pending requests (${maxPendingRequests})`;
          throw new LimitExceededError("pending-requests", type, message);
        }
        if (signal?.aborted) throw new AbortError(type, signal.reason);
        const request: Pending = {
          id,
          type,
          data,
          response,
          timeoutMs: options?.timeoutMs ?? requestTimeoutMs,
          options,
          resolve,
          reject,
          deadline: undefined,
          onSent,
          onDrop,
          handleEvent,
        };
        signal?.addEventListener("abort", request, { once: true });
        pending.set(id, request);
        try {
          connection.transmit(request);
        } catch (error) {
          settle(request, error);
        }
      });
    },

    handle(envelope) {
      const request = pending.get(envelope.meta.correlationId as string);
      if (!request) return false;
      const { type } = envelope;
      if (type === ProtocolType.progress) {
        try {
          request.options?.onProgress?.(envelope.payload);
        } catch (error) {
          report({ kind: "handler-error", error, messageType: request.type });
        }
      } else if (isErrorType(type)) {
        settle(request, serverErrorFrom(envelope, request.type));
      } else {
        const result = syncResult(request.response, envelopeToMessage(envelope));
        if (!result.issues) settle(request, undefined, result.value);
        else settle(request, new ValidationError(type, "inbound", normalizeIssues(result.issues)));
      }
      return true;
    },

    reject(error, all) {
      for (const request of [...pending.values()]) {
        if (request.deadline === undefined) {
          if (!all) continue;
          queue?.remove(request);
        }
        settle(request, error);
      }
    },
  };
}

/** Reads an `ERROR`/`RPC_ERROR` frame as a ServerError (`details` read as `context`). */
export function serverErrorFrom(envelope: Envelope, messageType?: string): ServerError {
  const payload = readErrorPayload(envelope.payload) ?? {
    code: "INVALID_MESSAGE_FORMAT",
    message: "Error frame without a code",
  };
  return new ServerError(payload.code, payload.message, { ...payload, messageType });
}
