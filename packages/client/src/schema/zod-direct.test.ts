import { describe, expect, it } from "vitest";
import { z } from "zod";
import { message } from "../zod.ts";
import { directValidator, NO } from "./zod-direct.ts";

// The proof of zod-direct.ts is differential: for every schema and input below, the direct
// checker accepts exactly when Zod's own Standard Schema validation succeeds, and then returns a
// value equal to Zod's (same keys in the same order, same prototypes, Object.is on primitives).

/** Deep equality with key order, prototypes and `Object.is` on primitives. */
function same(a: unknown, b: unknown): boolean {
  if (typeof a !== "object" || a === null || typeof b !== "object" || b === null) return Object.is(a, b);
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  const ka = Reflect.ownKeys(a);
  const kb = Reflect.ownKeys(b);
  if (ka.length !== kb.length || ka.some((k, i) => k !== kb[i])) return false;
  return ka.every((k) => {
    const da = Object.getOwnPropertyDescriptor(a, k);
    const db = Object.getOwnPropertyDescriptor(b, k);
    return !!da && !!db && "value" in da && "value" in db && same(da.value, db.value);
  });
}

type Standard = { "~standard": { validate: (v: unknown) => unknown } };

/** Zod's own result (synchronous for every schema here). */
function zodResult(schema: Standard, input: unknown): { value?: unknown; issues?: unknown[] } {
  const result = schema["~standard"].validate(input);
  if (result instanceof Promise) throw new Error("unexpected async result");
  return result as { value?: unknown; issues?: unknown[] };
}

const stats = { accepted: 0, rejected: 0 };

/** Asserts the direct checker agrees with Zod on one input; returns whether it accepted. */
function agree(schema: z.ZodType, input: unknown, label = ""): boolean {
  const direct = directValidator(schema);
  expect(direct, `${label} should be supported`).toBeTypeOf("function");
  const ours = (direct as (v: unknown) => unknown)(input);
  const theirs = zodResult(schema, input);
  if (ours === NO) {
    stats.rejected++;
    expect(theirs.issues, `${label}: direct declined an input Zod accepts`).toBeDefined();
    return false;
  }
  stats.accepted++;
  expect(theirs.issues, `${label}: direct accepted an input Zod rejects`).toBeUndefined();
  expect(same(ours, theirs.value), `${label}: output differs from Zod's`).toBe(true);
  return true;
}

const withGetter = (key: string, value: unknown, base: object = {}) =>
  Object.defineProperty({ ...base }, key, { get: () => value, enumerable: true });

/** Edge values for any position. */
const EDGE: unknown[] = [
  undefined,
  null,
  true,
  false,
  0,
  -0,
  1,
  -1,
  1.5,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  Number.MAX_SAFE_INTEGER,
  Number.MAX_SAFE_INTEGER + 1,
  -(2 ** 53) - 2,
  Number.MAX_VALUE,
  Number.MIN_VALUE,
  "",
  "a",
  "ab",
  "abc",
  "abcd",
  "😀", // 2 UTF-16 units, 1 code point
  "😀😀",
  "a😀",
  "\uD83D", // lone high surrogate
  "\uDE00\uD83D", // reversed pair
  "x".repeat(129),
  "0f8fad5b-d9cb-469f-a165-70867728950e",
  "A",
  "b",
  1n,
  Symbol.for("s"),
  [],
  ["a"],
  {},
  { a: "a" },
  Object.create(null),
  new Date(0),
  () => 1,
];

/** Objects exercising keys and prototypes, built around a base valid object. */
function objectVariants(base: Record<string, unknown>): unknown[] {
  const keys = Object.keys(base);
  const out: unknown[] = [
    base,
    { ...base },
    Object.fromEntries(Object.entries(base).reverse()),
    { ...base, extra: 1 },
    { ...base, toString: "x" },
    { ...base, constructor: 1 },
    JSON.parse(`{"__proto__":{"x":1},${JSON.stringify(base).slice(1)}`.replace(",}", "}")),
    Object.assign(Object.create({ inherited: 1 }) as object, base),
    Object.assign(Object.create(null) as object, base),
    Object.assign(new (class Box {})(), base),
    Object.assign([], base),
  ];
  for (const key of keys) {
    const { [key]: _omit, ...rest } = base;
    out.push(rest, { ...base, [key]: undefined }, { ...base, [key]: null }, withGetter(key, base[key], rest));
    for (const edge of EDGE) out.push({ ...base, [key]: edge });
  }
  return out;
}

describe("zod-direct: supported kinds agree with Zod on edge inputs", () => {
  const scalars: Array<[string, z.ZodType]> = [
    ["string", z.string()],
    ["string min/max", z.string().min(2).max(3)],
    ["string length", z.string().length(2)],
    ["string min(1)", z.string().min(1)],
    ["string regex", z.string().regex(/^a/)],
    ["string regex g", z.string().regex(/a/g)],
    ["string startsWith/lowercase", z.string().startsWith("a").lowercase()],
    ["uuid", z.uuid()],
    ["email", z.email()],
    ["url (value-rewriting check)", z.url()],
    ["iso datetime", z.iso.datetime()],
    ["number", z.number()],
    ["number bounds", z.number().gt(-1).lte(1)],
    ["number gte/lt", z.number().gte(0).lt(2)],
    ["number positive/nonnegative", z.number().positive().nonnegative()],
    ["number multipleOf", z.number().multipleOf(0.5)],
    ["number().int()", z.number().int()],
    ["z.int()", z.int()],
    ["z.int32()", z.int32()],
    ["boolean", z.boolean()],
    ["literal string", z.literal("a")],
    ["literal 0", z.literal(0)],
    ["literal several", z.literal(["a", 1, null])],
    ["enum", z.enum(["a", "b"])],
    ["native enum", z.enum({ A: 1, B: "b" })],
    ["unknown", z.unknown()],
    ["any", z.any()],
    ["optional", z.string().optional()],
    ["nullable", z.number().nullable()],
    ["optional nullable", z.number().nullable().optional()],
    ["nullable optional", z.boolean().optional().nullable()],
  ];
  it.each(scalars)("%s, alone and as optional/required object fields", (label, schema) => {
    for (const input of EDGE) agree(schema, input, label);
    const holder = z.strictObject({ a: schema, b: z.string() });
    for (const input of objectVariants({ a: "a", b: "b" })) agree(holder, input, `${label} in strict object`);
    for (const input of EDGE) agree(z.object({ v: schema }), { v: input }, `${label} in object`);
    agree(z.object({ v: schema }), {}, `${label} absent`);
  });

  const objects: Array<[string, z.ZodType, Record<string, unknown>]> = [
    ["strip", z.object({ a: z.string(), b: z.number().optional() }), { a: "x", b: 1 }],
    ["strict", z.strictObject({ a: z.string(), b: z.number().optional() }), { a: "x", b: 1 }],
    ["inherited names", z.object({ constructor: z.unknown(), toString: z.string().optional() }), { constructor: 1 }],
    ["nested strict in strip", z.object({ o: z.strictObject({ n: z.number() }) }), { o: { n: 1 } }],
    [
      "prefault meta",
      z.strictObject({ meta: z.strictObject({ t: z.number().optional() }).prefault({}), k: z.literal("K") }),
      { meta: { t: 1 }, k: "K" },
    ],
    ["nullable object", z.object({ o: z.object({ n: z.number() }).nullable() }), { o: null }],
    ["optional object", z.object({ o: z.object({ n: z.number() }).optional() }), { o: { n: 2 } }],
    ["empty strict", z.strictObject({}), {}],
  ];
  it.each(objects)("object: %s", (label, schema, base) => {
    for (const input of objectVariants(base)) agree(schema, input, label);
    for (const input of EDGE) agree(schema, input, label);
  });

  it("Zod counts code points, not UTF-16 units, and so does the direct path (Zod's own check runs)", () => {
    expect(agree(z.string().max(1), "😀")).toBe(true);
    expect(agree(z.string().length(2), "😀😀")).toBe(true);
    expect(agree(z.string().min(2), "😀")).toBe(false);
    expect(agree(z.string().max(1), "\uD83D\uD83D")).toBe(false); // two lone surrogates: 2 code points
  });

  it("runs Zod's own format checks, and declines when a check rewrites the value (url strips tabs)", () => {
    expect(agree(z.url(), "https://example.com/a")).toBe(true);
    expect(zodResult(z.url(), "https://exa\tmple.com")).toEqual({ value: "https://example.com" });
    // Zod accepts it with a different value: the direct checker must not answer (Zod then runs).
    expect(directValidator(z.url())?.("https://exa\tmple.com")).toBe(NO);
    expect(agree(z.iso.datetime(), "2026-01-02T03:04:05.000Z")).toBe(true);
    expect(agree(z.iso.datetime(), "2026-01-02")).toBe(false);
    expect(agree(z.uuid(), "0f8fad5b-d9cb-469f-a165-70867728950e")).toBe(true);
  });

  it("returns a fresh object in shape order, dropping absent optionals and undeclared keys", () => {
    const schema = z.object({ a: z.string(), b: z.number().optional(), c: z.unknown().optional() });
    const input = { c: undefined, extra: 1, a: "x" };
    const output = directValidator(schema)?.(input);
    expect(output).not.toBe(input);
    expect(Object.keys(output as object)).toEqual(["a", "c"]);
    expect(agree(schema, input)).toBe(true);
  });

  it("reads each property once per accepted input (getters)", () => {
    let reads = 0;
    const input = Object.defineProperty({}, "a", {
      enumerable: true,
      get: () => {
        reads++;
        return "x";
      },
    });
    expect(directValidator(z.object({ a: z.string() }))?.(input)).toEqual({ a: "x" });
    expect(reads).toBe(1);
  });
});

describe("zod-direct: unsupported kinds are not taken", () => {
  const unsupported: Array<[string, z.ZodType]> = [
    ["transform", z.string().transform((s) => s.length)],
    ["pipe", z.string().pipe(z.string())],
    ["default", z.string().default("x")],
    ["optional over default", z.string().default("x").optional()],
    ["exactOptional", z.string().exactOptional()],
    ["coerce", z.coerce.number()],
    ["refine", z.string().refine((s) => s.length > 1)],
    ["superRefine on object", z.object({ a: z.string() }).refine(() => true)],
    ["trim (overwrite)", z.string().trim()],
    ["toLowerCase (overwrite)", z.string().toLowerCase()],
    ["custom string format", z.stringFormat("even", (s) => s.length % 2 === 0)],
    ["union", z.union([z.string(), z.number()])],
    ["discriminated union", z.discriminatedUnion("t", [z.object({ t: z.literal("a") })])],
    ["array", z.array(z.string())],
    ["tuple", z.tuple([z.string()])],
    ["record", z.record(z.string(), z.string())],
    ["loose object", z.looseObject({ a: z.string() })],
    ["catchall", z.object({ a: z.string() }).catchall(z.string())],
    ["catch", z.string().catch("x")],
    ["readonly", z.object({ a: z.string() }).readonly()],
    ["lazy", z.lazy(() => z.string())],
    ["date", z.date()],
    ["bigint", z.bigint()],
    ["null", z.null()],
    ["template literal", z.templateLiteral(["a", z.number()])],
    ["stringbool", z.stringbool()],
    ["symbol key", z.object({ [Symbol.for("k")]: z.string() })],
    [
      "__proto__ key",
      z.object(Object.defineProperty({}, "__proto__", { value: z.string(), enumerable: true }) as z.ZodRawShape),
    ],
    ["nested unsupported field", z.object({ a: z.object({ b: z.array(z.string()) }) })],
    ["async refine", z.string().refine(async () => true)],
  ];
  it.each(unsupported)("%s → undefined", (_label, schema) => {
    expect(directValidator(schema)).toBeUndefined();
  });

  it("a recursive shape (getter) → undefined, without looping", () => {
    const Node = z.object({
      name: z.string(),
      get child() {
        return Node.optional();
      },
    });
    expect(directValidator(Node)).toBeUndefined();
  });

  it("a message with an unsupported payload field keeps today's path, with Zod's results", () => {
    const Msg = message("M", { n: z.string().transform((s) => s.length) });
    expect(directValidator(Msg)).toBeUndefined();
    expect(Msg["~standard"].validate({ type: "M", payload: { n: "abc" } })).toEqual({
      value: { type: "M", meta: {}, payload: { n: 3 } },
    });
  });
});

// ---- seeded fuzz over random schemas of the subset and inputs derived from them ----

/** mulberry32: a small seeded PRNG, so a failure reproduces. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Gen = { schema: z.ZodType; valid: () => unknown };
const KEYS = ["a", "b", "text", "constructor", "toString", "x y", "0", "1"];

function genSchema(r: () => number, depth: number): Gen {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const kind = Math.floor(r() * (depth > 2 ? 6 : 9));
  const base: Gen = (() => {
    switch (kind) {
      case 0: {
        let s = z.string();
        const min = Math.floor(r() * 3);
        const max = min + Math.floor(r() * 3);
        if (r() < 0.5) s = s.min(min);
        if (r() < 0.5) s = s.max(max);
        if (r() < 0.2) s = s.length(min);
        const chars = ["a", "😀", "\uD83D", "B"];
        return {
          schema: s,
          valid: () => Array.from({ length: Math.floor(r() * (max + 2)) }, () => pick(chars)).join(""),
        };
      }
      case 1: {
        let n = r() < 0.3 ? z.int() : z.number();
        if (r() < 0.4) n = n.gte(-2);
        if (r() < 0.4) n = n.lt(3);
        return { schema: n, valid: () => pick([0, -0, 1, 2, -2, 2.5, 3, 1e21, Number.NaN, -Infinity]) };
      }
      case 2:
        return { schema: z.boolean(), valid: () => r() < 0.5 };
      case 3: {
        const v = pick(["a", 0, 1, true, null] as const);
        return { schema: z.literal(v), valid: () => v };
      }
      case 4:
        return { schema: z.enum(["a", "b"]), valid: () => pick(["a", "b", "c"]) };
      case 5:
        return { schema: z.unknown(), valid: () => pick([1, "x", undefined, null, { k: 1 }]) };
      default: {
        const n = Math.floor(r() * 4);
        const fields = Array.from({ length: n }, () => [pick(KEYS), genSchema(r, depth + 1)] as const);
        const shape = Object.fromEntries(fields.map(([k, g]) => [k, g.schema]));
        const strict = r() < 0.5;
        let schema: z.ZodType = strict ? z.strictObject(shape) : z.object(shape);
        if (r() < 0.2) schema = (schema as z.ZodObject).prefault({});
        const gens = new Map(fields.map(([k, g]) => [k, g] as const));
        return {
          schema,
          valid: () => {
            const o: Record<string, unknown> = {};
            const keys = [...gens.keys()];
            if (r() < 0.3) keys.reverse();
            for (const k of keys) if (r() < 0.9) o[k] = (gens.get(k) as Gen).valid();
            if (r() < 0.1) o[pick(["extra", "__proto__", "constructor"])] = 1;
            return o;
          },
        };
      }
    }
  })();
  const wrap = r();
  // `.optional()` over a prefault is outside the subset (a defaulted inner): not generated.
  const defaulted = (base.schema as z.ZodType)._zod.optin === "defaulted";
  if (wrap < 0.15 && !defaulted)
    return { schema: base.schema.optional(), valid: () => (r() < 0.2 ? undefined : base.valid()) };
  if (wrap < 0.25) return { schema: base.schema.nullable(), valid: () => (r() < 0.2 ? null : base.valid()) };
  return base;
}

describe("zod-direct: seeded fuzz", () => {
  it("agrees with Zod on 400 random schemas × 60 inputs each (valid-biased, with edge values)", () => {
    const r = rng(0x5eed);
    let accepted = 0;
    let total = 0;
    for (let s = 0; s < 400; s++) {
      const gen = genSchema(r, 0);
      for (let i = 0; i < 60; i++) {
        const input = r() < 0.85 ? gen.valid() : EDGE[Math.floor(r() * EDGE.length)];
        if (agree(gen.schema, input, `schema #${s} input #${i}`)) accepted++;
        total++;
      }
    }
    // The fuzz must exercise both answers, or it proves nothing.
    expect(accepted).toBeGreaterThan(total * 0.2);
    expect(total - accepted).toBeGreaterThan(total * 0.05);
  });

  it("agrees with Zod on message envelopes built from random payload shapes", () => {
    const r = rng(0xbeef);
    for (let s = 0; s < 150; s++) {
      const fields = Array.from(
        { length: Math.floor(r() * 4) },
        (_, j) => [KEYS[(s + j) % KEYS.length] as string, genSchema(r, 1)] as const,
      );
      const Msg = message("M", Object.fromEntries(fields.map(([k, g]) => [k, g.schema])));
      const reference = z.strictObject(Msg.shape);
      for (let i = 0; i < 30; i++) {
        const payload = Object.fromEntries(fields.filter(() => r() < 0.9).map(([k, g]) => [k, g.valid()]));
        const meta = r() < 0.3 ? undefined : r() < 0.5 ? {} : { correlationId: "c".repeat(Math.floor(r() * 130)) };
        const input = { type: r() < 0.95 ? "M" : "N", ...(meta && { meta }), payload };
        const ours = zodResult(Msg, input);
        const theirs = zodResult(reference, input);
        expect(ours.issues).toEqual(theirs.issues);
        expect(same(ours.value, theirs.value)).toBe(true);
      }
    }
  });
});

describe("zod-direct: message envelopes", () => {
  it("the bench's frames are taken by the direct path, with Zod's output", () => {
    const Echo = message("ECHO", { text: z.string().max(500) });
    const frames = [
      { type: "ECHO", meta: { correlationId: "k1" }, payload: { text: "x".repeat(49) } },
      { type: "ECHO", payload: { text: "" } },
      { type: "ECHO", meta: { timestamp: 1, correlationId: "k1" }, payload: { text: "😀" } },
    ];
    for (const frame of frames) {
      expect(directValidator(Echo)?.(frame)).not.toBe(NO);
      expect(same(zodResult(Echo, frame).value, zodResult(z.strictObject(Echo.shape), frame).value)).toBe(true);
    }
  });

  it("counts: the edge cases above exercised both acceptance and refusal", () => {
    expect(stats.accepted).toBeGreaterThan(100);
    expect(stats.rejected).toBeGreaterThan(100);
  });
});
