"use client";
import type { DefinedQueryObserverResult, DistributiveOmit } from "@tanstack/query-core";
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

/** Options of `useSuspenseRequest`: those of `useRequest` but `enabled`, `placeholderData` and `throwOnError`. */
export type UseSuspenseRequestOptions<R extends AnyMessageSchema, TData = RequestData<R>> = Omit<
  RequestQueryOptions<R, TData>,
  "enabled" | "placeholderData" | "throwOnError"
>;

/** What `useSuspenseRequest` returns: `useRequest`'s result with `data` always defined. */
export type UseSuspenseRequestResult<TData> = DistributiveOmit<
  DefinedQueryObserverResult<TData, RequestError>,
  "isPlaceholderData"
>;

/**
 * `useRequest` for React Suspense, as TanStack's `useSuspenseQuery`: the component suspends
 * until the response is cached, so `data` is always defined; an error (with no data to show) is
 * thrown to the nearest error boundary. Put the `<Suspense>` boundary **inside** `<WsProvider>`
 * (the provider connects the client once it has mounted). Keeps data fresh for at least 1 s
 * (`staleTime`) so the render after suspending does not fetch again.
 *
 * During server rendering it cannot fetch (no socket there): with data already in the
 * `QueryClient` (prefetched, hydrated) it renders it, else it throws so the nearest
 * `<Suspense>` sends its fallback and the client renders the content.
 *
 * ```tsx
 * const { data: user } = useSuspenseRequest(GetUser, { id }); // GetUser paired by rpc()/withResponse()
 * const { data: sum } = useSuspenseRequest(Calculate, { a, b }, CalculateResult); // explicit response
 * ```
 * @throws a promise while pending (Suspense), the request error (error boundary), a TypeError
 *   (at render) when no response schema is given and the schema is not paired.
 */
export function useSuspenseRequest<S extends AnyMessageSchema, TData = RequestData<InferResponse<S>>>(
  schema: PairedSchema<S>,
  ...args: PairedRequestArgs<S, UseSuspenseRequestOptions<InferResponse<S>, TData>>
): UseSuspenseRequestResult<TData>;
/** The explicit form: `useSuspenseRequest(GetUser, { id }, UserResponse, options?)` (`undefined` payload without one). */
export function useSuspenseRequest<S extends AnyMessageSchema, R extends ExpectedResponse<S>, TData = RequestData<R>>(
  schema: S,
  ...args: ExplicitRequestArgs<S, R, UseSuspenseRequestOptions<R, TData>>
): UseSuspenseRequestResult<TData>;
/** The explicit form for a message without payload: `useSuspenseRequest(GetStats, Stats, options?)`. */
export function useSuspenseRequest<S extends AnyMessageSchema, R extends ExpectedResponse<S>, TData = RequestData<R>>(
  schema: S,
  ...args: PayloadlessRequestArgs<S, R, UseSuspenseRequestOptions<R, TData>>
): UseSuspenseRequestResult<TData>;
export function useSuspenseRequest<TData>(
  schema: AnyMessageSchema,
  ...rest: unknown[]
): UseSuspenseRequestResult<TData> {
  return useBaseRequest<TData>(schema, rest, true) as UseSuspenseRequestResult<TData>;
}
