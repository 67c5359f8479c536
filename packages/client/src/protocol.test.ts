import { describe, expect, it } from "vitest";
import {
  envelopeToMessage,
  isReservedType,
  parseFrame,
  readCorrelationId,
  readErrorPayload,
  serializeMessage,
  sniffCorrelationId,
} from "./protocol.ts";

describe("parseFrame", () => {
  it.each([
    ["binary", new Uint8Array([1, 2]), "binary"],
    ["not JSON", "{nope", "not-json"],
    ["an array", "[1,2]", "not-object"],
    ["null", "null", "not-object"],
    ["a number", "42", "not-object"],
    ["no type", '{"meta":{}}', "no-type"],
    ["an empty type", '{"type":""}', "no-type"],
    ["a non-string type", '{"type":7}', "no-type"],
    ["null meta", '{"type":"A","meta":null}', "bad-meta"],
    ["array meta", '{"type":"A","meta":[]}', "bad-meta"],
  ])("rejects %s", (_label, data, problem) => {
    const parsed = parseFrame(data);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.problem).toBe(problem);
  });

  it("keeps the correlation id readable when the frame is otherwise unusable", () => {
    const parsed = parseFrame('{"type":5,"meta":{"correlationId":"abc"}}');
    expect(parsed).toMatchObject({ ok: false, problem: "no-type", correlationId: "abc" });
    const tooLong = parseFrame(`{"type":5,"meta":{"correlationId":"${"x".repeat(129)}"}}`);
    expect(!tooLong.ok && tooLong.correlationId).toBeUndefined();
  });

  it("defaults absent meta to {} and records whether payload was present", () => {
    const parsed = parseFrame('{"type":"PING"}');
    expect(parsed).toEqual({ ok: true, envelope: { type: "PING", meta: {}, payload: undefined, hasPayload: false } });
    const withPayload = parseFrame('{"type":"A","payload":null}');
    expect(withPayload.ok && withPayload.envelope.hasPayload).toBe(true);
  });

  it("keeps unknown root keys, __proto__ included, so strict schemas can reject them", () => {
    const parsed = parseFrame('{"type":"A","extra":1,"__proto__":{"x":1}}');
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const message = envelopeToMessage(parsed.envelope);
    expect(Object.keys(message).sort()).toEqual(["__proto__", "extra", "meta", "type"]);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});

describe("readCorrelationId", () => {
  it("reads a non-empty string of at most 128 characters, and nothing else", () => {
    expect(readCorrelationId({ correlationId: "abc" })).toBe("abc");
    expect(readCorrelationId({ correlationId: "x".repeat(128) })).toHaveLength(128);
    for (const meta of [
      { correlationId: "" },
      { correlationId: "x".repeat(129) },
      { correlationId: 7 },
      null,
      "s",
      {},
    ]) {
      expect(readCorrelationId(meta)).toBeUndefined();
    }
  });
});

describe("sniffCorrelationId", () => {
  it("finds the id near the start of a frame", () => {
    expect(sniffCorrelationId('{"type":"X","meta":{"correlationId":"abc-1"},"payload":"…"}')).toBe("abc-1");
    expect(sniffCorrelationId('{"meta": {"correlationId" : "spaced"}')).toBe("spaced");
    // A frame that is not valid JSON: what a server answers invalid JSON with.
    expect(sniffCorrelationId('{"type":"CALC","meta":{"correlationId":"req-7"},"payload":{"a":1,}')).toBe("req-7");
  });

  it("ignores ids beyond the first 4 KiB or longer than 128 characters", () => {
    expect(sniffCorrelationId(`${" ".repeat(5000)}"correlationId":"late"`)).toBeUndefined();
    expect(sniffCorrelationId(`{"correlationId":"${"x".repeat(129)}"}`)).toBeUndefined();
  });
});

describe("serializeMessage", () => {
  it("leaves out an undefined payload", () => {
    expect(serializeMessage("PING", {})).toBe('{"type":"PING","meta":{}}');
    expect(serializeMessage("A", { timestamp: 1 }, { x: 1 })).toBe(
      '{"type":"A","meta":{"timestamp":1},"payload":{"x":1}}',
    );
  });
});

describe("readErrorPayload", () => {
  it("reads ERROR payloads and ws-kit RPC_ERROR details as context", () => {
    expect(readErrorPayload({ code: "RATE_LIMIT", message: "slow down", retryAfterMs: 500 })).toEqual({
      code: "RATE_LIMIT",
      message: "slow down",
      retryAfterMs: 500,
    });
    expect(readErrorPayload({ code: "NOT_FOUND", details: { id: 1 } })).toEqual({
      code: "NOT_FOUND",
      context: { id: 1 },
    });
  });

  it("rejects payloads without a string code and ignores unusable fields", () => {
    expect(readErrorPayload(null)).toBeUndefined();
    expect(readErrorPayload({ message: "x" })).toBeUndefined();
    expect(readErrorPayload({ code: "X", retryAfterMs: -1, context: [1] })).toEqual({ code: "X" });
  });
});

describe("isReservedType", () => {
  it("reserves $ and __ prefixes", () => {
    expect(["$ws:abort", "__heartbeat"].map(isReservedType)).toEqual([true, true]);
    expect(["PING", "_x", "A$"].map(isReservedType)).toEqual([false, false, false]);
  });
});
