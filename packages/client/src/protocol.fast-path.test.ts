/**
 * The client's inbound fast path — `readFrame`'s parsed object validated as is when `toEnvelope`
 * finds no unknown root keys — against `envelopeToMessage` of `parseFrame`'s envelope: schemas
 * give the same value or the same issues and error text for every frame it takes; every other
 * frame gets parseFrame's result.
 */
import { describe, expect, it } from "vitest";
import { validateInbound } from "./client/validate-inbound.ts";
import { envelopeToMessage, parseFrame, readFrame, toEnvelope } from "./protocol.ts";

/** What the router validates when it takes the fast path, else undefined. */
function parseMessage(raw: unknown): Record<string, unknown> | undefined {
  const record = readFrame(raw);
  return "type" in record && !toEnvelope(record).extra ? record : undefined;
}

import * as V from "./valibot.ts";
import * as Z from "./zod.ts";

const schemas = {
  zod: Z.message("ECHO", { text: Z.z.string().max(5) }, { room: Z.z.string() }),
  valibot: V.message("ECHO", { text: V.v.pipe(V.v.string(), V.v.maxLength(5)) }, { room: V.v.string() }),
  zodOptionalMeta: Z.message("ECHO", { text: Z.z.string() }, { room: Z.z.string().optional() }),
  zodNoPayload: Z.message("ECHO"),
  valibotNoPayload: V.message("ECHO"),
};

/** Frames the fast path takes, valid and invalid against the schemas above. */
const frames = [
  '{"type":"ECHO","meta":{"room":"r","correlationId":"c1"},"payload":{"text":"hi"}}',
  '{"payload":{"text":"hi"},"meta":{"room":"r"},"type":"ECHO"}', // any key order
  '{"type":"ECHO","payload":{"text":"hi"}}', // no meta: {}
  '{"type":"ECHO"}',
  '{"type":"ECHO","meta":{}}',
  '{"type":"ECHO","meta":{"room":"r","topic":"t","offset":2,"timestamp":5},"payload":{"text":"hi"}}',
  '{"type":"ECHO","meta":{"room":"r"},"payload":{"text":"too long"}}',
  '{"type":"ECHO","meta":{"room":"r"},"payload":{"text":"hi","extra":1}}',
  '{"type":"ECHO","meta":{"room":1,"timestamp":"no"},"payload":null}',
  '{"type":"ECHO","meta":{"room":"r","__proto__":{"x":1}},"payload":{"text":"hi"}}',
  '{"type":"ECHO","meta":{"room":"r"},"payload":[1]}',
  '{"type":"OTHER","meta":{"room":"r"},"payload":{"text":"hi"}}',
  '{"type":"ECHO_RESULT","meta":{"correlationId":"c"},"payload":{"text":"hi"}}',
];

describe("fast path: the parsed frame validates exactly as parseFrame's envelope does", () => {
  for (const [name, schema] of Object.entries(schemas)) {
    it(`${name}: same value or same issues and error text for every frame`, () => {
      let valid = 0;
      for (const raw of frames) {
        const parsed = parseFrame(raw);
        if (!parsed.ok) throw new Error(`parseFrame refused ${raw}`);
        const fast = parseMessage(raw);
        expect(fast, raw).toBeDefined();
        const slowMessage = envelopeToMessage(parsed.envelope);
        expect(fast).toEqual(slowMessage);
        expect(schema["~standard"].validate(fast)).toEqual(schema["~standard"].validate(slowMessage));
        const a = validateInbound(schema, fast, parsed.envelope.type);
        const b = validateInbound(schema, slowMessage, parsed.envelope.type);
        if (a instanceof Error) expect(b instanceof Error && [b.message, b.issues]).toEqual([a.message, a.issues]);
        else {
          expect(b).toEqual(a);
          valid++;
        }
      }
      expect(valid).toBeGreaterThan(0); // both outcomes are compared
    });
  }

  it("keeps the fields parseFrame's envelope has: type, meta ({} when absent), payload when present", () => {
    for (const raw of frames) {
      const fast = parseMessage(raw) as Record<string, unknown>;
      const parsed = parseFrame(raw);
      if (!parsed.ok) throw new Error("unexpected");
      const { type, meta, payload, hasPayload } = parsed.envelope;
      expect({ type: fast.type, meta: fast.meta, payload: fast.payload, hasPayload: "payload" in fast }).toEqual({
        type,
        meta,
        payload,
        hasPayload,
      });
    }
  });
});

describe("fast path: leaves to parseFrame what it refuses or what carries other root keys", () => {
  it.each([
    ["binary", new Uint8Array([1])],
    ["not JSON", "not json"],
    ["an array", "[1]"],
    ["null", "null"],
    ["a string", '"text"'],
    ["no type", '{"meta":{}}'],
    ["an empty type", '{"type":""}'],
    ["a number type", '{"type":5}'],
    ["null meta", '{"type":"ECHO","meta":null}'],
    ["array meta", '{"type":"ECHO","meta":[1]}'],
    ["string meta", '{"type":"ECHO","meta":"m"}'],
    ["an unknown root key", '{"type":"ECHO","meta":{},"payload":{"text":"hi"},"extra":1}'],
    ["an unknown root key and no meta", '{"type":"ECHO","extra":1}'],
    ["a __proto__ root key", '{"type":"ECHO","__proto__":{"polluted":1}}'],
  ])("%s", (_label, raw) => {
    expect(parseMessage(raw)).toBeUndefined();
    const read = readFrame(raw);
    const parsed = parseFrame(raw);
    // A refused frame: readFrame's failure is parseFrame's result; else the same envelope, extras kept.
    if ("type" in read) expect(parsed).toEqual({ ok: true, envelope: toEnvelope(read) });
    else expect(parsed).toEqual(read);
  });

  it("keeps unknown root keys (a __proto__ key as a key) in the envelope's extra, as parseFrame always did", () => {
    const parsed = parseFrame('{"type":"ECHO","__proto__":{"polluted":1},"extra":2}');
    if (!parsed.ok) throw new Error("unexpected");
    expect(Object.keys(parsed.envelope.extra ?? {})).toEqual(["__proto__", "extra"]);
    expect(Object.getPrototypeOf(parsed.envelope.extra)).toBeNull();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
