import { wsClient } from "@typed-ws/client/zod";

/** The WebSocket URL of the demo server: same host as the page, path `/ws`. */
export function socketUrl(location: Location): string {
  const url = new URL("/ws", location.href);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  return url.toString();
}

/** The name this tab signed in with; sent on every (re)connect once known. */
const identity: { name?: string } = {};

/**
 * Remembers the user's name for the next connections (`?name=`), so the server knows who sends
 * what a reconnect flushes before any `JOIN_ROOM` is handled.
 */
export function rememberName(name: string): void {
  identity.name = name;
}

/**
 * The app's one client. Reconnect waits are capped at 5 s so a restart is quick to watch;
 * the offline queue keeps what is sent meanwhile.
 */
export function createDemoClient(location: Location) {
  return wsClient({
    url: socketUrl(location),
    auth: { getToken: () => identity.name, queryParam: "name" },
    reconnect: { initialDelayMs: 250, maxDelayMs: 5000 },
    heartbeat: { intervalMs: 15_000, timeoutMs: 5000 },
  });
}
