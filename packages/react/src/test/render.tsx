import type { QueryClient } from "@tanstack/query-core";
import type { WsClient } from "@typed-ws/client";
import type { ReactNode } from "react";
import { WsProvider } from "../provider.tsx";

/** A `wrapper` for render/renderHook: the client (and optionally the app's QueryClient) in a provider. */
export function providerWrapper(client: WsClient, queryClient?: QueryClient) {
  return function Wrapper({ children }: { children: ReactNode }) {
    return (
      <WsProvider client={client} queryClient={queryClient}>
        {children}
      </WsProvider>
    );
  };
}
