"use client";
import type { QueryClient } from "@tanstack/query-core";
import type { WsClient } from "@typed-ws/client";
import { createContext, useContext } from "./deps.ts";

/** What `<WsProvider>` shares with the hooks. */
export interface WsContextValue {
  readonly client: WsClient;
  readonly queryClient: QueryClient;
}

/** The React context behind `<WsProvider>`; use the hooks rather than reading it directly. */
export const WsContext = createContext<WsContextValue | null>(null);

/**
 * The provider's client and query client.
 * @throws Error when there is no `<WsProvider>` above the component.
 */
export function useWsContext(): WsContextValue {
  const value = useContext(WsContext);
  if (value === null) {
    throw new Error("typed-ws: missing <WsProvider>");
  }
  return value;
}

/**
 * The `WsClient` of the nearest `<WsProvider>`.
 * @throws Error when there is no `<WsProvider>` above the component.
 */
export function useWsClient(): WsClient {
  return useWsContext().client;
}

/**
 * The TanStack `QueryClient` the typed-ws hooks use: the one given to `<WsProvider queryClient>`,
 * or the provider's own.
 * @throws Error when there is no `<WsProvider>` above the component.
 */
export function useWsQueryClient(): QueryClient {
  return useWsContext().queryClient;
}
