import { publishNow } from "@typed-ws/server-bun";
import { JoinRoom, NewMessage, PostMessage, RoomTopic } from "../shared/messages.ts";
import type { DemoRouter } from "./router.ts";

/** Options of {@link registerPostMessage}. */
export interface PostMessageOptions {
  /**
   * Runs the publication and the reply as one unit: `SqliteRequestStore.atomic` when the
   * server keeps its topics and remembered answers in one SQLite file (they then commit
   * together). @default runs the block as it is (memory stores)
   */
  atomic?: <T>(block: () => T) => T;
  /** How much of each room's history the server keeps. @default the last 1000 messages, 10 minutes */
  history?: { maxCount?: number; maxAgeMs?: number };
}

/**
 * `POST_MESSAGE { roomId, text }` → `MESSAGE_POSTED { offset }`: publishes a `NEW_MESSAGE` to
 * the topic `room:<roomId>` (numbered and kept in the topic store; room members who joined get
 * it live) and answers with its offset. The server's dedupe answers a retried id with the same
 * `MESSAGE_POSTED` without publishing again; the rate limit (shared with `SEND_MESSAGE`) is
 * middleware, so a refusal is not remembered and a later retry is judged afresh.
 */
export function registerPostMessage(router: DemoRouter, options: PostMessageOptions = {}): void {
  const atomic = options.atomic ?? ((block) => block());
  // A retried post may arrive on a new connection before the tab re-joins (retried requests go
  // out before queued frames): the name is remembered per identity.
  const names = new Map<string, string>();
  router.use(JoinRoom, (ctx, next) => {
    const { identity } = ctx.ws.data;
    if (identity !== undefined) {
      names.delete(identity);
      names.set(identity, ctx.payload.username);
      if (names.size > 10_000) names.delete(names.keys().next().value as string); // the oldest
    }
    return next();
  });
  router.topic(RoomTopic, { history: { maxCount: 1000, maxAgeMs: 10 * 60_000, ...options.history } });
  router.on(PostMessage, (ctx) =>
    atomic(() => {
      const { roomId, text } = ctx.payload;
      const { identity } = ctx.ws.data;
      const username = ctx.ws.data.username || (identity && names.get(identity)) || "Anonymous";
      const { offset } = publishNow(router, RoomTopic({ roomId }), NewMessage, { username, text });
      ctx.reply(PostMessage.response, { offset });
    }),
  );
}
