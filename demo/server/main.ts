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
 *
 * `POST_MESSAGE`s are remembered per tab (`?client=`) so a retry never posts twice: in the
 * SQLite file with the room history when there is one (a publication and its answer commit
 * together, and survive a restart), in Redis with `REDIS_URL`, else in memory.
 * `DEMO_STATE_FILE` is another name for `TOPIC_DB`; `DEMO_MESSAGES_PER_MINUTE` sets the chat
 * rate limit (default 10),
 * `DEMO_ROOM_HISTORY` how many messages each room's history keeps (default 200).
 */
import { join } from "node:path";
import { createHandler, createRouter, MemoryRequestStore, type RequestStore } from "@typed-ws/server-bun";
import { RedisRequestStore, RedisTopicStore } from "@typed-ws/server-bun/redis";
import { SqliteRequestStore, SqliteTopicStore } from "@typed-ws/server-bun/sqlite";
import { RedisClient } from "bun";
import { UserLeft } from "../shared/messages.ts";
import { registerCalculator } from "./calculator.ts";
import { registerChat } from "./chat.ts";
import { registerPostMessage } from "./post-message.ts";
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
const history =
  topicStore ?? topicStoreFromEnv({ ...process.env, TOPIC_DB: process.env.DEMO_STATE_FILE || process.env.TOPIC_DB });
const router = createRouter<AppData>({ topicStore: history });
// Remembered POST_MESSAGE answers: in the room history's SQLite file (one transaction with the
// publication), shared through Redis with REDIS_URL, else in memory.
const requests =
  history instanceof SqliteTopicStore ? new SqliteRequestStore({ database: history.database }) : undefined;
const dedupe: RequestStore =
  requests ??
  (redisUrl ? new RedisRequestStore({ url: redisUrl, prefix: "typed-ws-demo:" }) : new MemoryRequestStore());
const presence = redisUrl
  ? new RedisPresence(new RedisClient(redisUrl), {
      heartbeatMs: Number(process.env.PRESENCE_HEARTBEAT_MS ?? 5000),
      // A crashed server's users expire: whoever sweeps them tells the room.
      onExpired: ({ roomId, username, userCount }) =>
        router.publish(roomId, UserLeft, { username: username || "Anonymous", userCount }),
    })
  : new MemoryPresence();
registerChat(router, presence, {
  ...(process.env.DEMO_ROOM_HISTORY && { maxCount: Number(process.env.DEMO_ROOM_HISTORY) }),
});
registerRateLimit(router, { max: Number(process.env.DEMO_MESSAGES_PER_MINUTE ?? 10) });
registerPostMessage(router, requests ? { atomic: (block) => requests.atomic(block) } : {});
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
  // A tab's `?client=` id (not a secret: the demo has no accounts) is its identity, so its
  // retried POST_MESSAGEs are remembered apart from other tabs'.
  authenticate: (request) => {
    const params = new URL(request.url).searchParams;
    const name = params.get("name");
    const client = params.get("client");
    const data: AppData = {};
    if (name !== null && name.length > 0 && name.length <= 20) data.username = name;
    if (client) data.identity = `tab:${client.slice(0, 64)}`;
    return data.username === undefined && data.identity === undefined ? undefined : data;
  },
  dedupe,
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
