import type { MutationObserverOptions, QueryObserverOptions } from "@tanstack/query-core";
import type {
  AnyMessageSchema,
  HasPayload,
  InferMessage,
  InferPayloadInput,
  RequestError,
  WsClient,
} from "@typed-ws/client";
import { type REQUEST_KEY_ROOT, requestKey } from "./request-key.ts";
import { defaultRetryDelay, guardRetry, type RetryDelayValue, type RetryValue } from "./retry.ts";

/** The payload argument of a request: the schema's payload input, or `undefined` without one. */
export type RequestPayload<S extends AnyMessageSchema> = HasPayload<S> extends true ? InferPayloadInput<S> : undefined;

/** Any key `useRequest` builds: `["typed-ws", type]` or `["typed-ws", type, payload]`. */
export type RequestQueryKey =
  | readonly [typeof REQUEST_KEY_ROOT, string]
  | readonly [typeof REQUEST_KEY_ROOT, string, unknown];

type QueryOptionsFor<R extends AnyMessageSchema> = QueryObserverOptions<
  InferMessage<R>,
  RequestError,
  InferMessage<R>,
  InferMessage<R>,
  RequestQueryKey
>;

/**
 * Options of `useRequest`: TanStack's query options that make sense for a socket request, plus
 * the request timeout. `refetchOnWindowFocus` is always off; `refetchOnReconnect` refers to the
 * **socket** coming back (status `open` after `reconnecting`/`closed`), not the browser's
 * `online` event.
 */
export interface RequestQueryOptions<R extends AnyMessageSchema>
  extends Pick<
    QueryOptionsFor<R>,
    "enabled" | "staleTime" | "gcTime" | "refetchInterval" | "refetchOnMount" | "placeholderData" | "meta"
  > {
  /** Retries on retryable errors only (never on validation or authorization failures). @default 3 */
  retry?: QueryOptionsFor<R>["retry"];
  /** @default the server's `retryAfterMs`, else 1 s, 2 s, 4 s… up to 30 s */
  retryDelay?: QueryOptionsFor<R>["retryDelay"];
  /** Refetch when the socket reconnects: `true` if stale, `"always"`, or `false`. @default true */
  refetchOnReconnect?: boolean | "always";
  /** Request timeout. @default the client's `requestTimeoutMs` */
  timeoutMs?: number;
}

/** Options of `useRequestMutation`: TanStack's mutation callbacks and retry, plus the request timeout. */
export interface RequestMutationOptions<
  S extends AnyMessageSchema,
  R extends AnyMessageSchema,
  TOnMutateResult = unknown,
> extends Pick<
    MutationObserverOptions<InferMessage<R>, RequestError, RequestPayload<S>, TOnMutateResult>,
    "onMutate" | "onSuccess" | "onError" | "onSettled" | "gcTime" | "meta" | "scope" | "retryDelay"
  > {
  /** Retries on retryable errors only. @default 0 */
  retry?: MutationObserverOptions<InferMessage<R>, RequestError>["retry"];
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

/** Builds the query-core observer options of `useRequest(schema, payload, response, options)`. */
export function requestQueryOptions<R extends AnyMessageSchema>(
  client: WsClient,
  schema: AnyMessageSchema,
  payload: unknown,
  response: R,
  options: RequestQueryOptions<R> = {},
): QueryOptionsFor<R> {
  return {
    ...sharedOptions(options, 3),
    // Explicit: query-core defaults it to `false` under `networkMode: "always"`.
    refetchOnReconnect: options.refetchOnReconnect ?? true,
    queryKey: requestKey(schema, payload as never),
    queryFn: ({ signal }) =>
      client.request(schema, payload as never, response, { signal, timeoutMs: options.timeoutMs }),
    refetchOnWindowFocus: false,
  };
}

/** Builds the query-core `MutationObserver` options of `useRequestMutation(schema, response, options)`. */
export function requestMutationOptions<S extends AnyMessageSchema, R extends AnyMessageSchema, TOnMutateResult>(
  client: WsClient,
  schema: S,
  response: R,
  options: RequestMutationOptions<S, R, TOnMutateResult> = {},
): MutationObserverOptions<InferMessage<R>, RequestError, RequestPayload<S>, TOnMutateResult> {
  return {
    ...sharedOptions(options, 0),
    mutationKey: requestKey(schema),
    mutationFn: (payload) =>
      client.request(schema as AnyMessageSchema, payload as never, response, { timeoutMs: options.timeoutMs }),
  };
}
