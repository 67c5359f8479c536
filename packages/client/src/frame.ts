/**
 * Building an outbound frame: the one rule both ends follow (the client for `send`/`request`,
 * the server for replies and publishes), exported from `@typed-ws/client/protocol`.
 */
import { ValidationError } from "./errors.ts";
import { messageOf } from "./schema/create-message.ts";
import { normalizeIssues } from "./schema/issues.ts";
import { type AnyMessageSchema, type MessageSchemaInfo, messageInfo } from "./schema/message-schema.ts";
import { syncResult } from "./schema/validate.ts";

/** A validated, serialized outbound message. */
export interface OutboundFrame {
  /** The message type. */
  readonly type: string;
  /** The text frame. */
  readonly data: string;
}

/** How {@link buildFrame} fills in `meta` and whether it validates. */
export interface FrameOptions {
  /** The caller's meta (declared meta fields, a `timestamp`, a `correlationId`). */
  readonly meta?: object | undefined;
  /** A request's correlation id: set in `meta`, winning over one the caller gave. */
  readonly correlationId?: string | undefined;
  /** `meta.timestamp` to add when the caller's meta has none; `undefined` adds none. */
  readonly timestamp?: number | undefined;
  /** Validate against the schema before serializing. @default true */
  readonly validate?: boolean | undefined;
}

/**
 * Validates a message against its schema and serializes it. What travels is the input the
 * caller gave (not the schema's transformed output): `meta` with `correlationId` and
 * `timestamp` filled in as {@link FrameOptions} says, and no `payload` key when it is undefined.
 * @throws ValidationError when the message does not match the schema (nothing to send).
 * @throws TypeError when `schema` is not a message schema, or validates asynchronously.
 */
export function buildFrame(schema: AnyMessageSchema, payload: unknown, options: FrameOptions = {}): OutboundFrame {
  const info = messageInfo(schema);
  const { meta, correlationId, timestamp, validate } = options;
  return { type: info.type, data: frameData(schema, info, payload, meta, correlationId, timestamp, validate) };
}

/**
 * {@link buildFrame} without its option and result objects (the request path): the text frame
 * for `schema` (whose info is `info`), each argument as {@link FrameOptions} says.
 * @throws ValidationError when the message does not match the schema (nothing to send).
 * @throws TypeError when the schema validates asynchronously.
 */
export function frameData(
  schema: AnyMessageSchema,
  info: MessageSchemaInfo,
  payload: unknown,
  meta: object | undefined,
  correlationId: string | undefined,
  timestamp: number | undefined,
  validate?: boolean,
): string {
  const fullMeta: Record<string, unknown> = { ...meta };
  if (correlationId !== undefined) fullMeta.correlationId = correlationId;
  if (timestamp !== undefined) fullMeta.timestamp ??= timestamp;
  // The candidate is also what gets serialized: JSON leaves out a `payload` that is undefined.
  const candidate = messageOf(info, fullMeta, payload);
  if (validate !== false) {
    const { issues } = syncResult(schema, candidate);
    if (issues) throw new ValidationError(info.type, "outbound", normalizeIssues(issues));
  }
  return JSON.stringify(candidate);
}
