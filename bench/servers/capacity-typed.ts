/**
 * Capacity figure, typed-ws: `INGEST` is fire-and-forget (no reply); every inbound message is
 * validated strictly by the router and counted. Production mode. Control channel on stdin.
 */
import { createRouter, serve } from "@typed-ws/server-bun";
import { startControl } from "../lib/control.ts";
import { Ingest } from "../lib/ingest.ts";
import { announce } from "../lib/server-util.ts";

let count = 0;
const router = createRouter();
router.on(Ingest, () => {
  count++;
});

const server = await serve(router, { port: 0, hostname: "127.0.0.1", development: false });
startControl(() => count);
announce(server.port);
