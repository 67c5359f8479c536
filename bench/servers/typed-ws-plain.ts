/**
 * typed-ws server with dedupe off (`dedupe: false`), otherwise `typed-ws.ts`'s ECHO: figure 11's
 * "plain" side. `typed-ws.ts` runs the default (dedupe on, `MemoryRequestStore`).
 */
import { createRouter, serve } from "@typed-ws/server-bun";
import { Echo, EchoResult } from "../lib/schemas.ts";
import { announce } from "../lib/server-util.ts";

const router = createRouter();
router.on(Echo, (ctx) => {
  ctx.reply(EchoResult, { text: ctx.payload.text });
});
const server = await serve(router, {
  port: 0,
  hostname: "127.0.0.1",
  development: false,
  rateLimit: false,
  dedupe: false,
});
announce(server.port);
