import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { message } from "../zod.ts";
import { enableDirectZodValidation } from "../zod-direct.ts";
import { directCheckFactory, setDirectCheckFactory } from "./direct-hook.ts";
import { createMessageSchema } from "./zod.ts";

// Message schemas validate through a fast path that skips Zod's unknown-key pass when every key
// is declared (zod.ts, withFastStrictValidate). Differential test: for every input, the result
// must equal Zod's own Standard Schema result for the same strict envelope.

const Chat = message("CHAT", { text: z.string().max(5), nested: z.object({ n: z.number() }).optional() });
const WithMeta = message("WITH_META", { id: z.string() }, { roomId: z.string() });
const Ping = message("PING");

// The same schemas from `createMessageSchema(z)`: Zod's compiled clones (`z.compile`).
const compiled = createMessageSchema(z).message;
const CompiledChat = compiled("CHAT", { text: z.string().max(5), nested: z.object({ n: z.number() }).optional() });
const CompiledWithMeta = compiled("WITH_META", { id: z.string() }, { roomId: z.string() });
const CompiledPing = compiled("PING");

/** Zod's own strict validation of the same envelope (a fresh strict object over the same shape). */
function reference(schema: { shape: z.core.$ZodLooseShape }) {
  return z.strictObject(schema.shape)["~standard"];
}

const inherited = Object.assign(Object.create({ inheritedKey: 1 }) as object, {
  type: "CHAT",
  payload: { text: "hi" },
});

const INPUTS: Array<[string, unknown]> = [
  ["valid", { type: "CHAT", meta: { timestamp: 1 }, payload: { text: "hi" } }],
  ["valid without meta (prefault)", { type: "CHAT", payload: { text: "hi" } }],
  ["valid with correlation id", { type: "CHAT", meta: { correlationId: "c1" }, payload: { text: "hi" } }],
  ["unknown root key", { type: "CHAT", meta: {}, payload: { text: "hi" }, extra: 1 }],
  ["unknown meta key", { type: "CHAT", meta: { roomId: "r" }, payload: { text: "hi" } }],
  ["unknown payload key", { type: "CHAT", meta: {}, payload: { text: "hi", extra: true } }],
  ["unknown nested key (user's non-strict object)", { type: "CHAT", payload: { text: "hi", nested: { n: 1, x: 2 } } }],
  ["__proto__ at the root", JSON.parse('{"type":"CHAT","payload":{"text":"hi"},"__proto__":{"x":1}}')],
  ["__proto__ in meta", JSON.parse('{"type":"CHAT","meta":{"__proto__":{"x":1}},"payload":{"text":"hi"}}')],
  ["__proto__ in payload", JSON.parse('{"type":"CHAT","payload":{"text":"hi","__proto__":{"x":1}}}')],
  ["inherited enumerable key", inherited],
  ["null", null],
  ["number", 1],
  ["string", "CHAT"],
  ["empty array", []],
  ["array", [1, 2]],
  ["meta null", { type: "CHAT", meta: null, payload: { text: "hi" } }],
  ["meta array", { type: "CHAT", meta: [], payload: { text: "hi" } }],
  ["payload missing", { type: "CHAT", meta: {} }],
  ["payload array", { type: "CHAT", payload: ["hi"] }],
  ["payload invalid", { type: "CHAT", payload: { text: "far too long" } }],
  ["wrong type", { type: "PING", payload: { text: "hi" } }],
  ["several problems", { type: "X", meta: { timestamp: "now", bad: 1 }, payload: { text: 5, more: 1 }, extra: 1 }],
];

describe("message() Standard Schema validate equals Zod's strict validation", () => {
  it.each(INPUTS)("CHAT: %s", (_name, input) => {
    expect(Chat["~standard"].validate(input)).toEqual(reference(Chat).validate(input));
  });

  it.each(INPUTS)("WITH_META (declared meta): %s", (_name, input) => {
    expect(WithMeta["~standard"].validate(input)).toEqual(reference(WithMeta).validate(input));
  });

  it.each(INPUTS)("PING (no payload): %s", (_name, input) => {
    expect(Ping["~standard"].validate(input)).toEqual(reference(Ping).validate(input));
  });

  it.each(INPUTS)("compiled CHAT: %s", (_name, input) => {
    expect(CompiledChat["~standard"].validate(input)).toEqual(reference(Chat).validate(input));
  });

  it.each(INPUTS)("compiled WITH_META (declared meta): %s", (_name, input) => {
    expect(CompiledWithMeta["~standard"].validate(input)).toEqual(reference(WithMeta).validate(input));
  });

  it.each(INPUTS)("compiled PING (no payload): %s", (_name, input) => {
    expect(CompiledPing["~standard"].validate(input)).toEqual(reference(Ping).validate(input));
  });

  it("with `compile` in the parts, message() returns Zod's compiled clone (unchanged parse, shape and vendor)", () => {
    // Zod's marker of a compiled clone (`z.compile` sets an assert-only validator on it).
    expect((CompiledChat as unknown as { _zod: { bag: { validator?: unknown } } })._zod.bag.validator).toBeTypeOf(
      "function",
    );
    expect((Chat as unknown as { _zod: { bag: { validator?: unknown } } })._zod.bag.validator).toBeUndefined();
    expect(CompiledChat["~standard"].vendor).toBe("zod");
    expect(CompiledChat.shape.payload).toBe(CompiledChat.schema);
    expect(() => CompiledChat.parse({ type: "CHAT", payload: { text: "hi" }, extra: 1 })).toThrow();
    expect(CompiledChat.parse({ type: "CHAT", payload: { text: "hi" } })).toEqual(
      Chat.parse({ type: "CHAT", payload: { text: "hi" } }),
    );
  });

  it("under z.config({ jitless: true }) createMessageSchema(z) does not compile (no generated code)", () => {
    z.config({ jitless: true });
    try {
      const NotCompiled = createMessageSchema(z).message("CHAT", { text: z.string() });
      expect((NotCompiled as unknown as { _zod: { bag: { validator?: unknown } } })._zod.bag.validator).toBeUndefined();
      const input = { type: "CHAT", meta: {}, payload: { text: "hi" }, extra: 1 };
      expect(NotCompiled["~standard"].validate(input)).toEqual(reference(NotCompiled).validate(input));
    } finally {
      z.config({ jitless: undefined });
    }
  });

  it("declared meta and payload keys pass; an undeclared one is Zod's unrecognized_keys issue", () => {
    const ok = WithMeta["~standard"].validate({ type: "WITH_META", meta: { roomId: "r" }, payload: { id: "1" } });
    expect(ok).toEqual({ value: { type: "WITH_META", meta: { roomId: "r" }, payload: { id: "1" } } });
    const bad = Ping["~standard"].validate({ type: "PING", payload: {} });
    expect(bad).toMatchObject({ issues: [{ code: "unrecognized_keys", keys: ["payload"] }] });
  });

  it("parse and the vendor fields stay Zod's", () => {
    expect(Chat["~standard"].vendor).toBe("zod");
    expect(Chat["~standard"].version).toBe(1);
    expect(() => Chat.parse({ type: "CHAT", payload: { text: "hi" }, extra: 1 })).toThrow();
    expect(Chat.shape.payload).toBe(Chat.schema);
  });
});

/** The first property reads of one validation: the direct checker reads `type` first, path 2 `meta`. */
function firstReads(schema: { "~standard": { validate: (v: unknown) => unknown } }, input: object): string[] {
  const log: string[] = [];
  const proxy = new Proxy(input, {
    get: (target, key, receiver) => {
      log.push(String(key));
      return Reflect.get(target, key, receiver);
    },
  });
  schema["~standard"].validate(proxy);
  return log.slice(0, 2);
}

const ECHO_FRAME = { type: "ECHO", meta: {}, payload: { text: "hi" } };

// Each test makes its schemas inside it: a schema decides at its first validation.
describe("the direct checker is opt-in (@typed-ws/client/zod-direct)", () => {
  afterEach(() => setDirectCheckFactory(undefined));

  it("without registration it never runs: validation takes the key check + stripping path", () => {
    expect(directCheckFactory()).toBeUndefined();
    const Echo = message("ECHO", { text: z.string().max(500) });
    expect(firstReads(Echo, ECHO_FRAME)).toEqual(["meta", "payload"]);
    expect(firstReads(Echo, ECHO_FRAME)).toEqual(["meta", "payload"]);
  });

  it("after enableDirectZodValidation() a schema in its subset takes it (it reads `type` first)", () => {
    enableDirectZodValidation();
    const Echo = message("ECHO", { text: z.string().max(500) });
    expect(firstReads(Echo, ECHO_FRAME)).toEqual(["type", "meta"]);
    // A schema outside the subset keeps path 2.
    const Tags = message("TAGS", { tags: z.array(z.string()) });
    expect(firstReads(Tags, { type: "TAGS", meta: {}, payload: { tags: [] } })).toEqual(["meta", "payload"]);
  });

  it("a schema first validated before registration keeps the standard path; one not yet validated takes it", () => {
    const Early = message("ECHO", { text: z.string().max(500) });
    const Late = message("ECHO", { text: z.string().max(500) });
    expect(firstReads(Early, ECHO_FRAME)).toEqual(["meta", "payload"]);
    enableDirectZodValidation();
    expect(firstReads(Early, ECHO_FRAME)).toEqual(["meta", "payload"]);
    expect(firstReads(Late, ECHO_FRAME)).toEqual(["type", "meta"]);
  });

  it("after registration every result still equals Zod's strict validation", () => {
    enableDirectZodValidation();
    const schemas = [
      message("CHAT", { text: z.string().max(5), nested: z.object({ n: z.number() }).optional() }),
      message("WITH_META", { id: z.string() }, { roomId: z.string() }),
      message("PING"),
    ];
    let direct = 0;
    for (const schema of schemas) {
      for (const [name, input] of INPUTS) {
        expect(schema["~standard"].validate(input), name).toEqual(reference(schema).validate(input));
      }
      if (firstReads(schema, { type: "PING", meta: {} })[0] === "type") direct++;
    }
    expect(direct).toBe(3); // all three took the direct checker
  });
});
