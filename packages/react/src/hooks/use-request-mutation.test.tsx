import { act, renderHook, waitFor } from "@testing-library/react";
import { ServerError } from "@typed-ws/client";
import { message, z } from "@typed-ws/client/zod";
import { afterEach, describe, expect, it } from "vitest";
import { type Harness, testHarness } from "../test/harness.ts";
import { providerWrapper } from "../test/render.tsx";
import { useRequestMutation } from "./use-request-mutation.ts";

const Rename = message("RENAME", { name: z.string() });
const Renamed = message("RENAMED", { name: z.string() });
const Reset = message("RESET");

let harness: Harness;
afterEach(() => harness?.stop());

function renameServer() {
  harness = testHarness();
  harness.server.onRequest(Reset, Renamed, () => ({ name: "" }));
  harness.server.onRequest(Rename, Renamed, ({ name }, request) =>
    name === "admin" ? request.error("AUTHORIZATION_FAILED") : { name },
  );
  return harness;
}

describe("useRequestMutation", () => {
  it("sends nothing until mutate(payload), then exposes the response", async () => {
    const { client } = renameServer();
    const { result } = renderHook(() => useRequestMutation(Rename, Renamed), { wrapper: providerWrapper(client) });
    await harness.waitForStatus("open");
    expect(harness.server.frames).toHaveLength(0);
    act(() => result.current.mutate({ name: "ada" }));
    await waitFor(() => expect(result.current.data?.name).toBe("ada"));
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
    expect(harness.server.sent(Rename)).toHaveLength(2);
  });

  it("takes no payload for a message without one", async () => {
    const { client } = renameServer();
    const { result } = renderHook(() => useRequestMutation(Reset, Renamed), { wrapper: providerWrapper(client) });
    await act(() => result.current.mutateAsync());
    await waitFor(() => expect(result.current.isSuccess).toBe(true));
    expect(harness.server.frames[0]).toMatchObject({ type: "RESET" });
  });
});
