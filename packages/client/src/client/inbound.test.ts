import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createHarness, type Harness } from "../../test/mock-server.ts";
import { ProtocolError, ServerError, ValidationError } from "../errors.ts";
import { ErrorMessage, message, z } from "../zod.ts";

const Chat = message("CHAT", { text: z.string() });

let h: Harness;
beforeEach(async () => {
  vi.useFakeTimers();
  h = createHarness();
  await Promise.all([h.client.connect(), h.tick()]);
});
afterEach(() => {
  h.dispose();
  vi.useRealTimers();
});

async function push(data: unknown): Promise<void> {
  h.push(data);
  await h.tick();
}

describe("inbound frames", () => {
  it.each([
    ["non-JSON", "{not json", "frame is not valid JSON: "],
    ["a JSON array", "[1,2]", "frame is not a JSON object"],
    ["no type", JSON.stringify({ meta: {} }), "frame has no `type`"],
    ["bad meta", JSON.stringify({ type: "CHAT", meta: 3 }), "frame `meta` is not an object"],
  ])(
    "reports %s as invalid-frame (ProtocolError saying what was wrong), never to handlers",
    async (_name, frame, problem) => {
      const handler = vi.fn();
      h.client.on(Chat, handler);
      await push(frame);
      expect(h.errors).toHaveLength(1);
      const [event] = h.errors;
      expect(event?.kind).toBe("invalid-frame");
      expect(event?.error).toBeInstanceOf(ProtocolError);
      expect((event?.error as Error | undefined)?.message).toContain(problem);
      expect(handler).not.toHaveBeenCalled();
      expect(h.client.state.status).toBe("open");
    },
  );

  it("reports a binary frame as invalid-frame", async () => {
    await push(new Uint8Array([1, 2, 3]).buffer);
    expect(h.errors.map((e) => e.kind)).toEqual(["invalid-frame"]);
    expect((h.errors[0]?.error as Error | undefined)?.message).toBe("binary frames are not supported: send JSON text");
  });

  it("reports a wrong-shape message as invalid-message and keeps it from handlers", async () => {
    const handler = vi.fn();
    h.client.on(Chat, handler);
    await push(JSON.stringify({ type: "CHAT", meta: {}, payload: { text: 42 } }));
    await push(JSON.stringify({ type: "CHAT", meta: {}, payload: { text: "ok" }, extra: true }));
    expect(handler).not.toHaveBeenCalled();
    expect(h.errors.map((e) => e.kind)).toEqual(["invalid-message", "invalid-message"]);
    const event = h.errors[0];
    if (event?.kind !== "invalid-message") throw new Error("unexpected");
    expect(event.error).toBeInstanceOf(ValidationError);
    expect(event.error.direction).toBe("inbound");
    expect(event.envelope.type).toBe("CHAT");
  });

  it("sends a valid message of an unknown type to onUnhandled", async () => {
    await push(JSON.stringify({ type: "NOBODY_LISTENS", meta: {}, payload: { a: 1 } }));
    expect(h.errors).toEqual([]);
    expect(h.unhandled).toMatchObject([{ type: "NOBODY_LISTENS", payload: { a: 1 } }]);
  });

  it("sends frames for unknown correlation ids to the normal handlers", async () => {
    const handler = vi.fn();
    h.client.on(Chat, handler);
    await push(JSON.stringify({ type: "CHAT", meta: { correlationId: "nope" }, payload: { text: "x" } }));
    expect(handler).toHaveBeenCalledWith({ type: "CHAT", meta: { correlationId: "nope" }, payload: { text: "x" } });
    expect(h.errors).toEqual([]);
  });

  it("isolates handlers: one throwing does not stop the others, and is reported", async () => {
    const calls: string[] = [];
    const boom = new Error("boom");
    h.client.on(Chat, () => calls.push("first"));
    h.client.on(Chat, () => {
      throw boom;
    });
    h.client.on(Chat, () => calls.push("third"));
    await push(JSON.stringify({ type: "CHAT", meta: {}, payload: { text: "x" } }));
    await push(JSON.stringify({ type: "CHAT", meta: {}, payload: { text: "y" } }));
    expect(calls).toEqual(["first", "third", "first", "third"]);
    expect(h.errors).toEqual([
      { kind: "handler-error", error: boom, messageType: "CHAT" },
      { kind: "handler-error", error: boom, messageType: "CHAT" },
    ]);
  });

  it("gives an uncorrelated ERROR to ERROR handlers, or reports it as server-error when none", async () => {
    const frame = JSON.stringify({ type: "ERROR", meta: {}, payload: { code: "AUTH_ERROR", message: "who?" } });
    await push(frame);
    expect(h.errors).toHaveLength(1);
    expect(h.errors[0]).toMatchObject({ kind: "server-error", error: { code: "AUTH_ERROR", message: "who?" } });
    expect(h.errors[0]?.error).toBeInstanceOf(ServerError);
    const handler = vi.fn();
    h.client.on(ErrorMessage, handler);
    await push(frame);
    expect(handler).toHaveBeenCalledWith({ type: "ERROR", meta: {}, payload: { code: "AUTH_ERROR", message: "who?" } });
    expect(h.errors).toHaveLength(1);
  });

  it("never throws out of a throwing onError or onUnhandled listener", async () => {
    h.client.onError(() => {
      throw new Error("listener");
    });
    h.client.onUnhandled(() => {
      throw new Error("listener");
    });
    await push("garbage");
    await push(JSON.stringify({ type: "OTHER", meta: {} }));
    expect(h.errors.map((e) => e.kind)).toEqual(["invalid-frame", "handler-error"]);
    expect(h.client.state.status).toBe("open");
  });
});
