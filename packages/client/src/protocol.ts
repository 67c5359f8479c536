/**
 * The typed-ws wire protocol v1 (see PROTOCOL.md): frame constants, error codes, and the one
 * parser both ends use to read a text frame into an envelope.
 */

/** Message types the protocol itself uses. Application types must not start with `$` or `__`. */
export const ProtocolType = {
  error: "ERROR",
  rpcError: "RPC_ERROR",
  abort: "$ws:abort",
  progress: "$ws:rpc-progress",
  heartbeat: "__heartbeat",
  heartbeatAck: "__heartbeat_ack",
} as const;

/** The topic requests and answers (PROTOCOL.md, "Topics"). Apart from `ProtocolType` so the core bundle only pays for them where used. */
export const TopicFrameType = {
  subscribe: "$ws:subscribe",
  subscribed: "$ws:subscribed",
  unsubscribe: "$ws:unsubscribe",
  unsubscribed: "$ws:unsubscribed",
} as const;

/** Built-in error codes and when they are sent (PROTOCOL.md, "Errors"). */
export const ErrorCodes = [
  "INVALID_MESSAGE_FORMAT",
  "VALIDATION_FAILED",
  "UNSUPPORTED_MESSAGE_TYPE",
  "AUTHENTICATION_FAILED",
  "AUTHORIZATION_FAILED",
  "RESOURCE_NOT_FOUND",
  "RATE_LIMIT_EXCEEDED",
  "PAYLOAD_TOO_LARGE",
  "INTERNAL_SERVER_ERROR",
] as const;

/** A built-in error code. Applications may send their own codes too (e.g. `"RATE_LIMIT"`). */
export type BuiltInErrorCode = (typeof ErrorCodes)[number];

/** Any error code: a built-in one, or an application string, with built-ins still autocompleted. */
export type ErrorCodeString = BuiltInErrorCode | (string & {});

/**
 * Meta keys `message()` refuses and the server strips from inbound meta: `clientId` and
 * `receivedAt` never travel; `topic` and `offset` only mark topic publications (server to client).
 */
export const RESERVED_META_KEYS = ["clientId", "receivedAt", "topic", "offset"] as const;

/** Longest correlation id the protocol accepts. */
export const MAX_CORRELATION_ID_LENGTH = 128;

/** The subprotocol prefix that carries a token (`bearer.<token>`, PROTOCOL.md "Connection and authentication"). */
export const BEARER_PROTOCOL_PREFIX = "bearer.";

/** The payload of an `ERROR` frame. */
export interface ErrorPayload {
  code: ErrorCodeString;
  message?: string;
  context?: Record<string, unknown>;
  retryAfterMs?: number;
}

/** Base meta every message may carry. */
export interface BaseMeta {
  timestamp?: number;
  correlationId?: string;
}

/** A frame read off the wire: shape-checked, not yet validated against a message schema. */
export interface Envelope {
  type: string;
  meta: Record<string, unknown>;
  payload?: unknown;
  /** Whether the frame carried a `payload` key at all. */
  hasPayload: boolean;
  /** Root keys other than `type`/`meta`/`payload`, kept so strict schemas can reject them. */
  extra?: Record<string, unknown>;
}

/** Why a frame could not be read as an envelope. */
export type FrameProblem = "not-json" | "not-object" | "no-type" | "bad-meta" | "binary";

/** The result of {@link parseFrame}. */
export type ParsedFrame =
  | { readonly ok: true; readonly envelope: Envelope }
  | {
      readonly ok: false;
      readonly problem: FrameProblem;
      readonly message: string;
      /** The correlation id, when one could still be read from the frame. */
      readonly correlationId?: string;
    };

/** True for the protocol's error frames: `ERROR` and ws-kit's `RPC_ERROR`. */
export function isErrorType(type: string): boolean {
  return type === ProtocolType.error || type === ProtocolType.rpcError;
}

/** True for types reserved to the protocol (`$…` and `__…`). */
export function isReservedType(type: string): boolean {
  return type.startsWith("$") || type.startsWith("__");
}

/** A plain object: not null, not an array. */
function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * The correlation id in `meta`, when it is a usable one: a non-empty string of at most
 * {@link MAX_CORRELATION_ID_LENGTH} characters. Anything else reads as no id.
 */
export function readCorrelationId(meta: unknown): string | undefined {
  const id = (meta as { correlationId?: unknown } | null | undefined)?.correlationId;
  return typeof id === "string" && id.length > 0 && id.length <= MAX_CORRELATION_ID_LENGTH ? id : undefined;
}

const CORRELATION_ID_TEXT = /"correlationId"\s*:\s*"([^"\\]{1,128})"/;

/**
 * Best-effort correlation id of a frame that cannot be parsed (not valid JSON — `parseFrame`
 * says `not-json` — or too large to parse): looks for `"correlationId":"…"` in its first 4 KiB
 * (clients write `meta` before `payload`), so a server can still answer the request with its id.
 */
export function sniffCorrelationId(raw: string): string | undefined {
  return CORRELATION_ID_TEXT.exec(raw.slice(0, 4096))?.[1];
}

/** A frame {@link readFrame} accepted: the parsed object itself, `meta` defaulted to `{}`. */
export type FrameRecord = Record<string, unknown> & { type: string; meta: Record<string, unknown> };

/** A failed parse: `parseFrame`'s `{ ok: false }` result. */
export type FrameFailure = Extract<ParsedFrame, { ok: false }>;

/** A failed parse, with the correlation id when one can still be read. */
function failure(problem: FrameProblem, message: string, correlationId?: string): FrameFailure {
  return correlationId === undefined ? { ok: false, problem, message } : { ok: false, problem, message, correlationId };
}

/**
 * Reads one text frame as {@link parseFrame} does, without its result objects: the parsed object
 * (`meta` defaulted to `{}`), or parseFrame's failure (which has no `type` key, so
 * `"type" in result` tells them apart). When {@link toEnvelope} finds no unknown root keys, the
 * object is already the message a schema validates (what {@link envelopeToMessage} would build).
 */
export function readFrame(data: unknown): FrameRecord | FrameFailure {
  if (typeof data !== "string") return failure("binary", "binary frames are not supported: send JSON text");
  let record: unknown;
  try {
    record = JSON.parse(data);
  } catch (error) {
    // The parser's own words, cut: they may quote the frame.
    return failure("not-json", `frame is not valid JSON: ${String((error as Error).message).slice(0, 128)}`);
  }
  if (!isRecord(record)) return failure("not-object", "frame is not a JSON object: send { type, meta?, payload? }");
  const { type, meta = {} } = record; // null is not "absent"
  if (typeof type !== "string" || type === "") {
    return failure("no-type", "frame has no `type` (a non-empty string)", readCorrelationId(meta));
  }
  if (!isRecord(meta)) return failure("bad-meta", "frame `meta` is not an object");
  record.meta = meta;
  return record as FrameRecord;
}

/** The envelope of a frame {@link readFrame} accepted, with its unknown root keys as `extra`. */
export function toEnvelope(record: FrameRecord): Envelope {
  const envelope: Envelope = {
    type: record.type,
    meta: record.meta,
    payload: record.payload,
    hasPayload: "payload" in record,
  };
  // No array of keys: most frames have no other keys. Inherited keys (a polluted prototype) are not the frame's.
  for (const key in record) {
    if (key === "type" || key === "meta" || key === "payload" || !Object.hasOwn(record, key)) continue;
    // No prototype: a `__proto__` key (an own key after JSON.parse) stays a key instead of
    // setting the prototype, so strict schemas still see and reject it.
    envelope.extra ??= Object.create(null) as Record<string, unknown>;
    envelope.extra[key] = record[key];
  }
  return envelope;
}

/**
 * Reads one text frame into an {@link Envelope}: JSON, an object, a non-empty string `type`, an
 * object `meta` when present. Never throws; problems come back as `{ ok: false }` with the
 * correlation id when one could be read, so the other side can still be answered.
 */
export function parseFrame(data: unknown): ParsedFrame {
  const record = readFrame(data);
  return "type" in record ? { ok: true, envelope: toEnvelope(record) } : record;
}

/** The message as it goes back into a schema: `{ type, meta, payload? }` plus any unknown root keys. */
export function envelopeToMessage(envelope: Envelope): Record<string, unknown> {
  const message: Record<string, unknown> = envelope.hasPayload
    ? { type: envelope.type, meta: envelope.meta, payload: envelope.payload }
    : { type: envelope.type, meta: envelope.meta };
  return !envelope.extra ? message : { ...envelope.extra, ...message };
}

/** Serialises a message to a text frame, leaving out a `payload` that is undefined. */
export function serializeMessage(type: string, meta: object, payload?: unknown): string {
  return JSON.stringify({ type, meta, payload }); // JSON leaves out a key whose value is undefined
}

/**
 * Reads an `ERROR` or ws-kit `RPC_ERROR` payload. `RPC_ERROR`'s `details` is read as `context`.
 * Returns undefined when the payload is not a usable error (no string `code`).
 */
export function readErrorPayload(payload: unknown): ErrorPayload | undefined {
  const p = payload as Record<string, unknown> | null | undefined;
  if (typeof p?.code !== "string") return undefined;
  const context = p.context ?? p.details;
  const error: ErrorPayload = { code: p.code };
  if (typeof p.message === "string") error.message = p.message;
  if (isRecord(context)) error.context = context;
  if (Number.isFinite(p.retryAfterMs) && (p.retryAfterMs as number) >= 0) error.retryAfterMs = p.retryAfterMs as number;
  return error;
}
