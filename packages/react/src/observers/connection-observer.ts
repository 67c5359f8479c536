import type { ConnectionState, WsClient } from "@typed-ws/client";

/** The state `useConnectionState` reports during server rendering and before hydration: never connected. */
export const IDLE_CONNECTION_STATE: ConnectionState = Object.freeze({
  status: "idle",
  attempt: 0,
  nextRetryAt: undefined,
  lastClose: undefined,
  queued: 0,
});

/**
 * Binds a client's connection state to `useSyncExternalStore`: `subscribe`, `getSnapshot` (the
 * client's immutable state snapshot, optionally narrowed by a selector) and `getServerSnapshot`
 * (always {@link IDLE_CONNECTION_STATE}, so server rendering never reads the client).
 */
export class ConnectionObserver {
  #client: WsClient;
  #cache: { state: ConnectionState; select: unknown; value: unknown } | undefined;

  constructor(client: WsClient) {
    this.#client = client;
  }

  /** Calls `listener` on every state change; returns the unsubscribe. */
  subscribe = (listener: () => void): (() => void) => this.#client.onState(() => listener());

  /**
   * The current state, or `select(state)`. The selection is cached per (state, selector), so an
   * object-returning selector still yields a stable snapshot within one state.
   */
  getSnapshot<T = ConnectionState>(select?: (state: ConnectionState) => T): T {
    return this.#select(this.#client.state, select);
  }

  /** The idle state, or `select(idle)`: what server rendering shows. Never reads the client. */
  getServerSnapshot<T = ConnectionState>(select?: (state: ConnectionState) => T): T {
    return this.#select(IDLE_CONNECTION_STATE, select);
  }

  #select<T>(state: ConnectionState, select: ((state: ConnectionState) => T) | undefined): T {
    if (select === undefined) return state as T;
    const cache = this.#cache;
    if (cache !== undefined && cache.state === state && cache.select === select) return cache.value as T;
    const value = select(state);
    this.#cache = { state, select, value };
    return value;
  }
}
