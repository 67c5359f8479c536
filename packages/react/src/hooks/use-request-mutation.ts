"use client";
import type { MutationObserverResult } from "@tanstack/query-core";
import type {
  AnyMessageSchema,
  AnyRequestSchema,
  ExpectedResponse,
  InferResponse,
  RequestError,
} from "@typed-ws/client";
import { useWsContext } from "../context.ts";
import { MutationObserver, useCallback, useEffect, useState } from "../deps.ts";
import {
  type RequestData,
  type RequestMutationOptions,
  type RequestPayload,
  requestMutationOptions,
} from "../observers/request-options.ts";
import { shouldThrowError } from "../observers/throw-on-error.ts";
import { useObserverResult } from "./use-observer-result.ts";

/** Options of `useRequestMutation`. */
export type UseRequestMutationOptions<
  S extends AnyMessageSchema,
  R extends AnyMessageSchema,
  TOnMutateResult = unknown,
  TData = RequestData<R>,
> = RequestMutationOptions<S, R, TOnMutateResult, TData>;

type Result<S extends AnyMessageSchema, C, TData> = MutationObserverResult<TData, RequestError, RequestPayload<S>, C>;

/**
 * What `useRequestMutation` returns: TanStack's mutation result (`data`: the response's payload
 * or `select(message)`; `error`, `status`, `isPending`, `isSuccess`, `variables`, `reset`…) with
 * - `mutate(payload, callbacks?)`: fire and forget (errors land in `error`, never unhandled);
 * - `mutateAsync(payload, callbacks?)`: resolves with `data`, rejects with a typed-ws error.
 * For a schema without payload both take no payload: `mutate()`.
 */
export type UseRequestMutationResult<
  S extends AnyMessageSchema,
  R extends AnyMessageSchema,
  C = unknown,
  TData = RequestData<R>,
> = WithMutate<
  Result<S, C, TData>,
  (...args: Parameters<Result<S, C, TData>["mutate"]>) => void,
  Result<S, C, TData>["mutate"]
>;

/** Replaces `mutate` in each member of the result union (keeps `isSuccess` → `data` narrowing). */
type WithMutate<T, Mutate, MutateAsync> = T extends unknown
  ? Omit<T, "mutate"> & { mutate: Mutate; mutateAsync: MutateAsync }
  : never;

/**
 * Imperative request for actions (a TanStack `MutationObserver`, `mutationKey`
 * `["typed-ws", type]` unless given): nothing is sent until `mutate(payload)`. Retries only if
 * `retry` says so (default 0), and never on validation or authorization failures.
 *
 * ```tsx
 * const rename = useRequestMutation(RenameRoom); // RenameRoom paired by rpc()/withResponse()
 * rename.mutate({ roomId, name });
 * const add = useRequestMutation(Calculate, CalculateResult); // explicit response
 * ```
 * @throws TypeError (at render) when no response schema is given and the schema is not paired.
 * @throws the request error to the nearest error boundary with `throwOnError`.
 */
export function useRequestMutation<
  S extends AnyRequestSchema,
  TOnMutateResult = unknown,
  TData = RequestData<InferResponse<S>>,
>(
  schema: S,
  options?: UseRequestMutationOptions<S, InferResponse<S>, TOnMutateResult, TData>,
): UseRequestMutationResult<S, InferResponse<S>, TOnMutateResult, TData>;
/** The explicit form: `useRequestMutation(RenameRoom, RoomRenamed, options?)`. */
export function useRequestMutation<
  S extends AnyMessageSchema,
  R extends ExpectedResponse<S>,
  TOnMutateResult = unknown,
  TData = RequestData<R>,
>(
  schema: S,
  response: R,
  options?: UseRequestMutationOptions<S, R, TOnMutateResult, TData>,
): UseRequestMutationResult<S, R, TOnMutateResult, TData>;
export function useRequestMutation<
  S extends AnyMessageSchema,
  R extends AnyMessageSchema,
  TOnMutateResult = unknown,
  TData = RequestData<R>,
>(schema: S, ...rest: unknown[]): UseRequestMutationResult<S, R, TOnMutateResult, TData> {
  const { client, queryClient } = useWsContext();
  const mutationOptions = requestMutationOptions<S, R, TOnMutateResult, TData>(client, schema, rest);
  const [observer] = useState(() => new MutationObserver(queryClient, mutationOptions));

  // After every commit: the options are a new object each render anyway.
  useEffect(() => {
    observer.setOptions(mutationOptions);
  });

  const result = useObserverResult(observer);

  const mutate = useCallback(
    (payload?: RequestPayload<S>, callbacks?: Parameters<typeof observer.mutate>[1]) => {
      observer.mutate(payload as RequestPayload<S>, callbacks).catch(() => {});
    },
    [observer],
  ) as UseRequestMutationResult<S, R, TOnMutateResult, TData>["mutate"];

  // As TanStack's useMutation: an error the options say to throw goes to the error boundary.
  if (result.error && shouldThrowError(observer.options.throwOnError, [result.error])) {
    throw result.error;
  }
  return { ...result, mutate, mutateAsync: result.mutate };
}
