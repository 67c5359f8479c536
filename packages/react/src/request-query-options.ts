import type {
  AnyMessageSchema,
  ExpectedResponse,
  ExplicitRequestArgs,
  InferResponse,
  PairedRequestArgs,
  PairedSchema,
  PayloadlessRequestArgs,
  WsClient,
} from "@typed-ws/client";
import {
  buildRequestQueryOptions,
  type RequestData,
  type RequestQueryOptions,
  type RequestQueryOptionsResult,
} from "./observers/request-options.ts";

/**
 * The query options of `useRequest(schema, …)` as a plain object (`queryKey`, `queryFn`,
 * `select`, `retry`…), for an app that already uses react-query. Takes the arguments of
 * `useRequest` after the client: `(payload?, options?)` for a schema paired by
 * `rpc()`/`withResponse()`, `(payload, response, options?)`, or `(response, options?)`.
 *
 * ```tsx
 * const user = useQuery(requestQueryOptions(client, GetUser, { id }, User)); // data: the payload
 * const paired = useQuery(requestQueryOptions(client, GetUserPaired, { id })); // response inferred
 * const { data } = useSuspenseQuery(requestQueryOptions(client, GetUser, { id }, User));
 * await queryClient.prefetchQuery(requestQueryOptions(client, GetUser, { id }, User));
 * const message = await queryClient.ensureQueryData(requestQueryOptions(client, GetUser, { id }, User));
 * ```
 *
 * Same key (`requestKey(schema, payload)`), cache entry, retry rules and `data` (`select`, by
 * default the payload) as `useRequest`; `prefetchQuery`/`fetchQuery`/`ensureQueryData` return the
 * cached value, the whole response message. The socket's reconnect refetch is `useRequest`'s own
 * (react-query's `useQuery` follows the browser's `online` event instead).
 * @throws TypeError when `schema` was not made by `message()`, or when no response schema is
 *   given and the schema is not paired.
 */
export function requestQueryOptions<S extends AnyMessageSchema, TData = RequestData<InferResponse<S>>>(
  client: WsClient,
  schema: PairedSchema<S>,
  ...args: PairedRequestArgs<S, RequestQueryOptions<InferResponse<S>, TData>>
): RequestQueryOptionsResult<InferResponse<S>, TData>;
/** The explicit form: `requestQueryOptions(client, GetUser, { id }, User, options?)` (`undefined` payload without one). */
export function requestQueryOptions<S extends AnyMessageSchema, R extends ExpectedResponse<S>, TData = RequestData<R>>(
  client: WsClient,
  schema: S,
  ...args: ExplicitRequestArgs<S, R, RequestQueryOptions<R, TData>>
): RequestQueryOptionsResult<R, TData>;
/** The explicit form for a message without payload: `requestQueryOptions(client, GetStats, Stats, options?)`. */
export function requestQueryOptions<S extends AnyMessageSchema, R extends ExpectedResponse<S>, TData = RequestData<R>>(
  client: WsClient,
  schema: S,
  ...args: PayloadlessRequestArgs<S, R, RequestQueryOptions<R, TData>>
): RequestQueryOptionsResult<R, TData>;
export function requestQueryOptions<R extends AnyMessageSchema, TData>(
  client: WsClient,
  schema: AnyMessageSchema,
  ...rest: unknown[]
): RequestQueryOptionsResult<R, TData> {
  return buildRequestQueryOptions(client, schema, rest);
}
