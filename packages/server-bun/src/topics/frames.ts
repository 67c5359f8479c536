/**
 * The topic frames on the wire: publications with `meta.topic`/`meta.offset` added to the
 * published envelope, and reading `$ws:subscribe` / `$ws:unsubscribe` requests strictly.
 */
import { type Envelope, MAX_CORRELATION_ID_LENGTH, MAX_TOPIC_LENGTH } from "@typed-ws/client/protocol";

/** Bun topic under which a topic's `$ws:subscribe` subscribers are attached (apart from `ctx.subscribe`'s plain name). */
export function wireTopic(name: string): string {
  return `$ws:topic:${name}`;
}

/**
 * Adds `"topic"` and `"offset"` as the first keys of `meta` in a frame made by
 * `serializeMessage` (`{"type":…,"meta":{…},…}`); the type is JSON-escaped, so the first
 * `,"meta":{` is the envelope's.
 */
export function withTopicMeta(frame: string, topic: string, offset: number): string {
  const at = frame.indexOf(',"meta":{') + 9;
  const rest = frame.slice(at);
  const keys = `"topic":${JSON.stringify(topic)},"offset":${offset}`;
  return `${frame.slice(0, at)}${keys}${rest.startsWith("}") ? "" : ","}${rest}`;
}

/** A `since` position a subscriber sends. */
export interface Since {
  readonly epoch: string;
  readonly offset: number;
}

/** A read `$ws:subscribe` (`since` only there) or `$ws:unsubscribe`. */
export interface TopicRequest {
  readonly topic: string;
  readonly since?: Since;
}

/** Why a topic request is invalid: the path and a message for `VALIDATION_FAILED`. */
export interface RequestProblem {
  readonly path: readonly string[];
  readonly message: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function unknownKey(record: Record<string, unknown>, allowed: readonly string[]): string | undefined {
  return Object.keys(record).find((key) => !allowed.includes(key));
}

/** Longest `since.epoch` accepted. */
const MAX_EPOCH_LENGTH = 128;

/**
 * Reads a `$ws:subscribe` (with `since`) or `$ws:unsubscribe` envelope, strictly: no unknown
 * keys at the root, in `meta` (reserved keys already removed) or in `payload`.
 */
export function readTopicRequest(
  envelope: Envelope,
  meta: Record<string, unknown>,
  withSince: boolean,
): TopicRequest | RequestProblem {
  const type = envelope.type;
  const extra = envelope.extra && Object.keys(envelope.extra)[0];
  if (extra !== undefined) return { path: [extra.slice(0, 128)], message: `${type}: unknown key at the root` };
  const metaKey = unknownKey(meta, ["timestamp", "correlationId"]);
  if (metaKey !== undefined) return { path: ["meta", metaKey.slice(0, 128)], message: `${type}: unknown meta key` };
  if (meta.timestamp !== undefined && typeof meta.timestamp !== "number") {
    return { path: ["meta", "timestamp"], message: `${type}: meta.timestamp must be a number` };
  }
  const id = meta.correlationId;
  if (id !== undefined && (typeof id !== "string" || id.length > MAX_CORRELATION_ID_LENGTH)) {
    return {
      path: ["meta", "correlationId"],
      message: `${type}: meta.correlationId must be a string of at most 128 characters`,
    };
  }
  const payload = envelope.payload;
  if (!isRecord(payload))
    return { path: ["payload"], message: `${type}: payload must be an object { topic${withSince ? ", since?" : ""} }` };
  const key = unknownKey(payload, withSince ? ["topic", "since"] : ["topic"]);
  if (key !== undefined) return { path: ["payload", key.slice(0, 128)], message: `${type}: unknown payload key` };
  const topic = payload.topic;
  if (typeof topic !== "string" || topic.length === 0 || topic.length > MAX_TOPIC_LENGTH) {
    return {
      path: ["payload", "topic"],
      message: `${type}: payload.topic must be a string of 1–${MAX_TOPIC_LENGTH} characters`,
    };
  }
  if (payload.since === undefined) return { topic };
  const since = payload.since;
  if (!isRecord(since))
    return { path: ["payload", "since"], message: `${type}: payload.since must be { epoch, offset }` };
  const sinceKey = unknownKey(since, ["epoch", "offset"]);
  if (sinceKey !== undefined) {
    return { path: ["payload", "since", sinceKey.slice(0, 128)], message: `${type}: unknown key in payload.since` };
  }
  const { epoch, offset } = since;
  if (typeof epoch !== "string" || epoch.length === 0 || epoch.length > MAX_EPOCH_LENGTH) {
    return {
      path: ["payload", "since", "epoch"],
      message: `${type}: payload.since.epoch must be a string of 1–${MAX_EPOCH_LENGTH} characters`,
    };
  }
  if (!Number.isSafeInteger(offset) || (offset as number) < 0) {
    return { path: ["payload", "since", "offset"], message: `${type}: payload.since.offset must be an integer ≥ 0` };
  }
  return { topic, since: { epoch, offset: offset as number } };
}
