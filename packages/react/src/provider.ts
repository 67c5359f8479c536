"use client";
import type { WsClient } from "@typed-ws/client";
import type { ReactNode } from "react";
import { WsContext, type WsContextValue } from "./context.ts";
import { createElement, QueryClient, useEffect, useMemo, useState } from "./deps.ts";

/** Props of {@link WsProvider}. */
export interface WsProviderProps {
  /** The client to share. The app owns it: the provider connects it but never closes it. */
  client: WsClient;
  /**
   * The app's TanStack `QueryClient` (from `@tanstack/query-core` or `@tanstack/react-query`), so
   * socket requests live in the same cache as the app's other queries.
   * @default a `QueryClient` of the provider's own
   */
  queryClient?: QueryClient;
  /** Call `client.connect()` after mount (in an effect, never during render or on the server). @default true */
  connectOnMount?: boolean;
  children?: ReactNode;
}

/**
 * Shares one typed-ws client (and a TanStack `QueryClient`) with the hooks below it. After
 * mount it calls `client.connect()` (idempotent, so StrictMode's double effects open one socket);
 * it never closes the client, which the app created and owns. Connection failures are not
 * thrown here: read them with `useConnectionState()` or `client.onError`.
 */
export function WsProvider({ client, queryClient, connectOnMount = true, children }: WsProviderProps): ReactNode {
  const [ownQueryClient] = useState(() => queryClient ?? new QueryClient());
  const activeQueryClient = queryClient ?? ownQueryClient;

  useEffect(() => {
    // Mounting is reference-counted in query-core; it subscribes the cache to focus/online events.
    activeQueryClient.mount();
    return () => activeQueryClient.unmount();
  }, [activeQueryClient]);

  useEffect(() => {
    if (!connectOnMount) return;
    client.connect().catch(() => {
      // Reported through client.state (status "closed", lastClose) and client.onError.
    });
  }, [client, connectOnMount]);

  const value = useMemo<WsContextValue>(
    () => ({ client, queryClient: activeQueryClient }),
    [client, activeQueryClient],
  );
  return createElement(WsContext.Provider, { value }, children);
}
