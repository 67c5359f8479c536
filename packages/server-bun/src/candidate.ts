/**
 * What a route's schema validates, made from an inbound frame: `{ type, meta, payload? }` with
 * `meta` defaulting to `{}` and its reserved keys (`clientId`, `receivedAt`, `topic`, `offset`)
 * removed, unknown root keys kept (strict schemas reject them).
 */
import { type Envelope, isReservedType, RESERVED_META_KEYS } from "@typed-ws/client/protocol";
import { MAX_TYPE_LENGTH } from "./echo-limit.ts";

/** `meta` without the reserved keys (the same object when it has none). */
export function stripReservedMeta(meta: Record<string, unknown>): Record<string, unknown> {
  let copy: Record<string, unknown> | undefined;
  for (const key of RESERVED_META_KEYS) {
    if (!(key in meta)) continue;
    copy ??= { ...meta };
    delete copy[key];
  }
  return copy ?? meta;
}

/** What the route's schema validates: `{ type, meta (reserved keys removed), payload? }` plus unknown root keys. */
export function toCandidate(envelope: Envelope): Record<string, unknown> {
  const meta = stripReservedMeta(envelope.meta);
  const message: Record<string, unknown> = envelope.hasPayload
    ? { type: envelope.type, meta, payload: envelope.payload }
    : { type: envelope.type, meta };
  return envelope.extra === undefined ? message : { ...envelope.extra, ...message };
}

/**
 * The parsed frame when `parseFrame` would accept it as is and its type is not a protocol type
 * (`$…`, `__…`) nor over {@link MAX_TYPE_LENGTH}: a JSON object with a non-empty string `type`, an
 * object `meta` or none, and no other root keys than `payload`. Anything else is undefined, and
 * `parseFrame` then reads the frame (and words any problem) as before.
 */
export function parseRoutable(raw: string | ArrayBufferView | ArrayBuffer): Record<string, unknown> | undefined {
  if (typeof raw !== "string") return undefined;
  let record: unknown;
  try {
    record = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (typeof record !== "object" || record === null || Array.isArray(record)) return undefined;
  const { type, meta } = record as { type?: unknown; meta?: unknown };
  if (typeof type !== "string" || type === "" || type.length > MAX_TYPE_LENGTH || isReservedType(type))
    return undefined;
  if (meta !== undefined && (typeof meta !== "object" || meta === null || Array.isArray(meta))) return undefined;
  // Unknown root keys: parseFrame's envelope puts them first, which orders a strict schema's issues.
  let keys = 0;
  for (const _ in record) keys++;
  if (keys !== 1 + (meta === undefined ? 0 : 1) + ("payload" in record ? 1 : 0)) return undefined;
  return record as Record<string, unknown>;
}

/**
 * What the route's schema validates, made from a frame {@link parseRoutable} returned, in place:
 * `meta` defaults to `{}` and loses its reserved keys. The same value and issues as
 * {@link toCandidate} of `parseFrame`'s envelope (`candidate.test.ts` checks both validators).
 */
export function recordToCandidate(record: Record<string, unknown>): Record<string, unknown> {
  const meta = record.meta as Record<string, unknown> | undefined;
  if (meta === undefined) record.meta = {};
  else {
    const stripped = stripReservedMeta(meta);
    if (stripped !== meta) record.meta = stripped;
  }
  return record;
}
