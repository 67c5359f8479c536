import { renderHook, waitFor } from "@testing-library/react";
import type { ConnectionState } from "@typed-ws/client";
import { afterEach, describe, expect, it } from "vitest";
import { type Harness, testHarness } from "../test/harness.ts";
import { providerWrapper } from "../test/render.tsx";
import { useConnectionState } from "./use-connection-state.ts";

let harness: Harness;
afterEach(() => harness?.stop());

describe("useConnectionState", () => {
  it("follows the client: connecting → open → reconnecting (attempt, next retry, last close) → open", async () => {
    harness = testHarness({ reconnect: { initialDelayMs: 20, maxDelayMs: 20 } });
    const seen: ConnectionState[] = [];
    const { result } = renderHook(
      () => {
        const state = useConnectionState();
        if (seen.at(-1) !== state) seen.push(state);
        return state;
      },
      { wrapper: providerWrapper(harness.client) },
    );
    await waitFor(() => expect(result.current.status).toBe("open"));
    harness.server.drop(1012);
    harness.server.restore();
    const statuses = () => seen.map((state) => state.status).filter((status, i, all) => status !== all[i - 1]);
    await waitFor(() => expect(statuses().slice(3).at(-1)).toBe("open"));
    expect(statuses().slice(0, 4)).toEqual(["idle", "connecting", "open", "reconnecting"]);
    const reconnecting = seen.find((state) => state.status === "reconnecting");
    expect(reconnecting?.attempt).toBeGreaterThanOrEqual(1);
    expect(reconnecting?.nextRetryAt).toBeTypeOf("number");
    expect(reconnecting?.lastClose?.code).toBe(1012);
  });

  it("with a selector re-renders only when the selected value changes", async () => {
    harness = testHarness();
    let renders = 0;
    const { result } = renderHook(
      () => {
        renders++;
        return useConnectionState((state) => state.status === "open");
      },
      { wrapper: providerWrapper(harness.client) },
    );
    await waitFor(() => expect(result.current).toBe(true));
    // idle → connecting → open is three states but only one change of `isOpen`.
    expect(renders).toBe(2);
  });
});
