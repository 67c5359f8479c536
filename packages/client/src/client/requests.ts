import { AbortError, LimitExceededError, ServerError, TimeoutError, ValidationError } from "../errors.ts";
import { frameData } from "../frame.ts";
import {
  type Envelope,
  envelopeToMessage,
  isErrorType,
  ProtocolType,
  readErrorPayload,
  serializeMessage,
} from "../protocol.ts";
import { type AnyMessageSchema, getMessageInfo, messageInfo } from "../schema/message-schema.ts";
import { createDeadlineTimer } from "./deadlines.ts";
import type { ResolvedOptions } from "./options.ts";
import type { OutboundEntry, OutboundQueue } from "./queue.ts";
import type { ClientErrorEvent, RequestOptions } from "./types.ts";
import { validateInbound } from "./validate-inbound.ts";

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
   * Returns whether a request took it. `message` is what the response schema validates when the
   * router already has it (a frame without unknown root keys); else it is made from the envelope.
   */
  handle(envelope: Envelope, message?: unknown): boolean;
  /**
   * The connection was lost: with `final` (the client closed) every request rejects with
   * `error`, queued ones taken out of the queue; else (the socket dropped, a reconnect follows)
   * sent ones reject unless retryable (those become `retrying`); queued ones wait.
   */
  lost(error: Error, final: boolean): void;
  /** On open: sends every `retrying` request again (the same frame), oldest first. */
  resend(): void;
}

/**
 * Where a request is: `queued` (waiting in the offline queue, nothing on the wire), `sent`
 * (handed to the socket; aborting it tells the server) or `retrying` (retryable, sent before
 * the socket dropped: waits for the next open to be sent again; aborting it sends nothing).
 */
export type RequestState = "queued" | "sent" | "retrying";

/**
 * One pending request. It is its own queue entry and its own abort listener (`handleEvent`),
 * with hooks shared by every request, so tracking a request allocates no closures.
 */
interface Pending extends OutboundEntry {
  readonly id: string;
  readonly response: AnyMessageSchema;
  readonly timeoutMs: number;
  readonly options: RequestOptions | undefined;
  /** Survives a dropped socket (sent again on the next open) instead of rejecting. */
  readonly retryable: boolean;
  /** The promise's own settle functions (no wrapper object per request). */
  readonly resolve: (message: unknown) => void;
  readonly reject: (error: unknown) => void;
  state: RequestState;
  /** When the request times out (clock ms): `timeoutMs` after the call. */
  deadline: number;
  handleEvent(): void;
}

/** What {@link createRequests} needs. */
export interface RequestDeps {
  readonly options: Pick<ResolvedOptions, "clock" | "maxPendingRequests" | "requestTimeoutMs" | "timestamp">;
  /**
   * Sends the frame now or queues it (calling the entry's `onSent` once it is on the wire).
   * @throws LimitExceededError / ConnectionClosedError when it can be neither sent nor queued.
   */
  readonly transmit: (entry: OutboundEntry) => void;
  /** Sends a frame if open (a retried request); false when not open. Never queues. */
  readonly send: (entry: OutboundEntry) => boolean;
  /** Sends a protocol frame if open (`$ws:abort`); never queues. */
  readonly sendControl: (data: string) => void;
  /** The offline queue, to take out a request that is aborted or rejected while queued. */
  readonly queue: OutboundQueue | undefined;
  /** Receives throws from `onProgress`. */
  readonly reportError: (event: ClientErrorEvent) => void;
  /** The client's correlation ids (shared with topic subscriptions, so ids never repeat). */
  readonly newCorrelationId: () => string;
}

/**
 * The pending requests, keyed by correlation id: bounded, timed from the call — queued time
 * included, so no request waits forever (one shared timer for every deadline) — abortable,
 * settled by the first terminal frame with their id. Nothing survives settlement.
 */
export function createRequests({
  options,
  transmit,
  send,
  sendControl,
  queue,
  reportError,
  newCorrelationId,
}: RequestDeps): RequestManager {
  const { clock, maxPendingRequests, requestTimeoutMs, timestamp } = options;
  const pending = new Map<string, Pending>();

  // Times out every request whose deadline passed, queued or sent; returns the next deadline.
  const deadlines = createDeadlineTimer(clock, (now) => {
    let next = Infinity;
    for (const request of pending.values()) {
      if (request.deadline > now) next = Math.min(next, request.deadline);
      else {
        const { state } = request;
        reject(request, new TimeoutError(request.type, request.timeoutMs, state !== "queued"));
        if (state === "sent") sendAbort(request); // tell the server to stop working on it
      }
    }
    return next;
  });

  function sendAbort(request: Pending): void {
    sendControl(serializeMessage(ProtocolType.abort, { correlationId: request.id }));
  }

  /** Stops tracking `request`; false when it was already settled. */
  function untrack(request: Pending): boolean {
    if (!pending.delete(request.id)) return false;
    // The timer stays armed when nothing is left: it then finds nothing due and stops, and the
    // next request (one at a time) needs no new timer. `lost(…, true)` stops it.
    request.options?.signal?.removeEventListener("abort", request);
    if (request.state === "queued") queue?.remove(request);
    return true;
  }

  function resolve(request: Pending, message: unknown): void {
    if (untrack(request)) request.resolve(message);
  }

  function reject(request: Pending, error: unknown): void {
    if (untrack(request)) request.reject(error);
  }

  // The hooks every request shares; `this` is the request.
  function onSent(this: Pending): void {
    this.state = "sent";
  }
  function onDrop(this: Pending, error: LimitExceededError): void {
    reject(this, error);
  }
  function handleEvent(this: Pending): void {
    const wasSent = this.state === "sent";
    reject(this, new AbortError(this.type, this.options?.signal?.reason));
    if (wasSent) sendAbort(this);
  }

  return {
    start(schema, payload, response, requestOptions) {
      // A throw in the executor rejects the promise.
      return new Promise((resolvePromise, rejectPromise) => {
        const signal = requestOptions?.signal;
        const id = newCorrelationId();
        if (!getMessageInfo(response)) {
          const type = messageInfo(schema).type; // throws for a request schema that is not one either
          throw new TypeError(
            `request(${type}, …) needs a response schema: pass the response message after the payload, or pair the two once with rpc() or withResponse()`,
          );
        }
        const now = clock.now();
        const info = messageInfo(schema);
        const { type } = info;
        const data = frameData(schema, info, payload, requestOptions?.meta, id, timestamp ? now : undefined);
        if (pending.size >= maxPendingRequests) {
          const message = `${type}: too many pending requests (${maxPendingRequests})`;
          throw new LimitExceededError("pending-requests", type, message);
        }
        if (signal?.aborted) throw new AbortError(type, signal.reason);
        const timeoutMs = requestOptions?.timeoutMs ?? requestTimeoutMs;
        const request: Pending = {
          id,
          type,
          data,
          response,
          timeoutMs,
          options: requestOptions,
          retryable: requestOptions?.retryable ?? !!info.retryable,
          resolve: resolvePromise,
          reject: rejectPromise,
          state: "queued",
          deadline: now + timeoutMs,
          onSent,
          onDrop,
          handleEvent,
        };
        signal?.addEventListener("abort", request); // removed on settle, the abort included (untrack)
        pending.set(id, request);
        deadlines.schedule(request.deadline);
        try {
          transmit(request);
        } catch (error) {
          reject(request, error);
        }
      });
    },

    handle(envelope, message = envelopeToMessage(envelope)) {
      const request = pending.get(envelope.meta.correlationId as string);
      if (!request) return false;
      const { type } = envelope;
      if (type === ProtocolType.progress) {
        try {
          request.options?.onProgress?.(envelope.payload);
        } catch (error) {
          reportError({ kind: "handler-error", error, messageType: request.type });
        }
      } else if (isErrorType(type)) {
        reject(request, serverErrorFrom(envelope, request.type));
      } else {
        // Never throws: an async response schema rejects the request with a ValidationError.
        const result = validateInbound(request.response, message, type);
        if (result instanceof ValidationError) reject(request, result);
        else resolve(request, result.value);
      }
      return true;
    },

    lost(error, final) {
      for (const request of [...pending.values()]) {
        if (final || (request.state === "sent" && !request.retryable)) reject(request, error);
        else if (request.state === "sent") request.state = "retrying";
      }
      if (final) deadlines.cancel(); // the client closed: no timer left behind
    },

    resend() {
      for (const request of pending.values()) {
        if (request.state === "retrying") send(request); // its onSent makes it `sent` again
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
