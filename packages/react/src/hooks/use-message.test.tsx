import { render, renderHook, screen, waitFor } from "@testing-library/react";
import type { ClientErrorEvent } from "@typed-ws/client";
import { message, z } from "@typed-ws/client/zod";
import { afterEach, describe, expect, it } from "vitest";
import { WsProvider } from "../provider.ts";
import { countSubscriptions } from "../test/count-subscriptions.ts";
import { type Harness, testHarness } from "../test/harness.ts";
import { providerWrapper } from "../test/render.tsx";
import { useMessage } from "./use-message.ts";

const Tick = message("TICK", { n: z.number(), room: z.string() });
const Chat = message("CHAT", { text: z.string() });
const tick = (n: number, room = "a") => harness.server.push(Tick, { n, room });

let harness: Harness;
afterEach(() => harness?.stop());

async function connected() {
  harness = testHarness();
  await harness.client.connect();
  return harness;
}

/** Runs `fn` with React scheduling updates as in a browser (outside Testing Library's act). */
async function outsideAct(fn: () => Promise<void>) {
  const scope = globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean };
  const previous = scope.IS_REACT_ACT_ENVIRONMENT;
  scope.IS_REACT_ACT_ENVIRONMENT = false;
  try {
    await fn();
  } finally {
    scope.IS_REACT_ACT_ENVIRONMENT = previous;
  }
}

/** Render counts of the burst test's components. */
const renders = { counter: 0, chat: 0, handler: 0 };
const burst = { handled: 0 };

function Counter() {
  renders.counter++;
  const n = useMessage(Tick, { select: (m) => m.payload.n });
  return <p>n={n ?? "-"}</p>;
}

function ChatView() {
  renders.chat++;
  const last = useMessage(Chat);
  return <p>{last?.payload.text}</p>;
}

function TickHandler() {
  renders.handler++;
  useMessage(Tick, () => burst.handled++);
  return null;
}

describe("useMessage", () => {
  it("returns the latest validated message of its type (invalid frames never reach it)", async () => {
    const { client } = await connected();
    const errors: ClientErrorEvent["kind"][] = [];
    client.onError((event) => errors.push(event.kind));
    const { result } = renderHook(() => useMessage(Tick), { wrapper: providerWrapper(client) });
    expect(result.current).toBeUndefined();
    tick(1);
    harness.server.sendRaw(JSON.stringify({ type: "TICK", meta: {}, payload: { n: "two", room: "a" } }));
    await waitFor(() => expect(result.current?.payload).toEqual({ n: 1, room: "a" }));
    expect(errors).toContain("invalid-message");
  });

  it("with select re-renders only when the selected value changes", async () => {
    const { client } = await connected();
    let renders = 0;
    const { result } = renderHook(
      () => {
        renders++;
        return useMessage(Tick, { select: (m) => m.payload.room });
      },
      { wrapper: providerWrapper(client) },
    );
    tick(1, "a");
    await waitFor(() => expect(result.current).toBe("a"));
    const afterFirst = renders;
    tick(2, "a");
    tick(3, "b");
    await waitFor(() => expect(result.current).toBe("b"));
    expect(renders - afterFirst).toBe(1);
  });

  it("an inline select building a new object each render keeps a stable value (no render loop)", async () => {
    const { client } = await connected();
    let renders = 0;
    const { result, rerender } = renderHook(
      () => {
        renders++;
        return useMessage(Tick, { select: (m) => ({ room: m.payload.room }) });
      },
      { wrapper: providerWrapper(client) },
    );
    tick(1, "a");
    await waitFor(() => expect(result.current).toEqual({ room: "a" }));
    const first = result.current;
    const afterFirst = renders;
    rerender();
    tick(2, "a");
    tick(3, "b");
    await waitFor(() => expect(result.current).toEqual({ room: "b" }));
    expect(renders - afterFirst).toBe(2); // the rerender() and room "b"; tick 2 selected an equal object
    expect(first).toEqual({ room: "a" });
  });

  it("handler form calls the latest handler, never re-renders, and unsubscribes on unmount", async () => {
    const { client } = await connected();
    const liveOn = countSubscriptions(client, "on");
    const seen: string[] = [];
    let renders = 0;
    const { rerender, unmount } = renderHook(
      ({ label }) => {
        renders++;
        useMessage(Tick, (m) => seen.push(`${label}:${m.payload.n}`));
      },
      { wrapper: providerWrapper(client), initialProps: { label: "first" } },
    );
    tick(1);
    rerender({ label: "second" });
    tick(2);
    expect(seen).toEqual(["first:1", "second:2"]);
    expect(renders).toBe(2);
    expect(liveOn()).toBe(1);
    unmount();
    expect(liveOn()).toBe(0);
  });

  it("onMessage option with enabled: false stops listening", async () => {
    const { client } = await connected();
    const seen: number[] = [];
    const { rerender } = renderHook(
      ({ enabled }) => useMessage(Tick, { onMessage: (m) => seen.push(m.payload.n), enabled }),
      { wrapper: providerWrapper(client), initialProps: { enabled: true } },
    );
    tick(1);
    rerender({ enabled: false });
    tick(2);
    expect(seen).toEqual([1]);
  });

  it("a burst of 1,000 messages in one task re-renders the subscriber once and another type's subscriber 0 times", async () => {
    const { client } = await connected();
    render(
      <WsProvider client={client}>
        <Counter />
        <ChatView />
        <TickHandler />
      </WsProvider>,
    );
    const before = { ...renders };
    burst.handled = 0;
    await outsideAct(async () => {
      for (let n = 1; n <= 1000; n++) tick(n);
      await screen.findByText("n=1000");
    });
    expect(burst.handled).toBe(1000);
    expect(renders.counter - before.counter).toBe(1);
    expect(renders.chat - before.chat).toBe(0);
    expect(renders.handler - before.handler).toBe(0);
  });
});
