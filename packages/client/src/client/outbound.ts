import { ValidationError } from "../errors.ts";
import { messageOf } from "../schema/create-message.ts";
import { normalizeIssues } from "../schema/issues.ts";
import { type AnyMessageSchema, messageInfo } from "../schema/message-schema.ts";
import { syncResult } from "../schema/validate.ts";

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
  let fullMeta: Record<string, unknown>;
  if (!meta) {
    // The common case in one literal (same keys, same order as the general path below).
    fullMeta = correlationId === undefined ? { timestamp: now } : { correlationId, timestamp: now };
  } else {
    fullMeta = { ...meta };
    if (correlationId !== undefined) fullMeta.correlationId = correlationId;
    if (fullMeta.timestamp === undefined) fullMeta.timestamp = now;
  }
  // The candidate is also what gets serialized: JSON leaves out a `payload` that is undefined.
  const candidate = messageOf(info, fullMeta, payload);
  const { issues } = syncResult(schema, candidate);
  if (issues) throw new ValidationError(info.type, "outbound", normalizeIssues(issues));
  return { type: info.type, data: JSON.stringify(candidate) };
}

let fallbackCounter = 0;

/**
 * A fresh correlation id: `crypto.randomUUID()` where available (it is missing on insecure
 * browser origins and old runtimes), else a time + counter + random string, unique per client.
 */
export function newCorrelationId(): string {
  const { crypto } = globalThis as { crypto?: { randomUUID?: () => string } };
  return crypto?.randomUUID
    ? crypto.randomUUID()
    : `${Date.now().toString(36)}-${(++fallbackCounter).toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}
