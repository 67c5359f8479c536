/**
 * Figure 9: the typed-ws echo server with its default per-connection inbound budget
 * (`rateLimit`: 1,000 frames/s, burst 5,000), as an app would run it. (`servers/typed-ws.ts`
 * turns the budget off, since figure 1 measures one connection's throughput.)
 */
import { createRouter, serve } from "@typed-ws/server-bun";
import { Echo, EchoResult } from "../lib/schemas.ts";
import { announce } from "../lib/server-util.ts";

const router = createRouter();
router.on(Echo, (ctx) => {
  ctx.reply(EchoResult, { text: ctx.payload.text });
});
router.onError(() => {}); // the flooder's 1008 close is expected here
const server = serve(router, { port: 0, hostname: "127.0.0.1", development: false });
announce(server.port);
