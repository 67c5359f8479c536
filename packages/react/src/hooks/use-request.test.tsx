import { focusManager, QueryClient } from "@tanstack/query-core";
import { renderHook, waitFor } from "@testing-library/react";
import { ServerError, TimeoutError } from "@typed-ws/client";
import { message, z } from "@typed-ws/client/zod";
import { afterEach, describe, expect, it } from "vitest";
import { requestKey } from "../observers/request-key.ts";
import { type Harness, testHarness } from "../test/harness.ts";
import { providerWrapper } from "../test/render.tsx";
import { useRequest } from "./use-request.ts";

const GetUser = message("GET_USER", { id: z.string() });
const User = message("USER", { id: z.string(), name: z.string() });
const GetStats = message("GET_STATS");
const Stats = message("STATS", { users: z.number() });

let harness: Harness;
afterEach(() => harness?.stop());

/** A server answering GET_USER with a name that counts its answers, and GET_STATS. */
function userServer() {
  harness = testHarness();
  let answers = 0;
  harness.server.onRequest(GetUser, User, ({ id }) => ({ id, name: `user ${id} #${++answers}` }));
  harness.server.onRequest(GetStats, Stats, () => ({ users: 42 }));
  return harness;
}

const framesOf = (type: string) => harness.server.frames.filter((frame) => frame.type === type);

describe("useRequest", () => {
  it("requests after mount: data is the validated payload, the cache keeps the whole message", async () => {
    const { client } = userServer();
    const queryClient = new QueryClient();
    const { result } = renderHook(() => useRequest(GetUser, { id: "1" }, User), {
      wrapper: providerWrapper(client, queryClient),
    });
    expect(result.current.isPending).toBe(true);
    await waitFor(() => expect(result.current.status).toBe("success"));
    expect(result.current.data).toEqual({ id: "1", name: "user 1 #1" });
    expect(queryClient.getQueryData(requestKey(GetUser, { id: "1" }))).toMatchObject({
      type: "USER",
      meta: { correlationId: expect.any(String) },
      payload: { id: "1", name: "user 1 #1" },
    });
    expect(framesOf("GET_USER")[0]?.payload).toEqual({ id: "1" });
  });

  it("supports messages without payload: useRequest(Schema, Response)", async () => {
    const { client } = userServer();
    const { result } = renderHook(() => useRequest(GetStats, Stats), { wrapper: providerWrapper(client) });
    await waitFor(() => expect(result.current.data?.users).toBe(42));
    expect(framesOf("GET_STATS")[0]).not.toHaveProperty("payload");
  });

  it("deduplicates one key across components: one frame, same data", async () => {
    const { client } = userServer();
    const { result } = renderHook(
      () => [useRequest(GetUser, { id: "1" }, User), useRequest(GetUser, { id: "1" }, User)] as const,
      { wrapper: providerWrapper(client) },
    );
    await waitFor(() => expect(result.current[1].isSuccess).toBe(true));
    expect(result.current[0].data).toBe(result.current[1].data);
    expect(framesOf("GET_USER")).toHaveLength(1);
  });

  it("surfaces server errors as ServerError and never retries VALIDATION_FAILED or AUTHORIZATION_FAILED", async () => {
    for (const code of ["VALIDATION_FAILED", "AUTHORIZATION_FAILED"]) {
      harness?.stop();
      harness = testHarness();
      harness.server.onRequest(GetUser, User, (_, request) => request.error(code));
      const { result } = renderHook(() => useRequest(GetUser, { id: "1" }, User, { retry: 5, retryDelay: 0 }), {
        wrapper: providerWrapper(harness.client),
      });
      await waitFor(() => expect(result.current.status).toBe("error"));
      expect(result.current.error).toBeInstanceOf(ServerError);
      expect(result.current.error?.code).toBe(code);
      expect(framesOf("GET_USER")).toHaveLength(1);
    }
  });

  it("retries retryable errors (INTERNAL_SERVER_ERROR) up to `retry`", async () => {
    harness = testHarness();
    let calls = 0;
    harness.server.onRequest(GetUser, User, (_, request) =>
      ++calls === 1 ? request.error("INTERNAL_SERVER_ERROR") : { id: "1", name: "ok" },
    );
    const { result } = renderHook(() => useRequest(GetUser, { id: "1" }, User, { retry: 1, retryDelay: 0 }), {
      wrapper: providerWrapper(harness.client),
    });
    await waitFor(() => expect(result.current.data?.name).toBe("ok"));
    expect(framesOf("GET_USER")).toHaveLength(2);
  });

  it("rejects with TimeoutError when the server stays silent", async () => {
    harness = testHarness();
    const { result } = renderHook(() => useRequest(GetUser, { id: "1" }, User, { timeoutMs: 20, retry: false }), {
      wrapper: providerWrapper(harness.client),
    });
    await waitFor(() => expect(result.current.error).toBeInstanceOf(TimeoutError));
  });

  it("unmount aborts the in-flight request: the server receives $ws:abort", async () => {
    harness = testHarness(); // never answers
    const { unmount } = renderHook(() => useRequest(GetUser, { id: "1" }, User), {
      wrapper: providerWrapper(harness.client),
    });
    const request = await harness.server.waitForSent(GetUser);
    unmount();
    const abort = await harness.server.waitForFrame((frame) => frame.type === "$ws:abort");
    expect(abort.meta?.correlationId).toBe(request.meta?.correlationId);
  });

  it("a payload change aborts the old request and fetches the new key", async () => {
    harness = testHarness();
    // Answers id "2" only; the request for "1" stays pending until aborted.
    harness.server.onRequest(GetUser, User, ({ id }, request) =>
      id === "2"
        ? { id, name: "two" }
        : new Promise((resolve) => request.signal.addEventListener("abort", () => resolve({ id, name: "late" }))),
    );
    const { result, rerender } = renderHook(({ id }) => useRequest(GetUser, { id }, User), {
      wrapper: providerWrapper(harness.client),
      initialProps: { id: "1" },
    });
    const first = await harness.server.waitForSent(GetUser);
    rerender({ id: "2" });
    const abort = await harness.server.waitForFrame((frame) => frame.type === "$ws:abort");
    expect(abort.meta?.correlationId).toBe(first.meta?.correlationId);
    await waitFor(() => expect(result.current.data?.name).toBe("two"));
  });

  it("enabled: false sends nothing until enabled", async () => {
    const { client } = userServer();
    const { result, rerender } = renderHook(
      ({ enabled }) => [useRequest(GetUser, { id: "1" }, User, { enabled }), useRequest(GetStats, Stats)] as const,
      { wrapper: providerWrapper(client), initialProps: { enabled: false } },
    );
    // GET_STATS is requested after GET_USER would have been: once it is answered, GET_USER was not sent.
    await waitFor(() => expect(result.current[1].isSuccess).toBe(true));
    expect(framesOf("GET_USER")).toHaveLength(0);
    expect(result.current[0].fetchStatus).toBe("idle");
    rerender({ enabled: true });
    await waitFor(() => expect(result.current[0].isSuccess).toBe(true));
  });

  it("refetches when the connection comes back after a drop, not on window focus", async () => {
    const { client } = userServer();
    const queryClient = new QueryClient();
    const { result } = renderHook(() => useRequest(GetUser, { id: "1" }, User), {
      wrapper: providerWrapper(client, queryClient),
    });
    await waitFor(() => expect(result.current.data?.name).toBe("user 1 #1"));
    focusManager.setFocused(false);
    focusManager.setFocused(true);
    focusManager.setFocused(undefined);
    // query-core handles focus after an `await` (microtasks only): one macrotask turn is enough
    // for a focus refetch to have started. There is no event for "nothing happened".
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(queryClient.getQueryState(requestKey(GetUser, { id: "1" }))?.fetchStatus).toBe("idle");
    harness.server.drop(1012);
    await harness.waitForStatus("reconnecting");
    harness.server.restore();
    await waitFor(() => expect(result.current.data?.name).toBe("user 1 #2"));
    expect(framesOf("GET_USER")).toHaveLength(2);
  });
});
