import { act, renderHook, waitFor } from "@testing-library/react";
import { ServerError } from "@typed-ws/client";
import { message, z } from "@typed-ws/client/zod";
import { afterEach, describe, expect, it } from "vitest";
import { errorTo, type MockServerHarness, mockServer, replyTo } from "../test/mock-server.ts";
import { providerWrapper } from "../test/render.tsx";
import { useRequestMutation } from "./use-request-mutation.ts";

const Rename = message("RENAME", { name: z.string() });
const Renamed = message("RENAMED", { name: z.string() });
const Reset = message("RESET");

let harness: MockServerHarness;
afterEach(() => harness?.stop());

function renameServer() {
  harness = mockServer();
  harness.onFrame((frame, reply) => {
    if (frame.type === "RESET") reply(replyTo(frame, "RENAMED", { name: "" }));
    if (frame.type !== "RENAME") return;
    const { name } = frame.payload as { name: string };
    reply(name === "admin" ? errorTo(frame, "AUTHORIZATION_FAILED") : replyTo(frame, "RENAMED", { name }));
  });
  return harness;
}

describe("useRequestMutation", () => {
  it("sends nothing until mutate(payload), then exposes the response", async () => {
    const { client } = renameServer();
    const { result } = renderHook(() => useRequestMutation(Rename, Renamed), { wrapper: providerWrapper(client) });
    await harness.waitForStatus("open");
    expect(harness.received).toHaveLength(0);
    act(() => result.current.mutate({ name: "ada" }));
    await waitFor(() => expect(result.current.data?.payload.name).toBe("ada"));
    expect(result.current.variables).toEqual({ name: "ada" });
    act(() => result.current.reset());
    await waitFor(() => expect(result.current.isIdle).toBe(true));
    expect(result.current.data).toBeUndefined();
  });

  it("mutateAsync rejects with the typed error; mutate records it in `error`", async () => {
    const { client } = renameServer();
    const { result } = renderHook(() => useRequestMutation(Rename, Renamed, { retry: 3 }), {
      wrapper: providerWrapper(client),
    });
    const rejection = await result.current.mutateAsync({ name: "admin" }).catch((error: unknown) => error);
    expect(rejection).toBeInstanceOf(ServerError);
    act(() => result.current.mutate({ name: "admin" }));
    await waitFor(() => expect(result.current.error).toBeInstanceOf(ServerError));
    expect(result.current.error?.code).toBe("AUTHORIZATION_FAILED");
    // Never retried despite retry: 3.
    expect(harness.received.filter((frame) => frame.type === "RENAME")).toHaveLength(2);
  });

  it("takes no payload for a message without one", async () => {
    const { client } = renameServer();
    const { result } = renderHook(() => useRequestMutation(Reset, Renamed), { wrapper: providerWrapper(client) });
    await act(() => result.current.mutateAsync());
    await waitFor(() => expect(result.current.isSuccess).toBe(true));
    expect(harness.received[0]).toMatchObject({ type: "RESET" });
  });
});
