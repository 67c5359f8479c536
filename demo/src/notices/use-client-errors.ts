import { useWsClient } from "@typed-ws/react";
import { useEffect } from "react";
import { useNotices } from "./notices.tsx";

/**
 * Shows the errors the client reports instead of throwing: `ERROR` frames not tied to a request
 * (the server's `RATE_LIMIT` on `SEND_MESSAGE`, `RESTART_UNAVAILABLE`) and dropped queued messages.
 */
export function useClientErrors(): void {
  const client = useWsClient();
  const { report } = useNotices();
  useEffect(
    () =>
      client.onError((event) => {
        if (event.kind === "server-error" || event.kind === "queue-drop") report(event.error);
        // Dropped connections show in the connection badge.
        else if (event.kind !== "connection-error") console.warn(`typed-ws demo: ${event.kind}`, event.error);
      }),
    [client, report],
  );
}
