import type { ConnectionState, ConnectionStatus } from "@typed-ws/client";
import { expect, test } from "vitest";
import { watchTransitions } from "./transitions.ts";

/** A client stand-in whose state the test sets. */
function fakeClient() {
  const listeners = new Set<(state: ConnectionState) => void>();
  const client = {
    state: {
      status: "connecting",
      attempt: 0,
      nextRetryAt: undefined,
      lastClose: undefined,
      queued: 0,
    } as ConnectionState,
    onState(listener: (state: ConnectionState) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    set(status: ConnectionStatus) {
      client.state = { ...client.state, status };
      for (const listener of listeners) listener(client.state);
    },
  };
  return client;
}

test("reports a drop of an open connection and the reopen after it, never the first open", () => {
  const client = fakeClient();
  const events: string[] = [];
  const stop = watchTransitions(client, {
    dropped: (state) => events.push(`dropped:${state.status}`),
    reopened: () => events.push("reopened"),
  });
  client.set("open");
  expect(events).toEqual([]);
  client.set("reconnecting");
  client.set("connecting");
  client.set("reconnecting");
  client.set("open");
  // A state change while open (e.g. the queue count) is not a transition.
  client.set("open");
  expect(events).toEqual(["dropped:reconnecting", "reopened"]);
  // close() is not a drop.
  client.set("closed");
  expect(events).toEqual(["dropped:reconnecting", "reopened"]);
  stop();
  client.set("open");
  client.set("reconnecting");
  expect(events).toEqual(["dropped:reconnecting", "reopened"]);
});
