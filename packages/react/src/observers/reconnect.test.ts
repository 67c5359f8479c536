import { describe, expect, it, vi } from "vitest";
import { fakeClient } from "../test/fake-client.ts";
import { watchReconnect } from "./reconnect.ts";

describe("watchReconnect", () => {
  it("fires on open after reconnecting or closed, never on a first open, until unsubscribed", () => {
    const client = fakeClient();
    const onReconnect = vi.fn();
    const unwatch = watchReconnect(client, onReconnect);
    client.setState({ status: "connecting" });
    client.setState({ status: "open" });
    expect(onReconnect).not.toHaveBeenCalled();
    client.setState({ status: "reconnecting", attempt: 1 });
    client.setState({ status: "connecting" });
    client.setState({ status: "open" });
    client.setState({ status: "open", queued: 1 });
    expect(onReconnect).toHaveBeenCalledTimes(1);
    client.setState({ status: "closed" });
    client.setState({ status: "open" });
    expect(onReconnect).toHaveBeenCalledTimes(2);
    unwatch();
    expect(client.stateListenerCount()).toBe(0);
  });

  it("counts a drop that happened before watching", () => {
    const client = fakeClient();
    client.setState({ status: "closed" });
    const onReconnect = vi.fn();
    watchReconnect(client, onReconnect);
    client.setState({ status: "open" });
    expect(onReconnect).toHaveBeenCalledTimes(1);
  });
});
