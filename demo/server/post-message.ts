import { publishNow } from "@typed-ws/server-bun";
import { NewMessage, PostMessage, RoomTopic } from "../shared/messages.ts";
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
  router.topic(RoomTopic, { history: { maxCount: 1000, maxAgeMs: 10 * 60_000, ...options.history } });
  router.on(PostMessage, (ctx) =>
    atomic(() => {
      const { roomId, text } = ctx.payload;
      const username = ctx.ws.data.username || "Anonymous";
      const { offset } = publishNow(router, RoomTopic({ roomId }), NewMessage, { username, text });
      ctx.reply(PostMessage.response, { offset });
    }),
  );
}
