// The direct checker (packages/client/src/schema/zod-direct.ts) is opt-in:
// `enableDirectZodValidation()` from `@typed-ws/client/zod-direct`, which `@typed-ws/server-bun`
// calls when loaded. In Bun (JavaScriptCore) it is the fast path. Differential: every Standard
// Schema result equals Zod's own strict validation of the same envelope, with keys in the same
// order, with and without it. `bun test` shares modules between files, so each test sets the
// registration it needs and restores it.
import { afterEach, describe, expect, it } from "bun:test";
import { message, z } from "@typed-ws/client/zod";
import { enableDirectZodValidation } from "@typed-ws/client/zod-direct";
import { directCheckFactory, setDirectCheckFactory } from "../packages/client/src/schema/direct-hook.ts";

const registered = directCheckFactory();
afterEach(() => setDirectCheckFactory(registered));

/** Deep equality with key order, prototypes and `Object.is` on primitives. */
function same(a: unknown, b: unknown): boolean {
  if (typeof a !== "object" || a === null || typeof b !== "object" || b === null) return Object.is(a, b);
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  const ka = Reflect.ownKeys(a);
  const kb = Reflect.ownKeys(b);
  if (ka.length !== kb.length || ka.some((k, i) => k !== kb[i])) return false;
  return ka.every((k) => same((a as Record<PropertyKey, unknown>)[k], (b as Record<PropertyKey, unknown>)[k]));
}

type Result = { value?: unknown; issues?: ReadonlyArray<{ message: string; path?: unknown }> };
const validate = (schema: { "~standard": { validate: (v: unknown) => unknown } }, input: unknown) =>
  schema["~standard"].validate(input) as Result;

/** A fresh schema: it decides its path at its first validation. */
const makeChat = () =>
  message(
    "CHAT",
    {
      text: z.string().min(1).max(5),
      n: z.int().gte(0).optional(),
      flag: z.boolean().nullable(),
      kind: z.enum(["a", "b"]),
      nested: z.strictObject({ x: z.number(), y: z.literal("y").optional() }).optional(),
    },
    { roomId: z.string() },
  );
const reference = z.strictObject(makeChat().shape);

const payloads: unknown[] = [
  { text: "hi", flag: null, kind: "a" },
  { kind: "b", flag: true, text: "😀😀😀😀😀" },
  { text: "😀😀😀😀😀😀", flag: true, kind: "a" },
  { text: "", flag: true, kind: "a" },
  { text: "hi", flag: null, kind: "a", n: 2 ** 53 },
  { text: "hi", flag: null, kind: "a", n: 1.5 },
  { text: "hi", flag: null, kind: "a", n: -0 },
  { text: "hi", flag: null, kind: "a", n: Number.NaN },
  { text: "hi", flag: null, kind: "a", n: undefined },
  { text: "hi", flag: null, kind: "c" },
  { text: "hi", kind: "a" },
  { text: "hi", flag: null, kind: "a", nested: { x: 1 } },
  { text: "hi", flag: null, kind: "a", nested: { y: "y", x: Number.POSITIVE_INFINITY } },
  { text: "hi", flag: null, kind: "a", nested: { x: 1, z: 1 } },
  { text: "hi", flag: null, kind: "a", nested: [] },
  { text: "hi", flag: null, kind: "a", extra: 1 },
  JSON.parse('{"text":"hi","flag":null,"kind":"a","__proto__":{"x":1}}'),
  [],
  null,
];
const metas: unknown[] = [
  undefined,
  {},
  { roomId: "r" },
  { correlationId: "c1", roomId: "r", timestamp: 5 },
  { roomId: "r", correlationId: "x".repeat(129) },
  { roomId: "r", timestamp: Number.NaN },
  { roomId: "r", receivedAt: 1 },
  { roomId: 1 },
];

/** The first property reads of one validation: the direct checker reads `type` first, path 2 `meta`. */
function firstReads(schema: { "~standard": { validate: (v: unknown) => unknown } }, input: object): string[] {
  const log: string[] = [];
  const proxy = new Proxy(input, {
    get: (target, key, receiver) => {
      log.push(`get ${String(key)}`);
      return Reflect.get(target, key, receiver);
    },
  });
  schema["~standard"].validate(proxy);
  return log.slice(0, 2);
}

describe.each([
  ["with the direct checker", true],
  ["without it", false],
])("Bun: message() validate equals Zod's strict validation %s", (_name, on) => {
  const setup = () => {
    setDirectCheckFactory(undefined);
    if (on) enableDirectZodValidation();
    return makeChat();
  };

  it("on every combination of payload and meta edge cases", () => {
    const Chat = setup();
    let accepted = 0;
    for (const payload of payloads) {
      for (const meta of metas) {
        for (const type of ["CHAT", "OTHER"]) {
          const input = meta === undefined ? { type, payload } : { payload, meta, type };
          const ours = validate(Chat, input);
          const theirs = validate(reference, input);
          expect(ours.issues).toEqual(theirs.issues);
          expect(same(ours.value, theirs.value)).toBe(true);
          if (!ours.issues) accepted++;
        }
      }
    }
    expect(accepted).toBeGreaterThan(5);
    expect(firstReads(Chat, { type: "CHAT", meta: {}, payload: {} })[0]).toBe(on ? "get type" : "get meta");
  });

  it("returns the envelope in shape order (type, meta, payload) whatever the input's order", () => {
    const result = validate(setup(), {
      payload: { kind: "a", flag: false, text: "a" },
      meta: { roomId: "r" },
      type: "CHAT",
    });
    expect(Object.keys(result.value as object)).toEqual(["type", "meta", "payload"]);
    expect(Object.keys((result.value as { payload: object }).payload)).toEqual(["text", "flag", "kind"]);
  });
});

describe("Bun: which path validates", () => {
  it("without registration a schema in the subset keeps the key check + stripping path", () => {
    setDirectCheckFactory(undefined);
    const Echo = message("ECHO", { text: z.string().max(500) });
    expect(firstReads(Echo, { type: "ECHO", meta: {}, payload: { text: "hi" } })).toEqual(["get meta", "get payload"]);
  });

  it("after enableDirectZodValidation() a schema in the subset takes the direct checker", () => {
    setDirectCheckFactory(undefined);
    enableDirectZodValidation();
    const Echo = message("ECHO", { text: z.string().max(500) });
    expect(firstReads(Echo, { type: "ECHO", meta: {}, payload: { text: "hi" } })).toEqual(["get type", "get meta"]);
  });

  it("a schema outside the subset keeps the key check + stripping path", () => {
    enableDirectZodValidation();
    const Tags = message("TAGS", { tags: z.array(z.string()) });
    expect(firstReads(Tags, { type: "TAGS", meta: {}, payload: { tags: [] } })).toEqual(["get meta", "get payload"]);
  });

  it("loading @typed-ws/server-bun enables it (in a fresh process)", () => {
    const script = `
      import { message, z } from "@typed-ws/client/zod";
      const reads = (schema) => {
        const log = [];
        const input = new Proxy({ type: "ECHO", meta: {}, payload: { text: "hi" } }, {
          get: (t, k, r) => (log.push(String(k)), Reflect.get(t, k, r)),
        });
        schema["~standard"].validate(input);
        return log[0];
      };
      const before = reads(message("ECHO", { text: z.string() }));
      await import("@typed-ws/server-bun");
      console.log(JSON.stringify([before, reads(message("ECHO", { text: z.string() }))]));
    `;
    const run = Bun.spawnSync([process.execPath, "--conditions=@typed-ws/source", "-e", script], {
      cwd: new URL("..", import.meta.url).pathname,
    });
    expect(run.stderr.toString()).toBe("");
    expect(JSON.parse(run.stdout.toString())).toEqual(["meta", "type"]);
  });
});
