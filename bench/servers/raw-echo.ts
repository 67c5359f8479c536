/**
 * Baseline server: a bare Bun WebSocket that echoes every frame back unchanged — no envelope,
 * no JSON, no validation. Also the fan-out baseline: "sub" subscribes, "pub:N" publishes N frames.
 */
import { announce } from "../lib/server-util.ts";

const server = Bun.serve({
  hostname: "127.0.0.1",
  port: 0,
  fetch(req, srv) {
    return srv.upgrade(req) ? undefined : new Response("upgrade required", { status: 426 });
  },
  websocket: {
    message(ws, data) {
      ws.send(data);
    },
  },
});
announce(server.port);
