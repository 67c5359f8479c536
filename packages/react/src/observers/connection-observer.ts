import type { ConnectionState, WsClient } from "@typed-ws/client";

/** The state `useConnectionState` reports during server rendering and before hydration: never connected. */
export const IDLE_CONNECTION_STATE: ConnectionState = Object.freeze({
  status: "idle",
  attempt: 0,
  nextRetryAt: undefined,
  lastClose: undefined,
  queued: 0,
});

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
  let cache: { state: ConnectionState; select: unknown; value: unknown } | undefined;
  const read = <T>(state: ConnectionState, select: ((state: ConnectionState) => T) | undefined): T => {
    if (select === undefined) return state as T;
    if (cache?.state !== state || cache.select !== select) cache = { state, select, value: select(state) };
    return cache.value as T;
  };
  return {
    // React ignores the argument onState passes.
    subscribe: (listener) => client.onState(listener),
    getSnapshot: (select) => read(client.state, select),
    getServerSnapshot: (select) => read(IDLE_CONNECTION_STATE, select),
  };
}
