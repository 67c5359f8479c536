import { describe, expect, it } from "vitest";
import { ValidationError } from "./errors.ts";
import { buildFrame } from "./frame.ts";
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
});
