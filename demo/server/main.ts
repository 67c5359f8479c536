/**
 * The demo server: the seeds' chat rooms, calculator and rate limit on `@typed-ws/server-bun`,
 * plus the built app over HTTP on the same port. Listens on 127.0.0.1:$PORT (default 3000;
 * `PORT=0` picks a free port) and prints the URL, which tests and the supervisor read. Room
 * history lives in `demo/.data/topics.sqlite` (`TOPIC_DB` to move it, `TOPIC_STORE=memory` to
 * keep it in memory).
 *
 *   pnpm demo:server            # the server alone
 *   npm run demo                # build the app, run the server under its supervisor
 */
import { join } from "node:path";
import { createHandler, createRouter } from "@typed-ws/server-bun";
import { registerCalculator } from "./calculator.ts";
import { registerChat } from "./chat.ts";
import { registerRateLimit } from "./rate-limit.ts";
import { RESTART_EXIT_CODE, registerRestart } from "./restart.ts";
import type { AppData } from "./router.ts";
import { createStaticHandler } from "./static.ts";
import { topicStoreFromEnv } from "./topic-store.ts";

const port = Number(process.env.PORT ?? 3000);
const hostname = "127.0.0.1";
const distDir = process.env.DEMO_DIST ?? join(import.meta.dir, "..", "dist");

// Room history: a SQLite file (demo/.data/, or TOPIC_DB) unless TOPIC_STORE=memory.
const router = createRouter<AppData>({ topicStore: topicStoreFromEnv() });
registerChat(router);
registerRateLimit(router);
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
  // The seeds' chat example accepts everyone. A client that already picked a name passes it as
  // `?name=` on every reconnect, so what it queued while offline is published under that name.
  authenticate: (request) => {
    const name = new URL(request.url).searchParams.get("name");
    return name !== null && name.length > 0 && name.length <= 20 ? { username: name } : undefined;
  },
  fetch: createStaticHandler(distDir),
});
const server = Bun.serve({ hostname, port, fetch: handler.fetch, websocket: handler.websocket });
handler.attach(server);

console.log(`typed-ws demo listening on http://${hostname}:${server.port}`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    server.stop(true);
    router.topicStore.close?.();
    process.exit(0);
  });
}
