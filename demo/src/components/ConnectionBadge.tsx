import { useConnectionState } from "@typed-ws/react";
import { secondsUntil, useNow } from "../hooks/use-now.ts";

/**
 * The connection as a badge: "connected", "reconnecting in N s", "offline – messages queued: K",
 * with the last close code underneath.
 */
export function ConnectionBadge() {
  const state = useConnectionState();
  const now = useNow(state.status === "reconnecting");
  const label =
    state.status === "open"
      ? "connected"
      : state.status === "reconnecting"
        ? `reconnecting in ${secondsUntil(state.nextRetryAt ?? now, now)} s`
        : state.status === "connecting"
          ? "connecting…"
          : "offline";
  return (
    <div className="badge-wrap">
      <span className={`badge badge-${state.status}`} data-testid="connection-badge" data-status={state.status}>
        <span className="dot" aria-hidden />
        {label}
        {state.status === "reconnecting" && state.attempt > 0 ? (
          <span className="muted small"> (attempt {state.attempt})</span>
        ) : null}
      </span>
      {state.status !== "open" && state.queued > 0 ? (
        <span className="badge badge-queued" data-testid="queued-badge">
          offline – messages queued: {state.queued}
        </span>
      ) : null}
      {state.lastClose === undefined ? null : (
        <span className="muted small" data-testid="last-close">
          last close {state.lastClose.code}
          {state.lastClose.reason ? ` (${state.lastClose.reason})` : ""}
        </span>
      )}
    </div>
  );
}
