import type { ServerError } from "@typed-ws/client";
import { useWsClient } from "@typed-ws/react";
import { useEffect, useRef } from "react";

/**
 * Calls `handler` for each `ERROR` frame with this code that is not the answer to a request
 * (e.g. `RATE_LIMIT` on a `SEND_MESSAGE`), so the component where it happened can show it.
 * The codes handled this way are listed in `HANDLED_IN_PLACE` and skipped by the notices.
 */
export function useServerError(code: string, handler: (error: ServerError) => void): void {
  const client = useWsClient();
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(
    () =>
      client.onError((event) => {
        if (event.kind === "server-error" && event.error.code === code) latest.current(event.error);
      }),
    [client, code],
  );
}
