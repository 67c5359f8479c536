import { QueryClient } from "@tanstack/query-core";
import { render, renderHook, waitFor } from "@testing-library/react";
import type { TestSubscribeHandler } from "@typed-ws/client/testing";
import { message, topic, z } from "@typed-ws/client/zod";
import { StrictMode } from "react";
import { afterEach, describe, expect, it } from "vitest";
import { WsProvider } from "../provider.ts";
import { type Harness, testHarness } from "../test/harness.ts";
import { providerWrapper } from "../test/render.tsx";
import { useSubscription } from "./use-subscription.ts";

const NewMessage = message("NEW_MESSAGE", { text: z.string() });
const Room = topic("room:{roomId}", [NewMessage]);

let harness: Harness;
afterEach(() => harness?.stop());

/** A connected harness whose server answers every `$ws:subscribe` to a room with `answer`. */
async function server(answer: TestSubscribeHandler<{ roomId: string }> = () => ({ epoch: "e1", offset: 0 })) {
  harness = testHarness();
  harness.server.onSubscribe(Room, answer);
  await harness.client.connect();
  return harness;
}

/** Publishes `text` on the room (offsets count from 1 per room). */
const publish = (text: string, roomId = "a") => harness.server.publish(Room({ roomId }), NewMessage, { text });
const framesOf = (type: string) => harness.server.frames.filter((frame) => frame.type === type);

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
    publish("hi");
    await waitFor(() => expect(view.container.textContent).toBe("one active 1two active 1"));
    expect(seen).toEqual(["one:1:hi", "two:1:hi"]);
    expect(framesOf("$ws:subscribe")).toHaveLength(1);

    view.rerender(
      <WsProvider client={client}>
        <Messages roomId="a" label="one" seen={seen} />
      </WsProvider>,
    );
    await new Promise((resolve) => setTimeout(resolve, 0)); // past the task end, where a last unsubscribe is sent
    publish("again"); // the one left still receives, and the wire subscription stays
    await waitFor(() => expect(view.container.textContent).toBe("one active 2"));
    expect(seen).toEqual(["one:1:hi", "two:1:hi", "one:2:again"]);
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
    publish("hi");
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
    const { client } = await server((request) => request.error("AUTHORIZATION_FAILED", { message: "Not allowed" }));
    const { result } = renderHook(() => useSubscription(Room({ roomId: "secret" })), {
      wrapper: providerWrapper(client),
    });
    await waitFor(() => expect(result.current.status).toBe("error"));
    expect(result.current.error).toMatchObject({ name: "ServerError", code: "AUTHORIZATION_FAILED" });
  });

  it("invalidateOnReset invalidates the app's queries when a restore answers recovered: false", async () => {
    let answers = 0;
    const { client } = await server(() =>
      ++answers === 1 ? { epoch: "e1", offset: 0 } : { epoch: "e2", offset: 0, recovered: false },
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
    publish("hi");
    await waitFor(() => expect(result.current.offset).toBe(1));
    expect(queryClient.getQueryState(key)?.isInvalidated).toBe(false);
    harness.server.drop(1011);
    harness.server.restore(); // the client's next retry opens and restores the subscription
    await waitFor(() => expect(events).toEqual([undefined, false]));
    expect(framesOf("$ws:subscribe")[1]?.payload).toEqual({ topic: "room:a", since: { epoch: "e1", offset: 1 } });
    expect(queryClient.getQueryState(key)?.isInvalidated).toBe(true);
    expect(result.current).toMatchObject({ status: "active", epoch: "e2" });
  });
});
