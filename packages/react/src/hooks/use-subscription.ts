"use client";
import type { AnyTopic, TopicRef } from "@typed-ws/client";
import { useWsContext } from "../context.ts";
import { useState, useSyncExternalStore } from "../deps.ts";
import {
  createSubscriptionObserver,
  type SubscriptionObserverOptions,
  type SubscriptionResult,
} from "../observers/subscription-observer.ts";
import { useIsomorphicLayoutEffect } from "./use-isomorphic-layout-effect.ts";

/** Options of `useSubscription`. */
export type UseSubscriptionOptions<T extends AnyTopic> = SubscriptionObserverOptions<T>;
/** What `useSubscription` returns. */
export type UseSubscriptionResult = SubscriptionResult;

/**
 * Subscribes to a topic while the component is mounted: `useSubscription(Room({ roomId }), {
 * onMessage })`. The client restores it after every reconnect with what was published meanwhile
 * and calls `onMessage` once per publication, in order (always the handler of the latest
 * render). Components on one topic share one wire subscription; StrictMode makes one; the last
 * unmount unsubscribes. `undefined` (or `enabled: false`) subscribes to nothing.
 * Returns `{ status, epoch, offset, error }`: `"idle"` without a subscription (and during server
 * rendering), `"subscribing"` (also while offline), `"active"`, or `"error"` when the server
 * refused it (`error` is the `ServerError`; it is not retried).
 */
export function useSubscription<T extends AnyTopic>(
  topic: TopicRef<T> | undefined,
  options: UseSubscriptionOptions<T> = {},
): UseSubscriptionResult {
  const { client, queryClient } = useWsContext();
  const [observer] = useState(() => createSubscriptionObserver(client, queryClient, topic, options));
  // After every commit, so the observer holds this render's topic and handlers; never during render.
  useIsomorphicLayoutEffect(() => {
    observer.setOptions(client, topic, options);
  });
  return useSyncExternalStore(observer.subscribe, observer.getSnapshot, observer.getServerSnapshot);
}
