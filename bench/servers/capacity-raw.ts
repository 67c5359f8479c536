/**
 * Capacity figure floor: a bare `Bun.serve` WebSocket server that keeps nothing per connection
 * and only counts frames (no parsing, no validation) — what a connection costs Bun itself.
 */
import { startControl } from "../lib/control.ts";
import { announce } from "../lib/server-util.ts";

let count = 0;
const server = Bun.serve({
  hostname: "127.0.0.1",
  port: 0,
  fetch: (request, server) =>
    server.upgrade(request) ? undefined : new Response("Expected a WebSocket upgrade", { status: 426 }),
  websocket: {
    message() {
      count++;
    },
  },
});
startControl(() => count);
announce(server.port);
