/**
 * The demo server: the seeds' chat rooms, calculator and rate limit on `@typed-ws/server-bun`,
 * plus the built app over HTTP on the same port. Listens on 127.0.0.1:$PORT (default 3000;
 * `PORT=0` picks a free port) and prints the URL, which tests and the supervisor read.
 *
 *   pnpm demo:server            # the server alone
 *   npm run demo                # build the app, run the server under its supervisor
 *
 * `DEMO_STATE_FILE=path.sqlite` keeps topic history and remembered answers in one SQLite file
 * (they survive a restart, and a `POST_MESSAGE`'s publication and answer commit together);
 * without it both live in memory. `DEMO_MESSAGES_PER_MINUTE` sets the chat rate limit (default 10),
 * `DEMO_ROOM_HISTORY` how many messages each room's history keeps (default 1000).
 */
import { join } from "node:path";
import {
  createHandler,
  createRouter,
  MemoryRequestStore,
  type RequestStore,
  SqliteRequestStore,
  SqliteTopicStore,
} from "@typed-ws/server-bun";
import { registerCalculator } from "./calculator.ts";
import { registerChat } from "./chat.ts";
import { registerPostMessage } from "./post-message.ts";
import { registerRateLimit } from "./rate-limit.ts";
import { RESTART_EXIT_CODE, registerRestart } from "./restart.ts";
import type { AppData } from "./router.ts";
import { createStaticHandler } from "./static.ts";

const port = Number(process.env.PORT ?? 3000);
const hostname = "127.0.0.1";
const distDir = process.env.DEMO_DIST ?? join(import.meta.dir, "..", "dist");

const stateFile = process.env.DEMO_STATE_FILE;
const topicStore = stateFile ? new SqliteTopicStore({ path: stateFile }) : undefined;
const requests = topicStore ? new SqliteRequestStore({ database: topicStore.database }) : undefined;
const dedupe: RequestStore = requests ?? new MemoryRequestStore();

const router = createRouter<AppData>(topicStore ? { topicStore } : {});
registerChat(router);
registerRateLimit(router, { max: Number(process.env.DEMO_MESSAGES_PER_MINUTE ?? 10) });
registerPostMessage(router, {
  ...(requests && { atomic: (block) => requests.atomic(block) }),
  ...(process.env.DEMO_ROOM_HISTORY && { history: { maxCount: Number(process.env.DEMO_ROOM_HISTORY) } }),
});
registerCalculator(router);
registerRestart(router, {
  supervised: process.env.TYPED_WS_DEMO_SUPERVISED === "1",
  // Every socket has closed: exit, and the supervisor starts a fresh server.
  onRestart: () => process.exit(RESTART_EXIT_CODE),
});
router.onError((error, info) => {
  console.error(`demo server: ${info.phase} error${info.code ? ` (${info.code})` : ""}:`, error);
});

const handler = createHandler(router, {
  path: "/ws",
  // The seeds' chat example accepts everyone. A tab's `client` id (not a secret: the demo has no
  // accounts) is its identity, so its retried POST_MESSAGEs are remembered apart from other tabs'.
  authenticate: (request) => {
    const client = new URL(request.url).searchParams.get("client");
    return client ? { identity: `tab:${client.slice(0, 64)}` } : undefined;
  },
  dedupe,
  fetch: createStaticHandler(distDir),
});
const server = Bun.serve({ hostname, port, fetch: handler.fetch, websocket: handler.websocket });
handler.attach(server);

console.log(`typed-ws demo listening on http://${hostname}:${server.port}`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    server.stop(true);
    process.exit(0);
  });
}
