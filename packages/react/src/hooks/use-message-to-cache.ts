"use client";
import type { QueryClient } from "@tanstack/query-core";
import type { AnyMessageSchema, InferMessage, WsClient } from "@typed-ws/client";
import { useWsQueryClient } from "../context.ts";
import { useMessage } from "./use-message.ts";

/** Writes a pushed message into the query cache: `setQueryData`, `invalidateQueries`… */
export type CacheUpdater<S extends AnyMessageSchema> = (message: InferMessage<S>, queryClient: QueryClient) => void;

/** Options of `useMessageToCache`. */
export interface UseMessageToCacheOptions {
  /** `false` stops listening. @default true */
  enabled?: boolean;
}

/**
 * Routes every validated `schema` message pushed by the server into the provider's query cache,
 * so `useRequest` data stays fresh without polling. Never re-renders the component; the latest
 * `update` is always used. Pair it with `requestKey`:
 *
 * ```tsx
 * useMessageToCache(UserUpdated, (msg, queryClient) => {
 *   queryClient.setQueryData(requestKey(GetUser, { id: msg.payload.id }), (old) => …);
 *   // or: queryClient.invalidateQueries({ queryKey: requestKey(GetUser) });
 * });
 * ```
 */
export function useMessageToCache<S extends AnyMessageSchema>(
  schema: S,
  update: CacheUpdater<S>,
  options: UseMessageToCacheOptions = {},
): void {
  const queryClient = useWsQueryClient();
  useMessage(schema, { onMessage: (message) => update(message, queryClient), enabled: options.enabled });
}

/**
 * The same outside React: routes `schema` messages from `client` into `queryClient` until the
 * returned unsubscribe is called. For app-wide pushes set up next to the client.
 */
export function messageToCache<S extends AnyMessageSchema>(
  client: WsClient,
  queryClient: QueryClient,
  schema: S,
  update: CacheUpdater<S>,
): () => void {
  return client.on(schema, (message) => update(message, queryClient));
}
