import type { ConnectionState, WsClient } from "@typed-ws/client";

/**
 * Calls `onReconnect` each time `client`'s socket is back: status `open` after `reconnecting` or
 * `closed` (a first open does not count). Returns the unsubscribe.
 */
export function watchReconnect(client: WsClient, onReconnect: () => void): () => void {
  let dropped = isDropped(client.state);
  return client.onState((state) => {
    if (isDropped(state)) {
      dropped = true;
    } else if (state.status === "open" && dropped) {
      dropped = false;
      onReconnect();
    }
  });
}

function isDropped(state: ConnectionState): boolean {
  return state.status === "reconnecting" || state.status === "closed";
}
