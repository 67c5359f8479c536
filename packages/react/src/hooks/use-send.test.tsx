import { renderHook } from "@testing-library/react";
import { ValidationError } from "@typed-ws/client";
import { message, z } from "@typed-ws/client/zod";
import { afterEach, describe, expect, it } from "vitest";
import { type Harness, testHarness } from "../test/harness.ts";
import { providerWrapper } from "../test/render.tsx";
import { useSend } from "./use-send.ts";

const Chat = message("CHAT", { text: z.string().max(5) });
const Ping = message("PING");

let harness: Harness;
afterEach(() => harness?.stop());

describe("useSend", () => {
  it("is the same function on every render and delivers validated messages", async () => {
    harness = testHarness();
    const { result, rerender } = renderHook(() => useSend(), { wrapper: providerWrapper(harness.client) });
    const first = result.current;
    rerender();
    expect(result.current).toBe(first);
    // Sent before the socket opens: waits in the offline queue, then flushes in order.
    result.current(Chat, { text: "hi" });
    result.current(Ping);
    const chat = await harness.server.waitForSent(Chat);
    expect(chat.payload).toEqual({ text: "hi" });
    await harness.server.waitForSent(Ping);
    expect(harness.server.frames.map((frame) => frame.type)).toEqual(["CHAT", "PING"]);
  });

  it("throws ValidationError for an invalid message and sends nothing", () => {
    harness = testHarness();
    const { result } = renderHook(() => useSend(), { wrapper: providerWrapper(harness.client) });
    expect(() => result.current(Chat, { text: "far too long" })).toThrow(ValidationError);
    expect(harness.client.state.queued).toBe(0);
  });
});
