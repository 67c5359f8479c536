"use client";
import type { QueryObserverResult } from "@tanstack/query-core";
import type {
  AnyMessageSchema,
  ExpectedResponse,
  ExplicitRequestArgs,
  InferMessage,
  InferResponse,
  PairedRequestArgs,
  PairedSchema,
  PayloadlessRequestArgs,
  RequestError,
} from "@typed-ws/client";
import { useWsContext } from "../context.ts";
import { requestArgs, useEffect, useState } from "../deps.ts";
import { RequestObserver } from "../observers/request-observer.ts";
import { type RequestQueryOptions, requestQueryOptions } from "../observers/request-options.ts";
import { useObserverResult } from "./use-observer-result.ts";

/** Options of `useRequest`. */
export type UseRequestOptions<R extends AnyMessageSchema> = RequestQueryOptions<R>;

/**
 * What `useRequest` returns: TanStack's query result — `data` (the validated response message),
 * `error` (a typed-ws error: `ServerError`, `TimeoutError`, `ConnectionClosedError`,
 * `ValidationError`…, check with `instanceof`), `status`, `isPending`, `isFetching`, `refetch`…
 */
export type UseRequestResult<R extends AnyMessageSchema> = QueryObserverResult<InferMessage<R>, RequestError>;

/**
 * Declarative request/response as a TanStack query keyed `["typed-ws", type, payload]`
 * (see `requestKey`): fetched after mount, deduplicated across components, cached in the
 * provider's `QueryClient`. Unmounting the last user, or changing the payload, while the request
 * is in flight aborts it (the client sends `$ws:abort`). Retries only retryable errors, never
 * refetches on window focus, and refetches (when stale) when the socket reconnects.
 *
 * ```tsx
 * const { data, error, isPending } = useRequest(GetUser, { id }); // GetUser paired by rpc()/withResponse()
 * const { data: sum } = useRequest(Calculate, { a, b }, CalculateResult); // explicit response
 * ```
 * @throws TypeError (at render) when no response schema is given and the schema is not paired.
 */
export function useRequest<S extends AnyMessageSchema>(
  schema: PairedSchema<S>,
  ...args: PairedRequestArgs<S, UseRequestOptions<InferResponse<S>>>
): UseRequestResult<InferResponse<S>>;
/** The explicit form: `useRequest(GetUser, { id }, UserResponse, options?)` (`undefined` payload without one). */
export function useRequest<S extends AnyMessageSchema, R extends ExpectedResponse<S>>(
  schema: S,
  ...args: ExplicitRequestArgs<S, R, UseRequestOptions<R>>
): UseRequestResult<R>;
/** The explicit form for a message without payload: `useRequest(GetStats, Stats, options?)`. */
export function useRequest<S extends AnyMessageSchema, R extends ExpectedResponse<S>>(
  schema: S,
  ...args: PayloadlessRequestArgs<S, R, UseRequestOptions<R>>
): UseRequestResult<R>;
export function useRequest<R extends AnyMessageSchema>(
  schema: AnyMessageSchema,
  ...rest: unknown[]
): UseRequestResult<R> {
  const { client, queryClient } = useWsContext();
  // `(payload?, options?)` for a paired schema, `(payload, response, options?)`, or `(response, options?)`.
  const [payload, response, options] = requestArgs<R, UseRequestOptions<R>>(schema, rest);

  const defaulted = queryClient.defaultQueryOptions(requestQueryOptions(client, schema, payload, response, options));
  defaulted._optimisticResults = "optimistic";

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

  // Re-render only for the result fields this component reads (TanStack's tracked properties).
  return observer.trackResult(result);
}
