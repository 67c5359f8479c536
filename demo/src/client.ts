import { wsClient } from "@typed-ws/client/zod";

/**
 * The WebSocket URL of the demo server: same host as the page, path `/ws`, and `client=<id>`:
 * one random id per page load, which the server uses as this tab's identity (its remembered
 * `POST_MESSAGE` answers, and its name for a retried post that arrives before the re-join).
 */
export function socketUrl(location: Location, clientId = tabId()): string {
  const url = new URL("/ws", location.href);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  url.searchParams.set("client", clientId);
  return url.toString();
}

/** A random id for this page load (not a secret: the demo has no accounts). */
function tabId(): string {
  return globalThis.crypto?.randomUUID?.() ?? `${Date.now().toString(36)}${Math.random().toString(36).slice(2)}`;
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
