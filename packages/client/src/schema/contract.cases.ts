/**
 * The schema contract, written once and run against every validator adapter (Zod, Valibot):
 * see contract.test.ts. Each adapter supplies the few primitives the cases need.
 */
import { expect, it } from "vitest";
import { ErrorCodes } from "../protocol.ts";
import { getMessageInfo } from "./message-schema.ts";
import type { StandardSchemaV1 } from "./standard.ts";
import { validateSync } from "./validate.ts";

type AnyFn = (...args: never[]) => unknown;

/** The primitives a validator adapter gives the contract cases. */
export interface ContractAdapter {
  name: string;
  // biome-ignore lint/suspicious/noExplicitAny: adapters bridge two libraries' types
  message: (type: string, payload?: any, meta?: any) => StandardSchemaV1 & Record<string, any>;
  // biome-ignore lint/suspicious/noExplicitAny: see above
  factory: () => { messageSchema: AnyFn; createMessage: AnyFn; ErrorMessage: any; ErrorCode: any };
  string: () => unknown;
  number: () => unknown;
  maxString: (n: number) => unknown;
  uuid: () => unknown;
  optionalString: () => unknown;
  /** A string trimmed and lower-cased by a transform. */
  trimLower: () => unknown;
  /** An optional number defaulting to `n`. */
  numberDefault: (n: number) => unknown;
  /** A string parsed to a Date by a transform. */
  isoToDate: () => unknown;
  /** Discriminated union on `type` (z.discriminatedUnion / v.variant). */
  union: (schemas: unknown[]) => StandardSchemaV1;
  /** Whether `ErrorCode` accepts a value. */
  errorCodeAccepts: (schema: unknown, value: string) => boolean;
}

const ok = (schema: StandardSchemaV1, value: unknown) => validateSync(schema, value);
const ID = "0f8fad5b-d9cb-469f-a165-70867728950e";

/** Registers every contract case for one adapter (call inside a `describe`). */
export function schemaContract(a: ContractAdapter): void {
  const Ping = () => a.message("PING");
  const Chat = () => a.message("CHAT", { roomId: a.uuid(), text: a.maxString(5) });

  it("returns a real object schema carrying its literal type", () => {
    const schema = Chat();
    expect(getMessageInfo(schema)).toEqual({ type: "CHAT", hasPayload: true });
    expect(getMessageInfo(Ping())).toEqual({ type: "PING", hasPayload: false });
    expect(schema["~standard"].vendor).toBe(a.name);
    expect(ok(schema, { type: "CHAT", payload: { roomId: ID, text: "hi" } })).toEqual({
      success: true,
      value: { type: "CHAT", meta: {}, payload: { roomId: ID, text: "hi" } },
    });
  });

  it("rejects the wrong type literal", () => {
    expect(ok(Ping(), { type: "PONG" }).success).toBe(false);
  });

  it("is strict at the root, in meta and in payload", () => {
    const schema = Chat();
    const base = { type: "CHAT", meta: {}, payload: { roomId: ID, text: "hi" } };
    const root = ok(schema, { ...base, extra: 1 });
    const meta = ok(schema, { ...base, meta: { nope: 1 } });
    const payload = ok(schema, { ...base, payload: { roomId: ID, text: "hi", typo: "oops" } });
    for (const result of [root, meta, payload]) expect(result.success).toBe(false);
    expect(meta.success === false && meta.issues[0]?.path[0]).toBe("meta");
    expect(payload.success === false && payload.issues[0]?.path[0]).toBe("payload");
  });

  it("rejects a payload key on a message without payload", () => {
    expect(ok(Ping(), { type: "PING" }).success).toBe(true);
    expect(ok(Ping(), { type: "PING", payload: {} }).success).toBe(false);
  });

  it("requires the payload when the schema declares one", () => {
    expect(ok(Chat(), { type: "CHAT" }).success).toBe(false);
  });

  it("validates payload constraints with paths", () => {
    const result = ok(Chat(), { type: "CHAT", payload: { roomId: "not-a-uuid", text: "far too long" } });
    expect(result.success).toBe(false);
    if (!result.success) {
      const paths = result.issues.map((issue) => issue.path.join("."));
      expect(paths).toEqual(expect.arrayContaining(["payload.roomId", "payload.text"]));
    }
  });

  it("keeps timestamp and correlationId optional, and bounds correlationId to 128 chars", () => {
    const schema = Ping();
    expect(ok(schema, { type: "PING", meta: { timestamp: 1, correlationId: "abc" } }).success).toBe(true);
    expect(ok(schema, { type: "PING", meta: { timestamp: "now" } }).success).toBe(false);
    expect(ok(schema, { type: "PING", meta: { correlationId: "x".repeat(129) } }).success).toBe(false);
  });

  it("makes declared meta fields required and keeps the base fields optional", () => {
    const schema = a.message("AUTH", { action: a.string() }, { version: a.string() });
    expect(ok(schema, { type: "AUTH", payload: { action: "x" } }).success).toBe(false);
    expect(ok(schema, { type: "AUTH", meta: {}, payload: { action: "x" } }).success).toBe(false);
    expect(ok(schema, { type: "AUTH", meta: { version: "1" }, payload: { action: "x" } }).success).toBe(true);
  });

  it("makes a redeclared base field required", () => {
    const schema = a.message("AUTH", { action: a.string() }, { correlationId: a.uuid() });
    expect(ok(schema, { type: "AUTH", meta: {}, payload: { action: "x" } }).success).toBe(false);
    expect(ok(schema, { type: "AUTH", meta: { correlationId: ID }, payload: { action: "x" } }).success).toBe(true);
  });

  it("accepts meta fields on a message without payload", () => {
    const schema = a.message("HELLO", undefined, { version: a.string() });
    expect(getMessageInfo(schema)?.hasPayload).toBe(false);
    expect(ok(schema, { type: "HELLO", meta: { version: "2" } }).success).toBe(true);
  });

  it.each(["clientId", "receivedAt", "topic", "offset"])(
    "throws at creation for reserved meta key %s, naming it",
    (key) => {
      expect(() => a.message("BAD", { text: a.string() }, { [key]: a.string() })).toThrow(
        new RegExp(`reserved meta keys not allowed in "BAD": ${key}`),
      );
    },
  );

  it.each(["", "$ws:abort", "__heartbeat"])("throws for the empty or reserved type %j", (type) => {
    expect(() => a.message(type)).toThrow(TypeError);
  });

  it("runs transforms and defaults: the receiver sees the output type", () => {
    const schema = a.message("EVENT", { title: a.trimLower(), count: a.numberDefault(3), at: a.isoToDate() });
    const result = ok(schema, { type: "EVENT", payload: { title: "  Hello ", at: "2026-01-02T03:04:05.000Z" } });
    expect(result.success).toBe(true);
    if (result.success) {
      const payload = (result.value as { payload: { title: string; count: number; at: Date } }).payload;
      expect(payload.title).toBe("hello");
      expect(payload.count).toBe(3);
      expect(payload.at).toBeInstanceOf(Date);
      expect(payload.at.getUTCFullYear()).toBe(2026);
    }
  });

  it("works inside a discriminated union on type", () => {
    const union = a.union([Ping(), Chat(), a.message("PONG", { latency: a.number() })]);
    expect(ok(union, { type: "PONG", payload: { latency: 3 } }).success).toBe(true);
    expect(ok(union, { type: "PING" }).success).toBe(true);
    expect(ok(union, { type: "PONG", payload: { latency: "x" } }).success).toBe(false);
    expect(ok(union, { type: "NOPE" }).success).toBe(false);
  });

  it("createMessage validates on the client and never throws", () => {
    const { messageSchema, createMessage } = a.factory();
    const schema = messageSchema("CHAT" as never, { text: a.maxString(5) } as never);
    const good = createMessage(schema as never, { text: "hello" } as never) as { success: boolean; data: unknown };
    expect(good).toEqual({ success: true, data: { type: "CHAT", meta: {}, payload: { text: "hello" } } });
    for (const bad of [{ text: "hello", typo: "oops" }, { text: 42 }, null, "garbage", undefined]) {
      const result = createMessage(schema as never, bad as never) as { success: boolean; error: Error };
      expect(result.success).toBe(false);
      expect(result.error.name).toBe("ValidationError");
    }
  });

  it("createMessage passes meta through validation", () => {
    const { messageSchema, createMessage } = a.factory();
    const schema = messageSchema("V" as never, undefined as never, { version: a.string() } as never);
    expect((createMessage(schema as never, undefined as never) as { success: boolean }).success).toBe(false);
    const result = createMessage(schema as never, undefined as never, { version: "1" } as never);
    expect(result).toEqual({ success: true, data: { type: "V", meta: { version: "1" } } });
  });

  it("provides ErrorMessage and ErrorCode as in the protocol", () => {
    const { ErrorMessage, ErrorCode } = a.factory();
    expect(getMessageInfo(ErrorMessage)).toEqual({ type: "ERROR", hasPayload: true });
    const frame = {
      type: "ERROR",
      meta: { correlationId: "9b1d" },
      payload: { code: "VALIDATION_FAILED", message: "bad", context: { path: ["payload", "text"] }, retryAfterMs: 5 },
    };
    expect(ok(ErrorMessage, frame).success).toBe(true);
    expect(ok(ErrorMessage, { type: "ERROR", payload: { code: "RATE_LIMIT" } }).success).toBe(true);
    expect(ok(ErrorMessage, { type: "ERROR", payload: { code: "X", stack: "..." } }).success).toBe(false);
    for (const code of ErrorCodes) expect(a.errorCodeAccepts(ErrorCode, code)).toBe(true);
    expect(a.errorCodeAccepts(ErrorCode, "NOT_A_CODE")).toBe(false);
  });
}
