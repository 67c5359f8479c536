/**
 * The demo server: the seeds' chat rooms, calculator and rate limit on `@typed-ws/server-bun`,
 * plus the built app over HTTP on the same port. Listens on 127.0.0.1:$PORT (default 3000;
 * `PORT=0` picks a free port) and prints the URL, which tests and the supervisor read. Room
 * history lives in `demo/.data/topics.sqlite` (`TOPIC_DB` to move it, `TOPIC_STORE=memory` to
 * keep it in memory).
 *
 *   pnpm demo:server            # the server alone (REDIS_URL=redis://… shares rooms through Redis)
 *   pnpm demo:cluster           # Redis and two servers on two ports
 *   npm run demo                # build the app, run the server under its supervisor
 */
import { join } from "node:path";
import { createHandler, createRouter } from "@typed-ws/server-bun";
import { RedisTopicStore } from "@typed-ws/server-bun/redis";
import { RedisClient } from "bun";
import { UserLeft } from "../shared/messages.ts";
import { registerCalculator } from "./calculator.ts";
import { registerChat } from "./chat.ts";
import { MemoryPresence, RedisPresence } from "./presence.ts";
import { registerRateLimit } from "./rate-limit.ts";
import { RESTART_EXIT_CODE, registerRestart } from "./restart.ts";
import type { AppData } from "./router.ts";
import { createStaticHandler } from "./static.ts";
import { topicStoreFromEnv } from "./topic-store.ts";

const port = Number(process.env.PORT ?? 3000);
const hostname = "127.0.0.1";
const distDir = process.env.DEMO_DIST ?? join(import.meta.dir, "..", "dist");

/** Host and port of a Redis URL (never its password), for logs. */
function redisHost(url: string | undefined): string {
  try {
    return new URL(url ?? "").host;
  } catch {
    return "(unparsable REDIS_URL)";
  }
}

// REDIS_URL: several servers share topics and room presence through Redis (`pnpm demo:cluster`).
const redisUrl = process.env.REDIS_URL;
// Otherwise room history is a SQLite file (demo/.data/, or TOPIC_DB) unless TOPIC_STORE=memory.
const topicStore = redisUrl ? new RedisTopicStore({ url: redisUrl, prefix: "typed-ws-demo:" }) : undefined;
const router = createRouter<AppData>({ topicStore: topicStore ?? topicStoreFromEnv() });
const presence = redisUrl
  ? new RedisPresence(new RedisClient(redisUrl), {
      heartbeatMs: Number(process.env.PRESENCE_HEARTBEAT_MS ?? 5000),
      // A crashed server's users expire: whoever sweeps them tells the room.
      onExpired: ({ roomId, username, userCount }) =>
        router.publish(roomId, UserLeft, { username: username || "Anonymous", userCount }),
    })
  : new MemoryPresence();
registerChat(router, presence);
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

if (topicStore) {
  const reached = await Promise.race([topicStore.ready.then(() => true), Bun.sleep(5000).then(() => false)]);
  if (!reached) {
    console.error(`demo server: cannot reach Redis at ${redisHost(redisUrl)} (REDIS_URL); start it or unset REDIS_URL`);
    process.exit(1);
  }
}
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

console.log(
  `typed-ws demo listening on http://${hostname}:${server.port}${redisUrl ? ` (shared through Redis at ${redisHost(redisUrl)})` : ""}`,
);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    server.stop(true);
    router.topicStore.close?.();
    process.exit(0);
  });
}
