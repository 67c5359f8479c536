import { describe, expect, it } from "vitest";
import { ValidationError } from "./errors.ts";
import { buildFrame, frameData } from "./frame.ts";
import { messageInfo } from "./schema/message-schema.ts";
import { message, z } from "./zod.ts";

const Chat = message("CHAT", { text: z.string() });
const Ping = message("PING");

describe("buildFrame", () => {
  it("serializes the caller's input with the correlation id and the timestamp filled in", () => {
    const frame = buildFrame(Chat, { text: "hi" }, { correlationId: "c-1", timestamp: 5 });
    expect(frame.type).toBe("CHAT");
    expect(JSON.parse(frame.data)).toEqual({
      type: "CHAT",
      meta: { correlationId: "c-1", timestamp: 5 },
      payload: { text: "hi" },
    });
  });

  it("keeps a timestamp the caller gave, lets the request's id win, and adds no timestamp when none is given", () => {
    const given = buildFrame(
      Chat,
      { text: "hi" },
      { meta: { timestamp: 1, correlationId: "mine" }, correlationId: "req", timestamp: 9 },
    );
    expect(JSON.parse(given.data).meta).toEqual({ timestamp: 1, correlationId: "req" });
    expect(JSON.parse(buildFrame(Ping, undefined).data)).toEqual({ type: "PING", meta: {} });
  });

  it("throws a ValidationError naming the type, unless validation is off", () => {
    expect(() => buildFrame(Chat, { text: 1 })).toThrow(ValidationError);
    expect(() => buildFrame(Chat, { text: 1 })).toThrow(/CHAT/);
    expect(JSON.parse(buildFrame(Chat, { text: 1 }, { validate: false }).data).payload).toEqual({ text: 1 });
  });

  it("sends exactly JSON.stringify of the whole message, whichever way it is serialized", () => {
    const Quote = message('Q"\\uote\u2028');
    // What the frame must equal: the candidate message, as JSON.stringify writes it.
    const expected = (type: string, meta: object, payload: unknown, withPayload: boolean) =>
      JSON.stringify(withPayload || payload !== undefined ? { type, meta, payload } : { type, meta });
    const payloads: unknown[] = [
      { text: "hi" },
      { text: 'quote " backslash \\ newline \n tab \t \u0000 \u2028 \ud800 é 😀' },
      { text: "x", nested: { a: [1, -0, 1e21, 1.5, Number.NaN, Infinity, null, undefined, () => 1] } },
      { text: "x", toJSON: (key: string) => `key:${key}` },
      new Date(0),
      null,
      undefined,
      "a string",
      42,
      () => "a function",
      Symbol("s"),
    ];
    const ids = [undefined, "c-1", 'id with "quotes" and \\', "Xk3v_9QaL2w.1z"];
    const timestamps = [undefined, 0, -0, 1_764_776_400_000, 1.25, Number.NaN, Infinity];
    for (const payload of payloads) {
      for (const correlationId of ids) {
        for (const timestamp of timestamps) {
          const meta: Record<string, unknown> = {};
          if (correlationId !== undefined) meta.correlationId = correlationId;
          if (timestamp !== undefined) meta.timestamp = timestamp;
          const chat = buildFrame(Chat, payload, { correlationId, timestamp, validate: false }).data;
          expect(chat).toBe(expected("CHAT", meta, payload, true));
          const ping = buildFrame(Ping, payload, { correlationId, timestamp, validate: false }).data;
          expect(ping).toBe(expected("PING", meta, payload, false));
          const quote = buildFrame(Quote, payload, { correlationId, timestamp, validate: false }).data;
          expect(quote).toBe(expected('Q"\\uote\u2028', meta, payload, false));
          const withMeta = buildFrame(Chat, payload, { meta: { a: 1 }, correlationId, timestamp, validate: false });
          expect(withMeta.data).toBe(expected("CHAT", { a: 1, ...meta }, payload, true));
        }
      }
    }
    // Validated frames too (the usual path of `send` and `request`).
    expect(buildFrame(Chat, { text: "ok" }, { correlationId: "r.1", timestamp: 7 }).data).toBe(
      '{"type":"CHAT","meta":{"correlationId":"r.1","timestamp":7},"payload":{"text":"ok"}}',
    );
  });
});

describe("frameData (buildFrame without its option and result objects: the client's send and request path)", () => {
  it.each([
    ["a correlation id and a timestamp", Chat, { text: "hi" }, { correlationId: "c-1", timestamp: 5 }],
    ["the caller's meta first, its timestamp kept", Chat, { text: "hi" }, { meta: { timestamp: 1 }, timestamp: 5 }],
    [
      "the request's id over the caller's",
      Chat,
      { text: "hi" },
      { meta: { correlationId: "mine" }, correlationId: "c-2" },
    ],
    ["no payload", Ping, undefined, {}],
    ["validate: false", Chat, { text: 3 }, { validate: false }],
  ])("gives buildFrame's exact text: %s", (_label, schema, payload, options) => {
    const { meta, correlationId, timestamp, validate } = options as Parameters<typeof buildFrame>[2] & object;
    const data = frameData(schema, messageInfo(schema), payload, meta, correlationId, timestamp, validate);
    expect(data).toBe(buildFrame(schema, payload, options).data);
  });

  it("throws buildFrame's ValidationError for an invalid message", () => {
    const call = () => frameData(Chat, messageInfo(Chat), { text: 3 }, undefined, undefined, undefined);
    expect(call).toThrow(ValidationError);
    expect(call).toThrow(/^CHAT/);
  });
});
