import { connectTarget } from "./auth.ts";
import type { ResolvedOptions } from "./options.ts";
import type { WebSocketConstructor, WebSocketLike } from "./types.ts";

/** `readyState` of an open socket. */
export const OPEN = 1;

/**
 * Creates the socket for one connect attempt: `url` and the subprotocols with the token attached,
 * on the injected constructor, else `globalThis.WebSocket` read now.
 * @throws TypeError when there is no WebSocket constructor (Node 20: pass `WebSocket` from the
 *   `ws` package), or whatever the constructor throws (a URL it refuses).
 */
export function openWebSocket(
  options: ResolvedOptions,
  target: string,
  token: string | undefined | null,
): WebSocketLike {
  const [url, protocols] = connectTarget(target, options, token);
  const Ctor = options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
  if (typeof Ctor !== "function") {
    throw new TypeError("no WebSocket in this runtime: pass wsClient({ WebSocket }) (Node 20: from the ws package)");
  }
  return protocols.length > 0 ? new Ctor(url, protocols) : new Ctor(url);
}

/** A callback that does nothing. */
export function ignore(): void {}

/** Removes the client's callbacks from a socket it no longer uses. */
export function detachSocket(socket: WebSocketLike): void {
  socket.onopen = null;
  socket.onmessage = null;
  socket.onclose = null;
  // Not null: some runtimes (Node's `ws`) throw on an error event nobody listens to.
  socket.onerror = ignore;
}

/**
 * Closes a socket without throwing; a code the runtime refuses (only 1000 and 3000–4999 are
 * allowed from clients) falls back to a plain close.
 */
export function closeQuietly(socket: WebSocketLike, code: number, reason: string): void {
  try {
    socket.close(code, reason);
  } catch {
    socket.close(); // never throws: no code to refuse, and closing a closed socket does nothing
  }
}

/** Sends a frame, ignoring a throw from a socket that is already closing (its close event follows). */
export function sendQuietly(socket: WebSocketLike, data: string): void {
  try {
    socket.send(data);
  } catch {
    // The socket is closing; its close event handles the rest.
  }
}
