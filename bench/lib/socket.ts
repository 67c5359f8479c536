/** The WebSocket constructor for this runtime: the global one (Bun, browsers) or `ws` (Node 20). */
import type { WebSocketConstructor } from "@typed-ws/client";

/** Resolves the WebSocket constructor: `globalThis.WebSocket`, else the `ws` package. */
export async function webSocketConstructor(): Promise<WebSocketConstructor> {
  const global = (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
  if (global) return global;
  const ws = await import("ws");
  return ws.WebSocket as unknown as WebSocketConstructor;
}

/** Opens a socket and resolves once it is open. */
export function openSocket(WS: WebSocketConstructor, url: string): Promise<InstanceType<WebSocketConstructor>> {
  return new Promise((resolve, reject) => {
    const socket = new WS(url);
    socket.onopen = () => resolve(socket);
    socket.onerror = (event) => reject(new Error(`cannot connect to ${url}: ${String(event)}`));
  });
}
