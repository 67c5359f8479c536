import { QueryClient } from "@tanstack/query-core";
import { render, renderHook, waitFor } from "@testing-library/react";
import { message, topic, z } from "@typed-ws/client/zod";
import { StrictMode } from "react";
import { afterEach, describe, expect, it } from "vitest";
import { WsProvider } from "../provider.ts";
import { errorTo, type MockServerHarness, mockServer, replyTo } from "../test/mock-server.ts";
import { providerWrapper } from "../test/render.tsx";
import { useSubscription } from "./use-subscription.ts";

const NewMessage = message("NEW_MESSAGE", { text: z.string() });
const Room = topic("room:{roomId}", [NewMessage]);

let harness: MockServerHarness;
afterEach(() => harness?.stop());

/** A connected harness whose server answers every `$ws:subscribe` with `answer(frame)`. */
async function server(
  answer: (payload: { topic: string; since?: { epoch: string; offset: number } }) => object = ({ topic: name }) => ({
    topic: name,
    epoch: "e1",
    offset: 0,
  }),
) {
  harness = mockServer();
  harness.onFrame((frame, reply) => {
    if (frame.type === "$ws:subscribe") reply(replyTo(frame, "$ws:subscribed", answer(frame.payload as never)));
    if (frame.type === "$ws:unsubscribe") reply(replyTo(frame, "$ws:unsubscribed", frame.payload));
  });
  await harness.client.connect();
  return harness;
}

const publish = (offset: number, text: string, roomId = "a") =>
  harness.push({ type: "NEW_MESSAGE", meta: { topic: `room:${roomId}`, offset }, payload: { text } });
const framesOf = (type: string) => harness.received.filter((frame) => frame.type === type);

function Messages({ roomId, label, seen }: { roomId: string; label: string; seen: string[] }) {
  const { status, offset } = useSubscription(Room({ roomId }), {
    onMessage: (msg, info) => seen.push(`${label}:${info.offset}:${msg.payload.text}`),
  });
  return (
    <p>
      {label} {status} {offset}
    </p>
  );
}

describe("useSubscription", () => {
  it("two components on one topic make one wire subscription; the last unmount unsubscribes", async () => {
    const { client } = await server();
    const seen: string[] = [];
    const view = render(
      <WsProvider client={client}>
        <Messages roomId="a" label="one" seen={seen} />
        <Messages roomId="a" label="two" seen={seen} />
      </WsProvider>,
    );
    await waitFor(() => expect(view.container.textContent).toBe("one active 0two active 0"));
    publish(1, "hi");
    await waitFor(() => expect(view.container.textContent).toBe("one active 1two active 1"));
    expect(seen).toEqual(["one:1:hi", "two:1:hi"]);
    expect(framesOf("$ws:subscribe")).toHaveLength(1);

    view.rerender(
      <WsProvider client={client}>
        <Messages roomId="a" label="one" seen={seen} />
      </WsProvider>,
    );
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(framesOf("$ws:unsubscribe")).toHaveLength(0);
    view.unmount();
    await waitFor(() => expect(framesOf("$ws:unsubscribe")).toHaveLength(1));
    expect(framesOf("$ws:unsubscribe")[0]?.payload).toEqual({ topic: "room:a" });
  });

  it("StrictMode makes one wire subscription", async () => {
    const { client } = await server();
    const seen: string[] = [];
    const view = render(
      <StrictMode>
        <WsProvider client={client}>
          <Messages roomId="a" label="one" seen={seen} />
        </WsProvider>
      </StrictMode>,
    );
    await waitFor(() => expect(view.container.textContent).toBe("one active 0"));
    publish(1, "hi");
    await waitFor(() => expect(seen).toEqual(["one:1:hi"]));
    expect(framesOf("$ws:subscribe")).toHaveLength(1);
    expect(framesOf("$ws:unsubscribe")).toHaveLength(0);
  });

  it("a new topic re-subscribes; undefined or enabled: false subscribes to nothing", async () => {
    const { client } = await server();
    const { result, rerender } = renderHook(
      ({ roomId, enabled }: { roomId?: string; enabled?: boolean }) =>
        useSubscription(roomId === undefined ? undefined : Room({ roomId }), { enabled }),
      {
        wrapper: providerWrapper(client),
        initialProps: { roomId: undefined } as { roomId?: string; enabled?: boolean },
      },
    );
    expect(result.current.status).toBe("idle");
    rerender({ roomId: "a" });
    await waitFor(() => expect(result.current).toMatchObject({ status: "active", epoch: "e1", offset: 0 }));
    rerender({ roomId: "b" });
    await waitFor(() => expect(framesOf("$ws:unsubscribe").map((f) => f.payload)).toEqual([{ topic: "room:a" }]));
    await waitFor(() => expect(result.current.status).toBe("active"));
    expect(framesOf("$ws:subscribe").map((f) => (f.payload as { topic: string }).topic)).toEqual(["room:a", "room:b"]);
    rerender({ roomId: "b", enabled: false });
    expect(result.current.status).toBe("idle");
    await waitFor(() => expect(framesOf("$ws:unsubscribe")).toHaveLength(2));
  });

  it("a refused subscription reports status error with the ServerError", async () => {
    harness = mockServer();
    harness.onFrame((frame, reply) => {
      if (frame.type === "$ws:subscribe") reply(errorTo(frame, "AUTHORIZATION_FAILED", "Not allowed"));
    });
    await harness.client.connect();
    const { result } = renderHook(() => useSubscription(Room({ roomId: "secret" })), {
      wrapper: providerWrapper(harness.client),
    });
    await waitFor(() => expect(result.current.status).toBe("error"));
    expect(result.current.error).toMatchObject({ name: "ServerError", code: "AUTHORIZATION_FAILED" });
  });

  it("invalidateOnReset invalidates the app's queries when a restore answers recovered: false", async () => {
    let answers = 0;
    const { client } = await server(({ topic: name }) =>
      ++answers === 1
        ? { topic: name, epoch: "e1", offset: 0 }
        : { topic: name, epoch: "e2", offset: 0, recovered: false },
    );
    const queryClient = new QueryClient();
    let fetches = 0;
    const key = ["messages", "a"];
    const observed = queryClient.getQueryCache().build(queryClient, { queryKey: key, queryFn: () => ++fetches });
    await observed.fetch();
    const events: (boolean | undefined)[] = [];
    const { result } = renderHook(
      () =>
        useSubscription(Room({ roomId: "a" }), {
          invalidateOnReset: ["messages"],
          onSubscribed: (event) => events.push(event.recovered),
        }),
      { wrapper: providerWrapper(client, queryClient) },
    );
    await waitFor(() => expect(result.current.status).toBe("active"));
    publish(1, "hi");
    await waitFor(() => expect(result.current.offset).toBe(1));
    expect(queryClient.getQueryState(key)?.isInvalidated).toBe(false);
    harness.dropConnections(1011);
    await waitFor(() => expect(events).toEqual([undefined, false]));
    expect(framesOf("$ws:subscribe")[1]?.payload).toEqual({ topic: "room:a", since: { epoch: "e1", offset: 1 } });
    expect(queryClient.getQueryState(key)?.isInvalidated).toBe(true);
    expect(result.current).toMatchObject({ status: "active", epoch: "e2" });
  });
});
