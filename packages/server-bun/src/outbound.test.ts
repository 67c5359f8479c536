import { describe, expect, test } from "bun:test";
import { buildFrame } from "@typed-ws/client/protocol";
import { message, z } from "@typed-ws/client/zod";
import { encodeMessage, plainFrame } from "./outbound.ts";

const WithPayload = message("ANSWER", { text: z.string(), n: z.number().optional() });
const NoPayload = message("DONE");
const Quoted = message('ODD "type" \\ é', { x: z.unknown() });

const payloads: unknown[] = [
  { text: "hi" },
  { text: 'quotes " and \\ and \n and \u2028 and é and 😀', n: 1.5 },
  { text: "x", nested: { date: new Date(0), list: [1, "two", null, { toJSON: () => "inner" }], skip: undefined } },
  { text: "", n: -0 },
  [1, 2, 3],
  {},
  undefined,
];
const ids = [undefined, "abc.1", 'id with "quotes" and \\ and \u0001', "é😀"];

describe("plainFrame: the frame buildFrame makes, in one stringify of a literal", () => {
  test("byte-identical to buildFrame for payloads, ids and types that need escaping", () => {
    for (const schema of [WithPayload, NoPayload, Quoted]) {
      for (const payload of payloads) {
        for (const correlationId of ids) {
          const expected = buildFrame(schema, payload, {
            correlationId,
            timestamp: 1764770000123,
            validate: false,
          }).data;
          expect(plainFrame(schema["~typed-ws"].type, correlationId, 1764770000123, payload)).toBe(expected);
        }
      }
    }
  });
});

describe("encodeMessage", () => {
  test("without validation: the same frame as buildFrame, timestamped now", () => {
    const before = Date.now();
    const frame = JSON.parse(encodeMessage(WithPayload, { text: "hi" }, undefined, false, "id-1"));
    expect(frame).toEqual({
      type: "ANSWER",
      meta: { correlationId: "id-1", timestamp: frame.meta.timestamp },
      payload: { text: "hi" },
    });
    expect(frame.meta.timestamp).toBeGreaterThanOrEqual(before);
    expect(Object.keys(frame.meta)).toEqual(["correlationId", "timestamp"]);
  });

  test("a payload with its own toJSON (which receives its key) goes through buildFrame", () => {
    const payload = { text: "t", toJSON: (key: string) => ({ text: `key=${key}` }) };
    const frame = JSON.parse(encodeMessage(WithPayload, payload, undefined, false, "id-2"));
    expect(frame.payload).toEqual({ text: "key=payload" });
  });

  test("caller meta keeps buildFrame's rules: the request's id wins, a given timestamp stays", () => {
    const frame = JSON.parse(
      encodeMessage(WithPayload, { text: "hi" }, { correlationId: "theirs", timestamp: 5 }, false, "ours"),
    );
    expect(frame.meta).toEqual({ correlationId: "ours", timestamp: 5 });
  });

  test("still throws a TypeError for a schema not made by message(), and ValidationError when validating", () => {
    expect(() => encodeMessage(z.object({}) as never, { text: "hi" }, undefined, false)).toThrow(TypeError);
    expect(() => encodeMessage(WithPayload, { text: 1 }, undefined, true)).toThrow("ANSWER");
    expect(() => encodeMessage(WithPayload, { text: 1 }, undefined, false)).not.toThrow();
  });
});
