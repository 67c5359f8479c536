import type { QueryClient, QueryKey } from "@tanstack/query-core";
import type { ServerError, WsClient } from "@typed-ws/client";
import {
  type AnyTopic,
  type InferTopicMessage,
  type PublicationInfo,
  subscribe,
  type TopicRef,
  type TopicSubscribed,
  type TopicSubscription,
  type TopicSubscriptionState,
} from "@typed-ws/client/topics";

/** Options of a {@link SubscriptionObserver} (and of `useSubscription`). */
export interface SubscriptionObserverOptions<T extends AnyTopic> {
  /** Called once per publication, in offset order; always the handler of the latest render. */
  onMessage?: (message: InferTopicMessage<T>, info: PublicationInfo) => void;
  /** Called on every `$ws:subscribed` answer (`recovered: false`: publications were lost). */
  onSubscribed?: (event: TopicSubscribed) => void;
  /**
   * Queries to invalidate (TanStack `invalidateQueries({ queryKey })`, a prefix match) when the
   * topic answers `recovered: false`, so what the app fetched for it is refetched.
   */
  invalidateOnReset?: QueryKey;
  /** `false` drops this subscriber (the wire subscription goes with the last one). @default true */
  enabled?: boolean;
}

/** What `useSubscription` returns: the shared subscription's state, or `"idle"` without one. */
export interface SubscriptionResult {
  readonly status: "idle" | TopicSubscriptionState;
  readonly epoch: string | undefined;
  /** The last offset delivered (the head once subscribed, before any publication). */
  readonly offset: number;
  /** Why the server refused it (status `"error"`). */
  readonly error: ServerError | undefined;
}

/** The result without a subscription (no topic, disabled, server rendering). */
export const IDLE_SUBSCRIPTION: SubscriptionResult = Object.freeze({
  status: "idle",
  epoch: undefined,
  offset: 0,
  error: undefined,
});

/** What `useSubscription` binds to `useSyncExternalStore`; made by {@link createSubscriptionObserver}. */
export interface SubscriptionObserver<T extends AnyTopic> {
  /** Adds a change listener; the first one subscribes on the client, the last one to leave unsubscribes. */
  subscribe(listener: () => void): () => void;
  getSnapshot(): SubscriptionResult;
  getServerSnapshot(): SubscriptionResult;
  /** Applies new options; another client or topic name re-subscribes. */
  setOptions(client: WsClient, ref: TopicRef<T> | undefined, options: SubscriptionObserverOptions<T>): void;
}

/**
 * One component's subscriber on a topic. It holds a `subscribe(client, …)` handle only while it has
 * listeners and is enabled; the client shares one wire subscription among every subscriber of a
 * name and releases it at the end of the task after the last one leaves, so two components, or
 * StrictMode's double effects, make one `$ws:subscribe`.
 */
export function createSubscriptionObserver<T extends AnyTopic>(
  client: WsClient,
  queryClient: QueryClient,
  ref: TopicRef<T> | undefined,
  options: SubscriptionObserverOptions<T>,
): SubscriptionObserver<T> {
  const listeners = new Set<() => void>();
  let handle: TopicSubscription<T> | undefined;
  let offChange: (() => void) | undefined;
  let result = IDLE_SUBSCRIPTION;

  /** Re-reads the handle; notifies when anything changed. */
  const refresh = (): void => {
    const next: SubscriptionResult = handle
      ? { status: handle.state, epoch: handle.epoch, offset: handle.offset, error: handle.error }
      : IDLE_SUBSCRIPTION;
    if (
      next.status === result.status &&
      next.epoch === result.epoch &&
      next.offset === result.offset &&
      next.error === result.error
    ) {
      return;
    }
    result = next;
    for (const listener of [...listeners]) listener();
  };

  const stop = (): void => {
    offChange?.();
    handle?.unsubscribe();
    handle = undefined;
    offChange = undefined;
  };

  /** Holds one handle exactly while there are listeners, a topic, and the observer is enabled. */
  const sync = (): void => {
    if (listeners.size > 0 && ref !== undefined && options.enabled !== false) {
      if (handle === undefined) {
        handle = subscribe(client, ref, {
          onMessage: (message, info) => options.onMessage?.(message, info),
          onSubscribed: (event) => {
            options.onSubscribed?.(event);
            const queryKey = options.invalidateOnReset;
            if (event.recovered === false && queryKey !== undefined) void queryClient.invalidateQueries({ queryKey });
          },
        });
        offChange = handle.onChange(refresh);
      }
    } else stop();
    refresh();
  };

  return {
    subscribe(listener) {
      listeners.add(listener);
      sync();
      return () => {
        listeners.delete(listener);
        sync();
      };
    },
    getSnapshot: () => result,
    getServerSnapshot: () => IDLE_SUBSCRIPTION,
    setOptions(nextClient, nextRef, nextOptions) {
      if (nextClient !== client || nextRef?.name !== ref?.name || nextRef?.topic !== ref?.topic) {
        stop();
        client = nextClient;
      }
      ref = nextRef;
      options = nextOptions;
      sync();
    },
  };
}
