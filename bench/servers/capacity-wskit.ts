/** Capacity figure, ws-kit: `INGEST` (fire-and-forget) validated by `@ws-kit/zod` and counted. */
import { createBunHandler } from "@ws-kit/bun";
import { createRouter, message, withZod, z } from "@ws-kit/zod";
import { startControl } from "../lib/control.ts";
import { INGEST_TYPE } from "../lib/ingest.ts";
import { announce } from "../lib/server-util.ts";

const Ingest = message(INGEST_TYPE, { text: z.string().max(500) });

let count = 0;
const router = createRouter()
  .plugin(withZod())
  .on(Ingest, () => {
    count++;
  });

const { fetch, websocket } = createBunHandler(router);
const server = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch, websocket });
startControl(() => count);
announce(server.port);
