"use client";
import type { QueryObserverResult, StaleTime } from "@tanstack/query-core";
import type { AnyMessageSchema, RequestError } from "@typed-ws/client";
import { useWsContext } from "../context.ts";
import { isServer, messageInfo, useEffect, useState } from "../deps.ts";
import { RequestObserver } from "../observers/request-observer.ts";
import { buildRequestQueryOptions } from "../observers/request-options.ts";
import { shouldThrowError } from "../observers/throw-on-error.ts";
import { useObserverResult } from "./use-observer-result.ts";

/** Suspense needs the data to outlive the suspended render: at least 1 s fresh and cached (as TanStack). */
const SUSPENSE_MIN_MS = 1000;

/** A `staleTime` raised to {@link SUSPENSE_MIN_MS}; `"static"` (never stale) is kept. */
const suspenseStaleTime = (staleTime: StaleTime | undefined): StaleTime =>
  staleTime === "static" ? staleTime : Math.max(staleTime ?? 0, SUSPENSE_MIN_MS);

/**
 * The query binding behind `useRequest` and `useSuspenseRequest` (TanStack's `useBaseQuery`):
 * observer in state, options applied after commit, the result tracked per read field; with
 * `suspense`, a pending query throws its fetch promise and an error without data throws the error;
 * `throwOnError` throws errors to the error boundary. Internal.
 * @throws the fetch promise (suspense), the request error (suspense or `throwOnError`), an
 *   Error when suspense would fetch during server rendering, or a TypeError when no response
 *   schema is given and the schema is not paired.
 */
export function useBaseRequest<TData>(
  schema: AnyMessageSchema,
  rest: readonly unknown[],
  suspense: boolean,
): QueryObserverResult<TData, RequestError> {
  const { client, queryClient } = useWsContext();
  const defaulted = queryClient.defaultQueryOptions(
    buildRequestQueryOptions<AnyMessageSchema, TData>(client, schema, rest),
  );
  defaulted._optimisticResults = "optimistic";
  if (suspense) {
    defaulted.enabled = true;
    defaulted.suspense = true;
    const { staleTime, gcTime } = defaulted;
    defaulted.staleTime =
      typeof staleTime === "function" ? (query) => suspenseStaleTime(staleTime(query)) : suspenseStaleTime(staleTime);
    if (typeof gcTime === "number") defaulted.gcTime = Math.max(gcTime, SUSPENSE_MIN_MS);
  }

  const [observer] = useState(() => new RequestObserver(queryClient, defaulted));
  // Builds the query in the cache if needed and computes this render's result (no fetch here).
  const result = observer.getOptimisticResult(defaulted);

  useObserverResult(observer);

  // After every commit: `defaulted` is a new object each render anyway.
  useEffect(() => {
    observer.setOptions(defaulted);
  });
  // Refetch (when stale) each time the socket comes back, while mounted.
  useEffect(() => observer.watchReconnect(client), [observer, client]);

  if (suspense && result.isPending) {
    if (isServer) {
      throw new Error(
        `typed-ws: useSuspenseRequest(${messageInfo(schema).type}) cannot fetch during server rendering (no socket); ` +
          "prefetch it into the QueryClient, or let <Suspense> send its fallback",
      );
    }
    // The fetch runs outside the render; React renders again when it settles (the observer of
    // this render is discarded; the next one finds the data in the cache).
    throw observer.fetchOptimistic(defaulted).catch(() => {});
  }
  if (
    result.isError &&
    !result.isFetching &&
    ((suspense && result.data === undefined) ||
      shouldThrowError(defaulted.throwOnError, [result.error, observer.getCurrentQuery()]))
  ) {
    throw result.error;
  }
  // Re-render only for the result fields this component reads (TanStack's tracked properties).
  return (defaulted.notifyOnChangeProps ? result : observer.trackResult(result)) as QueryObserverResult<
    TData,
    RequestError
  >;
}
