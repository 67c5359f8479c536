import { describe, expect, test } from "bun:test";
import { parseFrame } from "@typed-ws/client/protocol";
import * as V from "@typed-ws/client/valibot";
import * as Z from "@typed-ws/client/zod";
import { parseRoutable, recordToCandidate, toCandidate } from "./candidate.ts";

const schemas = {
  zod: Z.message("ECHO", { text: Z.z.string().max(5) }, { room: Z.z.string() }),
  valibot: V.message("ECHO", { text: V.v.pipe(V.v.string(), V.v.maxLength(5)) }, { room: V.v.string() }),
  zodNoPayload: Z.message("ECHO"),
  valibotNoPayload: V.message("ECHO"),
};

/** Frames the fast path takes (parseRoutable accepts them), valid and invalid against the schemas. */
const frames = [
  '{"type":"ECHO","meta":{"room":"r","correlationId":"c1"},"payload":{"text":"hi"}}',
  '{"payload":{"text":"hi"},"meta":{"room":"r"},"type":"ECHO"}', // any key order
  '{"type":"ECHO","payload":{"text":"hi"}}', // no meta: {} (room missing)
  '{"type":"ECHO"}',
  '{"type":"ECHO","meta":{}}',
  '{"type":"ECHO","meta":{"room":"r","clientId":"x","receivedAt":1,"topic":"t","offset":2},"payload":{"text":"hi"}}',
  '{"type":"ECHO","meta":{"room":"r"},"payload":{"text":"too long"}}',
  '{"type":"ECHO","meta":{"room":"r"},"payload":{"text":"hi","extra":1}}',
  '{"type":"ECHO","meta":{"room":1,"timestamp":"no"},"payload":null}',
  '{"type":"ECHO","meta":{"room":"r"},"payload":[1]}',
  '{"type":"OTHER","meta":{"room":"r"},"payload":{"text":"hi"}}',
];

describe("recordToCandidate: the parsed frame validates exactly as parseFrame's envelope does", () => {
  for (const [name, schema] of Object.entries(schemas)) {
    test(`${name}: same value or same issues for every frame`, async () => {
      for (const raw of frames) {
        const record = parseRoutable(raw);
        expect(record).toBeDefined();
        const parsed = parseFrame(raw);
        if (!parsed.ok) throw new Error(`parseFrame refused ${raw}`);
        const fast = await schema["~standard"].validate(recordToCandidate(record as Record<string, unknown>));
        const slow = await schema["~standard"].validate(toCandidate(parsed.envelope));
        expect(fast).toEqual(slow);
      }
    });
  }
});

describe("parseRoutable: only frames parseFrame accepts, with a type that is not the protocol's", () => {
  test("leaves everything else to parseFrame", () => {
    for (const raw of [
      "not json",
      "[1]",
      "null",
      '"text"',
      '{"meta":{}}',
      '{"type":""}',
      '{"type":5}',
      '{"type":"ECHO","meta":null}',
      '{"type":"ECHO","meta":[1]}',
      '{"type":"ECHO","meta":"m"}',
      '{"type":"__heartbeat"}',
      '{"type":"$ws:abort","meta":{"correlationId":"c"}}',
      `{"type":"${"T".repeat(129)}"}`,
      // Unknown root keys (parseFrame's envelope orders them first, as strict schemas then report them)
      '{"zz":1,"type":"ECHO","aa":2,"meta":{"room":"r"},"payload":{"text":"hi"},"mm":3}',
      '{"type":"ECHO","__proto__":{"polluted":true},"meta":{"room":"r"},"payload":{"text":"hi"}}',
    ]) {
      expect(parseRoutable(raw)).toBeUndefined();
    }
    expect(parseRoutable(new Uint8Array([123, 125]))).toBeUndefined();
    expect(parseRoutable(`{"type":"${"T".repeat(128)}"}`)).toEqual({ type: "T".repeat(128) });
  });
});
