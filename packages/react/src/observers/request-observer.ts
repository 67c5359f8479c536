import type { QueryClient, QueryObserverOptions } from "@tanstack/query-core";
import type { ConnectionState, RequestError, WsClient } from "@typed-ws/client";
import { QueryObserver } from "../deps.ts";
import type { RequestQueryKey } from "./request-options.ts";

/** Options of a {@link RequestObserver}: query-core's, with `refetchOnReconnect` meaning the socket. */
export type RequestObserverOptions<TData> = QueryObserverOptions<TData, RequestError, TData, TData, RequestQueryKey>;

/**
 * A query-core `QueryObserver` for a socket request that refetches when the **socket** comes back
 * (status `open` after `reconnecting` or `closed`), instead of on the browser's `online` event.
 * `refetchOnReconnect: true` refetches when stale, `"always"` always, `false` never.
 *
 * It watches `client.onState` only while it has listeners, like the query it observes.
 */
export class RequestObserver<TData> extends QueryObserver<TData, RequestError, TData, TData, RequestQueryKey> {
  #wsClient: WsClient;
  #stopWatching: (() => void) | undefined;
  #dropped = false;

  constructor(wsClient: WsClient, queryClient: QueryClient, options: RequestObserverOptions<TData>) {
    super(queryClient, options);
    this.#wsClient = wsClient;
  }

  /** Points the reconnect watch at another client (the provider's client changed). */
  setClient(wsClient: WsClient): void {
    if (wsClient === this.#wsClient) return;
    this.#wsClient = wsClient;
    if (this.hasListeners()) this.#watch();
  }

  /**
   * The browser's `online` event is ignored: the socket's own reconnect drives refetching (with
   * query-core's rule for `refetchOnReconnect`, see `#onState`).
   */
  override shouldFetchOnReconnect(): boolean {
    return false;
  }

  protected override onSubscribe(): void {
    super.onSubscribe();
    if (this.listeners.size === 1) this.#watch();
  }

  protected override onUnsubscribe(): void {
    super.onUnsubscribe();
    if (!this.hasListeners()) this.#watch();
  }

  /** Drops the `onState` subscription, and while there are listeners, subscribes to the current client. */
  #watch(): void {
    this.#stopWatching?.();
    this.#stopWatching = undefined;
    if (!this.hasListeners()) return;
    this.#dropped = isDropped(this.#wsClient.state);
    this.#stopWatching = this.#wsClient.onState(this.#onState);
  }

  #onState = (state: ConnectionState): void => {
    if (isDropped(state)) {
      this.#dropped = true;
    } else if (state.status === "open" && this.#dropped) {
      this.#dropped = false;
      // query-core's own reconnect rule: enabled, not `staleTime: "static"`, and stale or "always".
      if (super.shouldFetchOnReconnect()) void this.refetch({ cancelRefetch: false });
    }
  };
}

function isDropped(state: ConnectionState): boolean {
  return state.status === "reconnecting" || state.status === "closed";
}
