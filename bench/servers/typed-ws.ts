/**
 * typed-ws server (`@typed-ws/server-bun`): ECHO replies ECHO_RESULT; SUBSCRIBE and PUBLISH_BURST
 * drive the fan-out figure. Runs as a production deployment would (`development: false`): inbound
 * messages are validated strictly, the server's own replies are not re-validated (outbound
 * validation is a development aid, on by default only when `NODE_ENV !== "production"`).
 */
import { createRouter, serve } from "@typed-ws/server-bun";
import { PAYLOAD } from "../lib/payload.ts";
import { Echo, EchoResult, PublishBurst, Published, Subscribe, Subscribed, Tick, TOPIC } from "../lib/schemas.ts";
import { announce } from "../lib/server-util.ts";

const router = createRouter();
router.on(Echo, (ctx) => {
  ctx.reply(EchoResult, { text: ctx.payload.text });
});
router.on(Subscribe, (ctx) => {
  ctx.subscribe(TOPIC);
  ctx.reply(Subscribed);
});
router.on(PublishBurst, (ctx) => {
  for (let i = 0; i < ctx.payload.count; i++) router.publish(TOPIC, Tick, PAYLOAD);
  ctx.reply(Published, { count: ctx.payload.count });
});

// rateLimit: false — figure 1 drives 200,000 requests through one connection, which the default
// per-connection budget (1,000 frames/s) would cut off by design; figure 9 measures the budget.
const server = await serve(router, { port: 0, hostname: "127.0.0.1", development: false, rateLimit: false });
announce(server.port);
