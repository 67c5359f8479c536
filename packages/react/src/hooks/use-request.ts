"use client";
import type { QueryObserverResult } from "@tanstack/query-core";
import type {
  AnyMessageSchema,
  ExpectedResponse,
  ExplicitRequestArgs,
  InferResponse,
  PairedRequestArgs,
  PairedSchema,
  PayloadlessRequestArgs,
  RequestError,
} from "@typed-ws/client";
import type { RequestData, RequestQueryOptions } from "../observers/request-options.ts";
import { useBaseRequest } from "./use-base-request.ts";

/** Options of `useRequest`. */
export type UseRequestOptions<R extends AnyMessageSchema, TData = RequestData<R>> = RequestQueryOptions<R, TData>;

/**
 * What `useRequest` returns: TanStack's query result — `data` (the response's payload, or what
 * `select(message)` picks), `error` (a typed-ws error: `ServerError`, `TimeoutError`,
 * `ConnectionClosedError`, `ValidationError`…, check with `instanceof`), `status`, `isPending`,
 * `isFetching`, `refetch`…
 */
export type UseRequestResult<R extends AnyMessageSchema, TData = RequestData<R>> = QueryObserverResult<
  TData,
  RequestError
>;

/**
 * Declarative request/response as a TanStack query keyed `["typed-ws", type, payload]`
 * (see `requestKey`): fetched after mount, deduplicated across components, cached in the
 * provider's `QueryClient`. The cache holds the validated response message; `data` is its
 * payload, or `select(message)`. Unmounting the last user, or changing the payload, while the
 * request is in flight aborts it (the client sends `$ws:abort`). Retries only retryable errors,
 * never refetches on window focus, and refetches (when stale) when the socket reconnects.
 *
 * ```tsx
 * const { data: user, error, isPending } = useRequest(GetUser, { id }); // GetUser paired by rpc()/withResponse()
 * const { data: sum } = useRequest(Calculate, { a, b }, CalculateResult); // explicit response
 * ```
 * @throws TypeError (at render) when no response schema is given and the schema is not paired.
 * @throws the request error to the nearest error boundary with `throwOnError`.
 */
export function useRequest<S extends AnyMessageSchema, TData = RequestData<InferResponse<S>>>(
  schema: PairedSchema<S>,
  ...args: PairedRequestArgs<S, UseRequestOptions<InferResponse<S>, TData>>
): UseRequestResult<InferResponse<S>, TData>;
/** The explicit form: `useRequest(GetUser, { id }, UserResponse, options?)` (`undefined` payload without one). */
export function useRequest<S extends AnyMessageSchema, R extends ExpectedResponse<S>, TData = RequestData<R>>(
  schema: S,
  ...args: ExplicitRequestArgs<S, R, UseRequestOptions<R, TData>>
): UseRequestResult<R, TData>;
/** The explicit form for a message without payload: `useRequest(GetStats, Stats, options?)`. */
export function useRequest<S extends AnyMessageSchema, R extends ExpectedResponse<S>, TData = RequestData<R>>(
  schema: S,
  ...args: PayloadlessRequestArgs<S, R, UseRequestOptions<R, TData>>
): UseRequestResult<R, TData>;
export function useRequest<R extends AnyMessageSchema, TData>(
  schema: AnyMessageSchema,
  ...rest: unknown[]
): UseRequestResult<R, TData> {
  return useBaseRequest<TData>(schema, rest, false);
}
