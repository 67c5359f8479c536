/**
 * `@typed-ws/react`: a provider and hooks binding a typed-ws client to React, with requests as
 * TanStack queries (`@tanstack/query-core`).
 *
 * The observers behind the hooks (`src/observers/`) and the React context are internal: import
 * the hooks and helpers below (`requestQueryOptions` gives react-query's `useQuery` the same query).
 * Topics are opt-in, as in the client: `useSubscription` comes from `@typed-ws/react/topics`.
 */
export type { WsContextValue } from "./context.ts";
export { useWsClient, useWsQueryClient } from "./context.ts";
export { useConnectionState } from "./hooks/use-connection-state.ts";
export type { UseMessageHandlerOptions, UseMessageOptions } from "./hooks/use-message.ts";
export { useMessage } from "./hooks/use-message.ts";
export type { CacheUpdater, UseMessageToCacheOptions } from "./hooks/use-message-to-cache.ts";
export { messageToCache, useMessageToCache } from "./hooks/use-message-to-cache.ts";
export type { UseRequestOptions, UseRequestResult } from "./hooks/use-request.ts";
export { useRequest } from "./hooks/use-request.ts";
export type { UseRequestMutationOptions, UseRequestMutationResult } from "./hooks/use-request-mutation.ts";
export { useRequestMutation } from "./hooks/use-request-mutation.ts";
export type { SendFunction } from "./hooks/use-send.ts";
export { useSend } from "./hooks/use-send.ts";
export type { UseSuspenseRequestOptions, UseSuspenseRequestResult } from "./hooks/use-suspense-request.ts";
export { useSuspenseRequest } from "./hooks/use-suspense-request.ts";
export type { RequestPayloadKey, RequestTypeKey } from "./observers/request-key.ts";
export { requestKey } from "./observers/request-key.ts";
export type {
  RequestData,
  RequestMutationOptions,
  RequestPayload,
  RequestQueryKey,
  RequestQueryOptions,
  RequestQueryOptionsResult,
} from "./observers/request-options.ts";
export { isRetryableError } from "./observers/retry.ts";
export type { WsProviderProps } from "./provider.ts";
export { WsProvider } from "./provider.ts";
export { requestQueryOptions } from "./request-query-options.ts";
