/**
 * Building blocks for bounded garbage: random text and bytes, random JSON values, deep nesting,
 * long strings of a given UTF-8 size, wrong-typed values and own-property keys that would be
 * prototype pollution if anyone assigned them carelessly.
 */
import type { Rng } from "./prng.ts";

/** Code units random text is drawn from: ASCII, JSON punctuation, controls, multi-byte, lone surrogates. */
const TEXT_POOLS: readonly string[] = [
  'abcxyzABC019 _-.:/\\"',
  '{}[]":,{}[]":,',
  "\u0000\u0001\u0007\b\t\n\r\u001f\u007f",
  "éßøΩжの中文",
  "😀🦀",
  "\ud800\udbff\udc00\udfff",
];

/** Random text of up to `maxLength` UTF-16 code units. */
export function randomText(rng: Rng, maxLength: number): string {
  const length = rng.int(0, maxLength + 1);
  let text = "";
  while (text.length < length) {
    const pool = rng.pick(TEXT_POOLS);
    text += pool[rng.int(0, pool.length)]; // a code unit: halves of emoji become lone surrogates
  }
  return text;
}

/** Random bytes, `minLength` to `maxLength` of them. */
export function randomBytes(rng: Rng, minLength: number, maxLength: number): Uint8Array {
  const bytes = new Uint8Array(rng.int(minLength, maxLength + 1));
  for (let i = 0; i < bytes.length; i++) bytes[i] = rng.int(0, 256);
  return bytes;
}

/** A random JSON value, at most `depth` levels deep; object keys include protocol-ish names. */
export function randomJson(rng: Rng, depth: number): unknown {
  const kind = depth <= 0 ? rng.int(0, 5) : rng.int(0, 7);
  switch (kind) {
    case 0:
      return null;
    case 1:
      return rng.chance(0.5);
    case 2:
      return rng.pick([0, -1, 1.5, 1e308, -0, 2 ** 53 + 1, rng.int(-1e9, 1e9)]);
    case 3:
      return randomText(rng, 20);
    case 4:
      return rng.pick(["", "ECHO_REPLY", "NOPE", "ERROR", "__heartbeat", "$ws:abort", "$x", "echo"]);
    case 5:
      return Array.from({ length: rng.int(0, 4) }, () => randomJson(rng, depth - 1));
    default: {
      const object: Record<string, unknown> = {};
      for (let i = rng.int(0, 4); i > 0; i--) {
        const key = rng.pick([
          "type",
          "meta",
          "payload",
          "correlationId",
          "n",
          "code",
          ...PROTO_KEYS,
          randomText(rng, 6),
        ]);
        own(object, key, randomJson(rng, depth - 1));
      }
      return object;
    }
  }
}

/** Keys that pollute prototypes when assigned with `obj[key] = …` instead of defined. */
export const PROTO_KEYS = ["__proto__", "constructor", "prototype"] as const;

/** Defines an own, enumerable property (so `__proto__` becomes a key, as `JSON.parse` makes it). */
export function own<T extends object>(object: T, key: string, value: unknown): T {
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  return object;
}

/** `[[[…]]]` or `{"a":{"a":…}}`, `depth` levels. */
export function deepNesting(rng: Rng, depth: number): unknown {
  let value: unknown = rng.pick([0, "x", null, {}]);
  const asArrays = rng.chance(0.5);
  for (let i = 0; i < depth; i++) value = asArrays ? [value] : { a: value };
  return value;
}

/** Characters of 1, 2, 3 and 4 UTF-8 bytes. */
const WIDE_CHARS = ["x", "é", "中", "😀"] as const;

/** A string of about `bytes` UTF-8 bytes (never more), from one character width. */
export function stringOfBytes(rng: Rng, bytes: number): string {
  const char = rng.pick(WIDE_CHARS);
  const width = Buffer.byteLength(char);
  return char.repeat(Math.max(0, Math.floor(bytes / width)));
}

/** Values of the wrong type for almost any field (never a plain object with the right keys). */
export function wrongValue(rng: Rng): unknown {
  return rng.pick<unknown>([null, 0, -1, 1.5, true, "", "x", [], [1, 2], ["a"], { x: 1 }, deepNesting(rng, 20)]);
}

/** The UTF-8 size of a frame. */
export function byteLength(data: string | Uint8Array): number {
  return typeof data === "string" ? Buffer.byteLength(data) : data.byteLength;
}

/** `JSON.parse` that returns `undefined` instead of throwing. */
export function tryParse(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) };
  } catch {
    return undefined;
  }
}

/** True for a non-null, non-array object. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
