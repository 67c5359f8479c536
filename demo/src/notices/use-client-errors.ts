import { useWsClient } from "@typed-ws/react";
import { useEffect } from "react";
import { DemoErrorCodes } from "../../shared/messages.ts";
import { watchTransitions } from "../connection/transitions.ts";
import { useNotices } from "./notices.tsx";

/** Server error codes shown where they happen (by {@link useServerError}), not as a notice. */
export const HANDLED_IN_PLACE: ReadonlySet<string> = new Set([
  DemoErrorCodes.RateLimit,
  DemoErrorCodes.RestartUnavailable,
]);

/**
 * Shows the errors the client reports instead of throwing: `ERROR` frames not tied to a request
 * and dropped queued messages. The codes in {@link HANDLED_IN_PLACE} are shown where they happen
 * (the rate limit in the composer, a refused restart under its button); dropped connections are
 * the connection line's.
 * A reconnect clears the notice: what it said was about the old connection.
 */
export function useClientErrors(): void {
  const client = useWsClient();
  const { report, dismiss } = useNotices();
  useEffect(() => {
    const offError = client.onError((event) => {
      if (event.kind === "server-error" && HANDLED_IN_PLACE.has(event.error.code)) return;
      if (event.kind === "server-error" || event.kind === "queue-drop") report(event.error);
      else if (event.kind !== "connection-error") console.warn(`typed-ws demo: ${event.kind}`, event.error);
    });
    const offTransitions = watchTransitions(client, { reopened: () => dismiss() });
    return () => {
      offError();
      offTransitions();
    };
  }, [client, report, dismiss]);
}
