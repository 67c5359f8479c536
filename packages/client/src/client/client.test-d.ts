import { describe, expectTypeOf, it } from "vitest";
import { message, wsClient, z } from "../zod.ts";
import type { ClientErrorEvent, ConnectionState } from "./types.ts";

const Chat = message("CHAT", { text: z.string(), n: z.number().default(1) });
const Ping = message("PING");
const Pong = message("PONG", { latency: z.number() });
const Calculate = message("CALCULATE", { a: z.number(), b: z.number() });
const CalculateResult = message("CALCULATE_RESULT", { result: z.number() });
const Versioned = message("VERSIONED", { x: z.string() }, { version: z.string() });

const client = wsClient({ url: "ws://localhost:3000" });

describe("wsClient types", () => {
  it("types handler messages from the schema (output types)", () => {
    client.on(Chat, (msg) => {
      expectTypeOf(msg.type).toEqualTypeOf<"CHAT">();
      expectTypeOf(msg.payload).toEqualTypeOf<{ text: string; n: number }>();
      expectTypeOf(msg.meta.correlationId).toEqualTypeOf<string | undefined>();
    });
    client.on(Ping, (msg) => {
      expectTypeOf(msg).toEqualTypeOf<{ type: "PING"; meta: { timestamp?: number; correlationId?: string } }>();
    });
    expectTypeOf(client.on(Ping, () => {})).toEqualTypeOf<() => void>();
  });

  it("types the request result as the validated response message", () => {
    const result = client.request(Calculate, { a: 1, b: 2 }, CalculateResult, { timeoutMs: 5000 });
    expectTypeOf(result).resolves.toHaveProperty("payload").toEqualTypeOf<{ result: number }>();
    expectTypeOf(client.request(Ping, Pong)).resolves.toHaveProperty("type").toEqualTypeOf<"PONG">();
    expectTypeOf(client.request(Ping, Pong, { retryable: true }))
      .resolves.toHaveProperty("type")
      .toEqualTypeOf<"PONG">();
    // @ts-expect-error retryable is a boolean
    client.request(Ping, Pong, { retryable: "yes" });
    expectTypeOf(client.request(Ping, Pong, { signal: AbortSignal.timeout(1) })).resolves.toHaveProperty("payload");
  });

  it("rejects wrong payloads at compile time", () => {
    // @ts-expect-error `text` must be a string
    client.send(Chat, { text: 1 });
    // @ts-expect-error unknown payload key
    client.send(Chat, { text: "x", extra: true });
    // @ts-expect-error payload required for CHAT
    client.send(Chat);
    // @ts-expect-error `a` must be a number
    client.request(Calculate, { a: "1", b: 2 }, CalculateResult);
    // @ts-expect-error the payload-less form needs a payload-less request schema
    client.request(Calculate, CalculateResult);
    // @ts-expect-error declared meta is required
    client.send(Versioned, { x: "a" });
  });

  it("accepts payload-less forms and input types (defaults optional)", () => {
    client.send(Ping);
    client.send(Ping, undefined, { meta: { correlationId: "c1" } });
    client.send(Chat, { text: "x" });
    client.send(Versioned, { x: "a" }, { meta: { version: "1" } });
    client.request(Ping, Pong);
    client.request(Ping, undefined, Pong);
  });

  it("exposes the state snapshot and error events", () => {
    expectTypeOf(client.state).toEqualTypeOf<ConnectionState>();
    expectTypeOf(client.state.status).toEqualTypeOf<"idle" | "connecting" | "open" | "reconnecting" | "closed">();
    client.onError((event) => {
      expectTypeOf(event).toEqualTypeOf<ClientErrorEvent>();
      if (event.kind === "queue-drop") expectTypeOf(event.messageType).toEqualTypeOf<string>();
    });
    expectTypeOf(client.connect()).toEqualTypeOf<Promise<void>>();
  });

  it("accepts the platform WebSocket constructor", () => {
    wsClient({ url: "ws://localhost:3000", WebSocket: globalThis.WebSocket });
    class Custom extends WebSocket {}
    wsClient({ url: "ws://localhost:3000", WebSocket: Custom });
  });
});
