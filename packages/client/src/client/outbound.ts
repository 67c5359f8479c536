import { ValidationError } from "../errors.ts";
import { serializeMessage } from "../protocol.ts";
import { type AnyMessageSchema, messageInfo } from "../schema/message-schema.ts";
import { validateSync } from "../schema/validate.ts";

/** A validated, serialized outbound message. */
export interface OutboundFrame {
  readonly type: string;
  readonly data: string;
}

/**
 * Validates a message against its schema and serializes it. What travels is the input the
 * caller gave (not the schema's transformed output), with `meta.timestamp = now` unless given
 * and `meta.correlationId` set when `correlationId` is (a request's id wins over the caller's).
 * @throws ValidationError when the message does not match the schema.
 * @throws TypeError when `schema` is not a message schema.
 */
export function buildFrame(
  schema: AnyMessageSchema,
  payload: unknown,
  meta: object | undefined,
  now: number,
  correlationId?: string,
): OutboundFrame {
  const info = messageInfo(schema);
  const fullMeta: Record<string, unknown> = { ...meta };
  if (correlationId !== undefined) fullMeta.correlationId = correlationId;
  if (fullMeta.timestamp === undefined) fullMeta.timestamp = now;
  const candidate: Record<string, unknown> = { type: info.type, meta: fullMeta };
  if (payload !== undefined || info.hasPayload) candidate.payload = payload;
  const result = validateSync(schema, candidate);
  if (!result.success) throw new ValidationError(info.type, "outbound", result.issues);
  return { type: info.type, data: serializeMessage(info.type, fullMeta, payload) };
}

let fallbackCounter = 0;

/**
 * A fresh correlation id: `crypto.randomUUID()` where available (it is missing on insecure
 * browser origins and old runtimes), else a time + counter + random string, unique per client.
 */
export function newCorrelationId(): string {
  const crypto = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  if (typeof crypto?.randomUUID === "function") return crypto.randomUUID();
  fallbackCounter = (fallbackCounter + 1) % Number.MAX_SAFE_INTEGER;
  const random = Math.random().toString(36).slice(2, 10);
  return `${Date.now().toString(36)}-${fallbackCounter.toString(36)}-${random}`;
}
