import { onlineManager, QueryClient } from "@tanstack/query-core";
import { message, z } from "@typed-ws/client/zod";
import { afterEach, describe, expect, it, vi } from "vitest";
import { type FakeClient, fakeClient } from "../test/fake-client.ts";
import { RequestObserver } from "./request-observer.ts";
import { buildRequestQueryOptions, type RequestQueryOptions } from "./request-options.ts";

const GetUser = message("GET_USER", { id: z.string() });
const User = message("USER", { id: z.string(), name: z.string() });
const user = { type: "USER", meta: {}, payload: { id: "1", name: "Ada" } };

const queryClients: QueryClient[] = [];
afterEach(() => {
  for (const queryClient of queryClients.splice(0)) queryClient.clear();
});

function setup(options: RequestQueryOptions<typeof User> = {}) {
  const client = fakeClient();
  const queryClient = new QueryClient();
  queryClients.push(queryClient);
  const observer = new RequestObserver(
    queryClient,
    queryClient.defaultQueryOptions(buildRequestQueryOptions(client, GetUser, [{ id: "1" }, User, options])),
  );
  // What useRequest does while mounted.
  const subscribe = () => {
    const unsubscribe = observer.subscribe(() => {});
    const unwatch = observer.watchReconnect(client);
    return () => {
      unwatch();
      unsubscribe();
    };
  };
  return { client, observer, subscribe };
}

async function settleFirst(client: FakeClient, observer: { getCurrentResult(): { status: string } }) {
  client.requests[0]?.resolve(user);
  await vi.waitFor(() => expect(observer.getCurrentResult().status).toBe("success"));
}

describe("RequestObserver", () => {
  it("requests with query-core's signal and the typed key", async () => {
    const { client, observer } = setup();
    expect(observer.getCurrentQuery().queryKey).toEqual(["typed-ws", "GET_USER", { id: "1" }]);
    observer.subscribe(() => {});
    expect(client.requests).toHaveLength(1);
    const [schema, payload, response, options] = client.requests[0]?.args ?? [];
    expect([schema, payload, response]).toEqual([GetUser, { id: "1" }, User]);
    expect((options as { signal: AbortSignal }).signal).toBeInstanceOf(AbortSignal);
    await settleFirst(client, observer);
    // The cache keeps the message; `data` is its payload (the default `select`).
    expect(observer.getCurrentQuery().state.data).toEqual(user);
    expect(observer.getCurrentResult().data).toEqual(user.payload);
  });

  it("refetches when the socket comes back after a drop, not on the first open", async () => {
    const { client, observer, subscribe } = setup();
    client.setState({ status: "connecting" });
    subscribe();
    client.setState({ status: "open" });
    expect(client.requests).toHaveLength(1);
    await settleFirst(client, observer);
    client.setState({ status: "reconnecting", attempt: 1 });
    client.setState({ status: "open" });
    expect(client.requests).toHaveLength(2);
  });

  it("ignores the browser's online event: only the socket's reconnect refetches", async () => {
    const { client, observer, subscribe } = setup({ refetchOnReconnect: "always" });
    const queryClient = queryClients.at(-1)!;
    queryClient.mount();
    subscribe();
    await settleFirst(client, observer);
    onlineManager.setOnline(false);
    onlineManager.setOnline(true);
    queryClient.unmount();
    expect(client.requests).toHaveLength(1);
    client.setState({ status: "closed" });
    client.setState({ status: "open" });
    expect(client.requests).toHaveLength(2);
  });

  it("counts a reconnect after closed, through connecting, and a drop from before watching; once per drop", async () => {
    const { client, observer, subscribe } = setup({ refetchOnReconnect: "always" });
    client.setState({ status: "closed" });
    subscribe();
    await settleFirst(client, observer);
    client.setState({ status: "connecting" });
    client.setState({ status: "open" });
    client.setState({ status: "open", queued: 1 });
    expect(client.requests).toHaveLength(2);
    client.requests[1]?.resolve(user);
    await vi.waitFor(() => expect(observer.getCurrentResult().isFetching).toBe(false));
    client.setState({ status: "reconnecting", attempt: 1 });
    client.setState({ status: "open" });
    expect(client.requests).toHaveLength(3);
  });

  it("does not refetch on reconnect when refetchOnReconnect is false", async () => {
    const { client, observer, subscribe } = setup({ refetchOnReconnect: false });
    subscribe();
    await settleFirst(client, observer);
    client.setState({ status: "reconnecting" });
    client.setState({ status: "open" });
    expect(client.requests).toHaveLength(1);
  });

  it("does not request or refetch on reconnect while disabled", () => {
    const { client, subscribe } = setup({ enabled: false });
    subscribe();
    client.setState({ status: "reconnecting" });
    client.setState({ status: "open" });
    expect(client.requests).toHaveLength(0);
  });

  it("stops watching the client and aborts the in-flight request on the last unsubscribe", () => {
    const { client, subscribe } = setup();
    const unsubscribe = subscribe();
    expect(client.stateListenerCount()).toBe(1);
    const { signal } = (client.requests[0]?.args[3] ?? {}) as { signal?: AbortSignal };
    unsubscribe();
    expect(client.stateListenerCount()).toBe(0);
    expect(signal?.aborted).toBe(true);
  });
});
