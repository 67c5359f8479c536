import { QueryClient } from "@tanstack/query-core";
import { render, renderHook } from "@testing-library/react";
import { message, z } from "@typed-ws/client/zod";
import { StrictMode } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { useWsClient, useWsQueryClient } from "./context.ts";
import { useConnectionState } from "./hooks/use-connection-state.ts";
import { useMessage } from "./hooks/use-message.ts";
import { useRequest } from "./hooks/use-request.ts";
import { WsProvider } from "./provider.ts";
import { countSubscriptions } from "./test/count-subscriptions.ts";
import { type Harness, testHarness } from "./test/harness.ts";

const Tick = message("TICK", { n: z.number() });
const GetStats = message("GET_STATS");
const Stats = message("STATS", { users: z.number() });

let harness: Harness;
afterEach(() => harness?.stop());

function Dashboard() {
  const status = useConnectionState((s) => s.status);
  const tick = useMessage(Tick, { select: (m) => m.payload.n });
  useMessage(Tick, () => {});
  const stats = useRequest(GetStats, Stats);
  return (
    <p>
      {status} {tick ?? "-"} {stats.data?.users ?? "…"}
    </p>
  );
}

describe("WsProvider", () => {
  it("connects after mount and never closes the client it was given", async () => {
    harness = testHarness();
    const { unmount } = render(
      <WsProvider client={harness.client}>
        <p>app</p>
      </WsProvider>,
    );
    await harness.waitForStatus("open");
    unmount();
    expect(harness.client.state.status).toBe("open");
  });

  it("under StrictMode opens exactly one socket and leaves no extra subscription", async () => {
    harness = testHarness();
    harness.server.onRequest(GetStats, Stats, () => ({ users: 3 }));
    const liveOn = countSubscriptions(harness.client, "on");
    const liveOnState = countSubscriptions(harness.client, "onState");
    const view = render(
      <StrictMode>
        <WsProvider client={harness.client}>
          <Dashboard />
        </WsProvider>
      </StrictMode>,
    );
    await view.findByText("open - 3");
    expect(harness.server.connections).toHaveLength(1);
    // Dashboard has two useMessage hooks: exactly two live handlers after StrictMode's double mount.
    expect(liveOn()).toBe(2);
    // useConnectionState + useRequest's reconnect watch, nothing left over from the first mount.
    expect(liveOnState()).toBe(2);
    harness.server.push(Tick, { n: 7 });
    await view.findByText("open 7 3");
    view.unmount();
    expect(liveOn()).toBe(0);
    expect(liveOnState()).toBe(0);
  });

  it("shares the app's QueryClient when given one, else makes its own", () => {
    harness = testHarness();
    const appQueryClient = new QueryClient();
    const withApp = renderHook(() => useWsQueryClient(), {
      wrapper: ({ children }) => (
        <WsProvider client={harness.client} queryClient={appQueryClient} connectOnMount={false}>
          {children}
        </WsProvider>
      ),
    });
    expect(withApp.result.current).toBe(appQueryClient);
    const own = renderHook(() => useWsQueryClient(), {
      wrapper: ({ children }) => (
        <WsProvider client={harness.client} connectOnMount={false}>
          {children}
        </WsProvider>
      ),
    });
    expect(own.result.current).toBeInstanceOf(QueryClient);
    expect(own.result.current).not.toBe(appQueryClient);
    expect(harness.server.connections).toHaveLength(0);
  });

  it("hooks outside a provider throw a clear error", () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    // React 18 (development) also rethrows render errors through a DOM event; keep jsdom quiet.
    const quiet = (event: ErrorEvent) => event.preventDefault();
    window.addEventListener("error", quiet);
    try {
      expect(() => renderHook(() => useWsClient())).toThrow(/WsProvider/);
    } finally {
      window.removeEventListener("error", quiet);
    }
  });
});

describe("README", () => {
  it('"Testing components" shows readme-testing.test.tsx verbatim (so the snippet compiles and runs)', async () => {
    const { readFile } = await import("node:fs/promises");
    const read = (path: string) => readFile(new URL(path, import.meta.url), "utf8");
    const [readme, example] = await Promise.all([read("../README.md"), read("./readme-testing.test.tsx")]);
    expect(readme).toContain(`\`\`\`tsx\n${example}\`\`\``);
  });
});
