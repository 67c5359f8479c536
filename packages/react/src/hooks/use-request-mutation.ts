"use client";
import type { MutationObserverResult } from "@tanstack/query-core";
import type {
  AnyMessageSchema,
  AnyRequestSchema,
  ExpectedResponse,
  InferMessage,
  InferResponse,
  RequestError,
} from "@typed-ws/client";
import { useWsContext } from "../context.ts";
import { MutationObserver, requestArgs, useCallback, useEffect, useState } from "../deps.ts";
import {
  type RequestMutationOptions,
  type RequestPayload,
  requestMutationOptions,
} from "../observers/request-options.ts";
import { useObserverResult } from "./use-observer-result.ts";

/** Options of `useRequestMutation`. */
export type UseRequestMutationOptions<
  S extends AnyMessageSchema,
  R extends AnyMessageSchema,
  TOnMutateResult = unknown,
> = RequestMutationOptions<S, R, TOnMutateResult>;

type Result<S extends AnyMessageSchema, R extends AnyMessageSchema, C> = MutationObserverResult<
  InferMessage<R>,
  RequestError,
  RequestPayload<S>,
  C
>;

/**
 * What `useRequestMutation` returns: TanStack's mutation result (`data`, `error`, `status`,
 * `isPending`, `isSuccess`, `variables`, `reset`…) with
 * - `mutate(payload, callbacks?)`: fire and forget (errors land in `error`, never unhandled);
 * - `mutateAsync(payload, callbacks?)`: resolves with the response message, rejects with a
 *   typed-ws error.
 * For a schema without payload both take no payload: `mutate()`.
 */
export type UseRequestMutationResult<S extends AnyMessageSchema, R extends AnyMessageSchema, C = unknown> = WithMutate<
  Result<S, R, C>,
  (...args: Parameters<Result<S, R, C>["mutate"]>) => void,
  Result<S, R, C>["mutate"]
>;

/** Replaces `mutate` in each member of the result union (keeps `isSuccess` → `data` narrowing). */
type WithMutate<T, Mutate, MutateAsync> = T extends unknown
  ? Omit<T, "mutate"> & { mutate: Mutate; mutateAsync: MutateAsync }
  : never;

/**
 * Imperative request for actions (a TanStack `MutationObserver`): nothing is sent until
 * `mutate(payload)`. Retries only if `retry` says so (default 0), and never on validation or
 * authorization failures.
 *
 * ```tsx
 * const rename = useRequestMutation(RenameRoom); // RenameRoom paired by rpc()/withResponse()
 * rename.mutate({ roomId, name });
 * const add = useRequestMutation(Calculate, CalculateResult); // explicit response
 * ```
 * @throws TypeError (at render) when no response schema is given and the schema is not paired.
 */
export function useRequestMutation<S extends AnyRequestSchema, TOnMutateResult = unknown>(
  schema: S,
  options?: UseRequestMutationOptions<S, InferResponse<S>, TOnMutateResult>,
): UseRequestMutationResult<S, InferResponse<S>, TOnMutateResult>;
/** The explicit form: `useRequestMutation(RenameRoom, RoomRenamed, options?)`. */
export function useRequestMutation<
  S extends AnyMessageSchema,
  R extends ExpectedResponse<S>,
  TOnMutateResult = unknown,
>(
  schema: S,
  response: R,
  options?: UseRequestMutationOptions<S, R, TOnMutateResult>,
): UseRequestMutationResult<S, R, TOnMutateResult>;
export function useRequestMutation<S extends AnyMessageSchema, R extends AnyMessageSchema, TOnMutateResult = unknown>(
  schema: S,
  ...rest: unknown[]
): UseRequestMutationResult<S, R, TOnMutateResult> {
  const { client, queryClient } = useWsContext();
  // `(options?)` for a paired schema, or `(response, options?)`.
  const [, response, options] = requestArgs<R, UseRequestMutationOptions<S, R, TOnMutateResult>>(schema, [
    undefined,
    ...rest,
  ]);
  const mutationOptions = requestMutationOptions(client, schema, response, options);
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
  ) as UseRequestMutationResult<S, R, TOnMutateResult>["mutate"];

  return { ...result, mutate, mutateAsync: result.mutate };
}
