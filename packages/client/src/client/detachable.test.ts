import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createHarness, type Harness, reply } from "../../test/mock-server.ts";
import { message, z } from "../zod.ts";

const Chat = message("CHAT", { text: z.string() });
const Calculate = message("CALCULATE", { a: z.number(), b: z.number() });
const CalculateResult = message("CALCULATE_RESULT", { result: z.number() });

let h: Harness;
beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
});
afterEach(() => {
  h?.dispose();
  vi.useRealTimers();
});

// The WsClient contract the React package relies on: `useSend` returns `client.send` itself and
// `useConnectionState` subscribes with `client.onState` unbound.
describe("WsClient methods are detachable and stable", () => {
  it("works unbound: connect, onState, on, send, request, close", async () => {
    h = createHarness();
    const { connect, onState, on, send, request, close } = h.client;
    const statuses: string[] = [];
    const off = onState((state) => statuses.push(state.status));
    const chats: string[] = [];
    on(Chat, (msg) => chats.push(msg.payload.text));

    const connected = connect();
    await h.tick();
    await connected;
    send(Chat, { text: "hi" });
    const sum = request(Calculate, { a: 2, b: 3 }, CalculateResult);
    await h.tick();
    const frame = h.received.find((f) => f.type === "CALCULATE");
    expect(frame).toBeDefined();
    reply(h, frame!, "CALCULATE_RESULT", { result: 5 });
    h.push(JSON.stringify({ type: "CHAT", meta: {}, payload: { text: "back" } }));
    await expect(sum).resolves.toMatchObject({ payload: { result: 5 } });

    expect(h.received.find((f) => f.type === "CHAT")?.payload).toEqual({ text: "hi" });
    expect(chats).toEqual(["back"]);
    off();
    close();
    expect(statuses).toEqual(["connecting", "open"]);
  });

  it("each method is the same function every time it is read", () => {
    h = createHarness();
    const { client } = h;
    for (const name of ["connect", "close", "send", "request", "on", "onState", "onError", "onUnhandled"] as const) {
      expect(client[name], name).toBe(client[name]);
    }
  });
});
