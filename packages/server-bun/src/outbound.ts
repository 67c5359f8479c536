/**
 * Building outbound frames: `meta.timestamp` added unless given, validated against the message
 * schema when `validateOutbound` is on, serialized once.
 */
import {
  type AnyMessageSchema,
  buildFrame,
  type ErrorPayload,
  messageInfo,
  ProtocolType,
  serializeMessage,
} from "@typed-ws/client/protocol";
import type { SendStatus } from "./types.ts";

/**
 * Serializes a message of `schema`. `correlationId` (the request's) wins over one in `meta`;
 * `timestamp` is `Date.now()` unless `meta` carries one.
 * @throws ValidationError when `validate` is true and the message does not match its schema.
 * @throws TypeError when `schema` is not a message schema, or validates asynchronously.
 */
export function encodeMessage(
  schema: AnyMessageSchema,
  payload: unknown,
  meta: object | undefined,
  validate: boolean,
  correlationId?: string,
): string {
  if (!validate && meta === undefined) return plainFrame(messageInfo(schema).type, correlationId, Date.now(), payload);
  return buildFrame(schema, payload, { meta, correlationId, timestamp: Date.now(), validate }).data;
}

/**
 * The frame `buildFrame` makes for `{ type, meta: { correlationId?, timestamp }, payload? }`
 * without validation (same keys, same order, same bytes; a `payload` that is undefined is left
 * out), in one `JSON.stringify` of one literal: no meta copy, no candidate, no result object.
 * (JSC's `JSON.stringify` of a small literal is faster than concatenating pre-serialized parts.)
 */
export function plainFrame(
  type: string,
  correlationId: string | undefined,
  timestamp: number,
  payload: unknown,
): string {
  return correlationId === undefined
    ? JSON.stringify({ type, meta: { timestamp }, payload })
    : JSON.stringify({ type, meta: { correlationId, timestamp }, payload });
}

/** Serializes an `ERROR` frame, with the request's correlation id when there is one. */
export function encodeError(error: ErrorPayload, correlationId: string | undefined): string {
  const payload: Record<string, unknown> = { code: error.code };
  if (error.message !== undefined) payload.message = error.message;
  if (error.context !== undefined) payload.context = error.context;
  if (error.retryAfterMs !== undefined) payload.retryAfterMs = error.retryAfterMs;
  const meta = correlationId === undefined ? { timestamp: Date.now() } : { timestamp: Date.now(), correlationId };
  return serializeMessage(ProtocolType.error, meta, payload);
}

/** Reads Bun's `ws.send` result: bytes (>0) sent, `-1` buffered under backpressure, `0` dropped. */
export function toSendStatus(result: number): SendStatus {
  if (result > 0) return "sent";
  return result === -1 ? "queued" : "dropped";
}
