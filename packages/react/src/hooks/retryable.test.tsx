import { act, renderHook, waitFor } from "@testing-library/react";
import { rpc, z } from "@typed-ws/client/zod";
import { afterEach, describe, expect, it } from "vitest";
import { type Harness, testHarness } from "../test/harness.ts";
import { providerWrapper } from "../test/render.tsx";
import { useRequest } from "./use-request.ts";
import { useRequestMutation } from "./use-request-mutation.ts";

/** Retryable by its pairing: the client sends the same frame again after a reconnect. */
const Post = rpc("POST", { text: z.string() }, "POSTED", { offset: z.number() }, { retryable: true });
const GetCount = rpc("GET_COUNT", undefined, "COUNT", { n: z.number() }, { retryable: true });

let harness: Harness;
afterEach(() => harness?.stop());

describe("retryable requests in hooks", () => {
  it("useRequestMutation stays pending across a reconnect and resolves once, from the re-sent frame", async () => {
    harness = testHarness();
    const { server } = harness;
    let posts = 0;
    let pendingWhenRetried: boolean | undefined;
    server.onRequest(Post, () => {
      // The first copy is lost with the connection (never answered); the retry is answered.
      if (++posts === 1) {
        server.drop(1011);
        server.restore();
        return new Promise<never>(() => {});
      }
      pendingWhenRetried = result.current.isPending;
      return { offset: 7 };
    });
    const statuses: string[] = [];
    harness.client.onState((state) => statuses.push(state.status));
    const successes: number[] = [];
    const { result } = renderHook(
      () => useRequestMutation(Post, { onSuccess: (data) => successes.push(data.offset) }),
      {
        wrapper: providerWrapper(harness.client),
      },
    );
    await harness.waitForStatus("open");
    act(() => result.current.mutate({ text: "hi" }));
    await waitFor(() => expect(result.current.isSuccess).toBe(true));
    expect(statuses).toContain("reconnecting");
    expect(pendingWhenRetried).toBe(true);
    expect(result.current.data?.offset).toBe(7);
    expect(successes).toEqual([7]);
    const frames = server.frames.filter((frame) => frame.type === "POST");
    expect(frames).toHaveLength(2);
    expect(frames[1]?.meta?.correlationId).toBe(frames[0]?.meta?.correlationId);
  });

  it("a query refetch is a new request with a fresh correlation id (nothing stale reused)", async () => {
    harness = testHarness();
    let n = 0;
    harness.server.onRequest(GetCount, () => ({ n: ++n }));
    const { result } = renderHook(() => useRequest(GetCount), { wrapper: providerWrapper(harness.client) });
    await waitFor(() => expect(result.current.data?.n).toBe(1));
    await act(() => result.current.refetch());
    await waitFor(() => expect(result.current.data?.n).toBe(2));
    const ids = harness.server.frames
      .filter((frame) => frame.type === "GET_COUNT")
      .map((frame) => frame.meta?.correlationId);
    expect(ids).toHaveLength(2);
    expect(ids[1]).not.toBe(ids[0]);
  });
});
