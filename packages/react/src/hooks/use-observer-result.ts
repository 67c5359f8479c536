"use client";
import { notifyManager, useCallback, useSyncExternalStore } from "../deps.ts";

/** The part of a query-core `QueryObserver` or `MutationObserver` that React binds to. */
export interface ObservedResult<TResult> {
  subscribe(listener: () => void): () => void;
  getCurrentResult(): TResult;
  /** Query observers only: recompute the result (it may have changed between render and subscribe). */
  updateResult?(): void;
}

/**
 * Binds a query-core observer to React as TanStack's own hooks do: notifications batched through
 * query-core's `notifyManager`, the result re-read after subscribing. Internal to the request hooks.
 */
export function useObserverResult<TResult>(observer: ObservedResult<TResult>): TResult {
  const getResult = () => observer.getCurrentResult();
  return useSyncExternalStore(
    useCallback(
      (onStoreChange: () => void) => {
        const unsubscribe = observer.subscribe(notifyManager.batchCalls(onStoreChange));
        observer.updateResult?.();
        return unsubscribe;
      },
      [observer],
    ),
    getResult,
    getResult,
  );
}
