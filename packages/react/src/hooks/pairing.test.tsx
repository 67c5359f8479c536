import { QueryClient } from "@tanstack/query-core";
import { act, render, renderHook, waitFor } from "@testing-library/react";
import { type WebSocketLike, wsClient } from "@typed-ws/client";
import { message, rpc, withResponse, z } from "@typed-ws/client/zod";
import { Suspense } from "react";
import { describe, expect, it } from "vitest";
import { WsProvider } from "../provider.ts";
import { requestQueryOptions } from "../request-query-options.ts";
import { useRequest } from "./use-request.ts";
import { useRequestMutation } from "./use-request-mutation.ts";
import { useSuspenseRequest } from "./use-suspense-request.ts";

const GetUser = rpc("GET_USER", { id: z.string() }, "USER", { name: z.string() });
const GetStats = withResponse(message("GET_STATS"), message("STATS", { users: z.number() }));
const Unpaired = message("UNPAIRED");

/** A socket that opens at once and answers GET_USER and GET_STATS with their paired responses. */
class AnsweringSocket implements WebSocketLike {
  readyState = 0;
  protocol = "";
  onopen: WebSocketLike["onopen"] = null;
  onclose: WebSocketLike["onclose"] = null;
  onerror: WebSocketLike["onerror"] = null;
  onmessage: WebSocketLike["onmessage"] = null;
  constructor() {
    queueMicrotask(() => {
      this.readyState = 1;
      this.onopen?.({});
    });
  }
  send(data: string): void {
    const frame = JSON.parse(data) as { type: string; meta: { correlationId?: string }; payload?: { id: string } };
    const meta = { correlationId: frame.meta.correlationId };
    const answer =
      frame.type === "GET_USER"
        ? { type: "USER", meta, payload: { name: `user ${frame.payload?.id}` } }
        : { type: "STATS", meta, payload: { users: 42 } };
    queueMicrotask(() => this.onmessage?.({ data: JSON.stringify(answer) }));
  }
  close(): void {
    this.readyState = 3;
  }
}

/** Suspends until GET_USER's paired response is cached; renders the name `select` picks. */
function UserName() {
  const { data } = useSuspenseRequest(GetUser, { id: "5" }, { select: (m) => m.payload.name });
  return <p>{data}</p>;
}

function setup() {
  const client = wsClient({ url: "ws://127.0.0.1:1", WebSocket: AnsweringSocket, heartbeat: false, autoConnect: true });
  const wrapper = ({ children }: { children: React.ReactNode }) => <WsProvider client={client}>{children}</WsProvider>;
  return { client, wrapper };
}

describe("React hooks with a paired request", () => {
  it("useRequest(GetUser, payload) requests and returns the paired response", async () => {
    const { client, wrapper } = setup();
    const { result } = renderHook(() => useRequest(GetUser, { id: "7" }), { wrapper });
    await waitFor(() => expect(result.current.data).toEqual({ name: "user 7" }));
    const stats = renderHook(() => useRequest(GetStats), { wrapper });
    await waitFor(() => expect(stats.result.current.data?.users).toBe(42));
    client.close();
  });

  it("useRequestMutation(GetUser) resolves with the paired response", async () => {
    const { client, wrapper } = setup();
    const { result } = renderHook(() => useRequestMutation(GetUser), { wrapper });
    let reply: unknown;
    await act(async () => {
      reply = await result.current.mutateAsync({ id: "3" });
    });
    expect(reply).toEqual({ name: "user 3" });
    const selected = renderHook(() => useRequestMutation(GetUser, { select: (m) => m.type }), { wrapper });
    await act(async () => {
      reply = await selected.result.current.mutateAsync({ id: "3" });
    });
    expect(reply).toBe("USER");
    client.close();
  });

  it("useRequest(GetStats, undefined, options) takes the options of a paired schema without payload", async () => {
    const { client, wrapper } = setup();
    const { result } = renderHook(
      () => useRequest(GetStats, undefined, { select: (m) => `${m.type}:${m.payload.users}` }),
      {
        wrapper,
      },
    );
    await waitFor(() => expect(result.current.data).toBe("STATS:42"));
    client.close();
  });

  it("useSuspenseRequest(GetUser, payload) suspends, then renders the paired response's payload", async () => {
    const { client, wrapper } = setup();
    const view = render(
      <Suspense fallback={<p>loading</p>}>
        <UserName />
      </Suspense>,
      { wrapper },
    );
    expect(view.getByText("loading")).toBeTruthy();
    expect(await view.findByText("user 5")).toBeTruthy();
    client.close();
  });

  it("requestQueryOptions(client, GetUser, payload) fetches the paired response into the cache", async () => {
    const { client } = setup();
    const queryClient = new QueryClient();
    const options = requestQueryOptions(client, GetUser, { id: "9" });
    const message = await queryClient.fetchQuery(options);
    expect(message).toMatchObject({ type: "USER", payload: { name: "user 9" } });
    expect(queryClient.getQueryData(options.queryKey)?.payload.name).toBe("user 9");
    client.close();
  });

  it("an unpaired schema without a response throws a TypeError naming it", () => {
    const { client, wrapper } = setup();
    // @ts-expect-error an unpaired request needs a response schema
    expect(() => renderHook(() => useRequestMutation(Unpaired), { wrapper })).toThrow(
      /request\(UNPAIRED, …\) needs a response schema: pass the response message after the payload, or pair the two once with rpc\(\) or withResponse\(\)/,
    );
    client.close();
  });
});
