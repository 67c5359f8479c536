/** Peer server: ws-kit (`@ws-kit/bun` + `@ws-kit/zod`), an RPC that echoes the payload back. */
import { createBunHandler } from "@ws-kit/bun";
import { createRouter, rpc, withZod, z } from "@ws-kit/zod";
import { ECHO_RESULT_TYPE, ECHO_TYPE } from "../lib/payload.ts";
import { announce } from "../lib/server-util.ts";

const Echo = rpc(ECHO_TYPE, { text: z.string().max(500) }, ECHO_RESULT_TYPE, { text: z.string() });

const router = createRouter()
  .plugin(withZod())
  .rpc(Echo, (ctx) => {
    ctx.reply({ text: ctx.payload.text });
  });

const { fetch, websocket } = createBunHandler(router);
const server = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch, websocket });
announce(server.port);
