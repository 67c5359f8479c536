import { describe, expect, it } from "vitest";
import { createStateStore } from "./state.ts";
import type { ConnectionState } from "./types.ts";

describe("StateStore", () => {
  it("makes a new frozen snapshot per change and none when nothing changes", () => {
    const store = createStateStore(() => {});
    const seen: ConnectionState[] = [];
    store.listeners.add((state) => seen.push(state));
    const first = store.get();
    store.update({ status: "connecting" });
    store.update({ status: "connecting" });
    expect(seen).toHaveLength(1);
    expect(store.get()).not.toBe(first);
    expect(Object.isFrozen(store.get())).toBe(true);
  });

  it("announces a change made by a listener after the current round, in order, without recursion", () => {
    const store = createStateStore(() => {});
    const calls: string[] = [];
    store.listeners.add((state) => {
      calls.push(`a:${state.status}:${state.queued}`);
      // Like a demo that sends (and so queues) whenever the client starts reconnecting.
      if (state.status === "reconnecting" && state.queued < 3) store.update({ queued: state.queued + 1 });
    });
    store.listeners.add((state) => calls.push(`b:${state.status}:${state.queued}`));
    store.update({ status: "reconnecting" });
    expect(calls).toEqual([
      "a:reconnecting:0",
      "b:reconnecting:0",
      "a:reconnecting:1",
      "b:reconnecting:1",
      "a:reconnecting:2",
      "b:reconnecting:2",
      "a:reconnecting:3",
      "b:reconnecting:3",
    ]);
  });
});
