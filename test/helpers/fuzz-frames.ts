/**
 * Fuzz frames for both directions, each with what the receiver must do with it, worked out here
 * from the frame itself (PROTOCOL.md), not by calling the packages' own parser.
 */
import {
  byteLength,
  deepNesting,
  isPlainObject,
  own,
  PROTO_KEYS,
  randomBytes,
  randomJson,
  randomText,
  stringOfBytes,
  tryParse,
  wrongValue,
} from "./garbage.ts";
import type { Rng } from "./prng.ts";

type Json = Record<string, unknown>;

/** How the server must answer a frame. */
export type ServerAnswer = "error" | "reply" | "ack" | "none";

/** A frame for the server and the answer it must get. */
export interface ServerBoundFrame {
  readonly kind: string;
  readonly data: string | Uint8Array;
  readonly answer: ServerAnswer;
  /** The correlation id the answer must carry (undefined: an answer without one). */
  readonly id: string | undefined;
}

/** A frame for the client and what it must do with it. */
export interface ClientBoundFrame {
  readonly kind: string;
  readonly data: string | Uint8Array;
  /** Reaches the `SEQ` handler (its `n` is the frame's index); anything else never does. */
  readonly valid: boolean;
  /** A heartbeat ack: consumed silently. Every other frame is reported exactly once. */
  readonly silent: boolean;
}

const MAX_ID_LENGTH = 128;

/** A key not already in `object`. */
function newKey(rng: Rng, object: object): string {
  const key = rng.chance(0.5) ? rng.pick(PROTO_KEYS) : `k${randomText(rng, 5)}`;
  return Object.hasOwn(object, key) ? `x${key}` : key;
}

/** Breaks a well-formed message: every one of these makes it fail its schema (or the envelope). */
const MUTATIONS: readonly ((rng: Rng, frame: Json, types: readonly string[]) => void)[] = [
  (rng, f) => {
    f.type = rng.pick<unknown>([null, 0, 1, true, [], {}, "", ["ECHO"]]);
  },
  (_rng, f) => {
    delete f.type;
  },
  (rng, f, types) => {
    f.type = rng.pick(types);
  },
  (rng, f) => {
    f.meta = rng.pick<unknown>(["x", "", 0, [], [1], true]);
  },
  (rng, f) => {
    if (isPlainObject(f.meta)) f.meta.correlationId = rng.pick<unknown>([0, 1, [], {}, true, "y".repeat(129)]);
  },
  (rng, f) => {
    if (isPlainObject(f.meta)) f.meta.timestamp = rng.pick<unknown>(["x", null, [], {}, true]);
  },
  (rng, f) => {
    if (isPlainObject(f.meta)) own(f.meta, newKey(rng, f.meta), wrongValue(rng));
  },
  (rng, f) => {
    f.payload = wrongValue(rng);
  },
  (_rng, f) => {
    delete f.payload;
  },
  (rng, f) => {
    if (isPlainObject(f.payload)) {
      for (const key of Object.keys(f.payload)) f.payload[key] = rng.pick<unknown>([null, [], {}, true, [1]]);
    }
  },
  (rng, f) => {
    if (isPlainObject(f.payload)) own(f.payload, newKey(rng, f.payload), wrongValue(rng));
  },
  (rng, f) => {
    own(f, newKey(rng, f), wrongValue(rng));
  },
];

function mutate(rng: Rng, frame: Json, types: readonly string[]): Json {
  for (let i = rng.int(1, 4); i > 0; i--) rng.pick(MUTATIONS)(rng, frame, types);
  return frame;
}

/** Types the server has no route for (including reserved ones), never `ECHO`/`HOLD`/… */
const UNROUTED_TYPES = [
  "NOPE",
  "ECHO_REPLY",
  "echo",
  "ECHO ",
  "ERROR",
  "$ws:rpc-progress",
  "__heartbeat_ack",
  "$x",
  "__x",
];

/** The id in a `"correlationId":"…"` pair that is complete in `data` (1–128 plain characters). */
function visibleId(data: string): string | undefined {
  const start = data.indexOf('"correlationId":"');
  if (start === -1) return undefined;
  const from = start + '"correlationId":"'.length;
  const end = data.indexOf('"', from);
  const id = end === -1 ? undefined : data.slice(from, end);
  return id !== undefined && id.length > 0 && id.length <= MAX_ID_LENGTH && !id.includes("\\") ? id : undefined;
}

/**
 * What the server must answer (PROTOCOL.md): binary, oversized, unreadable or invalid frames →
 * one `ERROR` (with the id when readable); `__heartbeat` → an ack; `$ws:abort` → nothing; a
 * valid request → its reply.
 */
function serverAnswer(
  data: string | Uint8Array,
  limit: number,
  valid: boolean,
  headId: string | undefined,
): { answer: ServerAnswer; id: string | undefined } {
  if (typeof data !== "string") return { answer: "error", id: undefined };
  if (byteLength(data) > limit) return { answer: "error", id: headId };
  const parsed = tryParse(data);
  // Not JSON: the answer still carries an id the frame shows whole (v1.1), e.g. a truncated request.
  if (parsed === undefined) return { answer: "error", id: visibleId(data) };
  if (!isPlainObject(parsed.value)) return { answer: "error", id: undefined };
  const frame = parsed.value;
  const meta = frame.meta ?? {};
  const rawId = isPlainObject(meta) ? meta.correlationId : undefined;
  const id = typeof rawId === "string" && rawId.length > 0 && rawId.length <= MAX_ID_LENGTH ? rawId : undefined;
  if (typeof frame.type !== "string" || frame.type === "") return { answer: "error", id };
  if (!isPlainObject(meta)) return { answer: "error", id: undefined };
  if (frame.type === "__heartbeat") return { answer: "ack", id: undefined };
  if (frame.type === "$ws:abort") return { answer: "none", id: undefined };
  return { answer: valid ? "reply" : "error", id };
}

/** Frame `index` for the server (`ECHO` is its only route used here), at most `2 * limit - 1` bytes. */
export function serverBoundFrame(rng: Rng, index: number, limit: number): ServerBoundFrame {
  const id = `fz-${String(index).padStart(6, "0")}`;
  const echo = (): Json => ({ type: "ECHO", meta: { correlationId: id, timestamp: index }, payload: { n: index } });
  const kind = rng.weighted<string>([
    [10, "random-text"],
    [10, "random-json"],
    [10, "truncated"],
    [35, "mutated"],
    [5, "deep"],
    [8, "huge"],
    [6, "binary"],
    [6, "reserved"],
    [10, "valid"],
  ]);
  let data: string | Uint8Array;
  let valid = false;
  let headId: string | undefined;
  switch (kind) {
    case "random-text":
      data = randomText(rng, 300);
      break;
    case "random-json":
      data = JSON.stringify(randomJson(rng, 3));
      break;
    case "truncated": {
      const whole = JSON.stringify(rng.chance(0.5) ? echo() : mutate(rng, echo(), UNROUTED_TYPES));
      data = whole.slice(0, rng.int(0, whole.length));
      break;
    }
    case "mutated":
      data = JSON.stringify(mutate(rng, echo(), UNROUTED_TYPES));
      break;
    case "deep": {
      const frame = echo();
      const nested = rng.chance(0.5);
      const depth = rng.int(50, Math.floor(limit / 7));
      if (nested) (frame.payload as Json).n = deepNesting(rng, depth);
      data = JSON.stringify(nested ? frame : deepNesting(rng, depth));
      break;
    }
    case "huge": {
      const withId = rng.chance(0.8);
      headId = withId ? id : undefined;
      const filler = stringOfBytes(rng, rng.int(limit - 200, 2 * limit - 200));
      data = JSON.stringify({ type: "ECHO", meta: withId ? { correlationId: id } : {}, payload: { n: filler } });
      break;
    }
    case "binary":
      data = rng.chance(0.3)
        ? new TextEncoder().encode(JSON.stringify(echo()))
        : randomBytes(rng, 0, rng.chance(0.2) ? 2 * limit - 1 : 200);
      break;
    case "reserved":
      data = JSON.stringify(
        rng.pick<Json>([
          { type: "$ws:abort" },
          { type: "$ws:abort", meta: { correlationId: id } },
          { type: "$ws:abort", meta: { correlationId: 5 } },
          { type: "__heartbeat", payload: randomJson(rng, 2) },
          { type: "__heartbeat", meta: { correlationId: id } },
          { type: "$ws:rpc-progress", meta: { correlationId: id }, payload: 1 },
        ]),
      );
      break;
    default: {
      // Valid, sometimes with reserved meta keys the server must strip before validating.
      const frame = echo();
      if (rng.chance(0.3)) Object.assign(frame.meta as Json, { clientId: "spoofed", receivedAt: 1 });
      data = JSON.stringify(frame);
      valid = true;
    }
  }
  return { kind, data, ...serverAnswer(data, limit, valid, headId) };
}

/** A heartbeat ack the client consumes without reporting (an envelope of type `__heartbeat_ack`). */
function isHeartbeatAck(data: string | Uint8Array): boolean {
  if (typeof data !== "string") return false;
  const parsed = tryParse(data);
  if (parsed === undefined || !isPlainObject(parsed.value)) return false;
  const meta = parsed.value.meta ?? {};
  return parsed.value.type === "__heartbeat_ack" && isPlainObject(meta);
}

/** Types the client has no handler for; never `SEQ` or `IDENTITY`. */
const UNHANDLED_TYPES = [
  "NOPE",
  "ECHO_REPLY",
  "ERROR",
  "RPC_ERROR",
  "$ws:rpc-progress",
  "__heartbeat",
  "__heartbeat_ack",
];

/**
 * Frame `index` for a client with handlers for `SEQ` and `IDENTITY` only. Garbage is built from
 * `SEQ` with `n: -1` (or `IDENTITY`), so any garbage that reached a handler would show.
 */
export function clientBoundFrame(rng: Rng, index: number): ClientBoundFrame {
  const base = (): Json =>
    rng.chance(0.7)
      ? { type: "SEQ", meta: { timestamp: index }, payload: { n: -1 } }
      : { type: "IDENTITY", meta: {}, payload: { token: "garbage" } };
  const kind = rng.weighted<string>([
    [8, "random-text"],
    [8, "random-json"],
    [8, "truncated"],
    [30, "mutated"],
    [4, "deep"],
    [4, "huge"],
    [6, "binary"],
    [10, "error-frame"],
    [6, "progress"],
    [4, "ack"],
    [12, "valid"],
  ]);
  let data: string | Uint8Array;
  let valid = false;
  switch (kind) {
    case "random-text":
      data = randomText(rng, 300);
      break;
    case "random-json":
      data = JSON.stringify(randomJson(rng, 3));
      break;
    case "truncated": {
      const whole = JSON.stringify(rng.chance(0.5) ? base() : mutate(rng, base(), UNHANDLED_TYPES));
      data = whole.slice(0, rng.int(0, whole.length));
      break;
    }
    case "mutated":
      data = JSON.stringify(mutate(rng, base(), UNHANDLED_TYPES));
      break;
    case "deep": {
      const frame = base();
      frame.payload = { n: deepNesting(rng, rng.int(50, 2000)) };
      data = JSON.stringify(rng.chance(0.5) ? frame : deepNesting(rng, rng.int(50, 2000)));
      break;
    }
    case "huge":
      data = JSON.stringify({ ...base(), payload: { n: stringOfBytes(rng, rng.int(1000, 16_000)) } });
      break;
    case "binary":
      data = rng.chance(0.3) ? new TextEncoder().encode(JSON.stringify(base())) : randomBytes(rng, 0, 300);
      break;
    case "error-frame": {
      const meta = rng.chance(0.5) ? { correlationId: `unknown-${index}` } : {};
      const payload = rng.pick<unknown>([
        { code: "RATE_LIMIT_EXCEEDED", message: "slow down", context: { a: 1 }, retryAfterMs: 100 },
        { code: 5 },
        { code: "X", retryAfterMs: -1, context: [1] },
        { details: { x: 1 } },
        randomJson(rng, 2),
      ]);
      data = JSON.stringify({ type: rng.pick(["ERROR", "RPC_ERROR"]), meta, payload });
      break;
    }
    case "progress":
      data = JSON.stringify({
        type: "$ws:rpc-progress",
        meta: rng.chance(0.5) ? { correlationId: `unknown-${index}` } : {},
        payload: randomJson(rng, 2),
      });
      break;
    case "ack":
      data = JSON.stringify(
        rng.pick<Json>([
          { type: "__heartbeat_ack" },
          { type: "__heartbeat_ack", meta: { timestamp: index } },
          { type: "__heartbeat_ack", meta: "x" },
          { type: "__heartbeat_ack", payload: randomJson(rng, 2) },
        ]),
      );
      break;
    default:
      data = JSON.stringify({ type: "SEQ", meta: { timestamp: index }, payload: { n: index } });
      valid = true;
  }
  return { kind, data, valid, silent: isHeartbeatAck(data) };
}
