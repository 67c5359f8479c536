import { describe, expect, it, vi } from "vitest";
import { fakeClient } from "../test/fake-client.ts";
import { createConnectionObserver, IDLE_CONNECTION_STATE } from "./connection-observer.ts";

describe("createConnectionObserver", () => {
  it("reports the client's state snapshot and each change", () => {
    const client = fakeClient();
    const observer = createConnectionObserver(client);
    const listener = vi.fn();
    const unsubscribe = observer.subscribe(listener);
    client.setState({ status: "open" });
    expect(listener).toHaveBeenCalledTimes(1);
    expect(observer.getSnapshot()).toBe(client.state);
    unsubscribe();
    expect(client.stateListenerCount()).toBe(0);
  });

  it("caches a selection per state and selector; the server snapshot is idle", () => {
    const client = fakeClient();
    const observer = createConnectionObserver(client);
    const select = (s: typeof IDLE_CONNECTION_STATE) => ({ status: s.status });
    const first = observer.getSnapshot(select);
    expect(observer.getSnapshot(select)).toBe(first);
    client.setState({ status: "connecting" });
    expect(observer.getSnapshot(select)).toEqual({ status: "connecting" });
    expect(observer.getServerSnapshot()).toBe(IDLE_CONNECTION_STATE);
    expect(observer.getServerSnapshot(select)).toBe(observer.getServerSnapshot(select));
  });
});
