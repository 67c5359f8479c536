import type { QueryObserverOptions } from "@tanstack/query-core";
import type { ConnectionState, RequestError, WsClient } from "@typed-ws/client";
import { QueryObserver } from "../deps.ts";
import type { RequestQueryKey } from "./request-options.ts";

/** Options of a {@link RequestObserver}: query-core's, with `refetchOnReconnect` meaning the socket. */
export type RequestObserverOptions<TQueryData, TData = TQueryData> = QueryObserverOptions<
  TQueryData,
  RequestError,
  TData,
  TQueryData,
  RequestQueryKey
>;

/**
 * A query-core `QueryObserver` for a socket request that refetches when the **socket** comes back
 * instead of on the browser's `online` event, while {@link RequestObserver.watchReconnect} runs
 * (`useRequest` calls it in an effect). `refetchOnReconnect: true` refetches when stale,
 * `"always"` always, `false` never.
 */
export class RequestObserver<TQueryData, TData = TQueryData> extends QueryObserver<
  TQueryData,
  RequestError,
  TData,
  TQueryData,
  RequestQueryKey
> {
  /** The browser's `online` event is ignored: the socket's own reconnect drives refetching. */
  override shouldFetchOnReconnect(): boolean {
    return false;
  }

  /**
   * Each time `client`'s socket is back (status `open` after `reconnecting` or `closed`; a first
   * open does not count), refetches by query-core's own reconnect rule: enabled, not
   * `staleTime: "static"`, and stale or `refetchOnReconnect: "always"`. Returns the unsubscribe.
   */
  watchReconnect(client: WsClient): () => void {
    let dropped = isDropped(client.state);
    return client.onState((state) => {
      if (isDropped(state)) {
        dropped = true;
      } else if (state.status === "open" && dropped) {
        dropped = false;
        if (super.shouldFetchOnReconnect()) void this.refetch({ cancelRefetch: false });
      }
    });
  }
}

function isDropped(state: ConnectionState): boolean {
  return state.status === "reconnecting" || state.status === "closed";
}
