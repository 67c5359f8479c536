import type { ConnectionState } from "@typed-ws/client";

/** What {@link watchTransitions} reports: the connection was lost, or is open again after a loss. */
export interface TransitionHandlers {
  /** The open connection dropped (the client is reconnecting). */
  dropped?(state: ConnectionState): void;
  /** The connection is open again after a drop. */
  reopened?(state: ConnectionState): void;
}

/**
 * Calls `dropped` when an open connection is lost and `reopened` when it is open again, never
 * for the first open. Returns an unsubscribe.
 */
export function watchTransitions(
  client: { readonly state: ConnectionState; onState(listener: (state: ConnectionState) => void): () => void },
  handlers: TransitionHandlers,
): () => void {
  let previous = client.state.status;
  let lost = false;
  return client.onState((state) => {
    const before = previous;
    // Update first: a handler may send, which changes the queue count and emits a state synchronously.
    previous = state.status;
    if (before === "open" && state.status !== "open" && state.status !== "closed") {
      lost = true;
      handlers.dropped?.(state);
    } else if (before !== "open" && state.status === "open" && lost) {
      lost = false;
      handlers.reopened?.(state);
    }
  });
}
