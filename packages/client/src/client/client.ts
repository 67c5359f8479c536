import type { WsClient, WsClientOptions } from "./types.ts";

/**
 * Creates a typed WebSocket client. Touches no globals until `connect()`.
 * (Placeholder: implemented by issue 3.)
 */
export function wsClient(_options: WsClientOptions): WsClient {
  throw new Error("not implemented yet");
}
