/** The client's errors say what happened, to which message type, and what to do, and keep `cause`. */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { caught, createHarness, type Harness, reply } from "../../test/mock-server.ts";
import { ConnectionClosedError, ValidationError } from "../errors.ts";
import { message, z } from "../zod.ts";
import { wsClient } from "./client.ts";

const Calculate = message("CALCULATE", { a: z.number(), b: z.number() });
const CalculateResult = message("CALCULATE_RESULT", { result: z.number() });
/** Schemas whose refinement is async: the client validates synchronously. */
const AsyncChat = message("CHAT", { text: z.string().refine(async () => true) });
const AsyncResult = message("CALCULATE_RESULT", { result: z.number().refine(async () => true) });

let h: Harness | undefined;
beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  h?.dispose();
  h = undefined;
  vi.useRealTimers();
});

async function open(harness: Harness): Promise<void> {
  await Promise.all([harness.client.connect(), harness.tick()]);
}

describe("error text", () => {
  it("a request without a response schema names the type and says what to pass; nothing is sent", async () => {
    h = createHarness();
    await open(h);
    const request = h.client.request as (...args: unknown[]) => Promise<unknown>;
    const error = await caught(request(Calculate, { a: 1, b: 2 }));
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(
      /^request\(CALCULATE, …\) needs a response schema: pass the response message after the payload, or pair the two once with rpc\(\) or withResponse\(\)$/,
    );
    await h.tick();
    expect(h.ofType("CALCULATE")).toHaveLength(0);
  });

  it("with no WebSocket constructor connect() rejects with ConnectionClosedError saying to pass wsClient({ WebSocket })", async () => {
    vi.stubGlobal("WebSocket", undefined);
    try {
      const client = wsClient({ url: "ws://localhost:1", lifecycle: false });
      const error = await caught(client.connect());
      expect(error).toBeInstanceOf(ConnectionClosedError);
      expect((error as Error).message).toContain("pass wsClient({ WebSocket })");
      expect((error as Error).cause).toBeInstanceOf(TypeError);
      expect(client.state.status).toBe("closed");
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it("a ConnectionClosedError for giving up keeps the failed attempt as cause", async () => {
    h = createHarness({ reconnect: false, autoConnect: false });
    h.server.stop(); // the server refuses: the attempt never opens
    const request = caught(h.client.request(Calculate, { a: 1, b: 2 }, CalculateResult));
    const failed = caught(h.client.connect());
    await h.tick();
    const attempt = (await failed) as ConnectionClosedError;
    expect(attempt).toBeInstanceOf(ConnectionClosedError);
    expect(attempt.message).toMatch(/^Could not connect/);
    const error = (await request) as ConnectionClosedError;
    expect(error).toBeInstanceOf(ConnectionClosedError);
    expect(error.cause).toBe(attempt);
    expect(h.client.state.status).toBe("closed");
  });

  it("a handler schema with an async refinement never throws out of onmessage: reported through onError", async () => {
    h = createHarness();
    await open(h);
    const handler = vi.fn();
    h.client.on(AsyncChat, handler);
    h.push(JSON.stringify({ type: "CHAT", meta: {}, payload: { text: "hi" } }));
    await h.tick();
    expect(handler).not.toHaveBeenCalled();
    const [event] = h.errors;
    expect(event?.kind).toBe("invalid-message");
    expect(event?.error).toBeInstanceOf(ValidationError);
    expect((event?.error as Error | undefined)?.message).toBe(
      "CHAT: async schemas are not supported: make the schema's refinements synchronous",
    );
    expect((event?.error as Error | undefined)?.cause).toBeInstanceOf(TypeError);
    expect(h.client.state.status).toBe("open");
  });

  it("a request whose response schema is async rejects with a ValidationError instead of hanging", async () => {
    h = createHarness();
    await open(h);
    const result = caught(h.client.request(Calculate, { a: 1, b: 2 }, AsyncResult));
    await h.tick();
    const [frame] = h.ofType("CALCULATE");
    if (!frame) throw new Error("not sent");
    reply(h, frame, "CALCULATE_RESULT", { result: 3 });
    await h.tick();
    const error = await result;
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toMatch(/^CALCULATE_RESULT: async schemas are not supported/);
    expect(h.errors).toEqual([]);
  });

  it("names the fields of a response that fails its schema", async () => {
    h = createHarness();
    await open(h);
    const result = caught(h.client.request(Calculate, { a: 1, b: 2 }, CalculateResult));
    await h.tick();
    const [frame] = h.ofType("CALCULATE");
    if (!frame) throw new Error("not sent");
    reply(h, frame, "CALCULATE_RESULT", { result: "3" });
    await h.tick();
    expect((await result) as Error).toMatchObject({
      name: "ValidationError",
      message: expect.stringMatching(/^CALCULATE_RESULT: payload\.result: /),
    });
  });
});
