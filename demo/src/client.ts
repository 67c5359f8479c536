import { wsClient } from "@typed-ws/client/zod";

/** The WebSocket URL of the demo server: same host as the page, path `/ws`. */
export function socketUrl(location: Location): string {
  const url = new URL("/ws", location.href);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  return url.toString();
}

/**
 * The app's one client. Reconnect waits are capped at 5 s so a restart is quick to watch;
 * the offline queue keeps what is sent meanwhile.
 */
export function createDemoClient(location: Location) {
  return wsClient({
    url: socketUrl(location),
    reconnect: { initialDelayMs: 250, maxDelayMs: 5000 },
    heartbeat: { intervalMs: 15_000, timeoutMs: 5000 },
  });
}
