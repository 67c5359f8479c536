import type { QueryClient } from "@tanstack/query-core";
import type { WsClient } from "@typed-ws/client";
import type { ReactNode } from "react";
import { WsProvider } from "../provider.ts";

/**
 * A `wrapper` for render/renderHook: the client (and optionally the app's QueryClient) in a
 * provider. Testing Library keeps the one wrapper for the life of the render, so the subtree is stable.
 */
export function providerWrapper(client: WsClient, queryClient?: QueryClient) {
  return ({ children }: { children: ReactNode }) => (
    <WsProvider client={client} queryClient={queryClient}>
      {children}
    </WsProvider>
  );
}
