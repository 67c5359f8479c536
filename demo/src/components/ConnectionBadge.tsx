import type { ConnectionStatus } from "@typed-ws/client";
import { useConnectionState } from "@typed-ws/react";

const LABEL: Record<ConnectionStatus, string> = {
  idle: "Not connected",
  connecting: "Connecting…",
  open: "Connected",
  reconnecting: "Reconnecting…",
  closed: "Offline",
};

/**
 * The connection in one word, in the header (a live region, so the change is announced). Its
 * width is fixed, so the header never moves; the details (countdown, waiting messages) are in
 * the connection line above the composer.
 */
export function ConnectionBadge() {
  const { status } = useConnectionState();
  return (
    <span className={`badge badge-${status}`} role="status" data-testid="connection-badge" data-status={status}>
      <span className="dot" aria-hidden />
      <span className="sr-only">Connection: </span>
      {LABEL[status]}
    </span>
  );
}
