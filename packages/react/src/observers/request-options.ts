import type {
  DataTag,
  MutationObserverOptions,
  QueryFunction,
  QueryObserverOptions,
  ThrowOnError,
} from "@tanstack/query-core";
import type {
  AnyMessageSchema,
  HasPayload,
  InferMessage,
  InferPayload,
  InferPayloadInput,
  RequestError,
  WsClient,
} from "@typed-ws/client";
import { requestArgs } from "../deps.ts";
import { type REQUEST_KEY_ROOT, requestKey } from "./request-key.ts";
import { defaultRetryDelay, guardRetry, type RetryDelayValue, type RetryValue } from "./retry.ts";

/** The payload argument of a request: the schema's payload input, or `undefined` without one. */
export type RequestPayload<S extends AnyMessageSchema> = HasPayload<S> extends true ? InferPayloadInput<S> : undefined;

/**
 * What `data` holds by default: the response's validated **payload** (`undefined` for a response
 * without payload). The cache keeps the whole message; `select(message)` picks anything else.
 */
export type RequestData<R extends AnyMessageSchema> = HasPayload<R> extends true ? InferPayload<R> : undefined;

/** Any key `useRequest` builds: `["typed-ws", type]` or `["typed-ws", type, payload]`. */
export type RequestQueryKey =
  | readonly [typeof REQUEST_KEY_ROOT, string]
  | readonly [typeof REQUEST_KEY_ROOT, string, unknown];

/** query-core's observer options for a request: the cache holds the message `M`, `data` is `TData`. */
type QueryOptionsFor<M, TData> = QueryObserverOptions<M, RequestError, TData, M, RequestQueryKey>;

/**
 * Options of `useRequest`, `useSuspenseRequest` and `requestQueryOptions`: TanStack's query
 * options that make sense for a socket request, plus the request timeout. The cache holds the
 * validated response **message**; `data` is `select(message)`, by default its payload.
 * `refetchOnWindowFocus` is always off; `refetchOnReconnect` refers to the **socket** coming back
 * (status `open` after `reconnecting`/`closed`), not the browser's `online` event.
 */
export interface RequestQueryOptions<R extends AnyMessageSchema, TData = RequestData<R>>
  extends Pick<
    QueryOptionsFor<InferMessage<R>, TData>,
    | "enabled"
    | "staleTime"
    | "gcTime"
    | "refetchInterval"
    | "refetchIntervalInBackground"
    | "refetchOnMount"
    | "retryOnMount"
    | "placeholderData"
    | "initialData"
    | "initialDataUpdatedAt"
    | "structuralSharing"
    | "notifyOnChangeProps"
    | "meta"
  > {
  /**
   * Picks `data` from the validated response message (meta included). Runs on every change of
   * the cached message; the result is structurally shared.
   * @default (message) => message.payload
   */
  select?: (message: InferMessage<R>) => TData;
  /**
   * Throw the error to the nearest error boundary instead of returning it (`true`, or a function
   * of the error and query). @default false
   */
  throwOnError?: ThrowOnError<InferMessage<R>, RequestError, InferMessage<R>, RequestQueryKey>;
  /** Retries on retryable errors only (never on validation or authorization failures). @default 3 */
  retry?: QueryOptionsFor<InferMessage<R>, TData>["retry"];
  /** @default the server's `retryAfterMs`, else 1 s, 2 s, 4 s… up to 30 s */
  retryDelay?: QueryOptionsFor<InferMessage<R>, TData>["retryDelay"];
  /** Refetch when the socket reconnects: `true` if stale, `"always"`, or `false`. @default true */
  refetchOnReconnect?: boolean | "always";
  /** Request timeout. @default the client's `requestTimeoutMs` */
  timeoutMs?: number;
}

/**
 * What `requestQueryOptions` returns: query-core options with the key tagged by the cached
 * message type (so `queryClient.getQueryData(options.queryKey)` is typed), ready for react-query's
 * `useQuery`, `useSuspenseQuery`, `prefetchQuery`, `fetchQuery` and `ensureQueryData`.
 */
export type RequestQueryOptionsResult<R extends AnyMessageSchema, TData = RequestData<R>> = QueryOptionsFor<
  InferMessage<R>,
  TData
> & {
  queryKey: DataTag<RequestQueryKey, InferMessage<R>, RequestError>;
  queryFn: QueryFunction<InferMessage<R>, RequestQueryKey>;
};

/** Options of `useRequestMutation`: TanStack's mutation options, plus `select` and the request timeout. */
export interface RequestMutationOptions<
  S extends AnyMessageSchema,
  R extends AnyMessageSchema,
  TOnMutateResult = unknown,
  TData = RequestData<R>,
> extends Pick<
    MutationObserverOptions<TData, RequestError, RequestPayload<S>, TOnMutateResult>,
    "onMutate" | "onSuccess" | "onError" | "onSettled" | "gcTime" | "meta" | "scope" | "retryDelay" | "mutationKey"
  > {
  /**
   * Picks the mutation's `data` (and what `mutateAsync` resolves with) from the validated
   * response message. @default (message) => message.payload
   */
  select?: (message: InferMessage<R>) => TData;
  /** Throw the error to the nearest error boundary instead of returning it. @default false */
  throwOnError?: boolean | ((error: RequestError) => boolean);
  /** Retries on retryable errors only. @default 0 */
  retry?: MutationObserverOptions<TData, RequestError>["retry"];
  /** Request timeout. @default the client's `requestTimeoutMs` */
  timeoutMs?: number;
}

/** Options both builders handle the same way. */
interface SharedOptions<TRetry> {
  retry?: TRetry;
  retryDelay?: RetryDelayValue<RequestError>;
  timeoutMs?: number;
}

/**
 * The part of the query-core options a query and a mutation share: the caller's other options,
 * `retry` guarded against non-retryable errors, the default retry delay, and `networkMode:
 * "always"` (the client queues requests while offline; query-core must not pause them on
 * `navigator.onLine`).
 */
function sharedOptions<TRetry extends RetryValue<RequestError>, O extends SharedOptions<TRetry>>(
  { retry, retryDelay = defaultRetryDelay, timeoutMs: _timeoutMs, ...rest }: O,
  defaultRetries: number,
) {
  return { ...rest, retry: guardRetry(retry, defaultRetries), retryDelay, networkMode: "always" as const };
}

/** The default `select`: the payload. One function, so query-core's select memo holds across renders. */
export const selectPayload = (message: { payload?: unknown }): never => message.payload as never;

/**
 * Builds the query-core options of `useRequest(schema, ...args)`, `useSuspenseRequest` and the
 * public `requestQueryOptions`. `args` are theirs after the schema: `(payload?, options?)` for a
 * paired schema, `(payload, response, options?)`, or `(response, options?)`.
 * @throws TypeError when no response schema is given and the schema is not paired.
 */
export function buildRequestQueryOptions<R extends AnyMessageSchema, TData>(
  client: WsClient,
  schema: AnyMessageSchema,
  args: readonly unknown[],
): RequestQueryOptionsResult<R, TData> {
  const [payload, response, options = {}] = requestArgs<R, RequestQueryOptions<R, TData>>(schema, args);
  const queryFn: QueryFunction<InferMessage<R>, RequestQueryKey> = ({ signal }) =>
    client.request(schema, payload as never, response, { signal, timeoutMs: options.timeoutMs });
  return {
    ...sharedOptions(options, 3),
    select: options.select ?? selectPayload,
    // Explicit: query-core defaults it to `false` under `networkMode: "always"`.
    refetchOnReconnect: options.refetchOnReconnect ?? true,
    queryKey: requestKey(schema, payload as never) as RequestQueryOptionsResult<R, TData>["queryKey"],
    queryFn,
    refetchOnWindowFocus: false,
  };
}

/**
 * Builds the query-core `MutationObserver` options of `useRequestMutation(schema, ...args)`:
 * `args` are `(options?)` for a paired schema, or `(response, options?)`.
 * @throws TypeError when no response schema is given and the schema is not paired.
 */
export function requestMutationOptions<
  S extends AnyMessageSchema,
  R extends AnyMessageSchema,
  TOnMutateResult,
  TData = RequestData<R>,
>(
  client: WsClient,
  schema: S,
  args: readonly unknown[],
): MutationObserverOptions<TData, RequestError, RequestPayload<S>, TOnMutateResult> {
  const [, response, options = {}] = requestArgs<R, RequestMutationOptions<S, R, TOnMutateResult, TData>>(schema, [
    undefined,
    ...args,
  ]);
  const { select = selectPayload as (message: InferMessage<R>) => TData, ...rest } = options;
  return {
    mutationKey: requestKey(schema),
    ...sharedOptions(rest, 0),
    mutationFn: async (payload) =>
      select(
        await client.request(schema as AnyMessageSchema, payload as never, response, { timeoutMs: options.timeoutMs }),
      ),
  };
}
