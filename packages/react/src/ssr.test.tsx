// @vitest-environment node

import { QueryClient } from "@tanstack/query-core";
import { type WebSocketConstructor, wsClient } from "@typed-ws/client";
import { message, z } from "@typed-ws/client/zod";
import { Suspense } from "react";
import { renderToString } from "react-dom/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import { useConnectionState } from "./hooks/use-connection-state.ts";
import { useMessage } from "./hooks/use-message.ts";
import { useMessageToCache } from "./hooks/use-message-to-cache.ts";
import { useRequest } from "./hooks/use-request.ts";
import { useRequestMutation } from "./hooks/use-request-mutation.ts";
import { useSend } from "./hooks/use-send.ts";
import { useSuspenseRequest } from "./hooks/use-suspense-request.ts";
import { requestKey } from "./observers/request-key.ts";
import { WsProvider } from "./provider.ts";

const GetUser = message("GET_USER", { id: z.string() });
const User = message("USER", { id: z.string(), name: z.string() });
const Tick = message("TICK", { n: z.number() });

function App() {
  const state = useConnectionState();
  const tick = useMessage(Tick, { select: (m) => m.payload.n });
  useMessage(Tick, () => {});
  useMessageToCache(Tick, () => {});
  const send = useSend();
  const user = useRequest(GetUser, { id: "1" }, User);
  const rename = useRequestMutation(GetUser, User);
  return (
    <p>
      {state.status}|{tick ?? "no tick"}|{user.status}|{rename.status}|{typeof send}
    </p>
  );
}

function SuspenseUser() {
  const { data } = useSuspenseRequest(GetUser, { id: "1" }, User);
  return <b>{data.name}</b>;
}

const constructed = vi.fn();
class ThrowingWebSocket {
  constructor() {
    constructed();
    throw new Error("WebSocket must not be touched during SSR");
  }
}
const Throwing = ThrowingWebSocket as unknown as WebSocketConstructor;

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("server rendering", () => {
  it("renderToString renders idle/pending without constructing a WebSocket", () => {
    constructed.mockClear();
    vi.stubGlobal("WebSocket", Throwing);
    const client = wsClient({ url: "ws://127.0.0.1:1/", WebSocket: Throwing });
    const html = renderToString(
      <WsProvider client={client}>
        <App />
      </WsProvider>,
    );
    expect(html.replaceAll("<!-- -->", "")).toContain("idle|no tick|pending|idle|function");
    expect(constructed).not.toHaveBeenCalled();
    expect(client.state.status).toBe("idle");
    expect(client.state.queued).toBe(0);
  });

  it("useSuspenseRequest renders prefetched data on the server, else its Suspense fallback, never fetching", () => {
    constructed.mockClear();
    vi.spyOn(console, "error").mockImplementation(() => {}); // React reports the client-rendered boundary
    const client = wsClient({ url: "ws://127.0.0.1:1/", WebSocket: Throwing });
    const queryClient = new QueryClient();
    const app = () =>
      renderToString(
        <WsProvider client={client} queryClient={queryClient}>
          <Suspense fallback={<i>loading</i>}>
            <SuspenseUser />
          </Suspense>
        </WsProvider>,
      );
    expect(app()).toContain("<i>loading</i>");
    queryClient.setQueryData(requestKey(GetUser, { id: "1" }), {
      type: "USER",
      meta: {},
      payload: { id: "1", name: "Ada" },
    });
    expect(app()).toContain("<b>Ada</b>");
    expect(constructed).not.toHaveBeenCalled();
    expect(client.state.queued).toBe(0);
  });
});
