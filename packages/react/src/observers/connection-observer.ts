import type { ConnectionState, WsClient } from "@typed-ws/client";
import { createSelection } from "./selection.ts";

/**
 * The state `useConnectionState` reports during server rendering and before hydration: never
 * connected. Read-only through its type (every `ConnectionState` field is `readonly`).
 */
export const IDLE_CONNECTION_STATE: ConnectionState = {
  status: "idle",
  attempt: 0,
  nextRetryAt: undefined,
  lastClose: undefined,
  queued: 0,
};

/** What `useConnectionState` binds to `useSyncExternalStore`; made by {@link createConnectionObserver}. */
export interface ConnectionObserver {
  /** Calls `listener` on every state change; returns the unsubscribe. */
  subscribe(listener: () => void): () => void;
  /**
   * The current state, or `select(state)`. The selection is cached per (state, selector), so an
   * object-returning selector still yields a stable snapshot within one state.
   */
  getSnapshot<T = ConnectionState>(select?: (state: ConnectionState) => T): T;
  /** The idle state, or `select(idle)`: what server rendering shows. Never reads the client. */
  getServerSnapshot<T = ConnectionState>(select?: (state: ConnectionState) => T): T;
}

/**
 * Binds a client's connection state to `useSyncExternalStore`: `subscribe`, `getSnapshot` (the
 * client's immutable state snapshot, optionally narrowed by a selector) and `getServerSnapshot`
 * (always {@link IDLE_CONNECTION_STATE}, so server rendering never reads the client).
 */
export function createConnectionObserver(client: WsClient): ConnectionObserver {
  const selection = createSelection<ConnectionState, unknown>();
  return {
    // WsClient methods are detachable; React ignores the state argument onState passes.
    subscribe: client.onState,
    getSnapshot: <T>(select?: (state: ConnectionState) => T) => selection(client.state, select) as T,
    getServerSnapshot: <T>(select?: (state: ConnectionState) => T) => selection(IDLE_CONNECTION_STATE, select) as T,
  };
}
