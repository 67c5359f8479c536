import type { QueryObserverOptions } from "@tanstack/query-core";
import type { RequestError } from "@typed-ws/client";
import { QueryObserver } from "../deps.ts";
import type { RequestQueryKey } from "./request-options.ts";

/** Options of a {@link RequestObserver}: query-core's, with `refetchOnReconnect` meaning the socket. */
export type RequestObserverOptions<TData> = QueryObserverOptions<TData, RequestError, TData, TData, RequestQueryKey>;

/**
 * A query-core `QueryObserver` for a socket request that refetches when the **socket** comes back
 * instead of on the browser's `online` event: wire {@link RequestObserver.socketReconnected} to
 * `watchReconnect(client, …)` while the observer is in use (`useRequest` does, in an effect).
 * `refetchOnReconnect: true` refetches when stale, `"always"` always, `false` never.
 */
export class RequestObserver<TData> extends QueryObserver<TData, RequestError, TData, TData, RequestQueryKey> {
  /** The browser's `online` event is ignored: the socket's own reconnect drives refetching. */
  override shouldFetchOnReconnect(): boolean {
    return false;
  }

  /**
   * The socket is back: refetches by query-core's own reconnect rule (enabled, not
   * `staleTime: "static"`, and stale or `refetchOnReconnect: "always"`). Bound, so it can be
   * passed as a callback.
   */
  socketReconnected = (): void => {
    if (super.shouldFetchOnReconnect()) void this.refetch({ cancelRefetch: false });
  };
}
