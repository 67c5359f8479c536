/** Fan-out baseline server: "sub" subscribes the socket to the topic, "pub:N" publishes N raw 60-byte frames. */
import { PAYLOAD_JSON } from "../lib/payload.ts";
import { announce } from "../lib/server-util.ts";

const TOPIC = "bench";
const server = Bun.serve({
  hostname: "127.0.0.1",
  port: 0,
  fetch(req, srv) {
    return srv.upgrade(req) ? undefined : new Response("upgrade required", { status: 426 });
  },
  websocket: {
    message(ws, data) {
      const text = String(data);
      if (text === "sub") {
        ws.subscribe(TOPIC);
        ws.send("ok");
      } else if (text.startsWith("pub:")) {
        const count = Number(text.slice(4));
        for (let i = 0; i < count; i++) server.publish(TOPIC, PAYLOAD_JSON);
        ws.send("done");
      }
    },
  },
});
announce(server.port);
