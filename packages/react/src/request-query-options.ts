import type { AnyMessageSchema, HasPayload, WsClient } from "@typed-ws/client";
import { splitRequestArgs } from "./observers/request-args.ts";
import {
  buildRequestQueryOptions,
  type RequestData,
  type RequestPayload,
  type RequestQueryOptions,
  type RequestQueryOptionsResult,
} from "./observers/request-options.ts";

/**
 * The query options of `useRequest(schema, payload, response, options)` as a plain object
 * (`queryKey`, `queryFn`, `select`, `retry`…), for an app that already uses react-query:
 *
 * ```tsx
 * const user = useQuery(requestQueryOptions(client, GetUser, { id }, User)); // data: the payload
 * const { data } = useSuspenseQuery(requestQueryOptions(client, GetUser, { id }, User));
 * await queryClient.prefetchQuery(requestQueryOptions(client, GetUser, { id }, User));
 * const message = await queryClient.ensureQueryData(requestQueryOptions(client, GetUser, { id }, User));
 * ```
 *
 * Same key (`requestKey(schema, payload)`), cache entry, retry rules and `data` (`select`, by
 * default the payload) as `useRequest`; `prefetchQuery`/`fetchQuery`/`ensureQueryData` return the
 * cached value, the whole response message. The socket's reconnect refetch is `useRequest`'s own
 * (react-query's `useQuery` follows the browser's `online` event instead).
 * @throws TypeError when `schema` was not made by `message()`.
 */
export function requestQueryOptions<S extends AnyMessageSchema, R extends AnyMessageSchema, TData = RequestData<R>>(
  client: WsClient,
  schema: S,
  payload: RequestPayload<S>,
  response: R,
  options?: RequestQueryOptions<R, TData>,
): RequestQueryOptionsResult<R, TData>;
/** The form for a message without payload: `requestQueryOptions(client, GetStats, Stats, options?)`. */
export function requestQueryOptions<S extends AnyMessageSchema, R extends AnyMessageSchema, TData = RequestData<R>>(
  client: WsClient,
  schema: HasPayload<S> extends true ? never : S,
  response: R,
  options?: RequestQueryOptions<R, TData>,
): RequestQueryOptionsResult<R, TData>;
export function requestQueryOptions<R extends AnyMessageSchema, TData>(
  client: WsClient,
  schema: AnyMessageSchema,
  ...rest: unknown[]
): RequestQueryOptionsResult<R, TData> {
  const { payload, response, options } = splitRequestArgs<R, RequestQueryOptions<R, TData>>(schema, rest);
  return buildRequestQueryOptions(client, schema, payload, response, options);
}
